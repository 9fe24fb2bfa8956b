import { sql, type Kysely } from 'kysely';
import type { Database, PairEndReason, PairFormedBy } from '../database';

export interface ActivePair {
  pairId: number;
  programId: number;
  menteeId: number;
  mentorIds: number[];
  leadMentorId: number;
  batchId: number | null;
  formedBy: PairFormedBy;
}

export interface PairView {
  pairId: number;
  programId: number;
  programNameZh: string;
  programNameEn: string;
  status: 'active' | 'ended';
  formedAt: Date;
  endReason: PairEndReason | null;
  mentee: { cadreId: number; name: string; openId: string | null };
  mentors: { cadreId: number; name: string; openId: string | null; lead: boolean }[];
}

/** Pairs (帮带对子) and their mentors; capacity is counted here, the decision to pair is the service's. */
export class PairRepository {
  /**
   * Serialise every change to one mentor's load in one program for the rest of the transaction, so two
   * accepts racing for a last place are decided one after the other.
   */
  async lockMentor(tx: Kysely<Database>, programId: number, mentorId: number): Promise<void> {
    await sql`select pg_advisory_xact_lock(${programId}::int, ${mentorId}::int)`.execute(tx);
  }

  /** Active pairs a mentor is in (lead or co-mentor), and the capacity that applies to them. */
  async mentorLoad(tx: Kysely<Database>, programId: number, mentorId: number): Promise<{ load: number; capacity: number }> {
    const row = await sql<{ load: number; capacity: number }>`
      select (select count(*)::int from pairs p join pair_mentors pm on pm.pair_id = p.id
               where p.program_id = ${programId} and p.status = 'active' and pm.mentor_id = ${mentorId}) as load,
             coalesce((select capacity from mentor_capacity where program_id = ${programId} and mentor_id = ${mentorId}),
                      (select default_capacity from programs where id = ${programId})) as capacity`.execute(tx);
    const r = row.rows[0]!;
    return { load: Number(r.load), capacity: Number(r.capacity) };
  }

  /** Loads and capacities of every mentor with a pair or a capacity of their own in the program. */
  async mentorLoads(tx: Kysely<Database>, programId: number): Promise<Map<number, { load: number; capacity: number }>> {
    const rows = await sql<{ mentor_id: number; load: number; capacity: number }>`
      with loads as (
        select pm.mentor_id, count(*)::int as load from pairs p join pair_mentors pm on pm.pair_id = p.id
         where p.program_id = ${programId} and p.status = 'active' group by pm.mentor_id)
      select coalesce(l.mentor_id, mc.mentor_id) as mentor_id, coalesce(l.load, 0) as load,
             coalesce(mc.capacity, (select default_capacity from programs where id = ${programId})) as capacity
        from loads l full join (select * from mentor_capacity where program_id = ${programId}) mc on mc.mentor_id = l.mentor_id`.execute(tx);
    return new Map(rows.rows.map((r) => [Number(r.mentor_id), { load: Number(r.load), capacity: Number(r.capacity) }]));
  }

  async activePairOf(tx: Kysely<Database>, programId: number, menteeId: number): Promise<ActivePair | undefined> {
    const pair = await tx.selectFrom('pairs').select(['id', 'program_id', 'mentee_id', 'batch_id', 'formed_by'])
      .where('program_id', '=', programId).where('mentee_id', '=', menteeId).where('status', '=', 'active').executeTakeFirst();
    if (!pair) return undefined;
    const mentors = await tx.selectFrom('pair_mentors').select(['mentor_id', 'lead']).where('pair_id', '=', pair.id).orderBy('added_at').execute();
    return {
      pairId: pair.id, programId: pair.program_id, menteeId: pair.mentee_id, batchId: pair.batch_id, formedBy: pair.formed_by,
      mentorIds: mentors.map((m) => m.mentor_id), leadMentorId: mentors.find((m) => m.lead)?.mentor_id ?? mentors[0]!.mentor_id,
    };
  }

  /** Insert a pair with its lead mentor; undefined when the mentee already has an active pair in the program. */
  async create(tx: Kysely<Database>, p: { programId: number; menteeId: number; mentorId: number; formedBy: PairFormedBy; batchId?: number | null }): Promise<number | undefined> {
    const row = await tx.insertInto('pairs')
      .values({ program_id: p.programId, mentee_id: p.menteeId, formed_by: p.formedBy, batch_id: p.batchId ?? null })
      .onConflict((oc) => oc.columns(['program_id', 'mentee_id']).where('status', '=', 'active').doNothing())
      .returning('id').executeTakeFirst();
    if (!row) return undefined;
    await tx.insertInto('pair_mentors').values({ pair_id: row.id, mentor_id: p.mentorId, lead: true }).execute();
    return row.id;
  }

  /** Add a co-mentor (多带一); false when they already mentor this pair. */
  async addMentor(tx: Kysely<Database>, pairId: number, mentorId: number): Promise<boolean> {
    const row = await tx.insertInto('pair_mentors').values({ pair_id: pairId, mentor_id: mentorId, lead: false })
      .onConflict((oc) => oc.columns(['pair_id', 'mentor_id']).doNothing()).returning('pair_id').executeTakeFirst();
    return row !== undefined;
  }

