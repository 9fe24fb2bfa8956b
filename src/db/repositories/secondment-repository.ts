import { sql, type Kysely } from 'kysely';
import type { Database } from '../database';

/** A batch with the program it belongs to (挂职锻炼 runs in numbered batches). */
export interface BatchOfProgram {
  batchId: number;
  number: number;
  startDate: string;
  endDate: string;
  programId: number;
  programCode: string;
  programNameZh: string;
  programNameEn: string;
  /** the program is active and is a village-cadre secondment */
  programOpen: boolean;
}

export interface BatchMember {
  cadreId: number;
  name: string;
  openId: string | null;
  active: boolean;
  unitPath: string;
}

export interface SurveyAnswer {
  batchId: number;
  cadreId: number;
  name: string;
  choices: string[];
  note: string;
  submittedAt: Date;
}

export interface EndedPair {
  pairId: number;
  mentee: { cadreId: number; name: string; openId: string | null };
  mentors: { cadreId: number; name: string; openId: string | null }[];
}

/** Secondment batches, their members, the pre-survey (摸排) and what the batch notices need. Rows stay in here. */
export class SecondmentRepository {
  private batches(tx: Kysely<Database>) {
    return tx.selectFrom('secondment_batches').innerJoin('programs', 'programs.id', 'secondment_batches.program_id')
      .select([
        'secondment_batches.id as batchId', 'secondment_batches.number', 'secondment_batches.start_date as startDate', 'secondment_batches.end_date as endDate',
        'programs.id as programId', 'programs.code as programCode', 'programs.name_zh as programNameZh', 'programs.name_en as programNameEn',
        sql<boolean>`programs.active and programs.track = 'village_secondment'`.as('programOpen'),
      ]);
  }

  batch(tx: Kysely<Database>, batchId: number): Promise<BatchOfProgram | undefined> {
    return this.batches(tx).where('secondment_batches.id', '=', batchId).executeTakeFirst();
  }

  programBatches(tx: Kysely<Database>, programId: number): Promise<BatchOfProgram[]> {
    return this.batches(tx).where('programs.id', '=', programId).orderBy('secondment_batches.number').execute();
  }

  /** The batches a cadre serves in, across secondment programs. */
  batchesOf(tx: Kysely<Database>, cadreId: number): Promise<BatchOfProgram[]> {
    return this.batches(tx).innerJoin('batch_members', 'batch_members.batch_id', 'secondment_batches.id')
      .where('batch_members.cadre_id', '=', cadreId).where('programs.track', '=', 'village_secondment')
      .orderBy('secondment_batches.start_date').orderBy('secondment_batches.id').execute();
  }

  async isMember(tx: Kysely<Database>, batchId: number, cadreId: number): Promise<boolean> {
    const row = await tx.selectFrom('batch_members').select('cadre_id').where('batch_id', '=', batchId).where('cadre_id', '=', cadreId).executeTakeFirst();
    return row !== undefined;
  }

  members(tx: Kysely<Database>, batchId: number): Promise<BatchMember[]> {
    return tx.selectFrom('batch_members').innerJoin('cadres', 'cadres.id', 'batch_members.cadre_id').innerJoin('units', 'units.id', 'cadres.unit_id')
      .select(['cadres.id as cadreId', 'cadres.name', 'cadres.open_id as openId', 'cadres.active', 'units.path as unitPath'])
      .where('batch_members.batch_id', '=', batchId).orderBy('cadres.id').execute();
  }

  async survey(tx: Kysely<Database>, batchId: number, cadreId: number): Promise<{ choices: string[]; note: string } | undefined> {
    return tx.selectFrom('survey_responses').select(['choices', 'note']).where('batch_id', '=', batchId).where('cadre_id', '=', cadreId).executeTakeFirst();
  }

  /** One answer per batch and cadre: submitting again replaces it. */
  async saveSurvey(tx: Kysely<Database>, a: { batchId: number; cadreId: number; choices: string[]; note: string }): Promise<void> {
    await tx.insertInto('survey_responses').values({ batch_id: a.batchId, cadre_id: a.cadreId, choices: a.choices, note: a.note })
      .onConflict((oc) => oc.columns(['batch_id', 'cadre_id']).doUpdateSet({ choices: a.choices, note: a.note, submitted_at: sql<Date>`now()` }))
      .execute();
  }

  /** Every answer in the program's batches, oldest first. */
  surveys(tx: Kysely<Database>, programId: number): Promise<SurveyAnswer[]> {
    return tx.selectFrom('survey_responses').innerJoin('secondment_batches', 'secondment_batches.id', 'survey_responses.batch_id')
      .innerJoin('cadres', 'cadres.id', 'survey_responses.cadre_id')
      .select(['survey_responses.batch_id as batchId', 'cadres.id as cadreId', 'cadres.name', 'survey_responses.choices', 'survey_responses.note', 'survey_responses.submitted_at as submittedAt'])
      .where('secondment_batches.program_id', '=', programId).orderBy('survey_responses.submitted_at').orderBy('cadres.id').execute();
  }

