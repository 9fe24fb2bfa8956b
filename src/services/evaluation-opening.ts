import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { EvaluationRepository, type Evaluation } from '../db/repositories/evaluation-repository';
import { addDays } from '../domain/iso-week';
import { localDate } from '../domain/local-date';
import { daysBetween, previousQuarter, quarterOf, quarterRange } from '../domain/quarter';
import { isWorkday } from '../domain/work-calendar';
import { parseLocalIso } from '../scheduler/local-time';
import { evidenceFor } from './evaluation-evidence';

/**
 * Opening a quarter's evaluation. Each program opens on its Nth working day after the quarter ends
 * (programs.eval_open_workday, default 1: the first working day), for every pair that was active for at
 * least half of the quarter: a pair formed in the last weeks has not had a fair chance to show anything yet.
 * The job runs every working day; opening is idempotent (one evaluation per pair and quarter), so a day the
 * job missed is caught up the next day and a pair is never opened twice.
 */

const repo = new EvaluationRepository();

/** The Nth working day on or after `date`. */
export function nthWorkdayFrom(date: string, n: number): string {
  let d = date;
  for (let seen = 0; ; d = addDays(d, 1)) {
    if (isWorkday(d) && ++seen === n) return d;
  }
}

const midnight = (date: string, timeZone: string): Date => parseLocalIso(`${date}T00:00`, timeZone)!;

/** Days of [start, end) the pair was active: from its forming day to the day after it ended. */
export function activeDays(quarter: { start: string; end: string }, formedOn: string, endedOn: string | null): number {
  const from = formedOn > quarter.start ? formedOn : quarter.start;
  const to = endedOn !== null && addDays(endedOn, 1) < quarter.end ? addDays(endedOn, 1) : quarter.end;
  return Math.max(0, daysBetween(from, to));
}

export interface Opened {
  quarter: string;
  evaluations: Evaluation[];
}

export async function openDueEvaluations(tx: Kysely<Database>, now: Date, timeZone: string): Promise<Opened> {
  const today = localDate(now, timeZone);
  const quarter = previousQuarter(quarterOf(today));
  const range = quarterRange(quarter);
  const length = daysBetween(range.start, range.end);
  const ids: number[] = [];
  for (const program of await repo.openingPrograms(tx)) {
    if (program.startDate >= range.end || (program.endDate !== null && program.endDate < range.start)) continue;
    if (today < nthWorkdayFrom(range.end, program.openWorkday)) continue;
    const done = await repo.evaluatedPairs(tx, program.id, quarter);
    const pairs = (await repo.pairsOverlapping(tx, program.id, midnight(range.start, timeZone), midnight(range.end, timeZone)))
      .filter((p) => !done.has(p.pairId) && 2 * activeDays(range, localDate(p.formedAt, timeZone), p.endedAt ? localDate(p.endedAt, timeZone) : null) >= length);
    if (pairs.length === 0) continue;
    const evidence = await evidenceFor(tx, pairs.map((p) => p.pairId), quarter, timeZone);
    for (const p of pairs) {
      const id = await repo.insertEvaluation(tx, { pairId: p.pairId, programId: program.id, quarter, menteeUnitId: p.menteeUnitId, evidence: evidence.get(p.pairId) });
      if (id !== undefined) ids.push(id);
    }
  }
  return { quarter, evaluations: await repo.evaluations(tx, ids) };
}
