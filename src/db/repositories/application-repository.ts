import { sql, type Kysely } from 'kysely';
import type { ApplicationStatus, Database } from '../database';

export interface Application {
  id: number;
  programId: number;
  menteeId: number;
  mentorId: number;
  rank: number;
  reason: string;
  status: ApplicationStatus;
  declineReason: string | null;
  createdAt: Date;
}

type Row = { id: number; program_id: number; mentee_id: number; mentor_id: number; rank: number; reason: string; status: ApplicationStatus; decline_reason: string | null; created_at: Date };
const COLUMNS = ['id', 'program_id', 'mentee_id', 'mentor_id', 'rank', 'reason', 'status', 'decline_reason', 'created_at'] as const;
const toApplication = (r: Row): Application => ({
  id: r.id, programId: r.program_id, menteeId: r.mentee_id, mentorId: r.mentor_id, rank: r.rank, reason: r.reason,
  status: r.status, declineReason: r.decline_reason, createdAt: r.created_at,
});

/** Applications (志愿). Every decision is a conditional update on status = 'pending': one decision wins. */
export class ApplicationRepository {
  /** One submission per mentee and program at a time (a double click waits, then sees the first). */
  async lockMentee(tx: Kysely<Database>, programId: number, menteeId: number): Promise<void> {
    await sql`select pg_advisory_xact_lock(${-programId}::int, ${menteeId}::int)`.execute(tx);
  }

  async find(tx: Kysely<Database>, id: number): Promise<Application | undefined> {
    const r = await tx.selectFrom('applications').select(COLUMNS).where('id', '=', id).executeTakeFirst();
    return r && toApplication(r);
  }

  async pendingOfMentee(tx: Kysely<Database>, programId: number, menteeId: number): Promise<Application[]> {
    const rows = await tx.selectFrom('applications').select(COLUMNS).where('program_id', '=', programId).where('mentee_id', '=', menteeId)
      .where('status', '=', 'pending').orderBy('rank').execute();
    return rows.map(toApplication);
  }

  async pendingOfMentor(tx: Kysely<Database>, programId: number, mentorId: number): Promise<Application[]> {
    const rows = await tx.selectFrom('applications').select(COLUMNS).where('program_id', '=', programId).where('mentor_id', '=', mentorId)
      .where('status', '=', 'pending').orderBy('created_at').execute();
    return rows.map(toApplication);
  }

  async countPendingForMentor(tx: Kysely<Database>, mentorId: number): Promise<number> {
    const r = await tx.selectFrom('applications').select((eb) => eb.fn.countAll<number>().as('n')).where('mentor_id', '=', mentorId).where('status', '=', 'pending').executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async insert(tx: Kysely<Database>, a: { programId: number; menteeId: number; mentorId: number; rank: number; reason: string }): Promise<number> {
    const r = await tx.insertInto('applications').values({ program_id: a.programId, mentee_id: a.menteeId, mentor_id: a.mentorId, rank: a.rank, reason: a.reason })
      .returning('id').executeTakeFirstOrThrow();
    return r.id;
  }

  /** pending → `to`; false when someone else decided first (or it was never pending). */
  async decide(tx: Kysely<Database>, id: number, to: Exclude<ApplicationStatus, 'pending'>, extra: { declineReason?: string; pairId?: number } = {}): Promise<boolean> {
    const r = await tx.updateTable('applications')
      .set({ status: to, decided_at: sql<Date>`now()`, decline_reason: extra.declineReason ?? null, pair_id: extra.pairId ?? null })
      .where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async linkPair(tx: Kysely<Database>, id: number, pairId: number): Promise<void> {
    await tx.updateTable('applications').set({ pair_id: pairId }).where('id', '=', id).execute();
  }

  /** Close every pending application matching the filter; returns the ones closed (for the notices). */
  async closeAll(tx: Kysely<Database>, filter: { programId: number; menteeId?: number; mentorId?: number; exceptId?: number }, to: 'withdrawn' | 'declined', declineReason?: string): Promise<Application[]> {
    let q = tx.updateTable('applications').set({ status: to, decided_at: sql<Date>`now()`, decline_reason: declineReason ?? null })
      .where('program_id', '=', filter.programId).where('status', '=', 'pending');
    if (filter.menteeId !== undefined) q = q.where('mentee_id', '=', filter.menteeId);
    if (filter.mentorId !== undefined) q = q.where('mentor_id', '=', filter.mentorId);
    if (filter.exceptId !== undefined) q = q.where('id', '!=', filter.exceptId);
    return (await q.returning(COLUMNS).execute()).map(toApplication);
  }

  /** Pending applications older than the program's nudge delay, not yet nudged: marked now, returned once. */
  async takeDueForNudge(tx: Kysely<Database>, now: Date): Promise<Application[]> {
    const rows = await sql<Row>`
      update applications a set nudged_at = ${now}
        from programs p
       where p.id = a.program_id and a.status = 'pending' and a.nudged_at is null
         and a.created_at <= ${now}::timestamptz - make_interval(days => p.application_nudge_days)
   returning a.id, a.program_id, a.mentee_id, a.mentor_id, a.rank, a.reason, a.status, a.decline_reason, a.created_at`.execute(tx);
    return rows.rows.map(toApplication);
  }

  /** Pending applications past the program's expiry: closed as expired, returned once. */
  async takeExpired(tx: Kysely<Database>, now: Date): Promise<Application[]> {
    const rows = await sql<Row>`
      update applications a set status = 'expired', decided_at = ${now}
        from programs p
       where p.id = a.program_id and a.status = 'pending'
         and a.created_at <= ${now}::timestamptz - make_interval(days => p.application_expire_days)
   returning a.id, a.program_id, a.mentee_id, a.mentor_id, a.rank, a.reason, a.status, a.decline_reason, a.created_at`.execute(tx);
    return rows.rows.map(toApplication);
  }

  /** People who left: their open applications close (withdrawn as mentee, declined as mentor). */
  async closeAllOf(tx: Kysely<Database>, cadreIds: number[]): Promise<number> {
    if (cadreIds.length === 0) return 0;
    const asMentee = await tx.updateTable('applications').set({ status: 'withdrawn', decided_at: sql<Date>`now()` })
      .where('status', '=', 'pending').where('mentee_id', 'in', cadreIds).executeTakeFirst();
    const asMentor = await tx.updateTable('applications').set({ status: 'declined', decided_at: sql<Date>`now()`, decline_reason: 'left' })
      .where('status', '=', 'pending').where('mentor_id', 'in', cadreIds).executeTakeFirst();
    return Number(asMentee.numUpdatedRows) + Number(asMentor.numUpdatedRows);
  }
}
