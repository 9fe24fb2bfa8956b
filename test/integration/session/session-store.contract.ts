// One behavioural contract for every SessionStore implementation. Each implementation's test file supplies a
// harness; the same assertions then run against the in-process store and against real Redis.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionStore } from '../../../src/session/session-store';

export interface SessionStoreHarness {
  /** A store over `namespace`. Redis stores made with the same namespace share data; memory stores do not. */
  make(namespace: string): Promise<SessionStore>;
  /** Let `ms` of store time pass: the memory harness moves its injected clock, the Redis one really waits. */
  elapse(ms: number): Promise<void>;
  /** true when two stores from make() talk to the same backend (Redis) */
  sharesBackend: boolean;
  /** after each test: close stores, remove keys */
  cleanup(): Promise<void>;
}

export function runSessionStoreContract(name: string, makeStore: () => SessionStoreHarness): void {
  describe(`SessionStore contract: ${name}`, () => {
    let h: SessionStoreHarness;
    let ns: string;
    let store: SessionStore;
    /** n stores on the same data: separate connections for Redis, the one store for memory */
    const peers = async (n: number): Promise<SessionStore[]> =>
      h.sharesBackend ? Promise.all(Array.from({ length: n }, () => h.make(ns))) : [store];

    beforeEach(async () => {
      h = makeStore();
      ns = `test-${randomUUID()}`;
      store = await h.make(ns);
    });
    afterEach(async () => {
      await h.cleanup();
    });

    it('round-trips JSON values and answers null for a missing key', async () => {
      const value = { step: 'pick-mentor', picks: ['ou_1', 'ou_2'], n: 3, ok: true, none: null };
      await store.set('conv', value, 10_000);
      expect(await store.get('conv')).toEqual(value);
      await store.set('conv', 'replaced', 10_000);
      expect(await store.get('conv')).toBe('replaced');
      expect(await store.get('missing')).toBeNull();
      await store.delete('conv');
      expect(await store.get('conv')).toBeNull();
      await store.delete('conv'); // deleting an absent key is fine
    });

    it('returns copies: mutating what was written or read does not change stored state', async () => {
      const value = { list: [1, 2], nested: { a: 1 } };
      await store.set('k', value, 10_000);
      value.list.push(3);
      const read = await store.get<typeof value>('k');
      expect(read).toEqual({ list: [1, 2], nested: { a: 1 } });
      read!.nested.a = 99;
      expect(await store.get('k')).toEqual({ list: [1, 2], nested: { a: 1 } });
      await store.compareAndSet('v', 0, value, 10_000);
      value.nested.a = 42;
      expect((await store.getVersioned<typeof value>('v'))!.value.nested.a).toBe(1);
    });

    it('stores values the way JSON does (a Date becomes its ISO string)', async () => {
      await store.set('d', { at: new Date('2025-01-02T03:04:05.000Z'), gone: undefined }, 10_000);
      expect(await store.get('d')).toEqual({ at: '2025-01-02T03:04:05.000Z' });
      await expect(store.set('u', undefined, 10_000)).rejects.toThrow(TypeError);
    });

    it('refuses every write without a positive finite TTL', async () => {
      for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, undefined as unknown as number]) {
        await expect(store.set('k', 1, bad)).rejects.toThrow(TypeError);
        await expect(store.setIfAbsent('k', 1, bad)).rejects.toThrow(TypeError);
        await expect(store.compareAndSet('k', 0, 1, bad)).rejects.toThrow(TypeError);
      }
      expect(await store.get('k')).toBeNull();
    });

    it('expires keys after their TTL and reports the remaining TTL', async () => {
      await store.set('short', 'x', 50);
      const left = await store.ttl('short');
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThanOrEqual(50);
      expect(await store.get('short')).toBe('x');
      await h.elapse(80);
      expect(await store.get('short')).toBeNull();
      expect(await store.ttl('short')).toBe(0);
      expect(await store.ttl('never-set')).toBe(0);
      // an expired claim can be claimed again
      expect(await store.setIfAbsent('short', 'y', 50)).toBe(true);
    });

    it('setIfAbsent claims once', async () => {
      expect(await store.setIfAbsent('evt:1', 'a', 10_000)).toBe(true);
      expect(await store.setIfAbsent('evt:1', 'b', 10_000)).toBe(false);
      expect(await store.get('evt:1')).toBe('a');
    });

    it('20 concurrent setIfAbsent calls: exactly one wins', async () => {
      const stores = await peers(4);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => stores[i % stores.length]!.setIfAbsent('claim', i, 10_000)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      expect(await store.get('claim')).toBe(winner);
    });

    it('compareAndSet: versions count up from 1, a stale version conflicts and changes nothing', async () => {
      expect(await store.getVersioned('wiz')).toBeNull();
      expect(await store.compareAndSet('wiz', 1, 'nope', 10_000)).toBeNull(); // absent means version 0
      expect(await store.compareAndSet('wiz', 0, { step: 1 }, 10_000)).toBe(1);
      expect(await store.compareAndSet('wiz', 0, { step: 'again' }, 10_000)).toBeNull();
      expect(await store.compareAndSet('wiz', 1, { step: 2 }, 10_000)).toBe(2);
      expect(await store.compareAndSet('wiz', 1, { step: 'stale' }, 10_000)).toBeNull();
      expect(await store.compareAndSet('wiz', 2, { step: 3 }, 10_000)).toBe(3);
      expect(await store.getVersioned('wiz')).toEqual({ value: { step: 3 }, version: 3 });
      expect(await store.get('wiz')).toEqual({ step: 3 }); // plain get sees the value of a record
      await expect(store.compareAndSet('wiz', -1, 'x', 10_000)).rejects.toThrow(TypeError);
      await expect(store.compareAndSet('wiz', 1.5, 'x', 10_000)).rejects.toThrow(TypeError);
    });

    it('compareAndSet never overwrites a plain value, and getVersioned refuses one', async () => {
      await store.set('plain', { a: 1 }, 10_000);
      expect(await store.compareAndSet('plain', 0, 'x', 10_000)).toBeNull();
      await expect(store.getVersioned('plain')).rejects.toThrow(/plain value/);
      expect(await store.get('plain')).toEqual({ a: 1 });
    });

    it('20 concurrent compareAndSet calls with the same expected version: exactly one wins', async () => {
      expect(await store.compareAndSet('race', 0, { by: 'start' }, 10_000)).toBe(1);
      const stores = await peers(4);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => stores[i % stores.length]!.compareAndSet('race', 1, { by: i }, 10_000)),
      );
      expect(results.filter((r) => r !== null)).toEqual([2]);
      const winner = results.indexOf(2);
      expect(await store.getVersioned('race')).toEqual({ value: { by: winner }, version: 2 });
    });

    it('compareAndSet slides the TTL on every successful write', async () => {
      expect(await store.compareAndSet('slide', 0, 1, 200)).toBe(1);
      await h.elapse(120);
      expect(await store.compareAndSet('slide', 1, 2, 200)).toBe(2);
      expect(await store.ttl('slide')).toBeGreaterThan(150);
      await h.elapse(120); // 240 ms after the first write: gone without the slide
      expect(await store.getVersioned('slide')).toEqual({ value: 2, version: 2 });
      await h.elapse(150);
      expect(await store.getVersioned('slide')).toBeNull();
      expect(await store.compareAndSet('slide', 0, 'fresh', 200)).toBe(1); // expired = absent = version 0
    });

    it('takeToken: limit 5 per second gives 5 tokens, then denies with 0 < retryAfterMs <= 1000', async () => {
      const windows = [{ limit: 5, windowMs: 1000 }];
      for (let i = 0; i < 5; i++) expect(await store.takeToken('app', windows)).toEqual({ ok: true });
      const denied = await store.takeToken('app', windows);
      expect(denied.ok).toBe(false);
      if (denied.ok) return;
      expect(denied.retryAfterMs).toBeGreaterThan(0);
      expect(denied.retryAfterMs).toBeLessThanOrEqual(1000);
      expect(await store.takeToken('other-bucket', windows)).toEqual({ ok: true });
    });

    it('takeToken: waiting retryAfterMs is enough for the next token', async () => {
      const windows = [{ limit: 2, windowMs: 200 }];
      expect((await store.takeToken('b', windows)).ok).toBe(true);
      expect((await store.takeToken('b', windows)).ok).toBe(true);
      const denied = await store.takeToken('b', windows);
      if (denied.ok) throw new Error('expected a denial');
      expect(denied.retryAfterMs).toBeLessThanOrEqual(200);
      await h.elapse(denied.retryAfterMs);
      expect(await store.takeToken('b', windows)).toEqual({ ok: true });
    });

    it('takeToken: when a second window denies, nothing is consumed from any window', async () => {
      const perSecond = { limit: 5, windowMs: 1000 };
      const perMinute = { limit: 3, windowMs: 60_000 };
      for (let i = 0; i < 3; i++) expect((await store.takeToken('lark', [perSecond, perMinute])).ok).toBe(true);
      for (let i = 0; i < 4; i++) {
        const denied = await store.takeToken('lark', [perSecond, perMinute]);
        if (denied.ok) throw new Error('expected the per-minute window to deny');
        expect(denied.retryAfterMs).toBeGreaterThan(1000); // the minute window decides the wait
        expect(denied.retryAfterMs).toBeLessThanOrEqual(60_000);
      }
      // The 4 denied takes left no trace: the per-second window still has exactly 5 - 3 = 2 tokens.
      expect((await store.takeToken('lark', [perSecond])).ok).toBe(true);
      expect((await store.takeToken('lark', [perSecond])).ok).toBe(true);
      expect((await store.takeToken('lark', [perSecond])).ok).toBe(false);
    });

    it('takeToken: 30 concurrent takes against limit 10 → exactly 10 granted', async () => {
      const stores = await peers(3);
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) => stores[i % stores.length]!.takeToken('burst', [{ limit: 10, windowMs: 60_000 }])),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(10);
    });

    it('takeToken refuses malformed windows', async () => {
      await expect(store.takeToken('x', [])).rejects.toThrow(TypeError);
      await expect(store.takeToken('x', [{ limit: 0, windowMs: 1000 }])).rejects.toThrow(TypeError);
      await expect(store.takeToken('x', [{ limit: 1, windowMs: 0 }])).rejects.toThrow(TypeError);
    });

    it('keeps namespaces apart', async () => {
      const other = await h.make(`${ns}-other`);
      await store.set('shared-name', 'mine', 10_000);
      expect(await other.get('shared-name')).toBeNull();
      expect(await other.setIfAbsent('shared-name', 'theirs', 10_000)).toBe(true);
      expect(await store.get('shared-name')).toBe('mine');
      expect(await other.compareAndSet('rec', 0, 'theirs', 10_000)).toBe(1);
      expect(await store.compareAndSet('rec', 0, 'mine', 10_000)).toBe(1);
      const one = [{ limit: 1, windowMs: 60_000 }];
      expect((await store.takeToken('bucket', one)).ok).toBe(true);
      expect((await other.takeToken('bucket', one)).ok).toBe(true);
      if (h.sharesBackend) {
        // and the same namespace on another connection does see the data, so the check above is not vacuous
        const same = await h.make(ns);
        expect(await same.get('shared-name')).toBe('mine');
        expect((await same.takeToken('bucket', one)).ok).toBe(false);
      }
    });

    it('ping answers, and close makes later calls fail', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
      const extra = await h.make(ns);
      await extra.close();
      await expect(extra.get('k')).rejects.toThrow();
      await expect(extra.ping()).rejects.toThrow();
      await extra.close(); // closing twice is harmless
    });
  });
}
