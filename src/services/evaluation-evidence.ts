import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { EvidenceRepository, type EvidencePair } from '../db/repositories/evidence-repository';
import { SeminarRepository } from '../db/repositories/seminar-repository';
import { DomainError } from '../domain/domain-error';
import { addDays, isoWeekday, isoWeekOf } from '../domain/iso-week';
import { localDate } from '../domain/local-date';
import { quarterRange } from '../domain/quarter';
import { parseLocalIso } from '../scheduler/local-time';
import { attendanceStats } from './night-school-stats';

/**
 * The evidence on a quarterly rating card (效果测评的佐证), computed, never typed in, so the rater judges the
 * pair by what it did. All dates are local (the program's time zone); ranges are [from, to).
 *
 * - Active span: from max(quarter start, local date of formed_at) to min(quarter end, local date of ended_at
 *   + 1 day). The day a pair ends still counts as active (it could still report that day). A pair not alive in
 *   the quarter at all gets an empty span (activeFrom = activeTo). The span, not the quarter, bounds what the
 *   pair is held to: a pair formed in week 6 is not marked down for weeks 1–5.
 * - reports.due: ISO weeks whose report day (the day of the week the program's report is due) falls in the
 *   span; a week whose report day came before the pair formed, or after it ended, was never asked of it.
 *   submitted: those weeks with a report of the pair; late: those reports flagged late. A report for a week
 *   not due (e.g. the previous quarter's) is not counted, so submitted ≤ due.
 * - tutoringMinutes: minutes of the tutoring records, from any of the pair's reports, whose own date is in the
 *   span: a session is credited to when it happened, not to the week of the report that mentions it.
 * - plan: done = items whose done_at lies in the quarter (local midnight to local midnight); total = the
 *   plan's items now (0 without a plan); confirmed = the plan was confirmed (not just drafted).
 * - school: the mentee's own attendance at closed night-school sessions starting in the quarter (attendance is
 *   the person's, whichever pair they are in): expected = present + absent, a leave is excused; rate null
 *   when nothing was expected.
 * - seminar: this pair's entries for seminars starting in the quarter that were not cancelled.
 */

export interface Evidence {
  quarter: string;
  /** local dates the pair was active within the quarter: [from, to) */
  activeFrom: string;
  activeTo: string;
  reports: { due: number; submitted: number; late: number };
  tutoringMinutes: number;
  /** done = items with done_at inside the quarter; total = items in the plan now (0 when no plan) */
  plan: { confirmed: boolean; done: number; total: number };
  /** the mentee's closed sessions in the quarter: expected = present + absent (leave excused), rate = present/expected or null */
  school: { present: number; expected: number; rate: number | null };
  /** this pair's entries for non-cancelled seminars starting in the quarter */
  seminar: { invited: number; submitted: number; presented: number };
}

const repo = new EvidenceRepository();
const seminars = new SeminarRepository();

const maxDate = (a: string, b: string) => (a > b ? a : b);
const minDate = (a: string, b: string) => (a < b ? a : b);

/** The pair's active span inside the quarter [start, end), clamped so that from ≤ to. */
function activeSpan(p: EvidencePair, q: { start: string; end: string }, timeZone: string): { from: string; to: string } {
  const from = minDate(maxDate(q.start, localDate(p.formedAt, timeZone)), q.end);
  const to = p.endedAt ? minDate(q.end, addDays(localDate(p.endedAt, timeZone), 1)) : q.end;
  return { from, to: maxDate(from, to) };
}

/** ISO weeks whose report day (ISO weekday `weekday`) falls in [from, to). */
function dueWeeks(from: string, to: string, weekday: number): string[] {
  const weeks: string[] = [];
  if (from >= to) return weeks;
  let d = addDays(from, (weekday - isoWeekday(from) + 7) % 7);
  for (; d < to; d = addDays(d, 7)) weeks.push(isoWeekOf(d));
  return weeks;
}

function groupBy<T extends { pairId: number }>(rows: T[]): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    const list = m.get(r.pairId);
    if (list) list.push(r);
    else m.set(r.pairId, [r]);
  }
  return m;
}

/** Evidence for many pairs in a few queries; pairs that do not exist are left out of the map. */
export async function evidenceFor(tx: Kysely<Database>, pairIds: number[], quarter: string, timeZone: string): Promise<Map<number, Evidence>> {
  const q = quarterRange(quarter);
  const ids = [...new Set(pairIds)];
  const out = new Map<number, Evidence>();
  const pairs = await repo.pairs(tx, ids);
  if (pairs.length === 0) return out;
  const found = pairs.map((p) => p.pairId);
  const qFrom = parseLocalIso(`${q.start}T00:00`, timeZone)!;
  const qTo = parseLocalIso(`${q.end}T00:00`, timeZone)!;

  const spans = new Map(pairs.map((p) => [p.pairId, activeSpan(p, q, timeZone)]));
  const due = new Map(pairs.map((p) => { const s = spans.get(p.pairId)!; return [p.pairId, dueWeeks(s.from, s.to, p.reportWeekday)]; }));
  const allWeeks = [...new Set([...due.values()].flat())];

  // One after the other: the queries share the transaction's single connection anyway.
  const reports = groupBy(await repo.reportWeeks(tx, found, allWeeks));
  const tutoring = groupBy(await repo.tutoring(tx, found, q.start, q.end));
  const plansBy = new Map((await repo.planProgress(tx, found, qFrom, qTo)).map((p) => [p.pairId, p]));
  const entriesBy = new Map((await seminars.entryCounts(tx, found, qFrom, qTo)).map((e) => [e.pairId, e]));
  const schoolBy = new Map((await attendanceStats(tx, { from: qFrom, to: qTo })).people.map((p) => [p.cadreId, p]));

  for (const p of pairs) {
    const span = spans.get(p.pairId)!;
    const weeks = new Set(due.get(p.pairId));
    const mine = (reports.get(p.pairId) ?? []).filter((r) => weeks.has(r.week));
    const minutes = (tutoring.get(p.pairId) ?? []).filter((t) => t.date >= span.from && t.date < span.to).reduce((sum, t) => sum + t.minutes, 0);
    const plan = plansBy.get(p.pairId);
    const entry = entriesBy.get(p.pairId);
    const att = schoolBy.get(p.menteeId);
    const expected = att ? att.present + att.absent : 0;
    out.set(p.pairId, {
      quarter,
      activeFrom: span.from,
      activeTo: span.to,
      reports: { due: weeks.size, submitted: mine.length, late: mine.filter((r) => r.late).length },
      tutoringMinutes: minutes,
      plan: { confirmed: plan?.confirmed ?? false, done: plan?.done ?? 0, total: plan?.total ?? 0 },
      school: { present: att?.present ?? 0, expected, rate: expected > 0 ? att!.present / expected : null },
      seminar: { invited: entry?.invited ?? 0, submitted: entry?.submitted ?? 0, presented: entry?.presented ?? 0 },
    });
  }
  return out;
}

/** Evidence for one pair; not_found when there is no such pair. */
export async function pairEvidence(tx: Kysely<Database>, pairId: number, quarter: string, timeZone: string): Promise<Evidence> {
  const e = (await evidenceFor(tx, [pairId], quarter, timeZone)).get(pairId);
  if (!e) throw new DomainError('not_found', { zh: '没有这个帮带对子。', en: 'There is no such mentoring pair.' }, { pairId });
  return e;
}
