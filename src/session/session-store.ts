// The SessionStore port: short-lived shared state (dedupe claims, multi-step conversations, rate buckets).
// Redis backs it when several instances run; the in-process implementation is for one instance, tests and demos.
// Everything here is a cache with a TTL: durable outcomes belong in Postgres (notes/reliability.md §4.3).

export type TokenResult = { ok: true } | { ok: false; retryAfterMs: number };

export interface RateWindow {
  limit: number;
  windowMs: number;
}

export interface SessionStore {
  readonly kind: 'redis' | 'memory';
  /** plain values (JSON-serialisable). Every write REQUIRES a positive finite ttlMs; throw a TypeError otherwise. */
  get<T = unknown>(key: string): Promise<T | null>;
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
  /** SET NX: true when this call stored the value (used for one-time claims / dedupe). */
  setIfAbsent(key: string, value: unknown, ttlMs: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** remaining TTL in ms, 0 when absent */
  ttl(key: string): Promise<number>;
  /** Versioned records for multi-step conversations (optimistic concurrency, no WATCH/MULTI). */
  getVersioned<T = unknown>(key: string): Promise<{ value: T; version: number } | null>;
  /** Store value if the current version equals expectedVersion (0 = must be absent). Returns the new version, or null on conflict. Sliding TTL: every successful write sets ttlMs anew. */
  compareAndSet(key: string, expectedVersion: number, value: unknown, ttlMs: number): Promise<number | null>;
  /** Sliding-window-log rate limiter: take one token from `bucket` only if EVERY window allows it (atomic: when one denies, nothing is consumed). retryAfterMs = time until the earliest moment a token could be taken. Exact semantics: a take at time t is allowed iff, for every window, fewer than `limit` takes in (t - windowMs, t]. */
  takeToken(bucket: string, windows: RateWindow[]): Promise<TokenResult>;
  /** throws when the backing store does not answer (used by /readyz) */
  ping(): Promise<void>;
  close(): Promise<void>;
}
