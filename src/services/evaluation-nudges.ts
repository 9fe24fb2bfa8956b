import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { EvaluationRepository, type RoleHolder } from '../db/repositories/evaluation-repository';
import { addDays } from '../domain/iso-week';
import { localDate } from '../domain/local-date';
import { isWorkday } from '../domain/work-calendar';
import { peopleOf } from './evaluation-people';

/**
 * Ratings waiting for a leader: on every second working day after they were sent the leaders are reminded
 * (with the approval card again, so they can decide from the reminder); after 7 working days the admins are
 * told, once. Working days follow China's calendar (holidays and 调休), counted from the day after sending.
 */

const repo = new EvaluationRepository();
export const NUDGE_EVERY_WORKDAYS = 2;
export const ESCALATE_AFTER_WORKDAYS = 7;

/** Working days d with from < d ≤ to. */
export function workdaysAfter(from: string, to: string): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkday(d)) n++;
  return n;
}

export interface Due {
  person: RoleHolder;
  revisionIds: number[];
  /** working days the oldest of them has waited */
  waited: number;
}

function collect(into: Map<number, Due>, people: RoleHolder[], revisionId: number, waited: number): void {
  for (const p of people) {
    const d = into.get(p.cadreId) ?? { person: p, revisionIds: [], waited: 0 };
    d.revisionIds.push(revisionId);
    d.waited = Math.max(d.waited, waited);
    into.set(p.cadreId, d);
  }
}

export async function dueApprovalNudges(tx: Kysely<Database>, at: Date, timeZone: string): Promise<{ nudges: Due[]; escalations: Due[] }> {
  const today = localDate(at, timeZone);
  const nudges = new Map<number, Due>();
  const escalations = new Map<number, Due>();
  const nudged: number[] = [];
  const escalated: number[] = [];
  const pending = await repo.pendingRevisions(tx);
  const people = pending.length > 0 ? await peopleOf(tx) : undefined;
  for (const p of pending) {
    const waited = workdaysAfter(localDate(p.submittedAt, timeZone), today);
    if (waited > 0 && waited % NUDGE_EVERY_WORKDAYS === 0 && p.lastNudgedOn !== today) {
      collect(nudges, people!.leadersFor(p.menteeUnitId), p.id, waited);
      nudged.push(p.id);
    }
    if (waited >= ESCALATE_AFTER_WORKDAYS && !p.escalated) {
      collect(escalations, people!.adminsFor(p.menteeUnitId), p.id, waited);
      escalated.push(p.id);
    }
  }
  await repo.markNudged(tx, nudged, today);
  await repo.markEscalated(tx, escalated, at);
  return { nudges: [...nudges.values()], escalations: [...escalations.values()] };
}
