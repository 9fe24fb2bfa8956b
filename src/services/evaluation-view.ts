import type { Kysely } from 'kysely';
import type { Database, EvaluationStatus } from '../db/database';
import { EvaluationRepository, type Evaluation, type Revision, type StaffItem } from '../db/repositories/evaluation-repository';
import type { Actor } from '../domain/actor';
import { pendingForLeader } from './evaluation-approval';
import { peopleOf } from './evaluation-people';
import { openItemsFor, staffItemsOfMentor } from './staff-meeting';

/** What 测评 shows each person, and the pairs an assessor still has to rate. */

const repo = new EvaluationRepository();

export interface RateItem {
  evaluation: Evaluation;
  /** the leader's return, when the last revision came back */
  returned?: Revision;
  /** the approved rating a correction would replace */
  standing?: Revision;
}

export interface MyEvaluation {
  evaluation: Evaluation;
  role: 'mentor' | 'mentee';
  standing: Revision | undefined;
  latest: Revision | undefined;
}

export interface EvalOverview {
  toRate: number;
  correctable: Evaluation[];
  mine: MyEvaluation[];
  staff: StaffItem[];
  adminItems: StaffItem[];
  pendingApprovals: number;
}


const lastWith = (rs: Revision[], pred: (r: Revision) => boolean) => rs.filter(pred).at(-1);

/**
 * Evaluations in these statuses that this actor rates. The query narrows them to those they could rate — a
 * program names them, or, for an admin, the pair sits in a unit they answer for — and the roster rule decides;
 * someone who rates nothing costs one small query, whatever the size of the district.
 */
async function assessedBy(tx: Kysely<Database>, actor: Actor, statuses: EvaluationStatus[]): Promise<Evaluation[]> {
  const people = actor.roles.includes('admin') ? await peopleOf(tx) : undefined;
  const ids = await repo.idsAssessableBy(tx, statuses, actor.cadreId, people?.unitsAdministeredBy(actor.cadreId) ?? []);
  if (ids.length === 0) return [];
  const rules = people ?? await peopleOf(tx);
  const mine: Evaluation[] = [];
  for (const e of await repo.evaluations(tx, ids)) if ((await rules.assessorsFor(e)).some((a) => a.cadreId === actor.cadreId)) mine.push(e);
  return mine;
}

/** Open or returned evaluations this actor assesses, oldest quarter first, with the leader's return if any. */
export async function rateItems(tx: Kysely<Database>, actor: Actor): Promise<RateItem[]> {
  const mine = await assessedBy(tx, actor, ['open', 'returned']);
  mine.sort((a, b) => a.quarter.localeCompare(b.quarter));
  const revisions = await repo.revisionsOf(tx, mine.map((e) => e.id));
  return mine.map((evaluation) => {
    const latest = lastWith(revisions, (r) => r.evaluationId === evaluation.id);
    return { evaluation, ...(evaluation.status === 'returned' && latest?.status === 'returned' ? { returned: latest } : {}) };
  });
}

/** One evaluation as the assessor would revise it: returned, or approved (a correction). */
export async function rateItem(tx: Kysely<Database>, evaluation: Evaluation): Promise<RateItem> {
  const revisions = await repo.revisionsOf(tx, [evaluation.id]);
  const latest = revisions.at(-1);
  const standing = lastWith(revisions, (r) => r.status === 'approved');
  return { evaluation, ...(latest?.status === 'returned' ? { returned: latest } : {}), ...(standing ? { standing } : {}) };
}

/** Approved ratings of the latest quarter this actor assessed: what they may still correct. */
export async function correctable(tx: Kysely<Database>, actor: Actor): Promise<Evaluation[]> {
  const mine = await assessedBy(tx, actor, ['approved']);
  const latest = mine.map((e) => e.quarter).sort().at(-1);
  return mine.filter((e) => e.quarter === latest);
}

export async function evalOverview(tx: Kysely<Database>, actor: Actor): Promise<EvalOverview> {
  const evaluations = await repo.evaluations(tx, await repo.idsOfMember(tx, actor.cadreId));
  const revisions = await repo.revisionsOf(tx, evaluations.map((e) => e.id));
  const mine: MyEvaluation[] = evaluations
    .sort((a, b) => b.quarter.localeCompare(a.quarter))
    .map((evaluation) => ({
      evaluation,
      role: evaluation.mentee.cadreId === actor.cadreId ? 'mentee' : 'mentor',
      standing: lastWith(revisions, (r) => r.evaluationId === evaluation.id && r.status === 'approved'),
      latest: lastWith(revisions, (r) => r.evaluationId === evaluation.id),
    }));
  return {
    toRate: (await rateItems(tx, actor)).length,
    correctable: await correctable(tx, actor),
    mine,
    staff: await staffItemsOfMentor(tx, actor.cadreId),
    adminItems: await openItemsFor(tx, actor),
    pendingApprovals: (await pendingForLeader(tx, actor)).length,
  };
}
