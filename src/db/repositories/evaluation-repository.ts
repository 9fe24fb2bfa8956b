import { sql, type Kysely } from 'kysely';
import type { Database, EvaluationStatus, Rating, RevisionStatus } from '../database';

/** Quarterly evaluations (效果测评), their rating revisions and the leaders' batches. Rules live in the services. */

export interface EvalPerson {
  cadreId: number;
  name: string;
  openId: string | null;
}

export interface Evaluation {
  id: number;
  pairId: number;
  programId: number;
  programNameZh: string;
  programNameEn: string;
  /** the program's own assessor, when it names one */
  programAssessorId: number | null;
  quarter: string;
  menteeUnitId: number;
  menteeUnitPath: string;
  status: EvaluationStatus;
  evidence: unknown;
  mentorSelf: string | null;
  menteeSelf: string | null;
  mentee: EvalPerson;
  mentors: (EvalPerson & { lead: boolean })[];
}

export interface Revision {
  id: number;
  evaluationId: number;
  revision: number;
  rating: Rating;
  comment: string;
  correctionReason: string | null;
  assessor: EvalPerson;
  status: RevisionStatus;
  batchId: number;
  submittedAt: Date;
  decidedBy: EvalPerson | null;
  decidedAt: Date | null;
  returnReason: string | null;
}

export interface PendingRevision {
  id: number;
  evaluationId: number;
  menteeUnitId: number;
  submittedAt: Date;
  lastNudgedOn: string | null;
  escalated: boolean;
}

export interface OpeningProgram {
  id: number;
  startDate: string;
  endDate: string | null;
  openWorkday: number;
}

export interface OverlappingPair {
  pairId: number;
  menteeUnitId: number;
  formedAt: Date;
  endedAt: Date | null;
}

export interface RoleHolder extends EvalPerson {
  unitId: number;
}

export interface StaffItem {
  id: number;
  mentor: EvalPerson & { unitId: number };
  kind: 'share' | 'self_criticism';
  firstQuarter: string;
  lastQuarter: string;
  status: 'open' | 'done' | 'void';
  createdAt: Date;
  doneOn: string | null;
  doneBy: EvalPerson | null;
  voidReason: string | null;
}

const person = (id: number, name: string, openId: string | null): EvalPerson => ({ cadreId: id, name, openId });

