import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { OutboxRepository } from '../db/repositories/outbox-repository';
import type { StaffItem } from '../db/repositories/evaluation-repository';
import type { Card } from '../lark/cards/card-kit';
import { approvalCard } from '../lark/cards/approval-cards';
import { rateOneCard, resultCard } from '../lark/cards/evaluation-cards';
import { staffItemCard } from '../lark/cards/staff-meeting-cards';
import { approvalItems, batchRevisionIds, type Decision } from './evaluation-approval';
import { peopleOf } from './evaluation-people';
import type { SentBatch } from './evaluation-rating';
import { rateItem } from './evaluation-view';

/**
 * Who hears about a step of the evaluation, and the card each gets. Keys make each notice once-only (the
 * outbox dedupe key), and the approval cards' keys share a prefix per batch so that a decision can bring
 * every leader's copy up to date.
 */

export interface Notice {
  openId: string;
  card: Card;
  key: string;
}

const batchPrefix = (batchId: number) => `eval:batch:${batchId}:`;

/** The approval card of each new batch, to each of its leaders. */
export async function approvalNotices(tx: Kysely<Database>, batches: SentBatch[], timeZone: string): Promise<Notice[]> {
  const out: Notice[] = [];
  for (const b of batches) {
    const card = approvalCard(await approvalItems(tx, b.revisionIds), timeZone);
    for (const l of b.leaders) if (l.openId) out.push({ openId: l.openId, card, key: `${batchPrefix(b.batchId)}${l.cadreId}` });
  }
  return out;
}

/** After a decision or a withdrawal: every copy of the batches' approval cards shows the outcome. */
export async function syncApprovalCopies(tx: Kysely<Database>, batchIds: number[], timeZone: string): Promise<void> {
  const outbox = new OutboxRepository(tx);
  for (const id of batchIds) await outbox.replaceCards(tx, batchPrefix(id), approvalCard(await approvalItems(tx, await batchRevisionIds(tx, id)), timeZone));
}

export async function staffNotices(tx: Kysely<Database>, items: StaffItem[]): Promise<Notice[]> {
  const out: Notice[] = [];
  if (items.length === 0) return out;
  const people = await peopleOf(tx);
  for (const i of items) {
    if (i.mentor.openId) out.push({ openId: i.mentor.openId, card: staffItemCard(i, false), key: `staff:${i.id}:${i.status}:${i.mentor.cadreId}` });
    for (const a of people.adminsFor(i.mentor.unitId)) if (a.openId) out.push({ openId: a.openId, card: staffItemCard(i, true), key: `staff:${i.id}:${i.status}:${a.cadreId}` });
  }
  return out;
}

/** Approved → the pair hears its rating, and staff-meeting items are announced; returned → the assessor revises. */
export async function decisionNotices(tx: Kysely<Database>, d: Decision): Promise<Notice[]> {
  const out: Notice[] = [];
  for (const it of d.decided) {
    const e = it.evaluation;
    const r = it.revision;
    if (r.status === 'approved') {
      for (const p of [e.mentee, ...e.mentors]) if (p.openId) out.push({ openId: p.openId, card: resultCard(e, r), key: `eval:result:${r.id}:${p.cadreId}` });
    } else if (r.status === 'returned' && r.assessor.openId) {
      out.push({ openId: r.assessor.openId, card: rateOneCard(await rateItem(tx, e)), key: `eval:returned:${r.id}` });
    }
  }
  out.push(...(await staffNotices(tx, [...d.staff.created, ...d.staff.voided])));
  return out;
}
