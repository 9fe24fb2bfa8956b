import { describe, expect, it } from 'vitest';
import { addDays, isoWeekday, isoWeekOf, isValidWeek, previousWeek, weekEnd, weekStart } from '../../../src/domain/iso-week';

describe('ISO weeks', () => {
  it('puts dates around year boundaries in the right ISO year', () => {
    expect(isoWeekOf('2020-12-31')).toBe('2020-W53');
    expect(isoWeekOf('2021-01-03')).toBe('2020-W53');
    expect(isoWeekOf('2021-01-04')).toBe('2021-W01');
    expect(isoWeekOf('2024-12-30')).toBe('2025-W01');
    expect(isoWeekOf('2024-12-29')).toBe('2024-W52');
    expect(isoWeekOf('2026-11-27')).toBe('2026-W48');
    expect(isoWeekOf('2027-01-01')).toBe('2026-W53');
  });

  it('knows each week’s Monday and Sunday, and refuses weeks that do not exist', () => {
    expect(weekStart('2020-W53')).toBe('2020-12-28');
    expect(weekEnd('2020-W53')).toBe('2021-01-03');
    expect(weekStart('2025-W01')).toBe('2024-12-30');
    expect(weekEnd('2024-W42')).toBe('2024-10-20');
    for (const junk of ['2021-W53', '2024-W00', '2024-W54', '2024-w42', '2024-W4', "'; drop table", '']) expect(isValidWeek(junk)).toBe(false);
    expect(isValidWeek('2026-W53')).toBe(true);
  });

  it('steps back across a year boundary and counts weekdays from Monday', () => {
    expect(previousWeek('2021-W01')).toBe('2020-W53');
    expect(previousWeek('2025-W01')).toBe('2024-W52');
    expect(isoWeekday('2024-10-18')).toBe(5);
    expect(isoWeekday('2024-10-20')).toBe(7);
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
    expect(() => isoWeekOf('2024-02-30')).toThrow(RangeError);
  });
});
