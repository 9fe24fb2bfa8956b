import chineseDays from 'chinese-days';

/**
 * China's working calendar (国务院办公厅 holiday arrangements), from the chinese-days data: statutory holidays
 * are not workdays, and the official make-up working days (调休), which fall on weekends, are. Pure: no I/O.
 * The data is published a year at a time (each November for the next year); for a year it does not cover,
 * isWorkday falls back to a plain Monday–Friday week and hasYear says so, so the caller can warn.
 */

const coverage = new Map<number, boolean>();

/** Does the holiday data cover `year`? New Year's Day (元旦) is a statutory holiday every year, so the data names it iff it covers the year. */
export function hasYear(year: number): boolean {
  let known = coverage.get(year);
  if (known === undefined) {
    known = chineseDays.getDayDetail(`${year}-01-01`).name.includes('元旦');
    coverage.set(year, known);
  }
  return known;
}

/** `date` is 'YYYY-MM-DD' (a calendar date in the program's time zone). */
export function isWorkday(date: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  if (hasYear(Number(match[1]))) return chineseDays.isWorkday(date);
  const weekday = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))).getUTCDay();
  return weekday >= 1 && weekday <= 5;
}
