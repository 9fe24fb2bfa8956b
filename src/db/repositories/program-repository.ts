import type { Kysely } from 'kysely';
import type { CadreCategory, Database, MenteeRule, ProgramTrack } from '../database';
import type { Batch, Candidate, OverrideMode, PoolRole, Program } from '../../domain/programs';

/** A program as written: everything but the id and the unit's path, which the database supplies. */
export type NewProgram = Omit<Program, 'id' | 'unitPath' | 'active' | 'allowCoMentors' | 'nudgeDays' | 'expireDays' | 'reportWeekday' | 'reportTime' | 'evalOpenWorkday' | 'evalAssessorId'> & Partial<Pick<Program, 'active' | 'allowCoMentors' | 'nudgeDays' | 'expireDays' | 'reportWeekday' | 'reportTime' | 'evalOpenWorkday' | 'evalAssessorId'>>;

export type ProgramPatch = Partial<Pick<NewProgram, 'nameZh' | 'nameEn' | 'startDate' | 'endDate' | 'unitId' | 'defaultCapacity' | 'active' | 'mentorCategories' | 'menteeCategories' | 'menteeRule' | 'allowCoMentors' | 'nudgeDays' | 'expireDays' | 'reportWeekday' | 'reportTime' | 'evalOpenWorkday' | 'evalAssessorId'>>;

export interface Override {
  programId: number;
  cadreId: number;
  role: PoolRole;
  mode: OverrideMode;
}

export interface BatchMembership {
  programId: number;
  batchId: number;
  number: number;
  startDate: string;
  endDate: string;
  cadreId: number;
}

/** Programs, their explicit pool overrides and their secondment batches. Rows stay in here. */
export class ProgramRepository {
  private programs(tx: Kysely<Database>) {
    return tx
      .selectFrom('programs')
      .innerJoin('units', 'units.id', 'programs.unit_id')
      .select([
        'programs.id', 'programs.code', 'programs.track', 'programs.name_zh', 'programs.name_en', 'programs.start_date', 'programs.end_date',
        'programs.unit_id', 'units.path', 'programs.default_capacity', 'programs.mentor_categories', 'programs.mentee_categories',
        'programs.mentee_rule', 'programs.active', 'programs.allow_co_mentors', 'programs.application_nudge_days', 'programs.application_expire_days',
        'programs.report_weekday', 'programs.report_time', 'programs.eval_open_workday', 'programs.eval_assessor_id',
      ]);
  }

  async list(tx: Kysely<Database>, opts: { activeOnly?: boolean } = {}): Promise<Program[]> {
    let q = this.programs(tx);
    if (opts.activeOnly) q = q.where('programs.active', '=', true);
    return (await q.orderBy('programs.start_date').orderBy('programs.id').execute()).map(toProgram);
  }

  async findByCode(tx: Kysely<Database>, code: string): Promise<Program | undefined> {
    const row = await this.programs(tx).where('programs.code', '=', code).executeTakeFirst();
    return row ? toProgram(row) : undefined;
  }

  async findById(tx: Kysely<Database>, id: number): Promise<Program | undefined> {
    const row = await this.programs(tx).where('programs.id', '=', id).executeTakeFirst();
    return row ? toProgram(row) : undefined;
  }

  async unitByPath(tx: Kysely<Database>, path: string): Promise<{ id: number; path: string } | undefined> {
    return tx.selectFrom('units').select(['id', 'path']).where('path', '=', path).executeTakeFirst();
  }

