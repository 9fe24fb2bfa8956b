import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectRedisSessionStore, RedisSessionStore } from '../../../src/session/redis-session-store';
import { missing, redisUrl } from '../../helpers/services';
import { runSessionStoreContract, type SessionStoreHarness } from './session-store.contract';
import { startFaultProxy } from '../../helpers/tcp-fault-proxy';

const UNREACHABLE = 'redis://127.0.0.1:1';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function spyLogger() {
  return { warn: vi.fn(), error: vi.fn() };
}

/** delete every key whose name starts with prefix (the test namespaces are random, so nothing else matches) */
async function deleteKeys(admin: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length) await admin.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** time an operation that must fail fast */
async function rejectionTime(op: () => Promise<unknown>): Promise<number> {
  const started = Date.now();
  await expect(op()).rejects.toThrow();
  return Date.now() - started;
}

describe.skipIf(missing('redis'))('RedisSessionStore', () => {
  let admin: Redis;
  beforeAll(() => {
    admin = new Redis(redisUrl!, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    await admin.quit();
  });

  runSessionStoreContract('RedisSessionStore', (): SessionStoreHarness => {
    const stores: RedisSessionStore[] = [];
    const namespaces = new Set<string>();
    return {
      sharesBackend: true,
      async make(namespace) {
        const store = await connectRedisSessionStore({ url: redisUrl!, namespace });
        stores.push(store);
        namespaces.add(namespace);
        return store;
      },
      // Real time: the margin absorbs timer granularity so "after ms" really is after ms on the Redis clock.
      async elapse(ms) {
        await sleep(ms + 5);
      },
      async cleanup() {
        await Promise.all(stores.map((s) => s.close()));
        for (const ns of namespaces) await deleteKeys(admin, ns);
      },
    };
  });

  describe('Redis specifics', () => {
    const ns = `test-${randomUUID()}`;
    afterEach(async () => {
      await deleteKeys(admin, ns);
    });

    it('stores under <namespace>:<key> and <namespace>:rate:<bucket>, both with a PEXPIRE', async () => {
      const store = await connectRedisSessionStore({ url: redisUrl!, namespace: ns });
      try {
        await store.set('conv:ou_1', { step: 1 }, 5_000);
        await store.takeToken('lark:msgcreate', [{ limit: 50, windowMs: 1000 }, { limit: 1000, windowMs: 60_000 }]);
        expect(await admin.get(`${ns}:conv:ou_1`)).toBe('{"step":1}');
        const valueTtl = await admin.pttl(`${ns}:conv:ou_1`);
        expect(valueTtl).toBeGreaterThan(0);
        expect(valueTtl).toBeLessThanOrEqual(5_000);
        expect(await admin.type(`${ns}:rate:lark:msgcreate`)).toBe('zset');
        const bucketTtl = await admin.pttl(`${ns}:rate:lark:msgcreate`);
        expect(bucketTtl).toBeGreaterThan(59_000); // the longest window
        expect(bucketTtl).toBeLessThanOrEqual(60_000);
      } finally {
        await store.close();
      }
    });

    it('an unreachable Redis makes operations and ping reject within 3 s, logs once, and does not crash', async () => {
      const crashes: unknown[] = [];
      const onCrash = (err: unknown) => crashes.push(err);
      process.on('uncaughtException', onCrash);
      process.on('unhandledRejection', onCrash);
      const logger = spyLogger();
      const store = new RedisSessionStore({ url: UNREACHABLE, namespace: ns, logger });
      try {
        expect(await rejectionTime(() => store.get('k'))).toBeLessThan(3_000);
        expect(await rejectionTime(() => store.set('k', 1, 1_000))).toBeLessThan(3_000);
        expect(await rejectionTime(() => store.compareAndSet('k', 0, 1, 1_000))).toBeLessThan(3_000);
        expect(await rejectionTime(() => store.takeToken('b', [{ limit: 1, windowMs: 1_000 }]))).toBeLessThan(3_000);
        expect(await rejectionTime(() => store.ping())).toBeLessThan(3_000);
        await expect(store.ping()).rejects.toThrow(/127\.0\.0\.1:1/);
        await sleep(500); // let a few reconnect attempts fail
        expect(crashes).toEqual([]);
        expect(logger.error).toHaveBeenCalledTimes(1); // one line per outage, not one per reconnect attempt
      } finally {
        await store.close();
        process.off('uncaughtException', onCrash);
        process.off('unhandledRejection', onCrash);
      }
    });

    it('connectRedisSessionStore names the URL (without its password) when Redis does not answer', async () => {
      const started = Date.now();
      const attempt = connectRedisSessionStore({ url: 'redis://:s3cret@127.0.0.1:1', namespace: ns, timeoutMs: 1_500 });
      await expect(attempt).rejects.toThrow(/Could not connect to Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1/);
      await expect(attempt).rejects.not.toThrow(/s3cret/);
      expect(Date.now() - started).toBeLessThan(4_000);
    });

    it('survives an outage: calls fail fast while the link is cut, then work again once it is back', async () => {
      const target = new URL(redisUrl!);
      const proxy = await startFaultProxy(target.hostname, Number(target.port || 6379));
      const logger = spyLogger();
      const store = await connectRedisSessionStore({ url: `redis://127.0.0.1:${proxy.port}`, namespace: ns, logger });
      try {
        expect(await store.compareAndSet('wiz', 0, { step: 1 }, 10_000)).toBe(1);
        await proxy.cut();
        expect(await rejectionTime(() => store.getVersioned('wiz'))).toBeLessThan(3_000);
        expect(await rejectionTime(() => store.ping())).toBeLessThan(3_000);
        expect(logger.error).toHaveBeenCalled();
        // The outage is known now: calls fail at once instead of each waiting for a reconnect (a send round makes
        // several, and a second apiece made answers take ten seconds during an outage).
        const started = Date.now();
        for (let i = 0; i < 10; i++) await expect(store.takeToken('b', [{ limit: 5, windowMs: 1_000 }])).rejects.toThrow(/not available/);
        expect(Date.now() - started).toBeLessThan(1_000);
        await proxy.restore();
        await store.whenReady(5_000);
        expect(await store.getVersioned('wiz')).toEqual({ value: { step: 1 }, version: 1 });
        expect(await store.compareAndSet('wiz', 1, { step: 2 }, 10_000)).toBe(2);
        expect(logger.warn).toHaveBeenCalledWith(expect.anything(), expect.stringMatching(/reachable again/));
      } finally {
        await store.close();
        await proxy.close();
      }
    });
  });
});
