import { sql, type Kysely } from 'kysely';
import type { Database, ProgramTrack, TutoringRecord } from '../database';

export interface ReportBody {
  learned: string;
  did: string;
  problems: string;
  nextWeek: string;
  tutoring: TutoringRecord[];
}

export interface Report extends ReportBody {
  id: number;
  pairId: number;
  week: string;
  late: boolean;
  submittedAt: Date;
  updatedAt: Date;
}

export interface Person {
  cadreId: number;
  name: string;
  openId: string | null;
}

/** A pair as the weekly report needs it: who reports, who reads, which program (track: reverse mentoring shows tutoring first). */
export interface ReportPair {
  pairId: number;
  programId: number;
  programNameZh: string;
  programNameEn: string;
  track: ProgramTrack;
  active: boolean;
  mentee: Person & { unitPath: string };
  mentors: Person[];
}

export interface ReviewRow {
  mentorId: number;
  readAt: Date | null;
  comment: string | null;
}

const REPORT_COLUMNS = ['id', 'pair_id', 'iso_week', 'learned', 'did', 'problems', 'next_week', 'tutoring', 'late', 'submitted_at', 'updated_at'] as const;

type ReportRow = { id: number; pair_id: number; iso_week: string; learned: string; did: string; problems: string; next_week: string; tutoring: TutoringRecord[]; late: boolean; submitted_at: Date; updated_at: Date };

const toReport = (r: ReportRow): Report => ({
  id: r.id, pairId: r.pair_id, week: r.iso_week, learned: r.learned, did: r.did, problems: r.problems, nextWeek: r.next_week,
  tutoring: r.tutoring, late: r.late, submittedAt: r.submitted_at, updatedAt: r.updated_at,
});

