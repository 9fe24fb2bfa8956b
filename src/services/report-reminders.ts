import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { ReportRepository, type Person, type ReportPair } from '../db/repositories/report-repository';
import { addDays, isoWeekday, isoWeekOf } from '../domain/iso-week';
import { localDate } from '../domain/local-date';
import { isWorkday } from '../domain/work-calendar';

/**
 * When the 周报 prompt and the next-working-day nudge are due. The scheduler runs jobs by one cron, while
 * each program has its own report day and time (programs.report_weekday / report_time), so the prompt job
 * runs every half hour and picks the programs whose time falls in that half hour; the nudge job runs at
 * 09:00 on working days and acts for a program only on the first working day after its report day.
 */

const repo = new ReportRepository();

/** Local ISO weekday and minutes since midnight of an instant in the time zone. */
function localClock(at: Date, timeZone: string): { date: string; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { date: localDate(at, timeZone), minutes: n('hour') * 60 + n('minute') };
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export const PROMPT_SLOT_MINUTES = 30;

export interface DuePrompt {
  pair: ReportPair;
  week: string;
}

/** Mentees to prompt at this half-hour occurrence: running programs whose report time is in [slot, slot + 30 min), pairs without a report yet. */
export async function duePrompts(tx: Kysely<Database>, at: Date, timeZone: string): Promise<DuePrompt[]> {
  const { date, minutes } = localClock(at, timeZone);
  // Reminders skip statutory holidays: on a holiday report day nobody is prompted; the nudge on the first
  // working day after it carries the same form.
  if (!isWorkday(date)) return [];
  const weekday = isoWeekday(date);
  const programs = (await repo.programs(tx)).filter((p) => p.weekday === weekday && minutesOf(p.time) >= minutes && minutesOf(p.time) < minutes + PROMPT_SLOT_MINUTES);
  const week = isoWeekOf(date);
  const pairIds = await repo.activePairIds(tx, programs.map((p) => p.id));
  const done = await repo.reported(tx, pairIds, week);
  const out: DuePrompt[] = [];
  for (const id of pairIds.filter((i) => !done.has(i))) {
    const pair = await repo.pair(tx, id);
    if (pair?.active && pair.mentee.openId) out.push({ pair, week });
  }
  return out;
}

/** The latest day before `today` that is this ISO weekday (1–7 days back). */
function lastReportDay(today: string, weekday: number): string {
  const back = ((isoWeekday(today) - weekday + 6) % 7) + 1;
  return addDays(today, -back);
}

export interface Digest {
  recipient: Person;
  missing: { pair: ReportPair; week: string }[];
}

export interface DueNudges {
  nudges: { pair: ReportPair; week: string }[];
  mentors: Digest[];
  admins: Digest[];
}

/**
 * On a working day: for each program whose report day was before today with no working day in between
 * (a Friday report → Monday, or the make-up Saturday 调休; across a holiday → the first day back), the pairs
 * with no report for that week. Mentors get their own mentees; admins the mentees of their unit subtree
 * (an admin's unit is the mentee's unit or an ancestor), or, when no admin's unit covers a mentee, every admin.
 */
export async function dueNudges(tx: Kysely<Database>, at: Date, timeZone: string): Promise<DueNudges> {
  const today = localDate(at, timeZone);
  const nudges: { pair: ReportPair; week: string }[] = [];
  for (const program of await repo.programs(tx)) {
    const day = lastReportDay(today, program.weekday);
    let first = true;
    for (let d = addDays(day, 1); d < today; d = addDays(d, 1)) if (isWorkday(d)) first = false;
    if (!first) continue;
    const week = isoWeekOf(day);
    const pairIds = await repo.activePairIds(tx, [program.id]);
    const done = await repo.reported(tx, pairIds, week);
    for (const id of pairIds.filter((i) => !done.has(i))) {
      const pair = await repo.pair(tx, id);
      if (pair?.active) nudges.push({ pair, week });
    }
  }
  const mentors = new Map<number, Digest>();
  const admins = new Map<number, Digest>();
  const allAdmins = nudges.length > 0 ? await repo.admins(tx) : [];
  const add = (into: Map<number, Digest>, who: Person, item: { pair: ReportPair; week: string }) => {
    const d = into.get(who.cadreId) ?? { recipient: who, missing: [] };
    d.missing.push(item);
    into.set(who.cadreId, d);
  };
  for (const item of nudges) {
    for (const m of item.pair.mentors) add(mentors, m, item);
    const path = item.pair.mentee.unitPath;
    const covering = allAdmins.filter((a) => path === a.unitPath || path.startsWith(`${a.unitPath}/`));
    for (const a of covering.length > 0 ? covering : allAdmins) add(admins, a, item);
  }
  return { nudges, mentors: [...mentors.values()], admins: [...admins.values()] };
}
