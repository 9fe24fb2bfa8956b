import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { SecondmentRepository, type BatchOfProgram, type EndedPair } from '../db/repositories/secondment-repository';
import type { OutboxMessage, OutboxRepository } from '../db/repositories/outbox-repository';
import { compareDates } from '../domain/calendar-date';
import type { Card } from '../lark/cards/card-kit';
import { batchClosedCard, batchClosedMentorCard, batchOpeningCard } from '../lark/cards/secondment-notice-cards';
import { batchState } from './secondment';

/**
 * A batch's opening and closing notices. Each is enqueued with an outbox dedupe key per batch, kind and
 * person (`batch:<id>:open:<cadreId>`), so however many instances and rounds look at a batch, a person
 * gets each notice once; a member added to a running batch still gets the opening notice on the next
 * round. The closing round also ends the batch's active pairs as 'completed', in the same transaction.
 * Rounds are bounded by date (opening: while the batch runs; closing: CLOSE_NOTICE_DAYS after its end),
 * so the dedupe keys only need to outlive that window if outbox rows are ever pruned.
 */

/** How long after a batch's end a closing notice is still worth sending (the app may have been down). */
export const CLOSE_NOTICE_DAYS = 7;

const repo = new SecondmentRepository();

export function noticeKey(batchId: number, kind: 'open' | 'close', cadreId: number): string {
  return `batch:${batchId}:${kind}:${cadreId}`;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function candidateBatches(tx: Kysely<Database>, today: string): Promise<BatchOfProgram[]> {
  return repo.noticeCandidates(tx, today, CLOSE_NOTICE_DAYS);
}

export interface NoticeResult {
  queued: number;
  pairsEnded: number;
}

/** One batch's notices for `today`, in the caller's transaction. */
export async function batchNotices(tx: Kysely<Database>, outbox: OutboxRepository, batch: BatchOfProgram, today: string): Promise<NoticeResult> {
  // One instance at a time per batch: the second waits, then finds the keys used and the pairs ended.
  await repo.lockBatch(tx, batch.batchId);
  const state = batchState(batch, today);
  if (state === 'upcoming') return { queued: 0, pairsEnded: 0 };
  const members = (await repo.members(tx, batch.batchId)).filter((m) => m.active);
  const cards = new Map<number, { openId: string; card: Card }>();
  let ended: EndedPair[] = [];
  if (state === 'open') {
    for (const m of members) if (m.openId) cards.set(m.cadreId, { openId: m.openId, card: batchOpeningCard(batch) });
  } else {
    ended = await repo.completePairs(tx, batch.batchId);
    const inWindow = compareDates(today, addDays(batch.endDate, CLOSE_NOTICE_DAYS)) <= 0;
    const mentorsOf = (cadreId: number): string[] => ended.filter((p) => p.mentee.cadreId === cadreId).flatMap((p) => p.mentors.map((x) => x.name));
    const mentees = inWindow ? members : ended.map((p) => ({ ...p.mentee, active: true }));
    for (const m of mentees) if (m.openId) cards.set(m.cadreId, { openId: m.openId, card: batchClosedCard(batch, mentorsOf(m.cadreId)) });
    for (const mentor of ended.flatMap((p) => p.mentors)) {
      if (!mentor.openId || cards.has(mentor.cadreId)) continue;
      const theirs = ended.filter((p) => p.mentors.some((x) => x.cadreId === mentor.cadreId)).map((p) => p.mentee.name);
      cards.set(mentor.cadreId, { openId: mentor.openId, card: batchClosedMentorCard(batch, theirs) });
    }
  }
  const kind = state === 'open' ? 'open' : 'close';
  const wanted = [...cards.entries()].sort(([a], [b]) => a - b).map(([cadreId, c]) => ({ key: noticeKey(batch.batchId, kind, cadreId), ...c }));
  // Skip the keys already used rather than lean on ON CONFLICT alone: a round every minute would burn ids.
  const used = await repo.usedDedupeKeys(tx, wanted.map((w) => w.key));
  const messages: OutboxMessage[] = wanted.filter((w) => !used.has(w.key)).map((w) => ({
    kind: 'send', receiveIdType: 'open_id', receiveId: w.openId, msgType: 'interactive', content: w.card, dedupeKey: w.key,
  }));
  const queued = await outbox.enqueue(tx, messages);
  return { queued, pairsEnded: ended.length };
}