  async create(tx: Kysely<Database>, p: NewProgram): Promise<number> {
    const row = await tx
      .insertInto('programs')
      .values({
        code: p.code, track: p.track, name_zh: p.nameZh, name_en: p.nameEn, start_date: p.startDate, end_date: p.endDate, unit_id: p.unitId,
        default_capacity: p.defaultCapacity, mentor_categories: p.mentorCategories, mentee_categories: p.menteeCategories, mentee_rule: p.menteeRule,
        ...(p.active === undefined ? {} : { active: p.active }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async update(tx: Kysely<Database>, id: number, patch: ProgramPatch): Promise<void> {
    await tx
      .updateTable('programs')
      .set((eb) => ({
        ...(patch.nameZh !== undefined ? { name_zh: patch.nameZh } : {}),
        ...(patch.nameEn !== undefined ? { name_en: patch.nameEn } : {}),
        ...(patch.startDate !== undefined ? { start_date: patch.startDate } : {}),
        ...(patch.endDate !== undefined ? { end_date: patch.endDate } : {}),
        ...(patch.unitId !== undefined ? { unit_id: patch.unitId } : {}),
        ...(patch.defaultCapacity !== undefined ? { default_capacity: patch.defaultCapacity } : {}),
        ...(patch.active !== undefined ? { active: patch.active } : {}),
        ...(patch.mentorCategories !== undefined ? { mentor_categories: patch.mentorCategories } : {}),
        ...(patch.menteeCategories !== undefined ? { mentee_categories: patch.menteeCategories } : {}),
        ...(patch.menteeRule !== undefined ? { mentee_rule: patch.menteeRule } : {}),
        ...(patch.allowCoMentors !== undefined ? { allow_co_mentors: patch.allowCoMentors } : {}),
        ...(patch.nudgeDays !== undefined ? { application_nudge_days: patch.nudgeDays } : {}),
        ...(patch.expireDays !== undefined ? { application_expire_days: patch.expireDays } : {}),
        ...(patch.reportWeekday !== undefined ? { report_weekday: patch.reportWeekday } : {}),
        ...(patch.reportTime !== undefined ? { report_time: patch.reportTime } : {}),
        ...(patch.evalOpenWorkday !== undefined ? { eval_open_workday: patch.evalOpenWorkday } : {}),
        ...(patch.evalAssessorId !== undefined ? { eval_assessor_id: patch.evalAssessorId } : {}),
        updated_at: eb.fn('now'),
      }))
      .where('id', '=', id)
      .execute();
  }

  /** Active cadres of these categories in the unit `scopePath` or anywhere below it (units.path prefix). */
  async candidatesInScope(tx: Kysely<Database>, scopePath: string, categories: CadreCategory[]): Promise<Candidate[]> {
    if (categories.length === 0) return [];
    return this.candidates(tx)
      .where('cadres.active', '=', true)
      .where('cadres.category', 'in', categories)
      // starts_with on "scope/" so that '武隆区/火炉' never matches '武隆区/火炉镇'
      .where((eb) => eb.or([eb('units.path', '=', scopePath), eb(eb.fn<boolean>('starts_with', ['units.path', eb.val(`${scopePath}/`)]), '=', true)]))
      .orderBy('cadres.id')
      .execute();
  }

  /** These cadres, active or not, wherever they are (overrides may reach outside the scope). */
  async candidatesByIds(tx: Kysely<Database>, ids: number[]): Promise<Candidate[]> {
    if (ids.length === 0) return [];
    return this.candidates(tx).where('cadres.id', 'in', ids).orderBy('cadres.id').execute();
  }

  private candidates(tx: Kysely<Database>) {
    return tx
      .selectFrom('cadres')
      .innerJoin('units', 'units.id', 'cadres.unit_id')
      .select([
        'cadres.id as cadreId', 'cadres.open_id as openId', 'cadres.name', 'units.path as unitPath', 'cadres.category',
        'cadres.birth_date as birthDate', 'cadres.hire_date as hireDate', 'cadres.active',
      ]);
  }

  async overrides(tx: Kysely<Database>, filter: { programId?: number; cadreId?: number }): Promise<Override[]> {
    let q = tx.selectFrom('program_overrides').select(['program_id as programId', 'cadre_id as cadreId', 'role', 'mode']);
    if (filter.programId !== undefined) q = q.where('program_id', '=', filter.programId);
    if (filter.cadreId !== undefined) q = q.where('cadre_id', '=', filter.cadreId);
    return q.orderBy('cadre_id').execute();
  }

  /** Set (or, with mode null, clear) an override; returns the mode it replaced. */
  async setOverride(tx: Kysely<Database>, o: Omit<Override, 'mode'> & { mode: OverrideMode | null; createdBy: string }): Promise<OverrideMode | undefined> {
    const before = await tx
      .deleteFrom('program_overrides')
      .where('program_id', '=', o.programId).where('cadre_id', '=', o.cadreId).where('role', '=', o.role)
      .returning('mode')
      .executeTakeFirst();
    if (o.mode) {
      await tx.insertInto('program_overrides').values({ program_id: o.programId, cadre_id: o.cadreId, role: o.role, mode: o.mode, created_by: o.createdBy }).execute();
    }
    return before?.mode;
  }

  async batches(tx: Kysely<Database>, programId: number): Promise<Batch[]> {
    return tx
      .selectFrom('secondment_batches')
      .select(['id', 'program_id as programId', 'number', 'start_date as startDate', 'end_date as endDate'])
      .where('program_id', '=', programId)
      .orderBy('number')
      .execute();
  }

  async addBatch(tx: Kysely<Database>, programId: number, b: { number: number; startDate: string; endDate: string }): Promise<number> {
    const row = await tx.insertInto('secondment_batches').values({ program_id: programId, number: b.number, start_date: b.startDate, end_date: b.endDate }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  async updateBatch(tx: Kysely<Database>, batchId: number, b: { startDate: string; endDate: string }): Promise<void> {
    await tx.updateTable('secondment_batches').set({ start_date: b.startDate, end_date: b.endDate }).where('id', '=', batchId).execute();
  }

  /** Batch memberships of a program, or of a cadre across programs. */
  async memberships(tx: Kysely<Database>, filter: { programId?: number; cadreId?: number }): Promise<BatchMembership[]> {
    let q = tx
      .selectFrom('batch_members')
      .innerJoin('secondment_batches', 'secondment_batches.id', 'batch_members.batch_id')
      .select([
        'secondment_batches.program_id as programId', 'secondment_batches.id as batchId', 'secondment_batches.number',
        'secondment_batches.start_date as startDate', 'secondment_batches.end_date as endDate', 'batch_members.cadre_id as cadreId',
      ]);
    if (filter.programId !== undefined) q = q.where('secondment_batches.program_id', '=', filter.programId);
    if (filter.cadreId !== undefined) q = q.where('batch_members.cadre_id', '=', filter.cadreId);
    return q.orderBy('secondment_batches.number').orderBy('batch_members.cadre_id').execute();
  }

  /** Put a cadre in one batch of the program, taking them out of any other batch of it. */
  async assignToBatch(tx: Kysely<Database>, programId: number, batchId: number, cadreId: number): Promise<void> {
    const others = tx.selectFrom('secondment_batches').select('id').where('program_id', '=', programId).where('id', '<>', batchId);
    await tx.deleteFrom('batch_members').where('cadre_id', '=', cadreId).where('batch_id', 'in', others).execute();
    await tx.insertInto('batch_members').values({ batch_id: batchId, cadre_id: cadreId }).onConflict((oc) => oc.doNothing()).execute();
  }

  async removeFromBatch(tx: Kysely<Database>, batchId: number, cadreId: number): Promise<void> {
    await tx.deleteFrom('batch_members').where('batch_id', '=', batchId).where('cadre_id', '=', cadreId).execute();
  }
}

type ProgramRow = {
  id: number; code: string; track: ProgramTrack; name_zh: string; name_en: string; start_date: string; end_date: string | null;
  unit_id: number; path: string; default_capacity: number; mentor_categories: CadreCategory[]; mentee_categories: CadreCategory[];
  mentee_rule: MenteeRule; active: boolean; allow_co_mentors: boolean; application_nudge_days: number; application_expire_days: number; report_weekday: number; report_time: string; eval_open_workday: number; eval_assessor_id: number | null;
};

function toProgram(r: ProgramRow): Program {
  return {
    id: r.id, code: r.code, track: r.track, nameZh: r.name_zh, nameEn: r.name_en, startDate: r.start_date, endDate: r.end_date,
    unitId: r.unit_id, unitPath: r.path, defaultCapacity: r.default_capacity, mentorCategories: r.mentor_categories,
    menteeCategories: r.mentee_categories, menteeRule: r.mentee_rule, active: r.active,
    allowCoMentors: r.allow_co_mentors, nudgeDays: r.application_nudge_days, expireDays: r.application_expire_days,
    reportWeekday: r.report_weekday, reportTime: r.report_time, evalOpenWorkday: r.eval_open_workday, evalAssessorId: r.eval_assessor_id,
  };
}
