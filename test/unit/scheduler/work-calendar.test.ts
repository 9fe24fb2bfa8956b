import { describe, expect, it } from 'vitest';
import { hasYear, isWorkday } from '../../../src/domain/work-calendar';

describe('work calendar (China, chinese-days data)', () => {
  it('a statutory holiday on a weekday is not a workday', () => {
    expect(isWorkday('2024-10-01')).toBe(false); // National Day, Tuesday
    expect(isWorkday('2024-10-07')).toBe(false); // last day of the Golden Week, Monday
  });

  it('an official make-up working day (调休) on a weekend is a workday', () => {
    expect(isWorkday('2024-10-12')).toBe(true); // Saturday
    expect(isWorkday('2024-09-29')).toBe(true); // Sunday
  });

  it('an ordinary weekend is not, an ordinary weekday is', () => {
    expect(isWorkday('2024-10-13')).toBe(false); // Sunday
    expect(isWorkday('2024-10-19')).toBe(false); // Saturday
    expect(isWorkday('2024-10-08')).toBe(true); // Tuesday after the Golden Week
  });

  it('knows which years its data covers', () => {
    expect(hasYear(2024)).toBe(true);
    expect(hasYear(2025)).toBe(true);
    expect(hasYear(2099)).toBe(false);
  });

  it('falls back to Monday–Friday for a year without data', () => {
    // 2099-01-01 is a Thursday: New Year's Day would be a holiday with data, without data it is a weekday.
    expect(isWorkday('2099-01-01')).toBe(true);
    expect(isWorkday('2099-01-03')).toBe(false); // Saturday
    expect(isWorkday('2099-01-04')).toBe(false); // Sunday
    expect(isWorkday('2099-01-05')).toBe(true); // Monday
  });

  it('refuses a string that is not a date', () => {
    expect(() => isWorkday('2024/10/01')).toThrow(RangeError);
  });
});
