import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptForLark, newNonce, signLarkRequest } from '../../../src/emulator/lark-wire';
import { cardActionEvent, challengeBody, messageEvent, v1Event, v2Envelope } from '../../../src/emulator/lark-envelopes';
import { missing } from '../../helpers/services';
import { cardTitle, eventually, startHarness, type Harness } from '../../helpers/test-app';

/**
 * A bounded fuzzer for the webhook: random and mutated Lark payloads to /webhook/event and /webhook/card for
 * FUZZ_MS (or FUZZ_N requests, whichever first). Every answer must be a 2xx or a 4xx within 5 s, /healthz must
 * keep answering, and a normal message must still get its answer afterwards. The PRNG is seeded; the seed is
 * printed, and ABUSE_FUZZ_SEED=<seed> replays a run.
 */

const FUZZ_MS = Number(process.env.ABUSE_FUZZ_MS ?? 20_000);
const FUZZ_N = Number(process.env.ABUSE_FUZZ_N ?? 2_000);
const SEED = Number(process.env.ABUSE_FUZZ_SEED ?? Date.now() % 2 ** 31);
const PARALLEL = 4;

/** mulberry32: small, fast, and the same sequence for the same seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rnd = prng(SEED);
const int = (n: number): number => Math.floor(rnd() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
const chance = (p: number): boolean => rnd() < p;
const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => int(256)));

function deep(depth: number, leaf: unknown = 1): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = chance(0.5) ? [v] : { x: v };
  return v;
}

/** Values that break naive code: wrong types, extremes, unstorable characters, deep nesting. */
function junk(): unknown {
  switch (int(22)) {
    case 0: return null;
    case 1: return true;
    case 2: return 0;
    case 3: return -1;
    case 4: return 2 ** 53;
    case 5: return 1e308;
    case 6: return '';
    case 7: return 'x'.repeat(int(200_000));
    case 8: return 'a\u0000b';
    case 9: return '\ud800';
    case 10: return 'b\udfffc';
    case 11: return '𝄞👨‍👩‍👧‍👦\u202E';
    case 12: return {};
    case 13: return [];
    case 14: return deep(1 + int(3_000));
    case 15: return "1 OR 1=1'; drop table cadres; --";
    case 16: return '../../etc/passwd%00<script>';
    case 17: return '\\u0000';
    case 18: return { a: 'cmd', c: pick(['help', 'assign', 'stats', 'no-such']) };
    case 19: return [1, 'two', { three: 3 }];
    case 20: return bytes(1_000 + int(30_000)).toString('base64');
    default: return String(int(1e9));
  }
}

/** Remove, retype or blow up one field somewhere in the object (in place). */
function mutate(obj: unknown, rounds: number): unknown {
  for (let r = 0; r < rounds; r++) {
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, path: (string | number)[]): void => {
      if (path.length > 6 || typeof v !== 'object' || v === null) return;
      for (const k of Object.keys(v)) {
        const p = [...path, Array.isArray(v) ? Number(k) : k];
        paths.push(p);
        walk((v as Record<string, unknown>)[k], p);
      }
    };
    walk(obj, []);
    if (paths.length === 0) return obj;
    const path = pick(paths);
    let parent = obj as Record<string | number, unknown>;
    for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
    const last = path.at(-1)!;
    const op = int(4);
    if (op === 0) delete parent[last];
    else if (op === 1) parent[last] = junk();
    else if (op === 2) parent[`extra_${int(100)}`] = junk();
    else parent[last] = typeof parent[last] === 'string' ? `${String(parent[last])}${String(junk()).slice(0, 1000)}` : junk();
  }
  return obj;
}

interface Shot { route: string; body: string | Buffer; headers: Record<string, string>; what: string }

