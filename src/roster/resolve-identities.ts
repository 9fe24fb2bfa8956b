import type { Messenger } from '../lark/messenger';
import { LarkApiError } from '../lark/lark-api-error';
import type { RosterRow } from './roster-types';
import { parseMobile } from './roster-values';

/** Lark's contact/v3/users/batch_get_id takes at most 50 mobiles and 50 emails per request. */
export const RESOLVE_BATCH = 50;

export interface Resolution {
  openId: string;
  via: 'mobile' | 'email';
}

/** Lark could not be asked at all: the import stops before writing anything. */
export class LarkUnreachableError extends Error {
  override name = 'LarkUnreachableError';
}

/**
 * open_ids for the rows that give only a mobile and/or an email, keyed by line. Mobiles first; emails are
 * asked for the rows whose mobile Lark does not know (or that have none), so most rosters need one round.
 * People Lark does not know are simply absent from the answer.
 */
export async function resolveIdentities(rows: RosterRow[], messenger: Pick<Messenger, 'resolveIds'>, sleep = defaultSleep): Promise<Map<number, Resolution>> {
  const pending = rows.filter((r) => r.openId === null && (r.mobile || r.email));
  const out = new Map<number, Resolution>();
  const firstRound = await lookUp(pending.filter((r) => r.mobile).map((r) => r.mobile!), pending.filter((r) => !r.mobile && r.email).map((r) => r.email!), messenger, sleep);
  const second: RosterRow[] = [];
  for (const r of pending) {
    const id = firstRound.get(r.mobile ?? r.email!);
    if (id) out.set(r.line, { openId: id, via: r.mobile ? 'mobile' : 'email' });
    else if (r.mobile && r.email) second.push(r);
  }
  if (second.length > 0) {
    const secondRound = await lookUp([], second.map((r) => r.email!), messenger, sleep);
    for (const r of second) {
      const id = secondRound.get(r.email!);
      if (id) out.set(r.line, { openId: id, via: 'email' });
    }
  }
  return out;
}

async function lookUp(mobiles: string[], emails: string[], messenger: Pick<Messenger, 'resolveIds'>, sleep: (ms: number) => Promise<void>): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const calls = Math.ceil(Math.max(mobiles.length, emails.length) / RESOLVE_BATCH);
  for (let i = 0; i < calls; i++) {
    const query = { mobiles: mobiles.slice(i * RESOLVE_BATCH, (i + 1) * RESOLVE_BATCH), emails: emails.slice(i * RESOLVE_BATCH, (i + 1) * RESOLVE_BATCH) };
    const answer = await withRetry(() => messenger.resolveIds(query), sleep, mobiles.length + emails.length);
    // Lark echoes each mobile/email as asked; normalise anyway so "+86 138…" and "138…" meet.
    for (const [key, openId] of answer) found.set(key.includes('@') ? key.trim().toLowerCase() : normalMobile(key), openId);
  }
  return found;
}

function normalMobile(m: string): string {
  const p = parseMobile(m);
  return p.ok ? p.value : m;
}

/** A frequency limit (HTTP 429 / 99991400) is waited out a few times; anything else means Lark is not reachable. */
async function withRetry<T>(fn: () => Promise<T>, sleep: (ms: number) => Promise<void>, total: number): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof LarkApiError && err.failure === 'rate_limited' && attempt < 4) {
        await sleep(Math.min(err.retryAfterMs ?? 1000 * attempt, 10_000));
        continue;
      }
      const why = err instanceof Error ? err.message : String(err);
      throw new LarkUnreachableError(
        `无法连接飞书，未写入任何数据 Lark could not be asked for the open_ids of ${total} mobile(s)/email(s), so nothing was written (${why}). Try again later, or give open_ids in the file.`,
      );
    }
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
