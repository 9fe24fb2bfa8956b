import { describe, expect, it } from 'vitest';
import { parseRosterDate, todayIn } from '../../../src/roster/roster-dates';

const today = '2024-06-15';

describe('parseRosterDate', () => {
  it('accepts real calendar days up to today, leap days included', () => {
    expect(parseRosterDate('2024-02-29', today)).toEqual({ ok: true, value: '2024-02-29' });
    expect(parseRosterDate(' 2000-02-29 ', today)).toEqual({ ok: true, value: '2000-02-29' });
    expect(parseRosterDate('2024-06-15', today)).toEqual({ ok: true, value: '2024-06-15' });
  });

  it('refuses impossible days', () => {
    for (const d of ['2023-02-29', '2023-02-30', '1900-02-29', '2023-04-31', '2023-00-10', '2023-13-01', '2023-01-00']) {
      expect(parseRosterDate(d, today)).toEqual({ ok: false, reason: `日期不存在 no such date "${d}"` });
    }
  });

  it('refuses other formats', () => {
    for (const d of ['2023/02/03', '2023-2-3', '20230203', '03-02-2023', '2023-02-03T00:00', 'yesterday']) {
      expect(parseRosterDate(d, today)).toEqual({ ok: false, reason: `日期格式错误 bad date "${d}": use YYYY-MM-DD` });
    }
  });

  it('refuses the future, by the calendar day', () => {
    expect(parseRosterDate('2024-06-16', today)).toMatchObject({ ok: false, reason: expect.stringContaining('in the future') });
  });

  it('takes an Excel date cell (UTC midnight of the shown day) and checks it too', () => {
    expect(parseRosterDate(new Date(Date.UTC(1990, 0, 2)), today)).toEqual({ ok: true, value: '1990-01-02' });
    expect(parseRosterDate(new Date(Date.UTC(2030, 0, 2)), today)).toMatchObject({ ok: false, reason: expect.stringContaining('in the future') });
  });
});

describe('todayIn', () => {
  it('is the calendar day in the program time zone, not UTC', () => {
    // 2024-06-15 17:30 UTC is already 2024-06-16 01:30 in Shanghai
    const now = new Date('2024-06-15T17:30:00Z');
    expect(todayIn('Asia/Shanghai', now)).toBe('2024-06-16');
    expect(todayIn('UTC', now)).toBe('2024-06-15');
  });
});
