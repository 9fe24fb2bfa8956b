// In-process SessionStore: one Node process only (two instances would each see their own state, so dedupe,
// conversations and rate limits would silently split). Used for tests, the demo and single-instance deployments.
import type { RateWindow, SessionStore, TokenResult } from './session-store';
import {
  decodeStored, encodeValue, encodeVersioned, expectedVersionArg, namespaceArg, notVersionedError, ttlArg, windowsArg,
} from './session-args';

export interface MemorySessionStoreOptions {
  namespace: string;
  /** clock in ms; injectable so tests can move time */
  now?: () => number;
  /** how often expired keys are dropped (expiry is also honoured on every read) */
  sweepIntervalMs?: number;
}

interface Entry { raw: string; expiresAt: number }
/** take times in ascending order, and when the whole log is out of every window */
interface Bucket { takes: number[]; expiresAt: number }

export class MemorySessionStore implements SessionStore {
  readonly kind = 'memory' as const;
  private readonly namespace: string;
  private readonly now: () => number;
  // Values are kept as their stored text (the same encoding Redis gets), so every read is a fresh deep copy
  // and a Date or undefined field comes back exactly as it would from Redis.
  private readonly entries = new Map<string, Entry>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;

  constructor({ namespace, now = Date.now, sweepIntervalMs = 60_000 }: MemorySessionStoreOptions) {
    this.namespace = namespaceArg(namespace);
    this.now = now;
    this.sweeper = setInterval(() => this.sweep(), sweepIntervalMs);
    this.sweeper.unref(); // never keep the process alive just to sweep
  }

  /** number of keys and buckets held, expired or not (for tests and metrics) */
  get size(): number {
    return this.entries.size + this.buckets.size;
  }

  /** drop everything expired; runs on a timer */
  sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    for (const [key, bucket] of this.buckets) if (bucket.expiresAt <= now) this.buckets.delete(key);
  }

  async get<T = unknown>(key: string): Promise<T | null> {
    const entry = this.live(key);
    return entry ? (decodeStored(entry.raw).value as T) : null;
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    this.write(key, encodeValue(value), ttlArg(ttlMs));
  }

  async setIfAbsent(key: string, value: unknown, ttlMs: number): Promise<boolean> {
    const raw = encodeValue(value);
    const ttl = ttlArg(ttlMs);
    if (this.live(key)) return false;
    this.write(key, raw, ttl);
    return true;
  }

  async delete(key: string): Promise<void> {
    this.open();
    this.entries.delete(this.full(key));
  }

  async ttl(key: string): Promise<number> {
    const entry = this.live(key);
    return entry ? entry.expiresAt - this.now() : 0;
  }

  async getVersioned<T = unknown>(key: string): Promise<{ value: T; version: number } | null> {
    const entry = this.live(key);
    if (!entry) return null;
    const { version, value } = decodeStored(entry.raw);
    if (version === null) throw notVersionedError(key);
    return { value: value as T, version };
  }

  async compareAndSet(key: string, expectedVersion: number, value: unknown, ttlMs: number): Promise<number | null> {
    const expected = expectedVersionArg(expectedVersion);
    const json = encodeValue(value);
    const ttl = ttlArg(ttlMs);
    const entry = this.live(key);
    const current = entry ? decodeStored(entry.raw).version : 0;
    if (current !== expected) return null; // also when a plain value lives there (version null)
    this.write(key, encodeVersioned(expected + 1, json), ttl);
    return expected + 1;
  }

  async takeToken(bucket: string, windows: RateWindow[]): Promise<TokenResult> {
    const checked = windowsArg(windows);
    this.open();
    const key = `${this.namespace}:rate:${bucket}`;
    const now = this.now();
    const maxWindow = Math.max(...checked.map((w) => w.windowMs));
    const takes = (this.buckets.get(key)?.takes ?? []).filter((t) => t > now - maxWindow);
    let waitMs = 0;
    for (const { limit, windowMs } of checked) {
      const inWindow = takes.filter((t) => t > now - windowMs);
      if (inWindow.length < limit) continue;
      // Once the (count - limit + 1) oldest takes have left the window, fewer than `limit` remain.
      const oldest = inWindow[inWindow.length - limit] as number;
      waitMs = Math.max(waitMs, Math.min(windowMs, Math.max(1, oldest + windowMs - now)));
    }
    if (waitMs > 0) {
      this.buckets.set(key, { takes, expiresAt: now + maxWindow });
      return { ok: false, retryAfterMs: Math.ceil(waitMs) };
    }
    takes.push(now);
    if (takes.length > 1 && (takes.at(-2) as number) > now) takes.sort((a, b) => a - b); // clock went back
    this.buckets.set(key, { takes, expiresAt: now + maxWindow });
    return { ok: true };
  }

  async ping(): Promise<void> {
    this.open();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    this.entries.clear();
    this.buckets.clear();
  }

  private full(key: string): string {
    return `${this.namespace}:${key}`;
  }

  private open(): void {
    if (this.closed) throw new Error('MemorySessionStore is closed');
  }

  /** the entry if present and not expired; an expired one is dropped on the spot */
  private live(key: string): Entry | undefined {
    this.open();
    const full = this.full(key);
    const entry = this.entries.get(full);
    if (entry && entry.expiresAt <= this.now()) {
      this.entries.delete(full);
      return undefined;
    }
    return entry;
  }

  private write(key: string, raw: string, ttlMs: number): void {
    this.open();
    this.entries.set(this.full(key), { raw, expiresAt: this.now() + ttlMs });
  }
}
