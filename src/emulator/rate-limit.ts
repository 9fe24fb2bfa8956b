// Lark's send/reply/patch limits (reliability.md §2.1): 50/s and 1000/min per app, 5/s to the same user or chat;
// either window trips → HTTP 429, code 99991400, x-ogw-ratelimit-limit / x-ogw-ratelimit-reset (seconds to wait).
import { LarkApiError, LarkCode } from './lark-errors';

export interface WindowRule { key: string; limit: number; windowMs: number }

/**
 * Sliding windows: a request at t is allowed iff fewer than `limit` accepted requests fall in (t − window, t].
 * Rejected requests are not recorded, so a client that waits the reset header always gets through.
 */
export class SlidingWindows {
  private readonly hits = new Map<string, number[]>();

  /** Records the request under every rule, or throws the 429 Lark would send without recording anything. */
  acquire(rules: WindowRule[], now: number): void {
    let worst: { rule: WindowRule; waitMs: number } | undefined;
    for (const rule of rules) {
      const inWindow = this.prune(rule, now);
      if (inWindow.length < rule.limit) continue;
      // The request fits once the oldest hit that keeps the count at the limit leaves the window.
      const blocker = inWindow[inWindow.length - rule.limit] ?? now;
      const waitMs = blocker + rule.windowMs - now;
      if (!worst || waitMs > worst.waitMs) worst = { rule, waitMs };
    }
    if (worst) {
      const reset = Math.max(1, Math.ceil(worst.waitMs / 1000));
      throw new LarkApiError(429, LarkCode.rateLimited, 'request trigger frequency limit', {
        'x-ogw-ratelimit-limit': String(worst.rule.limit),
        'x-ogw-ratelimit-reset': String(reset),
      });
    }
    for (const rule of rules) {
      const list = this.hits.get(rule.key);
      if (list) list.push(now);
      else this.hits.set(rule.key, [now]);
    }
  }

  reset(): void {
    this.hits.clear();
  }

  private prune(rule: WindowRule, now: number): number[] {
    const list = this.hits.get(rule.key) ?? [];
    const kept = list.filter((t) => t > now - rule.windowMs);
    this.hits.set(rule.key, kept);
    return kept;
  }
}
