// Exact semantics of the in-process store with an injected clock: window boundaries, retryAfterMs values,
// expiry to the millisecond and the sweeper. The shared contract (test/integration/session) covers the rest.
import { afterEach, describe, expect, it } from 'vitest';
import { MemorySessionStore } from '../../../src/session/memory-session-store';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('MemorySessionStore with an injected clock', () => {
  let clock = 0;
  let store: MemorySessionStore;
  const make = (sweepIntervalMs?: number) => {
    clock = 1_000_000;
    store = new MemorySessionStore({ namespace: 'unit', now: () => clock, sweepIntervalMs });
    return store;
  };
  afterEach(async () => {
    await store.close();
  });

  it('a take at t is allowed iff fewer than limit takes lie in (t - windowMs, t]', async () => {
    make();
    const windows = [{ limit: 5, windowMs: 1000 }];
    const start = clock;
    for (let i = 0; i < 5; i++) {
      clock = start + i * 100;
      expect(await store.takeToken('b', windows)).toEqual({ ok: true });
    }
    clock = start + 500;
    expect(await store.takeToken('b', windows)).toEqual({ ok: false, retryAfterMs: 500 });
    clock = start + 999; // the take at `start` is still inside (start - 1, start + 999]
    expect(await store.takeToken('b', windows)).toEqual({ ok: false, retryAfterMs: 1 });
    clock = start + 1000; // ...and outside (start, start + 1000]
    expect(await store.takeToken('b', windows)).toEqual({ ok: true });
    expect(await store.takeToken('b', windows)).toEqual({ ok: false, retryAfterMs: 100 });
  });

  it('retryAfterMs is the wait until every window allows a take', async () => {
    make();
    const windows = [{ limit: 2, windowMs: 1000 }, { limit: 3, windowMs: 10_000 }];
    const start = clock;
    expect((await store.takeToken('b', windows)).ok).toBe(true); // start
    clock = start + 2000;
    expect((await store.takeToken('b', windows)).ok).toBe(true);
    clock = start + 2100;
    expect((await store.takeToken('b', windows)).ok).toBe(true);
    // per-second frees up at start+3000, the 10 s window only at start+10000
    clock = start + 2200;
    expect(await store.takeToken('b', windows)).toEqual({ ok: false, retryAfterMs: 10_000 - 2200 });
    clock = start + 10_000;
    expect(await store.takeToken('b', windows)).toEqual({ ok: true });
  });

  it('expires a key exactly at its TTL and reports the remaining TTL', async () => {
    make();
    await store.set('k', 'v', 50);
    clock += 49;
    expect(await store.ttl('k')).toBe(1);
    expect(await store.get('k')).toBe('v');
    clock += 1;
    expect(await store.get('k')).toBeNull();
    expect(await store.ttl('k')).toBe(0);
  });

  it('sweeps expired keys and buckets on its timer', async () => {
    make(10);
    await store.set('a', 1, 10);
    await store.setIfAbsent('b', 2, 10);
    await store.takeToken('bucket', [{ limit: 1, windowMs: 10 }]);
    expect(store.size).toBe(3);
    clock += 10;
    await sleep(40);
    expect(store.size).toBe(0);
  });
});