export class EvaluationRepository {
  async openingPrograms(tx: Kysely<Database>): Promise<OpeningProgram[]> {
    const rows = await tx.selectFrom('programs').select(['id', 'start_date', 'end_date', 'eval_open_workday']).where('active', '=', true).orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, startDate: r.start_date, endDate: r.end_date, openWorkday: r.eval_open_workday }));
  }

  /** Pairs of the program that were active at some time in [from, to). */
  async pairsOverlapping(tx: Kysely<Database>, programId: number, from: Date, to: Date): Promise<OverlappingPair[]> {
    const rows = await tx.selectFrom('pairs').innerJoin('cadres', 'cadres.id', 'pairs.mentee_id')
      .select(['pairs.id', 'cadres.unit_id', 'pairs.formed_at', 'pairs.ended_at'])
      .where('pairs.program_id', '=', programId).where('pairs.formed_at', '<', to)
      .where((eb) => eb.or([eb('pairs.ended_at', 'is', null), eb('pairs.ended_at', '>', from)]))
      .orderBy('pairs.id').execute();
    return rows.map((r) => ({ pairId: r.id, menteeUnitId: r.unit_id, formedAt: r.formed_at, endedAt: r.ended_at }));
  }

  async evaluatedPairs(tx: Kysely<Database>, programId: number, quarter: string): Promise<Set<number>> {
    const rows = await tx.selectFrom('evaluations').select('pair_id').where('program_id', '=', programId).where('quarter', '=', quarter).execute();
    return new Set(rows.map((r) => r.pair_id));
  }

  /** The evaluation's row, or nothing when the pair already has one for the quarter. */
  async insertEvaluation(tx: Kysely<Database>, e: { pairId: number; programId: number; quarter: string; menteeUnitId: number; evidence: unknown }): Promise<number | undefined> {
    const row = await tx.insertInto('evaluations')
      .values({ pair_id: e.pairId, program_id: e.programId, quarter: e.quarter, mentee_unit_id: e.menteeUnitId, evidence: JSON.stringify(e.evidence) })
      .onConflict((oc) => oc.columns(['pair_id', 'quarter']).doNothing()).returning('id').executeTakeFirst();
    return row?.id;
  }

  async evaluations(tx: Kysely<Database>, ids: number[]): Promise<Evaluation[]> {
    if (ids.length === 0) return [];
    const rows = await tx.selectFrom('evaluations as e').innerJoin('programs as p', 'p.id', 'e.program_id')
      .innerJoin('pairs', 'pairs.id', 'e.pair_id').innerJoin('cadres as m', 'm.id', 'pairs.mentee_id').innerJoin('units as u', 'u.id', 'e.mentee_unit_id')
      .select(['e.id', 'e.pair_id', 'e.program_id', 'p.name_zh', 'p.name_en', 'p.eval_assessor_id', 'e.quarter', 'e.mentee_unit_id', 'u.path', 'e.status', 'e.evidence', 'e.mentor_self', 'e.mentee_self', 'm.id as mentee_id', 'm.name as mentee_name', 'm.open_id as mentee_open_id'])
      .where('e.id', 'in', ids).orderBy('u.path').orderBy('m.name').orderBy('e.id').execute();
    const mentors = await tx.selectFrom('pair_mentors').innerJoin('cadres', 'cadres.id', 'pair_mentors.mentor_id')
      .select(['pair_mentors.pair_id', 'cadres.id', 'cadres.name', 'cadres.open_id', 'pair_mentors.lead'])
      .where('pair_mentors.pair_id', 'in', rows.length ? rows.map((r) => r.pair_id) : [-1]).orderBy('pair_mentors.lead', 'desc').orderBy('pair_mentors.added_at').execute();
    return rows.map((r) => ({
      id: r.id, pairId: r.pair_id, programId: r.program_id, programNameZh: r.name_zh, programNameEn: r.name_en, programAssessorId: r.eval_assessor_id,
      quarter: r.quarter, menteeUnitId: r.mentee_unit_id, menteeUnitPath: r.path, status: r.status, evidence: r.evidence,
      mentorSelf: r.mentor_self, menteeSelf: r.mentee_self, mentee: person(r.mentee_id, r.mentee_name, r.mentee_open_id),
      mentors: mentors.filter((m) => m.pair_id === r.pair_id).map((m) => ({ ...person(m.id, m.name, m.open_id), lead: m.lead })),
    }));
  }

  async evaluation(tx: Kysely<Database>, id: number): Promise<Evaluation | undefined> {
    return (await this.evaluations(tx, [id]))[0];
  }

  /** Serialises the revisions of one evaluation (numbering, one pending at a time). */
  async lockEvaluation(tx: Kysely<Database>, id: number): Promise<EvaluationStatus | undefined> {
    return (await tx.selectFrom('evaluations').select('status').where('id', '=', id).forUpdate().executeTakeFirst())?.status;
  }

  async setStatus(tx: Kysely<Database>, id: number, status: EvaluationStatus): Promise<void> {
    await tx.updateTable('evaluations').set({ status }).where('id', '=', id).execute();
  }

  /** A self-assessment, only while no rating waits for a leader or stands approved. */
  async setSelf(tx: Kysely<Database>, id: number, who: 'mentor' | 'mentee', value: string): Promise<boolean> {
    const r = await tx.updateTable('evaluations').set(who === 'mentor' ? { mentor_self: value } : { mentee_self: value })
      .where('id', '=', id).where('status', 'in', ['open', 'returned']).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /**
   * Evaluations in these statuses whose program names this cadre as its assessor, or whose mentee sits in one of
   * `unitIds`: the ones they could be asked to rate.
   */
  async idsAssessableBy(tx: Kysely<Database>, statuses: EvaluationStatus[], cadreId: number, unitIds: number[]): Promise<number[]> {
    const rows = await tx.selectFrom('evaluations as e').innerJoin('programs as p', 'p.id', 'e.program_id').select('e.id')
      .where('e.status', 'in', statuses)
      .where((eb) => eb.or([eb('p.eval_assessor_id', '=', cadreId), ...(unitIds.length > 0 ? [eb('e.mentee_unit_id', 'in', unitIds)] : [])]))
      .orderBy('e.id').execute();
    return rows.map((r) => r.id);
  }

  /** Evaluations of the pairs a cadre mentors or is mentored in. */
  async idsOfMember(tx: Kysely<Database>, cadreId: number): Promise<number[]> {
    const rows = await tx.selectFrom('evaluations as e').innerJoin('pairs', 'pairs.id', 'e.pair_id').select('e.id')
      .where((eb) => eb.or([eb('pairs.mentee_id', '=', cadreId), eb.exists(eb.selectFrom('pair_mentors').select('pair_id').whereRef('pair_mentors.pair_id', '=', 'pairs.id').where('pair_mentors.mentor_id', '=', cadreId))]))
      .orderBy('e.quarter', 'desc').orderBy('e.id').execute();
    return rows.map((r) => r.id);
  }

  private revisionQuery(tx: Kysely<Database>) {
    return tx.selectFrom('evaluation_revisions as r').innerJoin('cadres as a', 'a.id', 'r.assessor_id').leftJoin('cadres as d', 'd.id', 'r.decided_by')
      .select(['r.id', 'r.evaluation_id', 'r.revision', 'r.rating', 'r.comment', 'r.correction_reason', 'r.status', 'r.batch_id', 'r.submitted_at', 'r.decided_at', 'r.return_reason',
        'a.id as a_id', 'a.name as a_name', 'a.open_id as a_open_id', 'd.id as d_id', 'd.name as d_name', 'd.open_id as d_open_id']);
  }

  private static toRevision(r: {
    id: number; evaluation_id: number; revision: number; rating: Rating; comment: string; correction_reason: string | null; status: RevisionStatus; batch_id: number; submitted_at: Date;
    decided_at: Date | null; return_reason: string | null; a_id: number; a_name: string; a_open_id: string | null; d_id: number | null; d_name: string | null; d_open_id: string | null;
  }): Revision {
    return {
      id: r.id, evaluationId: r.evaluation_id, revision: r.revision, rating: r.rating, comment: r.comment, correctionReason: r.correction_reason, status: r.status, batchId: r.batch_id,
      submittedAt: r.submitted_at, decidedAt: r.decided_at, returnReason: r.return_reason, assessor: person(r.a_id, r.a_name, r.a_open_id),
      decidedBy: r.d_id === null ? null : person(r.d_id, r.d_name ?? '', r.d_open_id),
    };
  }

  /** Every revision of these evaluations, oldest first. */
  async revisionsOf(tx: Kysely<Database>, evaluationIds: number[]): Promise<Revision[]> {
    if (evaluationIds.length === 0) return [];
    return (await this.revisionQuery(tx).where('r.evaluation_id', 'in', evaluationIds).orderBy('r.evaluation_id').orderBy('r.revision').execute()).map(EvaluationRepository.toRevision);
  }

  async revisions(tx: Kysely<Database>, ids: number[]): Promise<Revision[]> {
    if (ids.length === 0) return [];
    return (await this.revisionQuery(tx).where('r.id', 'in', ids).orderBy('r.id').execute()).map(EvaluationRepository.toRevision);
  }

  async revisionIdsInBatch(tx: Kysely<Database>, batchId: number): Promise<number[]> {
    return (await tx.selectFrom('evaluation_revisions').select('id').where('batch_id', '=', batchId).orderBy('id').execute()).map((r) => r.id);
  }

  async insertBatch(tx: Kysely<Database>, b: { quarter: string; leaderUnitId: number; createdBy: number }): Promise<number> {
    return (await tx.insertInto('approval_batches').values({ quarter: b.quarter, leader_unit_id: b.leaderUnitId, created_by: b.createdBy }).returning('id').executeTakeFirstOrThrow()).id;
  }

  async insertRevision(tx: Kysely<Database>, r: { evaluationId: number; rating: Rating; comment: string; correctionReason: string | null; assessorId: number; batchId: number; at: Date }): Promise<number> {
    const next = await tx.selectFrom('evaluation_revisions').select(sql<number>`coalesce(max(revision), 0) + 1`.as('n')).where('evaluation_id', '=', r.evaluationId).executeTakeFirstOrThrow();
    const row = await tx.insertInto('evaluation_revisions').values({
      evaluation_id: r.evaluationId, revision: Number(next.n), rating: r.rating, comment: r.comment, correction_reason: r.correctionReason,
      assessor_id: r.assessorId, batch_id: r.batchId, submitted_at: r.at,
    }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  /**
   * The one decision on a pending revision: a conditional update, so a double click or two leaders at once
   * change it once; the loser gets false and re-reads who decided.
   */
  async decide(tx: Kysely<Database>, id: number, d: { status: 'approved' | 'returned' | 'withdrawn'; by: number; at: Date; reason?: string }): Promise<boolean> {
    const r = await tx.updateTable('evaluation_revisions')
      .set({ status: d.status, decided_by: d.by, decided_at: d.at, ...(d.reason !== undefined ? { return_reason: d.reason } : {}) })
      .where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** An approved correction replaces the rating that stood before it (which stays, as history). */
  async supersedeApproved(tx: Kysely<Database>, evaluationId: number, exceptId: number): Promise<void> {
    await tx.updateTable('evaluation_revisions').set({ status: 'superseded' }).where('evaluation_id', '=', evaluationId).where('status', '=', 'approved').where('id', '<>', exceptId).execute();
  }

  async pendingRevisions(tx: Kysely<Database>): Promise<PendingRevision[]> {
    const rows = await tx.selectFrom('evaluation_revisions as r').innerJoin('evaluations as e', 'e.id', 'r.evaluation_id')
      .select(['r.id', 'r.evaluation_id', 'e.mentee_unit_id', 'r.submitted_at', 'r.last_nudged_on', 'r.escalated_at']).where('r.status', '=', 'pending').orderBy('r.id').execute();
    return rows.map((r) => ({ id: r.id, evaluationId: r.evaluation_id, menteeUnitId: r.mentee_unit_id, submittedAt: r.submitted_at, lastNudgedOn: r.last_nudged_on, escalated: r.escalated_at !== null }));
  }

  async markNudged(tx: Kysely<Database>, ids: number[], on: string): Promise<void> {
    if (ids.length) await tx.updateTable('evaluation_revisions').set({ last_nudged_on: on }).where('id', 'in', ids).execute();
  }

  async markEscalated(tx: Kysely<Database>, ids: number[], at: Date): Promise<void> {
    if (ids.length) await tx.updateTable('evaluation_revisions').set({ escalated_at: at }).where('id', 'in', ids).where('escalated_at', 'is', null).execute();
  }

  /** Every unit's id and path: the tree, for finding the nearest role holders of many units at once. */
  async unitPaths(tx: Kysely<Database>): Promise<{ id: number; path: string }[]> {
    return tx.selectFrom('units').select(['id', 'path']).execute();
  }

  async unitPath(tx: Kysely<Database>, unitId: number): Promise<string | undefined> {
    return (await tx.selectFrom('units').select('path').where('id', '=', unitId).executeTakeFirst())?.path;
  }

  /** Active cadres holding the role (in these units, when given). */
  async roleHolders(tx: Kysely<Database>, role: 'admin' | 'leader', unitIds?: number[]): Promise<RoleHolder[]> {
    if (unitIds && unitIds.length === 0) return [];
    let q = tx.selectFrom('cadres').select(['id', 'name', 'open_id', 'unit_id']).where('active', '=', true).where(sql<boolean>`roles @> array[${role}]::text[]`);
    if (unitIds) q = q.where('unit_id', 'in', unitIds);
    return (await q.orderBy('id').execute()).map((r) => ({ ...person(r.id, r.name, r.open_id), unitId: r.unit_id }));
  }

  async cadre(tx: Kysely<Database>, id: number): Promise<(EvalPerson & { unitId: number; active: boolean }) | undefined> {
    const r = await tx.selectFrom('cadres').select(['id', 'name', 'open_id', 'unit_id', 'active']).where('id', '=', id).executeTakeFirst();
    return r && { ...person(r.id, r.name, r.open_id), unitId: r.unit_id, active: r.active };
  }

  /** The rating that stands for each quarter a mentor's pairs were rated in (approved revisions only). */
  async approvedRatingsOfMentor(tx: Kysely<Database>, mentorId: number): Promise<{ quarter: string; rating: Rating }[]> {
    const rows = await tx.selectFrom('evaluation_revisions as r').innerJoin('evaluations as e', 'e.id', 'r.evaluation_id')
      .innerJoin('pair_mentors as pm', 'pm.pair_id', 'e.pair_id').select(['e.quarter', 'r.rating'])
      .where('pm.mentor_id', '=', mentorId).where('r.status', '=', 'approved').orderBy('e.quarter').execute();
    return rows;
  }

  private staffQuery(tx: Kysely<Database>) {
    return tx.selectFrom('staff_meeting_items as s').innerJoin('cadres as m', 'm.id', 's.mentor_id').leftJoin('cadres as d', 'd.id', 's.done_by')
      .select(['s.id', 's.kind', 's.first_quarter', 's.last_quarter', 's.status', 's.created_at', 's.done_on', 's.void_reason',
        'm.id as m_id', 'm.name as m_name', 'm.open_id as m_open_id', 'm.unit_id as m_unit_id', 'd.id as d_id', 'd.name as d_name', 'd.open_id as d_open_id']);
  }

  async staffItems(tx: Kysely<Database>, filter: { mentorId?: number; ids?: number[]; status?: ('open' | 'done' | 'void')[] }): Promise<StaffItem[]> {
    let q = this.staffQuery(tx);
    if (filter.mentorId !== undefined) q = q.where('s.mentor_id', '=', filter.mentorId);
    if (filter.ids) q = q.where('s.id', 'in', filter.ids.length ? filter.ids : [-1]);
    if (filter.status) q = q.where('s.status', 'in', filter.status);
    const rows = await q.orderBy('s.last_quarter').orderBy('s.id').execute();
    return rows.map((r) => ({
      id: r.id, kind: r.kind, firstQuarter: r.first_quarter, lastQuarter: r.last_quarter, status: r.status, createdAt: r.created_at, doneOn: r.done_on, voidReason: r.void_reason,
      mentor: { ...person(r.m_id, r.m_name, r.m_open_id), unitId: r.m_unit_id }, doneBy: r.d_id === null ? null : person(r.d_id, r.d_name ?? '', r.d_open_id),
    }));
  }

  async insertStaffItem(tx: Kysely<Database>, i: { mentorId: number; kind: 'share' | 'self_criticism'; firstQuarter: string; lastQuarter: string }): Promise<number | undefined> {
    const row = await sql<{ id: number }>`
      insert into staff_meeting_items (mentor_id, kind, first_quarter, last_quarter) values (${i.mentorId}, ${i.kind}, ${i.firstQuarter}, ${i.lastQuarter})
      on conflict (mentor_id, kind, last_quarter) where status <> 'void' do nothing returning id`.execute(tx);
    return row.rows[0] ? Number(row.rows[0].id) : undefined;
  }

  async voidStaffItem(tx: Kysely<Database>, id: number, reason: string, at: Date): Promise<boolean> {
    const r = await tx.updateTable('staff_meeting_items').set({ status: 'void', void_reason: reason, voided_at: at }).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async markStaffItemDone(tx: Kysely<Database>, id: number, doneOn: string, by: number): Promise<boolean> {
    const r = await tx.updateTable('staff_meeting_items').set({ status: 'done', done_on: doneOn, done_by: by }).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
