/**
 * Calendar dates as the database hands them over: 'YYYY-MM-DD' strings, no time, no time zone. A birthday or a
 * program start is a day on the wall calendar, so all arithmetic here is on year/month/day and never goes
 * through `Date`, whose local-time parsing would shift a day near midnight.
 */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A real day such as '2024-02-29'; '2023-02-29' and '2023-2-1' are not. */
export function isCalendarDate(value: string): boolean {
  const m = PATTERN.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function parseCalendarDate(value: string): CalendarDate {
  if (!isCalendarDate(value)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(value)}`);
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

export function formatCalendarDate(d: CalendarDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** Negative, zero or positive. Zero-padded ISO dates order as strings; parsing first rejects bad input. */
export function compareDates(a: string, b: string): number {
  const [x, y] = [formatCalendarDate(parseCalendarDate(a)), formatCalendarDate(parseCalendarDate(b))];
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The same month and day `years` later (or earlier, when negative). 29 February has no anniversary in a common
 * year; we put it on 1 March: the full year is not complete until 28 February has passed. This is the one
 * place that choice lives, so ages ("turns 35") and service ("hired 3 years ago") agree.
 */
export function anniversary(date: string, years: number): string {
  const d = parseCalendarDate(date);
  const year = d.year + years;
  if (d.month === 2 && d.day === 29 && !isLeapYear(year)) return formatCalendarDate({ year, month: 3, day: 1 });
  return formatCalendarDate({ year, month: d.month, day: d.day });
}

/** Whole years completed from `from` to `on` (an age, or years of service); negative when `on` is earlier. */
export function completedYears(from: string, on: string): number {
  const years = parseCalendarDate(on).year - parseCalendarDate(from).year;
  return compareDates(anniversary(from, years), on) <= 0 ? years : years - 1;
}

/** Inclusive ranges [a1, a2] and [b1, b2] share at least one day. */
export function rangesOverlap(a: { start: string; end: string }, b: { start: string; end: string }): boolean {
  return compareDates(a.start, b.end) <= 0 && compareDates(b.start, a.end) <= 0;
}
