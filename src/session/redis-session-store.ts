// Redis SessionStore: shared by every instance. Tuned to fail fast: when Redis is down an operation rejects within
// about 2 s instead of queueing, so callers can fall back (e.g. the Postgres inbox stays the authoritative dedupe,
// notes/reliability.md §3.4), and an outage never crashes the process.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { RateWindow, SessionStore, TokenResult } from './session-store';
import {
  decodeStored, encodeValue, expectedVersionArg, namespaceArg, notVersionedError, ttlArg, windowsArg,
} from './session-args';
import { COMPARE_AND_SET_LUA, TAKE_TOKEN_LUA } from './redis-session-scripts';

/** pino-compatible subset */
export interface SessionStoreLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface RedisSessionStoreOptions {
  url: string;
  namespace: string;
  logger?: SessionStoreLogger;
}

/** how long an operation waits for a (re)connecting client before it gives up */
const READY_WAIT_MS = 1_000;
/** a reply slower than this counts as Redis being down */
const COMMAND_TIMEOUT_MS = 1_000;

type ScriptedRedis = Redis & {
  yinhangCompareAndSet(key: string, expected: number, json: string, ttlMs: number): Promise<number>;
  yinhangTakeToken(key: string, takeId: string, ...windows: number[]): Promise<number>;
};

/** the URL without its password, for logs and errors */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable Redis URL>';
  }
}

export class RedisSessionStore implements SessionStore {
  readonly kind = 'redis' as const;
  private readonly namespace: string;
  private readonly safeUrl: string;
  private readonly redis: ScriptedRedis;
  private readyWait: Promise<void> | undefined;
  private lastError: Error | undefined;
  private outage = false;
  /** a ready wait ran out during this outage: until the client is ready again, calls fail at once */
  private confirmedDown = false;
  private closed = false;

  constructor({ url, namespace, logger }: RedisSessionStoreOptions) {
    this.namespace = namespaceArg(namespace);
    this.safeUrl = describeRedisUrl(url);
    this.redis = new Redis(url, {
      enableOfflineQueue: false, // no queueing while down: reject at once (after the short ready wait below)
      maxRetriesPerRequest: 1,
      autoResendUnfulfilledCommands: false, // a take or a write must not replay later behind the caller's back
      commandTimeout: COMMAND_TIMEOUT_MS,
      connectTimeout: 1_500,
      retryStrategy: (attempt) => Math.min(100 * attempt, 2_000), // keep reconnecting forever, at most every 2 s
    }) as ScriptedRedis;
    this.redis.defineCommand('yinhangCompareAndSet', { numberOfKeys: 1, lua: COMPARE_AND_SET_LUA });
    this.redis.defineCommand('yinhangTakeToken', { numberOfKeys: 1, lua: TAKE_TOKEN_LUA });
    // Without an 'error' listener ioredis re-emits connection errors as unhandled: log one line per outage instead.
    this.redis.on('error', (err: Error) => {
      this.lastError = err;
      if (this.outage || this.closed) return;
      this.outage = true;
      logger?.error({ err, redisUrl: this.safeUrl }, 'Redis session store unreachable; session operations fail until it answers');
    });
    this.redis.on('ready', () => {
      if (this.outage) logger?.warn({ redisUrl: this.safeUrl }, 'Redis session store reachable again');
      this.outage = false;
      this.confirmedDown = false;
    });
  }