  /** End an active pair; false when it was already ended (a concurrent decision won). */
  async end(tx: Kysely<Database>, pairId: number, reason: PairEndReason): Promise<boolean> {
    const r = await tx.updateTable('pairs').set({ status: 'ended', ended_at: sql<Date>`now()`, end_reason: reason })
      .where('id', '=', pairId).where('status', '=', 'active').executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Has this mentee ever been paired with this mentor in this program (so a proposal never repeats it)? */
  async everPaired(tx: Kysely<Database>, programId: number): Promise<Set<string>> {
    const rows = await tx.selectFrom('pairs').innerJoin('pair_mentors', 'pair_mentors.pair_id', 'pairs.id')
      .select(['pairs.mentee_id', 'pair_mentors.mentor_id']).where('pairs.program_id', '=', programId).execute();
    return new Set(rows.map((r) => `${r.mentee_id}:${r.mentor_id}`));
  }

  /** Every pair a cadre is part of, as mentee or mentor, newest first (for 我的). */
  async pairsOf(tx: Kysely<Database>, cadreId: number, opts: { activeOnly?: boolean } = {}): Promise<PairView[]> {
    let q = tx.selectFrom('pairs').innerJoin('programs', 'programs.id', 'pairs.program_id')
      .innerJoin('cadres as mentee', 'mentee.id', 'pairs.mentee_id')
      .select(['pairs.id', 'pairs.program_id', 'programs.name_zh', 'programs.name_en', 'pairs.status', 'pairs.formed_at', 'pairs.end_reason', 'mentee.id as mentee_id', 'mentee.name as mentee_name', 'mentee.open_id as mentee_open_id'])
      // two index lookups (as mentee, as mentor) rather than an OR that reads every pair
      .where('pairs.id', 'in', (eb) => eb.selectFrom('pairs as own').select('own.id').where('own.mentee_id', '=', cadreId)
        .union(eb.selectFrom('pair_mentors').select('pair_mentors.pair_id as id').where('pair_mentors.mentor_id', '=', cadreId)));
    if (opts.activeOnly) q = q.where('pairs.status', '=', 'active');
    const pairs = await q.orderBy('pairs.formed_at', 'desc').execute();
    if (pairs.length === 0) return [];
    const mentors = await tx.selectFrom('pair_mentors').innerJoin('cadres', 'cadres.id', 'pair_mentors.mentor_id')
      .select(['pair_mentors.pair_id', 'cadres.id', 'cadres.name', 'cadres.open_id', 'pair_mentors.lead'])
      .where('pair_mentors.pair_id', 'in', pairs.map((p) => p.id)).orderBy('pair_mentors.lead', 'desc').orderBy('pair_mentors.added_at').execute();
    return pairs.map((p) => ({
      pairId: p.id, programId: p.program_id, programNameZh: p.name_zh, programNameEn: p.name_en, status: p.status, formedAt: p.formed_at, endReason: p.end_reason,
      mentee: { cadreId: p.mentee_id, name: p.mentee_name, openId: p.mentee_open_id },
      mentors: mentors.filter((m) => m.pair_id === p.id).map((m) => ({ cadreId: m.id, name: m.name, openId: m.open_id, lead: m.lead })),
    }));
  }

  /** The program's pairing settings (多带一, application timing). */
  async settings(tx: Kysely<Database>, programId: number): Promise<{ allowCoMentors: boolean; nudgeDays: number; expireDays: number; active: boolean; defaultCapacity: number } | undefined> {
    const r = await tx.selectFrom('programs').select(['allow_co_mentors', 'application_nudge_days', 'application_expire_days', 'active', 'default_capacity']).where('id', '=', programId).executeTakeFirst();
    return r && { allowCoMentors: r.allow_co_mentors, nudgeDays: r.application_nudge_days, expireDays: r.application_expire_days, active: r.active, defaultCapacity: r.default_capacity };
  }

  /** A mentor's own capacity in a program (null = back to the program default); returns the previous one. */
  async setMentorCapacity(tx: Kysely<Database>, programId: number, mentorId: number, capacity: number | null): Promise<number | null> {
    const before = await tx.selectFrom('mentor_capacity').select('capacity').where('program_id', '=', programId).where('mentor_id', '=', mentorId).executeTakeFirst();
    if (capacity === null) await tx.deleteFrom('mentor_capacity').where('program_id', '=', programId).where('mentor_id', '=', mentorId).execute();
    else {
      await tx.insertInto('mentor_capacity').values({ program_id: programId, mentor_id: mentorId, capacity })
        .onConflict((oc) => oc.columns(['program_id', 'mentor_id']).doUpdateSet({ capacity })).execute();
    }
    return before?.capacity ?? null;
  }

  /** End every active pair these cadres are in, as mentee or as a mentor; returns how many ended. */
  async endAllOf(tx: Kysely<Database>, cadreIds: number[], reason: PairEndReason): Promise<number> {
    if (cadreIds.length === 0) return 0;
    const r = await tx.updateTable('pairs').set({ status: 'ended', ended_at: sql<Date>`now()`, end_reason: reason })
      .where('status', '=', 'active')
      .where((eb) => eb.or([
        eb('mentee_id', 'in', cadreIds),
        eb.exists(eb.selectFrom('pair_mentors').select('pair_id').whereRef('pair_mentors.pair_id', '=', 'pairs.id').where('pair_mentors.mentor_id', 'in', cadreIds)),
      ]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}
