import { describe, expect, it } from 'vitest';
import { daysBetween, isQuarter, nextQuarter, previousQuarter, quarterLabel, quarterOf, quarterRange } from '../../../src/domain/quarter';
import { activeDays, nthWorkdayFrom } from '../../../src/services/evaluation-opening';
import { workdaysAfter } from '../../../src/services/evaluation-nudges';

describe('quarters', () => {
  it('maps dates to quarters and back, across the year boundary', () => {
    expect(quarterOf('2026-03-31')).toBe('2026Q1');
    expect(quarterOf('2026-04-01')).toBe('2026Q2');
    expect(quarterOf('2026-12-31')).toBe('2026Q4');
    expect(quarterRange('2026Q4')).toEqual({ start: '2026-10-01', end: '2027-01-01' });
    expect(quarterRange('2026Q1')).toEqual({ start: '2026-01-01', end: '2026-04-01' });
    expect(nextQuarter('2026Q4')).toBe('2027Q1');
    expect(previousQuarter('2027Q1')).toBe('2026Q4');
    expect(quarterLabel('2026Q3')).toEqual({ zh: '2026年第三季度', en: '2026 Q3' });
    expect(isQuarter('2026Q5')).toBe(false);
    expect(() => quarterRange('2026Q0')).toThrow(RangeError);
    expect(daysBetween('2026-07-01', '2026-10-01')).toBe(92);
  });

  it('opens on the Nth working day after the quarter: National Day 2026 pushes Q3 to 8 October', () => {
    expect(nthWorkdayFrom('2026-10-01', 1)).toBe('2026-10-08');
    expect(nthWorkdayFrom('2026-10-01', 3)).toBe('2026-10-10'); // the make-up Saturday (调休) counts
    expect(nthWorkdayFrom('2026-07-01', 1)).toBe('2026-07-01');
  });

  it('a pair counts when active at least half of the quarter (its end day included)', () => {
    const q3 = quarterRange('2026Q3'); // 92 days
    expect(activeDays(q3, '2026-03-20', null)).toBe(92);
    expect(activeDays(q3, '2026-08-16', null)).toBe(46); // exactly half: counts
    expect(activeDays(q3, '2026-08-17', null)).toBe(45);
    expect(activeDays(q3, '2026-01-01', '2026-08-15')).toBe(46);
    expect(activeDays(q3, '2026-01-01', '2026-06-30')).toBe(0);
  });

  it('counts working days after a day, with holidays and make-up days', () => {
    expect(workdaysAfter('2026-10-08', '2026-10-08')).toBe(0);
    expect(workdaysAfter('2026-10-08', '2026-10-10')).toBe(2); // Fri and the make-up Saturday
    expect(workdaysAfter('2026-09-30', '2026-10-08')).toBe(1); // the National Day week counts nothing
  });
});
