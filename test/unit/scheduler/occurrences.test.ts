import { describe, expect, it } from 'vitest';
import { compileCron, isLate, isOccurrence, nextOccurrence, planOccurrences } from '../../../src/scheduler/occurrences';
import { formatLocal, parseLocalIso } from '../../../src/scheduler/local-time';

const TZ = 'Asia/Shanghai';
const at = (iso: string) => new Date(iso);
const iso = (ds: Date[]) => ds.map((d) => d.toISOString());
const HOUR = 3_600_000;

describe('occurrences in Asia/Shanghai', () => {
  it('reads `0 16 * * 5` as Fridays 16:00 +08:00', () => {
    const cron = compileCron('0 16 * * 5', TZ);
    // Friday 2024-10-11 15:59 Beijing → that Friday 16:00 Beijing = 08:00 UTC
    expect(nextOccurrence(cron, at('2024-10-11T15:59:00+08:00'))?.toISOString()).toBe('2024-10-11T08:00:00.000Z');
    expect(nextOccurrence(cron, at('2024-10-11T16:00:00+08:00'))?.toISOString()).toBe('2024-10-18T08:00:00.000Z');
    // 01:00 UTC on Friday is already Friday 09:00 in Beijing; 23:00 UTC Thursday is Friday 07:00 there
    expect(nextOccurrence(cron, at('2024-10-10T23:00:00Z'))?.toISOString()).toBe('2024-10-11T08:00:00.000Z');
    expect(formatLocal(at('2024-10-11T08:00:00Z'), TZ)).toBe('2024-10-11 16:00 Fri');
  });

  it('takes six fields (seconds first) and refuses other shapes', () => {
    expect(nextOccurrence(compileCron('30 0 9 * * *', TZ), at('2024-10-11T00:00:00Z'))?.toISOString()).toBe('2024-10-11T01:00:30.000Z');
    expect(() => compileCron('* * * *', TZ)).toThrow();
    expect(() => compileCron('0 0 0 1 1 * 2030', TZ)).toThrow();
  });

  it('knows whether a time is one of the pattern\'s', () => {
    const cron = compileCron('0 16 * * 5', TZ);
    expect(isOccurrence(cron, at('2024-10-11T16:00:00+08:00'))).toBe(true);
    expect(isOccurrence(cron, at('2024-10-11T16:01:00+08:00'))).toBe(false);
  });
});

describe('planOccurrences: catch-up windows', () => {
  const daily = compileCron('0 9 * * *', TZ); // 01:00 UTC

  it('with nothing recorded, runs only what falls inside the window', () => {
    const plan = planOccurrences({ cron: daily, now: at('2024-10-11T09:30:00+08:00'), catchUpMs: HOUR, last: undefined });
    expect(iso(plan.due)).toEqual(['2024-10-11T01:00:00.000Z']);
    expect(plan.missed).toBeUndefined();
    expect(planOccurrences({ cron: daily, now: at('2024-10-11T10:30:00+08:00'), catchUpMs: HOUR, last: undefined })).toEqual({ due: [], missed: undefined });
  });

  it('runs each occurrence after the last recorded one that is inside the window, oldest first', () => {
    const plan = planOccurrences({ cron: daily, now: at('2024-10-12T09:00:05+08:00'), catchUpMs: 48 * HOUR, last: at('2024-10-10T01:00:00Z') });
    expect(iso(plan.due)).toEqual(['2024-10-11T01:00:00.000Z', '2024-10-12T01:00:00.000Z']);
    expect(plan.missed).toBeUndefined();
  });

  it('counts and ranges what is older than the window, and still runs what is inside it', () => {
    const plan = planOccurrences({ cron: daily, now: at('2024-10-12T09:30:00+08:00'), catchUpMs: HOUR, last: at('2024-10-08T01:00:00Z') });
    expect(iso(plan.due)).toEqual(['2024-10-12T01:00:00.000Z']);
    expect(plan.missed).toEqual({ count: 3, capped: false, first: at('2024-10-09T01:00:00Z'), last: at('2024-10-11T01:00:00Z') });
  });

  it('includes an occurrence exactly at the window start and nothing in the future or already recorded', () => {
    const plan = planOccurrences({ cron: daily, now: at('2024-10-11T10:00:00+08:00'), catchUpMs: HOUR, last: undefined });
    expect(iso(plan.due)).toEqual(['2024-10-11T01:00:00.000Z']);
    expect(planOccurrences({ cron: daily, now: at('2024-10-11T10:00:00+08:00'), catchUpMs: HOUR, last: at('2024-10-11T01:00:00Z') }).due).toEqual([]);
    expect(planOccurrences({ cron: daily, now: at('2024-10-11T08:59:59+08:00'), catchUpMs: 24 * HOUR, last: at('2024-10-10T01:00:00Z') }).due).toEqual([]);
  });

  it('caps the count of a very long outage but keeps the range exact', () => {
    const everyMinute = compileCron('* * * * *', TZ);
    const plan = planOccurrences({ cron: everyMinute, now: at('2024-10-11T00:00:30Z'), catchUpMs: 60_000, last: at('2024-01-01T00:00:00Z'), maxCounted: 50 });
    expect(plan.missed).toMatchObject({ count: 50, capped: true, first: at('2024-01-01T00:01:00Z'), last: at('2024-10-10T23:59:00Z') });
    expect(iso(plan.due)).toEqual(['2024-10-11T00:00:00.000Z']);
  });

  it('plans at most maxDue per round', () => {
    const everyMinute = compileCron('* * * * *', TZ);
    const plan = planOccurrences({ cron: everyMinute, now: at('2024-10-11T10:00:00Z'), catchUpMs: 24 * HOUR, last: undefined, maxDue: 5 });
    expect(plan.due).toHaveLength(5);
    expect(plan.due[0]!.toISOString()).toBe('2024-10-10T10:00:00.000Z');
  });

  it('calls a run late only when it is a minute or more behind its time', () => {
    expect(isLate(at('2024-10-11T01:00:00Z'), at('2024-10-11T01:00:00.030Z'))).toBe(false);
    expect(isLate(at('2024-10-11T01:00:00Z'), at('2024-10-11T01:05:00Z'))).toBe(true);
  });
});

describe('admin times', () => {
  it('reads a time without an offset in the program\'s time zone and one with an offset as given', () => {
    expect(parseLocalIso('2024-10-11T16:00', TZ)?.toISOString()).toBe('2024-10-11T08:00:00.000Z');
    expect(parseLocalIso('2024-10-11 16:00:30', TZ)?.toISOString()).toBe('2024-10-11T08:00:30.000Z');
    expect(parseLocalIso('2024-10-11T16:00:00Z', TZ)?.toISOString()).toBe('2024-10-11T16:00:00.000Z');
    expect(parseLocalIso('2024-10-11T16:00:00+02:00', TZ)?.toISOString()).toBe('2024-10-11T14:00:00.000Z');
    expect(parseLocalIso('2024-10-11', TZ)).toBeUndefined();
    expect(parseLocalIso('tomorrow', TZ)).toBeUndefined();
  });
});