describe.skipIf(missing('postgres') || missing('redis'))('abuse: the webhook under a bounded fuzzer', () => {
  let h: Harness;
  let chat: string;
  const alice = { openId: 'ou_abzfuzz_alice_0000000001', name: '许一帆' };

  beforeAll(async () => {
    h = await startHarness();
    chat = await h.addPerson(alice);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const key = () => h.lark.encryptKey;
  const ctx = (nowMs = Date.now()) => ({ ...h.sender.context(), nowMs });

  /** Sign (or mis-sign) a body as Lark does. */
  function signed(body: string | Buffer, opts: { timestamp?: string; signature?: string; omit?: boolean } = {}): Record<string, string> {
    if (opts.omit) return {};
    const timestamp = opts.timestamp ?? String(Math.floor(Date.now() / 1000));
    const nonce = newNonce();
    return { 'x-lark-request-timestamp': timestamp, 'x-lark-request-nonce': nonce, 'x-lark-signature': opts.signature ?? signLarkRequest(timestamp, nonce, key(), body) };
  }

  /** A genuine event of some kind (before mutation). */
  function genuine(): Record<string, unknown> {
    switch (int(6)) {
      case 0: return messageEvent(ctx(), { senderOpenId: chance(0.7) ? alice.openId : `ou_${int(1e9)}`, chatId: chat, chatType: chance(0.8) ? 'p2p' : 'group', text: pick(['帮助', '我的', '周报 今天学习', '统计', String(junk()).slice(0, 300)]) }) as unknown as Record<string, unknown>;
      case 1: return cardActionEvent(ctx(), { operatorOpenId: chance(0.7) ? alice.openId : `ou_${int(1e9)}`, openMessageId: `om_${int(1e9)}`, openChatId: chat, value: chance(0.5) ? { a: 'cmd', c: 'help' } : junk(), ...(chance(0.5) ? { formValue: { reason: junk(), x: junk() } } : {}) }).envelope as unknown as Record<string, unknown>;
      case 2: return v2Envelope(ctx(), 'application.bot.menu_v6', { operator: { operator_id: { open_id: alice.openId } }, event_key: pick(['help', 'me', 'stats', String(junk()).slice(0, 50)]), timestamp: Date.now() }) as unknown as Record<string, unknown>;
      case 3: return challengeBody(ctx(), { ...(chance(0.5) ? { token: String(junk()).slice(0, 50) } : {}), challenge: String(int(1e9)) }) as unknown as Record<string, unknown>;
      case 4: return v1Event(ctx(), { type: 'message', event: { open_id: alice.openId, open_message_id: `om_${int(1e9)}`, open_chat_id: chat, chat_type: 'private', msg_type: 'text', text_without_at_bot: pick(['help', String(junk()).slice(0, 100)]) } });
      default: return v2Envelope(ctx(), pick(['contact.user.updated_v3', 'im.chat.member.bot.added_v1', String(junk()).slice(0, 40)]), { x: junk() }) as unknown as Record<string, unknown>;
    }
  }

  /** the last genuine shots, to deliver again (Lark's retries, a replaying attacker) */
  const recent: Shot[] = [];

  /** One request: a genuine event mutated, then packed (or mangled) in one of many ways. */
  function shot(): Shot {
    const route = pick(['/webhook/event', '/webhook/card']);
    if (recent.length > 0 && chance(0.05)) {
      const again = pick(recent);
      const body = typeof again.body === 'string' ? again.body : Buffer.from(again.body);
      return { route, body, headers: { 'content-type': 'application/json', ...signed(body) }, what: `replay of a ${again.what}` };
    }
    let event = genuine();
    const kind = int(15);
    if (kind < 6) event = mutate(event, 1 + int(3)) as Record<string, unknown>;
    let plain: string;
    try {
      plain = JSON.stringify(event) ?? 'null';
    } catch {
      plain = '{"deep":true}';
    }
    const encrypted = JSON.stringify({ encrypt: encryptForLark(key(), plain) });
    const json = { 'content-type': 'application/json; charset=utf-8' };
    switch (kind) {
      case 6: { // truncated, signed or not
        const body = encrypted.slice(0, int(encrypted.length));
        return { route, body, headers: { ...json, ...signed(body, { omit: chance(0.3) }) }, what: 'truncated JSON' };
      }
      case 7: { // a wrong or missing content type; a content encoding that is not there
        const headers: Record<string, string> = { ...signed(encrypted) };
        const type = pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/octet-stream', '']);
        if (type) headers['content-type'] = type;
        if (chance(0.4)) headers['content-encoding'] = pick(['gzip', 'deflate', 'br', 'identity', 'x-nonsense']);
        return { route, body: encrypted, headers, what: `content-type ${type || '(none)'} ${headers['content-encoding'] ?? ''}` };
      }
      case 8: { // encrypt that is not base64, too short, not a multiple of 16, or random ciphertext
        const encrypt = pick([String(junk()).slice(0, 5000), bytes(int(100)).toString('base64'), bytes(16 * (2 + int(10))).toString('base64'), '!!!not base64!!!', '']);
        const body = JSON.stringify({ encrypt: chance(0.8) ? encrypt : junk() });
        return { route, body, headers: { ...json, ...signed(body) }, what: 'bad ciphertext' };
      }
      case 9: { // huge or hostile headers
        const headers: Record<string, string> = { ...json, ...signed(encrypted) };
        const name = pick(['x-lark-signature', 'x-lark-request-timestamp', 'x-lark-request-nonce', 'x-anything']);
        headers[name] = pick(['x'.repeat(4_000 + int(60_000)), '\u00ff\u00fe', '-1', '1e400', 'NaN', '']);
        return { route, body: encrypted, headers, what: `header ${name}` };
      }
      case 10: { // bad signature, replayed or future timestamp
        const which = int(4);
        const timestamp = which === 0 ? String(Math.floor(Date.now() / 1000) - 8 * 3600) : which === 1 ? String(Math.floor(Date.now() / 1000) + 3600) : which === 2 ? 'yesterday' : undefined;
        return { route, body: encrypted, headers: { ...json, ...signed(encrypted, { ...(timestamp ? { timestamp } : {}), ...(which === 3 ? { signature: 'ab'.repeat(32) } : {}) }) }, what: 'bad signature or timestamp' };
      }
      case 11: { // random bytes
        const body = bytes(int(4_096));
        return { route, body, headers: { ...json, ...(chance(0.5) ? signed(body) : {}) }, what: 'random bytes' };
      }
      case 12: { // plain (unencrypted) JSON, signed
        return { route, body: plain, headers: { ...json, ...signed(plain) }, what: 'unencrypted' };
      }
      case 13: { // a field nested far deeper than any stack (JSON.parse copes; recursive code would not)
        const depth = 20_000 + int(130_000);
        const field = `${'['.repeat(depth)}${']'.repeat(depth)}`;
        const at = pick(['"x":', '"value":', '"text":']);
        const body = JSON.stringify({ encrypt: encryptForLark(key(), plain.replace(/^\{/, `{${at}${field},`)) });
        return { route, body, headers: { ...json, ...signed(body) }, what: `nested ${depth} deep` };
      }
      default: { // a genuine or mutated event, encrypted and signed like Lark
        const s: Shot = { route, body: encrypted, headers: { ...json, ...signed(encrypted) }, what: kind < 6 ? 'mutated event' : 'genuine event' };
        if (recent.push(s) > 20) recent.shift();
        return s;
      }
    }
  }

  async function fire(s: Shot): Promise<{ status: number; ms: number; error?: string }> {
    const started = Date.now();
    try {
      const res = await fetch(`${h.app.url}${s.route}`, { method: 'POST', headers: s.headers, body: s.body, signal: AbortSignal.timeout(5_000) });
      await res.arrayBuffer();
      return { status: res.status, ms: Date.now() - started };
    } catch (err) {
      return { status: 0, ms: Date.now() - started, error: (err as Error).name === 'TimeoutError' ? 'no answer within 5 s' : (err as Error).message };
    }
  }

  it(`${FUZZ_N} requests or ${FUZZ_MS / 1000} s of random and mutated payloads: only 2xx and 4xx, always within 5 s`, async () => {
    console.info(`[abuse] webhook fuzz seed ${SEED} (replay: ABUSE_FUZZ_SEED=${SEED})`);
    const problems: string[] = [];
    const byStatus = new Map<number, number>();
    const started = Date.now();
    let sent = 0;
    let lastHealth = Date.now();
    while (sent < FUZZ_N && Date.now() - started < FUZZ_MS) {
      const batch = Array.from({ length: Math.min(PARALLEL, FUZZ_N - sent) }, shot);
      sent += batch.length;
      const results = await Promise.all(batch.map(fire));
      results.forEach((r, i) => {
        byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
        // 431 (headers too large) is answered by Node itself; a closed socket there is still a 4xx by intent
        const ok = (r.status >= 200 && r.status < 300) || (r.status >= 400 && r.status < 500) || (r.status === 0 && batch[i]!.what.startsWith('header') && r.error !== 'no answer within 5 s');
        if (!ok) problems.push(`#${sent - batch.length + i} ${batch[i]!.what} on ${batch[i]!.route}: ${r.status || r.error} after ${r.ms} ms`);
      });
      if (Date.now() - lastHealth > 2_000) {
        lastHealth = Date.now();
        const health = await fetch(`${h.app.url}/healthz`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.status, () => 0);
        if (health !== 200) problems.push(`/healthz answered ${health} after ${sent} requests`);
      }
      if (problems.length > 20) break;
    }
    console.info(`[abuse] webhook fuzz: ${sent} requests in ${Date.now() - started} ms; statuses ${JSON.stringify(Object.fromEntries(byStatus))}`);
    expect(problems, `seed ${SEED}`).toEqual([]);
    expect(sent).toBeGreaterThan(100);
  }, FUZZ_MS + 60_000);

  it('afterwards the process is alive and a normal message gets its answer', async () => {
    expect((await fetch(`${h.app.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${h.app.url}/readyz`)).status).toBe(200);
    // someone whose chat the fuzzer did not fill (Lark allows 5 messages a second per chat)
    const bob = { openId: 'ou_abzfuzz_bob_000000000001', name: '陆晨曦' };
    const bobChat = await h.addPerson(bob);
    const r = await h.sender.sendMessage({ senderOpenId: bob.openId, chatId: bobChat, chatType: 'p2p', text: '帮助' });
    expect(r.status).toBe(200);
    const id = (r.envelope.event.message as { message_id: string }).message_id;
    const reply = await eventually(() => h.emulator.messages({ sender: 'app', chatId: bobChat }).find((m) => (m.rootId ?? m.parentId) === id), 30_000, 'the answer to 帮助');
    expect(cardTitle(reply.content)).toBe('引航 · 帮助');
  }, 60_000);
});