/** Weekly reports (周报), their reviews, and the pair/program facts the prompts and nudges need. */
export class ReportRepository {
  /** Serialise every write to one pair's reports for the rest of the transaction (double clicks, edits racing). */
  async lockPair(tx: Kysely<Database>, pairId: number): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtext('weekly_reports'), ${pairId}::int)`.execute(tx);
  }

  async find(tx: Kysely<Database>, pairId: number, week: string): Promise<Report | undefined> {
    const r = await tx.selectFrom('weekly_reports').select(REPORT_COLUMNS).where('pair_id', '=', pairId).where('iso_week', '=', week).executeTakeFirst();
    return r && toReport(r);
  }

  async byId(tx: Kysely<Database>, id: number): Promise<Report | undefined> {
    const r = await tx.selectFrom('weekly_reports').select(REPORT_COLUMNS).where('id', '=', id).executeTakeFirst();
    return r && toReport(r);
  }

  /** Insert or replace the pair's report for the week (the caller holds lockPair). */
  async upsert(tx: Kysely<Database>, r: { pairId: number; week: string; body: ReportBody; late: boolean; by: number }): Promise<Report> {
    const values = { learned: r.body.learned, did: r.body.did, problems: r.body.problems, next_week: r.body.nextWeek, tutoring: JSON.stringify(r.body.tutoring), late: r.late };
    const row = await tx.insertInto('weekly_reports').values({ pair_id: r.pairId, iso_week: r.week, submitted_by: r.by, ...values })
      .onConflict((oc) => oc.constraint('weekly_reports_once').doUpdateSet({ ...values, submitted_by: r.by, updated_at: sql<Date>`now()` }))
      .returning(REPORT_COLUMNS).executeTakeFirstOrThrow();
    return toReport(row);
  }

  async pair(tx: Kysely<Database>, pairId: number): Promise<ReportPair | undefined> {
    const p = await tx.selectFrom('pairs').innerJoin('programs', 'programs.id', 'pairs.program_id')
      .innerJoin('cadres as mentee', 'mentee.id', 'pairs.mentee_id').innerJoin('units', 'units.id', 'mentee.unit_id')
      .select(['pairs.id', 'pairs.program_id', 'pairs.status', 'programs.name_zh', 'programs.name_en', 'programs.track', 'programs.active as program_active',
        'mentee.id as mentee_id', 'mentee.name as mentee_name', 'mentee.open_id as mentee_open_id', 'units.path'])
      .where('pairs.id', '=', pairId).executeTakeFirst();
    if (!p) return undefined;
    return {
      pairId: p.id, programId: p.program_id, programNameZh: p.name_zh, programNameEn: p.name_en, track: p.track, active: p.status === 'active' && p.program_active,
      mentee: { cadreId: p.mentee_id, name: p.mentee_name, openId: p.mentee_open_id, unitPath: p.path },
      mentors: await this.mentorsOf(tx, p.id),
    };
  }

  async mentorsOf(tx: Kysely<Database>, pairId: number): Promise<Person[]> {
    const rows = await tx.selectFrom('pair_mentors').innerJoin('cadres', 'cadres.id', 'pair_mentors.mentor_id')
      .select(['cadres.id', 'cadres.name', 'cadres.open_id']).where('pair_mentors.pair_id', '=', pairId)
      .orderBy('pair_mentors.lead', 'desc').orderBy('pair_mentors.added_at').execute();
    return rows.map((m) => ({ cadreId: m.id, name: m.name, openId: m.open_id }));
  }

  /** Active pairs (in running programs) where this cadre is the mentee, oldest first. */
  async menteePairIds(tx: Kysely<Database>, cadreId: number): Promise<number[]> {
    const rows = await tx.selectFrom('pairs').innerJoin('programs', 'programs.id', 'pairs.program_id').select('pairs.id')
      .where('pairs.mentee_id', '=', cadreId).where('pairs.status', '=', 'active').where('programs.active', '=', true)
      .orderBy('pairs.formed_at').orderBy('pairs.id').execute();
    return rows.map((r) => r.id);
  }

  /** Running programs with their report day and time. */
  async programs(tx: Kysely<Database>): Promise<{ id: number; weekday: number; time: string }[]> {
    const rows = await tx.selectFrom('programs').select(['id', 'report_weekday', 'report_time']).where('active', '=', true).orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, weekday: r.report_weekday, time: r.report_time }));
  }

  /** Active pair ids of these programs. */
  async activePairIds(tx: Kysely<Database>, programIds: number[]): Promise<number[]> {
    if (programIds.length === 0) return [];
    const rows = await tx.selectFrom('pairs').select('id').where('program_id', 'in', programIds).where('status', '=', 'active').orderBy('id').execute();
    return rows.map((r) => r.id);
  }

  /** Which of these pairs have a report for the week. */
  async reported(tx: Kysely<Database>, pairIds: number[], week: string): Promise<Set<number>> {
    if (pairIds.length === 0) return new Set();
    const rows = await tx.selectFrom('weekly_reports').select('pair_id').where('pair_id', 'in', pairIds).where('iso_week', '=', week).execute();
    return new Set(rows.map((r) => r.pair_id));
  }

  /** Active admins with their unit path (for the unit-subtree digest). */
  async admins(tx: Kysely<Database>): Promise<(Person & { unitPath: string })[]> {
    const rows = await tx.selectFrom('cadres').innerJoin('units', 'units.id', 'cadres.unit_id')
      .select(['cadres.id', 'cadres.name', 'cadres.open_id', 'units.path']).where('cadres.active', '=', true)
      .where(sql<boolean>`'admin' = any(cadres.roles)`).orderBy('cadres.id').execute();
    return rows.map((r) => ({ cadreId: r.id, name: r.name, openId: r.open_id, unitPath: r.path }));
  }

  async review(tx: Kysely<Database>, reportId: number, mentorId: number): Promise<ReviewRow | undefined> {
    const r = await tx.selectFrom('report_reviews').select(['mentor_id', 'read_at', 'comment']).where('report_id', '=', reportId).where('mentor_id', '=', mentorId).executeTakeFirst();
    return r && { mentorId: r.mentor_id, readAt: r.read_at, comment: r.comment };
  }

  async reviews(tx: Kysely<Database>, reportId: number): Promise<(ReviewRow & { name: string })[]> {
    const rows = await tx.selectFrom('report_reviews').innerJoin('cadres', 'cadres.id', 'report_reviews.mentor_id')
      .select(['report_reviews.mentor_id', 'report_reviews.read_at', 'report_reviews.comment', 'cadres.name']).where('report_id', '=', reportId).execute();
    return rows.map((r) => ({ mentorId: r.mentor_id, readAt: r.read_at, comment: r.comment, name: r.name }));
  }

  /** 已阅 (kept at the first reading); a comment, when given, replaces the mentor's previous one. */
  async saveReview(tx: Kysely<Database>, reportId: number, mentorId: number, comment?: string): Promise<void> {
    const now = sql<Date>`now()`;
    await tx.insertInto('report_reviews')
      .values({ report_id: reportId, mentor_id: mentorId, read_at: now, ...(comment !== undefined ? { comment, commented_at: now } : {}) })
      .onConflict((oc) => oc.columns(['report_id', 'mentor_id']).doUpdateSet((eb) => ({
        read_at: sql<Date>`coalesce(${eb.ref('report_reviews.read_at')}, now())`,
        ...(comment !== undefined ? { comment, commented_at: now } : {}),
      })))
      .execute();
  }
}
