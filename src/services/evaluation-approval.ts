import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { EvaluationRepository, type Evaluation, type Revision } from '../db/repositories/evaluation-repository';
import type { Actor } from '../domain/actor';
import { DomainError } from '../domain/domain-error';
import { deniedOn } from './authorization';
import { leadersFor, peopleOf } from './evaluation-people';
import { decidedText, parseId, REASON_MAX, rejected, settleStatus } from './evaluation-rating';
import { refreshStaffItems, type StaffChanges } from './staff-meeting';
import { rowId } from '../domain/row-id';

/**
 * 审批: the main leaders of the mentee's unit decide submitted ratings. The decision itself is one
 * conditional update (pending → approved/returned), so a double click or two leaders at once decide once and
 * the other sees who decided. Who may decide is read from the roster at the click, never from the card.
 */

const repo = new EvaluationRepository();

export interface ApprovalItem {
  revision: Revision;
  evaluation: Evaluation;
  /** the rating that stood before, when this revision corrects it */
  previous: Revision | undefined;
}

export async function approvalItems(tx: Kysely<Database>, revisionIds: number[]): Promise<ApprovalItem[]> {
  const revisions = await repo.revisions(tx, revisionIds);
  const evaluations = new Map((await repo.evaluations(tx, revisions.map((r) => r.evaluationId))).map((e) => [e.id, e]));
  const history = await repo.revisionsOf(tx, [...evaluations.keys()]);
  return revisions.map((revision) => ({
    revision,
    evaluation: evaluations.get(revision.evaluationId)!,
    previous: history.filter((h) => h.evaluationId === revision.evaluationId && h.revision < revision.revision && (h.status === 'approved' || h.status === 'superseded')).at(-1),
  }));
}

async function asLeader(tx: Kysely<Database>, actor: Actor, action: string, revisionId: unknown): Promise<ApprovalItem> {
  const id = parseId(actor, action, revisionId);
  const item = (await approvalItems(tx, [id]))[0];
  if (!item) throw rejected(actor, action, `evaluation_revision:${id}`, { zh: '没有找到这条评定。', en: 'That rating was not found.' });
  const leaders = await leadersFor(tx, item.evaluation.menteeUnitId);
  if (!leaders.some((l) => l.cadreId === actor.cadreId)) {
    const names = leaders.map((l) => l.name).join('、') || '（名册中未标注）';
    throw deniedOn(actor, action, `evaluation_revision:${id}`, {
      zh: `只有${item.evaluation.menteeUnitPath}的主要领导（${names}）可以审批这条评定。`,
      en: `Only the main leaders of ${item.evaluation.menteeUnitPath} (${names}) may decide this rating.`,
    });
  }
  return item;
}

export interface Decision {
  /** decided by this click */
  decided: ApprovalItem[];
  /** already decided by someone (or withdrawn) before this click */
  already: ApprovalItem[];
  staff: StaffChanges;
  batches: number[];
}

/** 同意 one or several ratings (全部同意). Every one is checked first: one refusal refuses the click. */
export async function approveRevisions(tx: Kysely<Database>, actor: Actor, revisionIds: unknown[], now: Date): Promise<Decision> {
  // A card that lists nothing (forged, or emptied) decides nothing; say so rather than fail on an empty decision.
  if (revisionIds.length === 0) throw new DomainError('invalid_input', { zh: '这张卡片没有列出要审批的评定，请发送“审批”重新打开。', en: 'This card lists no rating to decide; send "approve" to open it again.' });
  const items: ApprovalItem[] = [];
  for (const id of revisionIds) items.push(await asLeader(tx, actor, 'eval.approve', id));
  const decided: ApprovalItem[] = [];
  const already: ApprovalItem[] = [];
  for (const item of items) {
    if (await repo.decide(tx, item.revision.id, { status: 'approved', by: actor.cadreId, at: now })) {
      await repo.supersedeApproved(tx, item.evaluation.id, item.revision.id);
      await repo.setStatus(tx, item.evaluation.id, 'approved');
      decided.push(item);
    } else already.push(item);
  }
  const staff: StaffChanges = { created: [], voided: [] };
  for (const item of decided) {
    const c = await refreshStaffItems(tx, item.evaluation.mentors.map((m) => m.cadreId), item.evaluation.quarter, now);
    staff.created.push(...c.created);
    staff.voided.push(...c.voided);
  }
  return { decided: await fresh(tx, decided), already: await fresh(tx, already), staff, batches: [...new Set(items.map((i) => i.revision.batchId))] };
}

/** 退回 with a reason: back to the assessor, who revises and sends again. */
export async function returnRevision(tx: Kysely<Database>, actor: Actor, revisionId: unknown, reason: unknown, now: Date): Promise<Decision> {
  const item = await asLeader(tx, actor, 'eval.return', revisionId);
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (!text) throw new DomainError('invalid_input', { zh: '退回时请写明理由，评定人会看到。', en: 'Give a reason for returning it; the assessor will read it.' });
  if (text.length > REASON_MAX) throw rejected(actor, 'eval.return', `evaluation_revision:${item.revision.id}`, { zh: `退回理由请控制在 ${REASON_MAX} 字以内（现在 ${text.length} 字）。`, en: `Keep the reason within ${REASON_MAX} characters (now ${text.length}).` });
  const ok = await repo.decide(tx, item.revision.id, { status: 'returned', by: actor.cadreId, at: now, reason: text });
  if (ok) await settleStatus(tx, item.evaluation.id, 'returned');
  const [after] = await fresh(tx, [item]);
  return { decided: ok ? [after!] : [], already: ok ? [] : [after!], staff: { created: [], voided: [] }, batches: [item.revision.batchId] };
}

/** The return form opens only for a leader and only while the rating still waits. */
export async function returnable(tx: Kysely<Database>, actor: Actor, revisionId: unknown, timeZone: string): Promise<ApprovalItem> {
  const item = await asLeader(tx, actor, 'eval.return', revisionId);
  if (item.revision.status !== 'pending') throw new DomainError('conflict', decidedText(item.revision, timeZone));
  return item;
}

async function fresh(tx: Kysely<Database>, items: ApprovalItem[]): Promise<ApprovalItem[]> {
  return approvalItems(tx, items.map((i) => i.revision.id));
}

/** Pending ratings a leader may decide (审批 / approve). */
export async function pendingForLeader(tx: Kysely<Database>, actor: Actor): Promise<number[]> {
  if (!actor.roles.includes('leader')) return [];
  const pending = await repo.pendingRevisions(tx);
  if (pending.length === 0) return [];
  const people = await peopleOf(tx);
  return pending.filter((p) => people.leadersFor(p.menteeUnitId).some((l) => l.cadreId === actor.cadreId)).map((p) => p.id);
}

/**
 * The revisions a card named (its `v` value) that this leader may see, for re-drawing the card they clicked;
 * a forged list shows nothing of another unit.
 */
export async function visibleToLeader(tx: Kysely<Database>, actor: Actor, shown: unknown): Promise<ApprovalItem[]> {
  const ids = (typeof shown === 'string' ? shown.split(',') : []).slice(0, 50).map(rowId).filter((n) => n > 0);
  const items = await approvalItems(tx, ids);
  if (items.length === 0) return [];
  const people = await peopleOf(tx);
  return items.filter((it) => people.leadersFor(it.evaluation.menteeUnitId).some((l) => l.cadreId === actor.cadreId));
}

export function batchRevisionIds(tx: Kysely<Database>, batchId: number): Promise<number[]> {
  return repo.revisionIdsInBatch(tx, batchId);
}
