import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { Entry, Seminar, SeminarPair } from '../db/repositories/seminar-repository';
import { localDate } from '../domain/local-date';
import { parseLocalIso } from '../scheduler/local-time';
import { invitePairs, INVITE_DAYS, repo, SLOT_MINUTES } from './seminars';

/**
 * When each seminar message is due. The reminder job has one cron (every 30 minutes) while each seminar has
 * its own time, so an occurrence acts for the seminars whose moment falls in [occurrence, occurrence + slot):
 * T−14 days (the request for entries), T−7 days and T−1 day (reminders), and 08:00 on the day (the agenda).
 * Each moment falls in exactly one slot and each occurrence runs once across instances (job_runs), so each
 * message goes out once; the dedupe keys name the seminar, the phase and the person besides.
 */

export type Phase = 'request' | 'week' | 'day' | 'agenda';
export const AGENDA_TIME = '08:00';
const DAY_MS = 86_400_000;

/** The instant a phase of a seminar is due, in the time zone. */
export function phaseMoment(seminar: Seminar, phase: Phase, timeZone: string): Date {
  const at = seminar.startsAt.getTime();
  switch (phase) {
    case 'request': return new Date(at - INVITE_DAYS * DAY_MS);
    case 'week': return new Date(at - 7 * DAY_MS);
    case 'day': return new Date(at - DAY_MS);
    case 'agenda': {
      // 08:00 on the day, or the start itself when the seminar begins earlier than that.
      const eight = parseLocalIso(`${localDate(seminar.startsAt, timeZone)}T${AGENDA_TIME}`, timeZone)!;
      return eight.getTime() < at ? eight : seminar.startsAt;
    }
  }
}

export interface DuePhase {
  seminar: Seminar;
  phase: Phase;
  /** the program's active pairs, all invited now */
  pairs: SeminarPair[];
  /** pairs invited by this occurrence (the request goes to these only: a seminar created late asked its pairs at once) */
  fresh: SeminarPair[];
  entries: Entry[];
  /** every invited pair (an ended pair's entry still belongs on the agenda), in pair order */
  invited: SeminarPair[];
}

/** Seminars with a phase in [at, at + slot): their pairs invited (for every phase, so late-formed pairs join). */
export async function duePhases(tx: Kysely<Database>, at: Date, timeZone: string): Promise<DuePhase[]> {
  const end = at.getTime() + SLOT_MINUTES * 60_000;
  const candidates = await repo.inRange(tx, at, new Date(end + (INVITE_DAYS + 1) * DAY_MS));
  const out: DuePhase[] = [];
  for (const seminar of candidates) {
    if (seminar.status !== 'scheduled') continue;
    for (const phase of ['request', 'week', 'day', 'agenda'] as const) {
      const m = phaseMoment(seminar, phase, timeZone).getTime();
      if (m < at.getTime() || m >= end) continue;
      const { pairs, fresh } = await invitePairs(tx, seminar);
      const entries = await repo.entries(tx, seminar.id);
      out.push({ seminar, phase, pairs, fresh, entries, invited: await repo.pairs(tx, { ids: entries.map((e) => e.pairId) }) });
    }
  }
  return out;
}
