import chineseDays from 'chinese-days';
import { addDays, isoWeekday } from '../domain/iso-week';
import { parseLocalIso } from '../scheduler/local-time';

/**
 * The night school's clock rules, pure. A session is a wall time in the program's time zone; it is not held
 * on a statutory holiday (国庆节, 春节 …). A plain weekend is not a holiday: a Saturday series is held on
 * Saturdays, so this asks the holiday data for a holiday by name, not for "not a workday".
 */

/** 签到 opens 30 minutes before the start and closes 30 minutes after it (both edges included). */
export const CHECK_IN_BEFORE_MS = 30 * 60_000;
export const CHECK_IN_AFTER_MS = 30 * 60_000;
/** The audience's reminder the day before, local time. */
export const DAY_BEFORE_TIME = '18:00';
export const HOUR_BEFORE_MS = 60 * 60_000;
/** Sessions are materialised this many weeks ahead (unique (series_id, starts_at) keeps it idempotent). */
export const WEEKS_AHEAD = 4;

const WEEKEND = new Set(['Saturday', 'Sunday']);

/** A statutory holiday (not a weekend, not a make-up working day 调休). */
export function isStatutoryHoliday(date: string): boolean {
  const d = chineseDays.getDayDetail(date);
  return !d.work && !WEEKEND.has(d.name);
}

/** The holiday's Chinese name ('国庆节'), for the "停课" notice. */
export function holidayName(date: string): string {
  const parts = chineseDays.getDayDetail(date).name.split(',');
  return parts[1] ?? parts[0] ?? '';
}

/** The instant of a local date and HH:MM in the time zone. */
export function localInstant(date: string, hhmm: string, timeZone: string): Date {
  const at = parseLocalIso(`${date}T${hhmm}`, timeZone);
  if (!at) throw new RangeError(`not a local time: ${date} ${hhmm}`);
  return at;
}

/** The dates in [from, to] (inclusive, 'YYYY-MM-DD') that fall on `weekday` (1 = Monday) and within [startsOn, endsOn]. */
export function seriesDates(o: { weekday: number; startsOn: string; endsOn: string | null; from: string; to: string }): string[] {
  const first = o.from > o.startsOn ? o.from : o.startsOn;
  const last = o.endsOn && o.endsOn < o.to ? o.endsOn : o.to;
  const out: string[] = [];
  let d = addDays(first, (o.weekday - isoWeekday(first) + 7) % 7);
  for (; d <= last; d = addDays(d, 7)) out.push(d);
  return out;
}

export const isHhmm = (s: string): boolean => /^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(s);
export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
