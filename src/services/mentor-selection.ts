import type { SessionStore } from '../session/session-store';
import { DomainError } from '../domain/domain-error';

/**
 * The mentee's browsing state for 选导师 — page, ability filter, draft ranking of up to three mentors —
 * kept in the session store (Redis in production: it survives a restart of the bot) with a sliding TTL.
 * Every change is a compare-and-set on the version the card was drawn from, so an old card, a double
 * click or two devices cannot overwrite a newer state.
 */
export interface SelectionState {
  page: number;
  filter: string | null;
  /** mentor cadre ids, first choice first */
  draft: number[];
}

export const SELECTION_TTL_MS = 30 * 60_000;
const key = (openId: string, programId: number): string => `sel:${openId}:${programId}`;
const fresh = (): SelectionState => ({ page: 0, filter: null, draft: [] });

export async function openSelection(session: SessionStore, openId: string, programId: number): Promise<{ state: SelectionState; version: number }> {
  const current = await session.getVersioned<SelectionState>(key(openId, programId));
  if (current) {
    // Opening again refreshes the TTL and keeps the draft.
    const version = await session.compareAndSet(key(openId, programId), current.version, current.value, SELECTION_TTL_MS);
    if (version !== null) return { state: current.value, version };
  }
  const state = fresh();
  const version = await session.compareAndSet(key(openId, programId), current?.version ?? 0, state, SELECTION_TTL_MS);
  if (version === null) throw stale();
  return { state, version };
}

function stale(): DomainError {
  return new DomainError('conflict', { zh: '这张卡片已过期（您在别处做了更新），请发送“选导师”重新打开。', en: 'This card is out of date (you changed things elsewhere); send "mentors" to open it again.' });
}

/** Apply `change` to the state the card was drawn from (version `seen`); a newer state wins. */
export async function changeSelection(session: SessionStore, openId: string, programId: number, seen: unknown, change: (s: SelectionState) => SelectionState): Promise<{ state: SelectionState; version: number }> {
  const current = await session.getVersioned<SelectionState>(key(openId, programId));
  if (!current) throw new DomainError('conflict', { zh: '选导师的会话已超时，请发送“选导师”重新开始。', en: 'Your mentor choice timed out; send "mentors" to start again.' });
  if (typeof seen !== 'number' || seen !== current.version) throw stale();
  const state = change(current.value);
  const version = await session.compareAndSet(key(openId, programId), current.version, state, SELECTION_TTL_MS);
  if (version === null) throw stale();
  return { state, version };
}

/** The state the card was drawn from, without changing it (throws when the card is out of date). */
export async function readSelection(session: SessionStore, openId: string, programId: number, seen: unknown): Promise<SelectionState> {
  const current = await session.getVersioned<SelectionState>(key(openId, programId));
  if (!current) throw new DomainError('conflict', { zh: '选导师的会话已超时，请发送“选导师”重新开始。', en: 'Your mentor choice timed out; send "mentors" to start again.' });
  if (typeof seen !== 'number' || seen !== current.version) throw stale();
  return current.value;
}

export async function clearSelection(session: SessionStore, openId: string, programId: number): Promise<void> {
  await session.delete(key(openId, programId));
}
