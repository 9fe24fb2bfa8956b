/**
 * ISO 8601 weeks (Monday to Sunday; week 1 holds the year's first Thursday) of calendar dates 'YYYY-MM-DD'
 * in the program's time zone. Pure: callers turn instants into local dates first (localDate). The weekly
 * report (周报) is keyed by these, so 2020-12-31 and 2021-01-03 both belong to 2020-W53.
 */

const DAY = 86_400_000;
const WEEK_RE = /^(\d{4})-W(\d{2})$/;

function utc(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(ms).toISOString().slice(0, 10) !== date) throw new RangeError(`no such date: ${date}`);
  return ms;
}

const fmt = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(utc(date)).getUTCDay();
  return d === 0 ? 7 : d;
}

export function addDays(date: string, days: number): string {
  return fmt(utc(date) + days * DAY);
}

/** '2026-11-27' → '2026-W48'. */
export function isoWeekOf(date: string): string {
  const thursday = utc(date) + (4 - isoWeekday(date)) * DAY;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Monday of ISO week 1 of `year`: the Monday on or before 4 January. */
function week1Monday(year: number): number {
  const jan4 = fmt(Date.UTC(year, 0, 4));
  return utc(jan4) - (isoWeekday(jan4) - 1) * DAY;
}

/** The Monday of a well-formed, existing ISO week; undefined for junk ('2024-W54', '2021-W53', 'x'). */
export function weekStart(week: string): string | undefined {
  const m = WEEK_RE.exec(week);
  if (!m) return undefined;
  const year = Number(m[1]);
  const n = Number(m[2]);
  if (year < 1970 || n < 1 || n > 53) return undefined;
  const monday = fmt(week1Monday(year) + (n - 1) * 7 * DAY);
  return isoWeekOf(monday) === week ? monday : undefined;
}

/** The Sunday of the week (its last day: the week closes after Sunday 23:59 in the time zone). */
export function weekEnd(week: string): string | undefined {
  const start = weekStart(week);
  return start && addDays(start, 6);
}

export function isValidWeek(week: string): boolean {
  return weekStart(week) !== undefined;
}

/** The week before a valid ISO week. */
export function previousWeek(week: string): string {
  const start = weekStart(week);
  if (!start) throw new RangeError(`not an ISO week: ${week}`);
  return isoWeekOf(addDays(start, -7));
}
