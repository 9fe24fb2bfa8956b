import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { SchoolRepository, type SchoolPerson, type Session } from '../db/repositories/school-repository';
import { addDays } from '../domain/iso-week';
import { localDate } from '../domain/local-date';
import { audienceOf } from './night-school-series';
import { DAY_BEFORE_TIME, HOUR_BEFORE_MS, localInstant } from './night-school-calendar';

/**
 * What the reminder job sends in one slot [at, at + slotMs): the day-before reminder (DAY_BEFORE_TIME, local)
 * to the audience and the teacher (with the expected headcount), the one-hour reminder to the audience, and,
 * for a session cancelled by a holiday, a 停课 notice the day before instead. People on leave are not reminded.
 * Sessions of a paused series are not looked at (sessionsStarting: running series only).
 */

const repo = new SchoolRepository();

export interface DueReminder {
  kind: 'day_before' | 'hour_before' | 'cancelled';
  session: Session;
  /** the audience to tell (on leave excluded) */
  audience: SchoolPerson[];
  /** expected headcount: audience minus leave */
  expected: number;
  registered: number;
}

export async function dueReminders(tx: Kysely<Database>, at: Date, slotMs: number, timeZone: string): Promise<DueReminder[]> {
  const end = at.getTime() + slotMs;
  const inSlot = (t: Date) => t.getTime() >= at.getTime() && t.getTime() < end;
  // The day-before reminder is at most ~2 days before the start: look at sessions starting in the next 3 days.
  const sessions = await repo.sessionsStarting(tx, at, new Date(at.getTime() + 3 * 86_400_000));
  const out: DueReminder[] = [];
  for (const session of sessions) {
    const dayBefore = localInstant(addDays(localDate(session.startsAt, timeZone), -1), DAY_BEFORE_TIME, timeZone);
    const hourBefore = new Date(session.startsAt.getTime() - HOUR_BEFORE_MS);
    const kinds: DueReminder['kind'][] = [];
    // Only a holiday is announced the day before: a pause or an end was announced when it was decided.
    if (session.status === 'cancelled' && session.cancelReason !== 'paused' && session.cancelReason !== 'ended' && inSlot(dayBefore)) kinds.push('cancelled');
    if (session.status === 'scheduled' && inSlot(dayBefore)) kinds.push('day_before');
    if (session.status === 'scheduled' && inSlot(hourBefore)) kinds.push('hour_before');
    if (kinds.length === 0) continue;
    const everyone = await audienceOf(tx, session.series, session.teacher.cadreId);
    const rows = new Map((await repo.attendance(tx, session.id)).map((a) => [a.cadreId, a.status]));
    const audience = everyone.filter((p) => rows.get(p.cadreId) !== 'leave');
    const registered = everyone.filter((p) => rows.get(p.cadreId) === 'registered').length;
    for (const kind of kinds) out.push({ kind, session, audience: kind === 'cancelled' ? everyone : audience, expected: audience.length, registered });
  }
  return out;
}
