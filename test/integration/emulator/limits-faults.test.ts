import { afterEach, describe, expect, it } from 'vitest';
import type { LarkEmulator } from '../../../src/emulator/lark-emulator';
import { failure, sdkClient, startEmulator } from './helpers';

// A hand-driven clock makes the sliding windows deterministic: nothing here depends on how fast the machine is.
function clock(start = 1_700_000_000_000) {
  const c = { t: start, now: () => c.t, advance: (ms: number) => { c.t += ms; } };
  return c;
}

describe('LarkEmulator rate limits and fault injection', () => {
  let emu: LarkEmulator | undefined;
  afterEach(async () => { await emu?.close(); emu = undefined; });

  async function setup(limits: { appPerSecond?: number; appPerMinute?: number; perReceiverPerSecond?: number }) {
    const c = clock();
    emu = await startEmulator({ now: c.now, limits });
    for (const id of ['ou_a', 'ou_b', 'ou_c']) emu.addUser({ openId: id, name: id });
    const client = sdkClient(emu);
    const send = (to: string, uuid?: string) => client.im.message.create({
      params: { receive_id_type: 'open_id' }, data: { receive_id: to, msg_type: 'text', content: '{"text":"x"}', ...(uuid ? { uuid } : {}) },
    });
    return { c, client, send, emu };
  }

  it('per app per second: exactly the limit passes, then 429 99991400 with limit and reset headers', async () => {
    const { c, send } = await setup({ appPerSecond: 3, perReceiverPerSecond: 100 });
    for (const to of ['ou_a', 'ou_b', 'ou_c']) await send(to);
    const f = await failure(send('ou_a'));
    expect(f).toMatchObject({ status: 429, code: 99991400, msg: 'request trigger frequency limit' });
    expect(f.headers['x-ogw-ratelimit-limit']).toBe('3');
    expect(f.headers['x-ogw-ratelimit-reset']).toBe('1');
    c.advance(999);
    expect((await failure(send('ou_a'))).status).toBe(429); // the rejected ones did not count, but the window still holds 3
    c.advance(1);
    expect((await send('ou_a')).code).toBe(0);
  });

  it('per receiver per second, independent of other receivers', async () => {
    const { send } = await setup({ perReceiverPerSecond: 2 });
    await send('ou_a');
    await send('ou_a');
    expect((await failure(send('ou_a'))).status).toBe(429);
    expect((await send('ou_b')).code).toBe(0);
  });

  it('per app per minute: reset says how many seconds until the oldest request leaves the minute', async () => {
    const { c, send } = await setup({ appPerMinute: 5 });
    for (let i = 0; i < 5; i++) { await send('ou_a'); c.advance(1_000); }
    const f = await failure(send('ou_b'));
    expect(f.headers['x-ogw-ratelimit-limit']).toBe('5');
    expect(f.headers['x-ogw-ratelimit-reset']).toBe('55');
    c.advance(55_000);
    expect((await send('ou_b')).code).toBe(0);
  });

  it('status faults: 503 once, then normal; 429 with a chosen reset; path-scoped faults spare other routes', async () => {
    const { send, client, emu: e } = await setup({});
    e.inject({ kind: 'status', status: 503, times: 1 });
    expect((await failure(send('ou_a'))).status).toBe(503);
    expect((await send('ou_a')).code).toBe(0);
    e.inject({ kind: 'status', status: 429, resetSeconds: 7, times: 2 });
    const f = await failure(send('ou_a'));
    expect([f.status, f.code, f.headers['x-ogw-ratelimit-reset']]).toEqual([429, 99991400, '7']);
    e.clearFaults();
    expect((await send('ou_a')).code).toBe(0);
    e.inject({ kind: 'status', status: 500, times: 1, path: /\/contact\// });
    expect((await send('ou_b')).code).toBe(0);
    expect((await failure(client.contact.user.get({ path: { user_id: 'ou_a' } }))).status).toBe(500);
  });

  it('reset-after-deliver: the message is stored, the socket dies, a retry with the same uuid gets the original', async () => {
    const { send, emu: e } = await setup({});
    e.inject({ kind: 'reset-after-deliver', times: 1 });
    const lost = await failure(send('ou_a', 'row-7'));
    expect(lost.status).toBe(0);
    expect(lost.errCode).toBe('ECONNRESET'); // "socket hang up": no answer at all
    const stored = e.messages({ receiveOpenId: 'ou_a' });
    expect(stored).toHaveLength(1);
    const retry = await send('ou_a', 'row-7');
    expect(retry.data?.message_id).toBe(stored[0]?.messageId);
    expect(e.messages({ receiveOpenId: 'ou_a' })).toHaveLength(1);
    expect(e.requestLog.filter((r) => r.uuid === 'row-7').map((r) => r.status)).toEqual([0, 200]);
  });

  it('delay faults slow the answer down', async () => {
    const { send, emu: e } = await setup({});
    await send('ou_a'); // token fetched before timing
    e.inject({ kind: 'delay', ms: 300, times: 1 });
    const t0 = performance.now();
    await send('ou_a');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    const t1 = performance.now();
    await send('ou_a');
    expect(performance.now() - t1).toBeLessThan(250);
  });
});
