import type { Kysely } from 'kysely';
import type { Database, Rating } from '../db/database';
import { EvaluationRepository, type Evaluation, type Revision, type RoleHolder } from '../db/repositories/evaluation-repository';
import type { Actor } from '../domain/actor';
import { DomainError } from '../domain/domain-error';
import { deniedOn } from './authorization';
import { assessorsFor, leadersFor } from './evaluation-people';
import { rowId } from '../domain/row-id';

/**
 * The assessor's side of the quarterly evaluation: rate (优秀 / 良好 / 合格 / 不合格, a comment required for the
 * two that have consequences), send to the leaders, withdraw before they decide, revise after a return, and
 * correct an approved rating with a reason (a new revision that needs approval again; nothing is deleted).
 * Mentor and mentee may write a short self-assessment while the rating has not been sent.
 */

const repo = new EvaluationRepository();

export const RATINGS: readonly Rating[] = ['excellent', 'good', 'pass', 'fail'];
export const COMMENT_MAX = 500;
export const REASON_MAX = 200;
export const SELF_MAX = 300;
/** Ratings per approval card: a leader decides them on a phone screen. */
export const BATCH_SIZE = 10;

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** Bad values from a card are refused like a denial: the person is told, the attempt is audited. */
export function rejected(actor: Actor, action: string, target: string, text: { zh: string; en: string }, detail?: Record<string, unknown>): DomainError {
  return new DomainError('invalid_input', text, { audit: { actor: actor.openId, action: `rejected:${action}`, target, ...(detail ? { detail } : {}) } });
}

export function parseId(actor: Actor, action: string, v: unknown): number {
  const id = rowId(v);
  if (!id) throw rejected(actor, action, String(v).slice(0, 40), { zh: '没有找到这项测评，请在“测评”中重新打开。', en: 'That evaluation was not found; open it again from "eval".' });
  return id;
}

/** An evaluation the actor assesses (the program's assessor, or an admin of the mentee's unit), or a refusal. */
export async function asAssessor(tx: Kysely<Database>, actor: Actor, action: string, evaluationId: unknown): Promise<Evaluation> {
  const id = parseId(actor, action, evaluationId);
  const e = await repo.evaluation(tx, id);
  if (!e) throw rejected(actor, action, `evaluation:${id}`, { zh: '没有找到这项测评。', en: 'That evaluation was not found.' });
  if (!(await assessorsFor(tx, e)).some((a) => a.cadreId === actor.cadreId)) {
    throw deniedOn(actor, action, `evaluation:${id}`, { zh: `您不是${e.mentee.name}这对帮带对子的评定人。`, en: `You are not the assessor of ${e.mentee.name}'s pair.` });
  }
  return e;
}

export interface RatingInput {
  evaluationId: unknown;
  rating: unknown;
  comment: unknown;
  /** required when correcting an approved rating */
  reason?: unknown;
}

export interface SentBatch {
  batchId: number;
  leaders: RoleHolder[];
  revisionIds: number[];
}

/**
 * Send ratings to the leaders, all or nothing: one bad line refuses the whole submission, so the form keeps
 * what was typed. Ratings whose mentees share leaders go out as one approval card (BATCH_SIZE per card).
 */
