import { describe, expect, it } from 'vitest';
import { LarkApiError } from '../../../src/emulator/lark-errors';
import { SlidingWindows } from '../../../src/emulator/rate-limit';

function attempt(w: SlidingWindows, rules: Parameters<SlidingWindows['acquire']>[0], now: number): LarkApiError | undefined {
  try { w.acquire(rules, now); return undefined; } catch (err) { return err as LarkApiError; }
}

describe('SlidingWindows', () => {
  const perSecond = [{ key: 'a', limit: 3, windowMs: 1_000 }];

  it('allows exactly the limit inside the window, then 429 with code 99991400 and reset ≥ 1', () => {
    const w = new SlidingWindows();
    for (const t of [0, 100, 200]) expect(attempt(w, perSecond, t)).toBeUndefined();
    const err = attempt(w, perSecond, 300);
    expect(err).toMatchObject({ httpStatus: 429, code: 99991400 });
    expect(err?.headers).toEqual({ 'x-ogw-ratelimit-limit': '3', 'x-ogw-ratelimit-reset': '1' });
  });

  it('is sliding, not fixed: (t − window, t] — the first hit leaves at exactly +1000 ms', () => {
    const w = new SlidingWindows();
    for (const t of [0, 100, 200]) w.acquire(perSecond, t);
    expect(attempt(w, perSecond, 999)).toBeDefined();
    expect(attempt(w, perSecond, 1_000)).toBeUndefined();
    expect(attempt(w, perSecond, 1_001)).toBeDefined();
    expect(attempt(w, perSecond, 1_100)).toBeUndefined();
  });

  it('does not count rejected requests', () => {
    const w = new SlidingWindows();
    for (const t of [0, 1, 2]) w.acquire(perSecond, t);
    for (let t = 3; t < 1_000; t += 50) expect(attempt(w, perSecond, t)).toBeDefined();
    expect(attempt(w, perSecond, 1_000)).toBeUndefined();
  });

  it('reports the longest wait across rules, and records nothing when any rule trips', () => {
    const w = new SlidingWindows();
    const rules = [{ key: 's', limit: 10, windowMs: 1_000 }, { key: 'm', limit: 2, windowMs: 60_000 }];
    w.acquire(rules, 0);
    w.acquire(rules, 10_000);
    const err = attempt(w, rules, 20_000);
    expect(err?.headers['x-ogw-ratelimit-reset']).toBe('40');
    expect(err?.headers['x-ogw-ratelimit-limit']).toBe('2');
    // the per-second rule must not have recorded the rejected hit
    expect(attempt(w, [{ key: 's', limit: 2, windowMs: 1_000 }], 20_000)).toBeUndefined();
  });
});
