// Argument checks and the value encoding shared by both SessionStore implementations, so that the in-process
// store behaves byte-for-byte like Redis (same JSON round trip, same rounding, same errors).
import type { RateWindow } from './session-store';

/** Every write needs a TTL: the store holds only in-progress state, and a key without one would live forever.
 *  Rounded up to whole ms because Redis PX takes integers (rounding down could turn 0.5 into an error). */
export function ttlArg(ttlMs: number): number {
  if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new TypeError(`ttlMs must be a positive finite number of milliseconds, got ${String(ttlMs)}`);
  }
  return Math.ceil(ttlMs);
}

export function expectedVersionArg(version: number): number {
  if (!Number.isSafeInteger(version) || version < 0) {
    throw new TypeError(`expectedVersion must be an integer >= 0 (0 = must be absent), got ${String(version)}`);
  }
  return version;
}

/** Windows with whole-ms lengths; a limit below 1 would deny forever, so it is a caller bug. */
export function windowsArg(windows: RateWindow[]): RateWindow[] {
  if (!Array.isArray(windows) || windows.length === 0) {
    throw new TypeError('takeToken needs at least one rate window');
  }
  return windows.map(({ limit, windowMs }) => {
    if (!Number.isSafeInteger(limit) || limit < 1) {
      throw new TypeError(`rate window limit must be an integer >= 1, got ${String(limit)}`);
    }
    if (typeof windowMs !== 'number' || !Number.isFinite(windowMs) || windowMs <= 0) {
      throw new TypeError(`rate window windowMs must be a positive finite number, got ${String(windowMs)}`);
    }
    return { limit, windowMs: Math.ceil(windowMs) };
  });
}

export function namespaceArg(namespace: string): string {
  if (typeof namespace !== 'string' || namespace.length === 0) {
    throw new TypeError('a session store needs a non-empty namespace');
  }
  return namespace;
}

/** JSON text of a value; undefined, functions and symbols have none, so storing them is refused. */
export function encodeValue(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) {
    throw new TypeError(`session values must be JSON-serialisable, got ${typeof value}`);
  }
  return json;
}

/** Stored form of a versioned record: `<version>:<json>`. A plain value is bare JSON, and JSON never starts with
 *  digits followed by ':', so the two cannot be confused. */
export function encodeVersioned(version: number, json: string): string {
  return `${version}:${json}`;
}

const VERSIONED = /^(\d+):/;

export function decodeStored(raw: string): { version: number | null; value: unknown } {
  const match = VERSIONED.exec(raw);
  if (!match) return { version: null, value: JSON.parse(raw) };
  return { version: Number(match[1]), value: JSON.parse(raw.slice(match[0].length)) };
}

export function notVersionedError(key: string): Error {
  return new Error(`session key "${key}" holds a plain value (set/setIfAbsent), not a versioned record`);
}