export async function submitRatings(tx: Kysely<Database>, actor: Actor, inputs: RatingInput[], now: Date): Promise<SentBatch[]> {
  if (inputs.length === 0) throw new DomainError('invalid_input', { zh: '请至少为一对帮带对子选择评定等级。', en: 'Choose a rating for at least one pair.' });
  const groups = new Map<number, { leaders: RoleHolder[]; items: { e: Evaluation; rating: Rating; comment: string; reason: string | null }[] }>();
  for (const input of inputs) {
    const e = await asAssessor(tx, actor, 'eval.rate', input.evaluationId);
    const target = `evaluation:${e.id}`;
    const rating = str(input.rating) as Rating;
    if (!RATINGS.includes(rating)) throw rejected(actor, 'eval.rate', target, { zh: '评定等级只能是 优秀、良好、合格 或 不合格。', en: 'The rating must be Excellent, Good, Satisfactory or Unsatisfactory.' }, { rating: String(input.rating).slice(0, 40) });
    const comment = str(input.comment);
    if (comment.length > COMMENT_MAX) throw rejected(actor, 'eval.rate', target, { zh: `${e.mentee.name}的评语有 ${comment.length} 字，请控制在 ${COMMENT_MAX} 字以内。`, en: `The comment on ${e.mentee.name} has ${comment.length} characters; keep it within ${COMMENT_MAX}.` });
    if (!comment && (rating === 'excellent' || rating === 'fail')) {
      throw new DomainError('invalid_input', { zh: `评为“${rating === 'excellent' ? '优秀' : '不合格'}”须填写评语（${e.mentee.name}）。`, en: `A comment is required for ${rating === 'excellent' ? 'Excellent' : 'Unsatisfactory'} (${e.mentee.name}).` });
    }
    const status = await repo.lockEvaluation(tx, e.id);
    if (status === 'pending') throw new DomainError('conflict', { zh: `${e.mentee.name}的评定已送审，正等待领导审批；如需修改，请先撤回。`, en: `${e.mentee.name}'s rating is waiting for a leader; withdraw it first to change it.` });
    let reason: string | null = null;
    if (status === 'approved') {
      reason = str(input.reason);
      if (!reason) throw new DomainError('invalid_input', { zh: `${e.mentee.name}的评定已批准；更正须填写更正理由。`, en: `${e.mentee.name}'s rating is approved; a correction needs a reason.` });
      if (reason.length > REASON_MAX) throw rejected(actor, 'eval.rate', target, { zh: `更正理由请控制在 ${REASON_MAX} 字以内。`, en: `Keep the reason within ${REASON_MAX} characters.` });
    }
    const leaders = await leadersFor(tx, e.menteeUnitId);
    if (leaders.length === 0) {
      throw new DomainError('conflict', { zh: `名册中没有${e.menteeUnitPath}的主要领导，无法送审。请组织部在名册中为主要领导标注角色 leader。`, en: `The roster names no main leader for ${e.menteeUnitPath}, so the rating cannot be sent. Ask the department to give the leader the role "leader" in the roster.` });
    }
    const key = leaders[0]!.unitId;
    const group = groups.get(key) ?? { leaders, items: [] };
    group.items.push({ e, rating, comment, reason });
    groups.set(key, group);
  }
  const out: SentBatch[] = [];
  for (const [leaderUnitId, g] of groups) {
    for (let i = 0; i < g.items.length; i += BATCH_SIZE) {
      const chunk = g.items.slice(i, i + BATCH_SIZE);
      const batchId = await repo.insertBatch(tx, { quarter: chunk[0]!.e.quarter, leaderUnitId, createdBy: actor.cadreId });
      const revisionIds: number[] = [];
      for (const it of chunk) {
        revisionIds.push(await repo.insertRevision(tx, { evaluationId: it.e.id, rating: it.rating, comment: it.comment, correctionReason: it.reason, assessorId: actor.cadreId, batchId, at: now }));
        await repo.setStatus(tx, it.e.id, 'pending');
      }
      out.push({ batchId, leaders: g.leaders, revisionIds });
    }
  }
  return out;
}

/** After a decision or a withdrawal, the evaluation shows what stands: an approved rating, a return, or nothing yet. */
export async function settleStatus(tx: Kysely<Database>, evaluationId: number, fallback: 'open' | 'returned'): Promise<void> {
  const revisions = await repo.revisionsOf(tx, [evaluationId]);
  await repo.setStatus(tx, evaluationId, revisions.some((r) => r.status === 'approved') ? 'approved' : fallback);
}

