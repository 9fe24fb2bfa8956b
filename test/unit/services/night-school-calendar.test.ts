import { describe, expect, it } from 'vitest';
import { holidayName, isStatutoryHoliday, localInstant, seriesDates } from '../../../src/services/night-school-calendar';

describe('night-school calendar', () => {
  it('a statutory holiday is not a plain weekend, and a make-up working day is neither', () => {
    expect(isStatutoryHoliday('2024-10-01')).toBe(true); // 国庆节, a Tuesday
    expect(isStatutoryHoliday('2024-10-05')).toBe(true); // inside the National Day break, a Saturday
    expect(isStatutoryHoliday('2024-10-19')).toBe(false); // an ordinary Saturday: a Saturday class is held
    expect(isStatutoryHoliday('2024-10-12')).toBe(false); // 调休 make-up Saturday
    expect(isStatutoryHoliday('2024-10-08')).toBe(false);
    expect(holidayName('2024-10-01')).toBe('国庆节');
  });

  it('the weekday dates of a series within its own dates and the window, edges included', () => {
    expect(seriesDates({ weekday: 2, startsOn: '2024-09-25', endsOn: null, from: '2024-09-25', to: '2024-10-22' })).toEqual(['2024-10-01', '2024-10-08', '2024-10-15', '2024-10-22']);
    expect(seriesDates({ weekday: 3, startsOn: '2024-09-25', endsOn: '2024-10-09', from: '2024-09-20', to: '2024-10-30' })).toEqual(['2024-09-25', '2024-10-02', '2024-10-09']);
    expect(seriesDates({ weekday: 7, startsOn: '2024-09-25', endsOn: null, from: '2024-09-25', to: '2024-09-28' })).toEqual([]);
  });

  it('a wall time in Asia/Shanghai is UTC+8', () => {
    expect(localInstant('2024-10-08', '19:00', 'Asia/Shanghai').toISOString()).toBe('2024-10-08T11:00:00.000Z');
  });
});
