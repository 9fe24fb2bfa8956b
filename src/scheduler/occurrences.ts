import { Cron } from 'croner';

/**
 * Pure occurrence arithmetic: which cron times are due, which were missed past their catch-up window.
 * croner evaluates the pattern in the given IANA zone (Asia/Shanghai has no DST; other zones work too).
 */

/** Most occurrences one round plans per job; the rest wait for the next round (the last recorded one moves on). */
export const MAX_DUE_PER_ROUND = 500;
/**
 * Counting missed occurrences stops here, the range stays exact. croner takes ~50 µs per step, so this
 * bounds the event-loop time a per-minute job down for a month costs (~0.1 s), once: the skip is recorded.
 */
const MAX_COUNTED = 2_000;

export function compileCron(pattern: string, timeZone: string): Cron {
  // No callback: croner only computes times here, it never schedules anything.
  return new Cron(pattern, { timezone: timeZone, mode: '5-or-6-parts' });
}

/** Throws with croner's message when the pattern is not a 5- or 6-field cron. */
export function validateCron(pattern: string, timeZone: string): void {
  compileCron(pattern, timeZone);
}

export function nextOccurrence(cron: Cron, after: Date): Date | undefined {
  return cron.nextRun(after) ?? undefined;
}

/** Is `at` one of the pattern's times (to the second)? */
export function isOccurrence(cron: Cron, at: Date): boolean {
  return cron.nextRun(new Date(at.getTime() - 1000))?.getTime() === Math.floor(at.getTime() / 1000) * 1000;
}

export interface MissedRange {
  count: number;
  /** count stopped at the cap: "at least" */
  capped: boolean;
  first: Date;
  last: Date;
}

export interface OccurrencePlan {
  /** to run now, oldest first: after the last recorded occurrence, inside the window, not in the future */
  due: Date[];
  /** after the last recorded occurrence but older than the catch-up window */
  missed: MissedRange | undefined;
}

/**
 * The catch-up window is [now − catchUpMs, now]. Occurrences are looked for after the last recorded one
 * (run or skipped, by any instance); with none recorded (a new job, a new deployment) only inside the window,
 * since before that nobody can say the job was meant to run.
 */
export function planOccurrences(o: { cron: Cron; now: Date; catchUpMs: number; last: Date | undefined; maxDue?: number; maxCounted?: number }): OccurrencePlan {
  const windowStart = o.now.getTime() - o.catchUpMs;
  const maxCounted = o.maxCounted ?? MAX_COUNTED;
  let missed: MissedRange | undefined;
  let from: Date;
  if (o.last && o.last.getTime() < windowStart) {
    let count = 0;
    let first: Date | undefined;
    let lastMissed: Date | undefined;
    for (let t = o.cron.nextRun(o.last); t && t.getTime() < windowStart; t = o.cron.nextRun(t)) {
      first ??= t;
      lastMissed = t;
      if (++count >= maxCounted) break;
    }
    const capped = count >= maxCounted;
    if (capped) lastMissed = o.cron.previousRuns(1, new Date(windowStart))[0] ?? lastMissed;
    if (first && lastMissed) missed = { count, capped, first, last: lastMissed };
    from = new Date(Math.max(lastMissed?.getTime() ?? o.last.getTime(), windowStart - 1000));
  } else {
    from = o.last ?? new Date(windowStart - 1000);
  }
  const due: Date[] = [];
  const maxDue = o.maxDue ?? MAX_DUE_PER_ROUND;
  for (let t = o.cron.nextRun(from); t && t.getTime() <= o.now.getTime() && due.length < maxDue; t = o.cron.nextRun(t)) {
    if (t.getTime() >= windowStart) due.push(t);
  }
  return { due, missed };
}

/** Run noticeably after its time. A wake-up timer is a few ms late; a minute means nobody was up at the time. */
export function isLate(scheduledFor: Date, now: Date, graceMs = 60_000): boolean {
  return now.getTime() - scheduledFor.getTime() > graceMs;
}