/** Who decided a revision that is no longer pending, for the toast the late clicker gets. */
export function decidedText(r: Revision, timeZone: string): { zh: string; en: string } {
  const at = r.decidedAt ? new Intl.DateTimeFormat('zh-CN', { timeZone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(r.decidedAt) : '';
  const who = r.decidedBy?.name ?? '';
  switch (r.status) {
    case 'approved': case 'superseded': return { zh: `已由${who}于 ${at} 审批同意`, en: `Already approved by ${who} at ${at}` };
    case 'returned': return { zh: `已由${who}于 ${at} 退回`, en: `Already returned by ${who} at ${at}` };
    case 'withdrawn': return { zh: `评定人${who}已于 ${at} 撤回`, en: `Withdrawn by the assessor ${who} at ${at}` };
    default: return { zh: '等待审批', en: 'Waiting for approval' };
  }
}

/** The assessor takes a rating back before a leader decides. */
export async function withdrawRevision(tx: Kysely<Database>, actor: Actor, revisionId: unknown, now: Date, timeZone: string): Promise<Revision> {
  const id = parseId(actor, 'eval.withdraw', revisionId);
  const r = (await repo.revisions(tx, [id]))[0];
  if (!r) throw rejected(actor, 'eval.withdraw', `evaluation_revision:${id}`, { zh: '没有找到这条评定。', en: 'That rating was not found.' });
  await asAssessor(tx, actor, 'eval.withdraw', r.evaluationId);
  if (!(await repo.decide(tx, id, { status: 'withdrawn', by: actor.cadreId, at: now }))) {
    throw new DomainError('conflict', decidedText((await repo.revisions(tx, [id]))[0]!, timeZone));
  }
  await settleStatus(tx, r.evaluationId, 'open');
  return (await repo.revisions(tx, [id]))[0]!;
}

/** The pair member about to write a self-assessment: the mentee or one of its mentors. */
export async function selfAssessmentFor(tx: Kysely<Database>, actor: Actor, evaluationId: unknown): Promise<{ evaluation: Evaluation; who: 'mentor' | 'mentee' }> {
  const id = parseId(actor, 'eval.self', evaluationId);
  const e = await repo.evaluation(tx, id);
  if (!e) throw rejected(actor, 'eval.self', `evaluation:${id}`, { zh: '没有找到这项测评。', en: 'That evaluation was not found.' });
  const who = e.mentee.cadreId === actor.cadreId ? 'mentee' : e.mentors.some((m) => m.cadreId === actor.cadreId) ? 'mentor' : undefined;
  if (!who) throw deniedOn(actor, 'eval.self', `evaluation:${id}`, { zh: '只有这对帮带对子的导师和培养对象可以填写自评。', en: 'Only the mentor and the mentee of this pair may write its self-assessment.' });
  return { evaluation: e, who };
}

/** 自评: the mentee or a mentor of the pair, while the rating has not been sent. */
export async function saveSelfAssessment(tx: Kysely<Database>, actor: Actor, evaluationId: unknown, text: unknown): Promise<{ evaluation: Evaluation; who: 'mentor' | 'mentee' }> {
  const { evaluation: e, who } = await selfAssessmentFor(tx, actor, evaluationId);
  const value = str(text);
  if (!value) throw new DomainError('invalid_input', { zh: '请写几句自评。', en: 'Write a few words of self-assessment.' });
  if (value.length > SELF_MAX) throw rejected(actor, 'eval.self', `evaluation:${e.id}`, { zh: `自评请控制在 ${SELF_MAX} 字以内（现在 ${value.length} 字）。`, en: `Keep the self-assessment within ${SELF_MAX} characters (now ${value.length}).` });
  if (!(await repo.setSelf(tx, e.id, who, value))) {
    throw new DomainError('conflict', { zh: '评定已送审或已批准，自评不能再修改。', en: 'The rating has been sent or approved; the self-assessment can no longer change.' });
  }
  return { evaluation: (await repo.evaluation(tx, e.id))!, who };
}