  /** Resolves once the client is connected; rejects after timeoutMs (or at once when closed). */
  async whenReady(timeoutMs = READY_WAIT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        if (this.closed) throw new Error(`Redis session store (${this.safeUrl}) is closed`);
        if (this.redis.status === 'ready') return;
        return await this.waitForReady(Math.min(READY_WAIT_MS, deadline - Date.now()));
      } catch (err) {
        if (this.closed || Date.now() >= deadline) throw err;
      }
    }
  }

  async get<T = unknown>(key: string): Promise<T | null> {
    await this.readyWithin();
    const raw = await this.redis.get(this.full(key));
    return raw === null ? null : (decodeStored(raw).value as T);
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    const json = encodeValue(value);
    const ttl = ttlArg(ttlMs);
    await this.readyWithin();
    await this.redis.set(this.full(key), json, 'PX', ttl);
  }

  async setIfAbsent(key: string, value: unknown, ttlMs: number): Promise<boolean> {
    const json = encodeValue(value);
    const ttl = ttlArg(ttlMs);
    await this.readyWithin();
    return (await this.redis.set(this.full(key), json, 'PX', ttl, 'NX')) === 'OK';
  }

  async delete(key: string): Promise<void> {
    await this.readyWithin();
    await this.redis.del(this.full(key));
  }

  async ttl(key: string): Promise<number> {
    await this.readyWithin();
    const ms = await this.redis.pttl(this.full(key));
    if (ms === -2) return 0; // absent
    return ms === -1 ? Number.POSITIVE_INFINITY : ms; // -1: no expiry (never written by this store)
  }

  async getVersioned<T = unknown>(key: string): Promise<{ value: T; version: number } | null> {
    await this.readyWithin();
    const raw = await this.redis.get(this.full(key));
    if (raw === null) return null;
    const { version, value } = decodeStored(raw);
    if (version === null) throw notVersionedError(key);
    return { value: value as T, version };
  }

  async compareAndSet(key: string, expectedVersion: number, value: unknown, ttlMs: number): Promise<number | null> {
    const expected = expectedVersionArg(expectedVersion);
    const json = encodeValue(value);
    const ttl = ttlArg(ttlMs);
    await this.readyWithin();
    const version = await this.redis.yinhangCompareAndSet(this.full(key), expected, json, ttl);
    return version < 0 ? null : version;
  }

  async takeToken(bucket: string, windows: RateWindow[]): Promise<TokenResult> {
    const pairs = windowsArg(windows).flatMap((w) => [w.limit, w.windowMs]);
    await this.readyWithin();
    const waitUs = await this.redis.yinhangTakeToken(`${this.namespace}:rate:${bucket}`, randomUUID(), ...pairs);
    return waitUs === 0 ? { ok: true } : { ok: false, retryAfterMs: Math.ceil(waitUs / 1000) };
  }

  async ping(): Promise<void> {
    await this.readyWithin();
    await this.redis.ping();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.redis.status === 'ready') {
      try {
        await this.redis.quit();
        return;
      } catch {
        // fall through: drop the socket
      }
    }
    this.redis.disconnect();
  }

  private full(key: string): string {
    return `${this.namespace}:${key}`;
  }

  /**
   * One shared wait per not-ready period, so a burst of calls during a reconnect adds one listener, not hundreds.
   * A wait that runs out confirms an outage: from then on calls fail at once until the client is ready again, so
   * a long outage does not cost every caller (a send round takes several) a second before its fallback.
   */
  private readyWithin(): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`Redis session store (${this.safeUrl}) is closed`));
    if (this.redis.status === 'ready') return Promise.resolve();
    if (this.confirmedDown) return Promise.reject(this.unavailable());
    this.readyWait ??= this.waitForReady(READY_WAIT_MS)
      .catch((err: unknown) => {
        this.confirmedDown = true;
        throw err;
      })
      .finally(() => {
        this.readyWait = undefined;
      });
    return this.readyWait;
  }

  private unavailable(): Error {
    const cause = this.lastError ? `: ${this.lastError.message}` : '';
    return new Error(`Redis at ${this.safeUrl} is not available (${this.redis.status})${cause}`);
  }

  private waitForReady(timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onReady = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.redis.off('ready', onReady);
        reject(this.unavailable());
      }, Math.max(0, timeoutMs));
      this.redis.once('ready', onReady);
    });
  }
}

/** A store that is connected now, or a clear Error naming the URL within timeoutMs (default 5 s). For startup. */
export async function connectRedisSessionStore(
  opts: RedisSessionStoreOptions & { timeoutMs?: number },
): Promise<RedisSessionStore> {
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const store = new RedisSessionStore(opts);
  try {
    await store.whenReady(timeoutMs);
    await store.ping();
    return store;
  } catch (err) {
    await store.close();
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`Could not connect to Redis at ${describeRedisUrl(opts.url)} within ${timeoutMs} ms (${reason})`, {
      cause: err,
    });
  }
}