  /** Strength codes of these cadres. */
  async strengthCodes(tx: Kysely<Database>, cadreIds: number[]): Promise<Map<number, string[]>> {
    const map = new Map<number, string[]>(cadreIds.map((id) => [id, []]));
    if (cadreIds.length === 0) return map;
    const rows = await tx.selectFrom('cadre_strengths').innerJoin('catalogue_items', 'catalogue_items.id', 'cadre_strengths.item_id')
      .select(['cadre_strengths.cadre_id', 'catalogue_items.code']).where('cadre_strengths.cadre_id', 'in', cadreIds).orderBy('catalogue_items.sort').execute();
    for (const r of rows) map.get(r.cadre_id)?.push(r.code);
    return map;
  }

  /** Mentors the organisation does not want this mentee paired with (pair_avoid). */
  async avoided(tx: Kysely<Database>, programId: number, menteeId: number): Promise<Set<number>> {
    const rows = await tx.selectFrom('pair_avoid').select('mentor_id').where('program_id', '=', programId).where('mentee_id', '=', menteeId).execute();
    return new Set(rows.map((r) => r.mentor_id));
  }

  /**
   * Batches of active secondment programs the notices loop must look at on `today`: running ones (opening
   * notices), ones that ended within `closeDays` (closing notices), and ended ones whose pairs are still active.
   */
  async noticeCandidates(tx: Kysely<Database>, today: string, closeDays: number): Promise<BatchOfProgram[]> {
    return this.batches(tx)
      .where('programs.active', '=', true).where('programs.track', '=', 'village_secondment')
      .where(sql<boolean>`(secondment_batches.start_date <= ${today}::date and secondment_batches.end_date >= ${today}::date)
        or (secondment_batches.end_date < ${today}::date
            and (secondment_batches.end_date >= ${today}::date - ${closeDays}::int or exists (${this.activePairsOfBatch(sql.ref('secondment_batches.id'))})))`)
      .orderBy('secondment_batches.id').execute();
  }

  /** The batch's active pairs: claimed in it (batch_id), or formed otherwise for one of its members in that program. */
  private activePairsOfBatch(batchId: unknown) {
    return sql`select p.id from pairs p join secondment_batches b on b.id = ${batchId}
      where p.program_id = b.program_id and p.status = 'active'
        and (p.batch_id = b.id or (p.batch_id is null and exists (select 1 from batch_members m where m.batch_id = b.id and m.cadre_id = p.mentee_id)))`;
  }

  /** Serialise the notices of one batch across instances for the rest of the transaction. */
  async lockBatch(tx: Kysely<Database>, batchId: number): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtext('yinhang:batch-notices'), ${batchId}::int)`.execute(tx);
  }

  /** End the batch's active pairs as 'completed'; returns those this call ended, with their people. */
  async completePairs(tx: Kysely<Database>, batchId: number): Promise<EndedPair[]> {
    const ended = await sql<{ id: number; mentee_id: number }>`
      update pairs set status = 'ended', ended_at = now(), end_reason = 'completed'
       where status = 'active' and id in (${this.activePairsOfBatch(batchId)})
      returning id, mentee_id`.execute(tx);
    if (ended.rows.length === 0) return [];
    const ids = ended.rows.map((r) => r.id);
    const people = await tx.selectFrom('pairs').innerJoin('cadres as mentee', 'mentee.id', 'pairs.mentee_id')
      .innerJoin('pair_mentors', 'pair_mentors.pair_id', 'pairs.id').innerJoin('cadres as mentor', 'mentor.id', 'pair_mentors.mentor_id')
      .select(['pairs.id', 'mentee.id as menteeId', 'mentee.name as menteeName', 'mentee.open_id as menteeOpenId', 'mentor.id as mentorId', 'mentor.name as mentorName', 'mentor.open_id as mentorOpenId', 'mentor.active as mentorActive'])
      .where('pairs.id', 'in', ids).orderBy('pairs.id').orderBy('pair_mentors.lead', 'desc').orderBy('mentor.id').execute();
    const byPair = new Map<number, EndedPair>();
    for (const r of people) {
      const pair = byPair.get(r.id) ?? { pairId: r.id, mentee: { cadreId: r.menteeId, name: r.menteeName, openId: r.menteeOpenId }, mentors: [] };
      if (r.mentorActive) pair.mentors.push({ cadreId: r.mentorId, name: r.mentorName, openId: r.mentorOpenId });
      byPair.set(r.id, pair);
    }
    return [...byPair.values()];
  }

  /** Which of these outbox dedupe keys were already used (a notice queued by this or another instance). */
  async usedDedupeKeys(tx: Kysely<Database>, keys: string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await tx.selectFrom('outbox').select('dedupe_key').where('dedupe_key', 'in', keys).execute();
    return new Set(rows.map((r) => r.dedupe_key).filter((k): k is string => k !== null));
  }
}
