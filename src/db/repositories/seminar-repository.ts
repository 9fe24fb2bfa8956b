import { sql, type Kysely } from 'kysely';
import type { Database } from '../database';

export interface Seminar {
  id: number;
  programId: number;
  programNameZh: string;
  programNameEn: string;
  title: string;
  startsAt: Date;
  place: string;
  status: 'scheduled' | 'held' | 'cancelled';
  createdBy: string;
  /** bumped by each change of time, place or title */
  revision: number;
  cancelReason: string | null;
}

export interface Member {
  cadreId: number;
  name: string;
  openId: string | null;
}

export interface SeminarPair {
  pairId: number;
  programId: number;
  active: boolean;
  mentee: Member & { unitId: number; unitPath: string };
  mentors: Member[];
}

export interface Entry {
  pairId: number;
  achievements: string;
  link: string | null;
  submittedBy: number | null;
  submittedAt: Date | null;
  presented: boolean;
}

/** Seminars (季度交流研讨会) and their entries: one row per invited pair, filled when the pair submits. */
export class SeminarRepository {
  private base(tx: Kysely<Database>) {
    return tx.selectFrom('seminars').innerJoin('programs', 'programs.id', 'seminars.program_id')
      .select(['seminars.id', 'seminars.program_id', 'programs.name_zh', 'programs.name_en', 'seminars.title', 'seminars.starts_at', 'seminars.place', 'seminars.status', 'seminars.created_by',
        'seminars.revision', 'seminars.cancel_reason']);
  }

  private static view(r: { id: number; program_id: number; name_zh: string; name_en: string; title: string; starts_at: Date | string; place: string; status: Seminar['status']; created_by: string; revision: number; cancel_reason: string | null }): Seminar {
    return { id: r.id, programId: r.program_id, programNameZh: r.name_zh, programNameEn: r.name_en, title: r.title, startsAt: new Date(r.starts_at), place: r.place, status: r.status, createdBy: r.created_by, revision: r.revision, cancelReason: r.cancel_reason };
  }

  /**
   * Change a scheduled seminar that has not started, as read at `revision` (so two admins editing at once
   * change it once); false when it started, was held, cancelled or changed meanwhile.
   */
  async update(tx: Kysely<Database>, id: number, revision: number, now: Date, s: { title: string; startsAt: Date; place: string }): Promise<boolean> {
    const r = await tx.updateTable('seminars').set((eb) => ({ title: s.title, starts_at: s.startsAt, place: s.place, revision: eb('revision', '+', 1) }))
      .where('id', '=', id).where('status', '=', 'scheduled').where('starts_at', '>', now).where('revision', '=', revision).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Cancel a scheduled seminar that has not started; false otherwise (a second click, or too late). */
  async cancel(tx: Kysely<Database>, id: number, reason: string, now: Date): Promise<boolean> {
    const r = await tx.updateTable('seminars').set({ status: 'cancelled', cancel_reason: reason, cancelled_at: now })
      .where('id', '=', id).where('status', '=', 'scheduled').where('starts_at', '>', now).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async byId(tx: Kysely<Database>, id: number): Promise<Seminar | undefined> {
    const r = await this.base(tx).where('seminars.id', '=', id).executeTakeFirst();
    return r && SeminarRepository.view(r);
  }

  /** Serialise changes to one program's seminars (creation) or one seminar's entries for the transaction. */
  async lock(tx: Kysely<Database>, kind: 'program' | 'seminar', id: number): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtext(${`seminar:${kind}`}), ${id}::int)`.execute(tx);
  }

  async create(tx: Kysely<Database>, s: { programId: number; title: string; startsAt: Date; place: string; createdBy: string }): Promise<number> {
    return (await tx.insertInto('seminars').values({ program_id: s.programId, title: s.title, starts_at: s.startsAt, place: s.place, created_by: s.createdBy })
      .returning('id').executeTakeFirstOrThrow()).id;
  }

  /** Seminars (not cancelled) of a program starting in [from, to). */
  async inRange(tx: Kysely<Database>, from: Date, to: Date, programId?: number): Promise<Seminar[]> {
    let q = this.base(tx).where('seminars.status', '!=', 'cancelled').where('seminars.starts_at', '>=', from).where('seminars.starts_at', '<', to);
    if (programId !== undefined) q = q.where('seminars.program_id', '=', programId);
    return (await q.orderBy('seminars.starts_at').orderBy('seminars.id').execute()).map(SeminarRepository.view);
  }

  /** Scheduled seminars that started before `now`: their presenters are still to be recorded. */
  async awaitingRecord(tx: Kysely<Database>, now: Date): Promise<Seminar[]> {
    return (await this.base(tx).where('seminars.status', '=', 'scheduled').where('seminars.starts_at', '<=', now)
      .orderBy('seminars.starts_at').orderBy('seminars.id').execute()).map(SeminarRepository.view);
  }

  async programs(tx: Kysely<Database>): Promise<{ id: number; nameZh: string; nameEn: string }[]> {
    const rows = await tx.selectFrom('programs').select(['id', 'name_zh', 'name_en']).where('active', '=', true).orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, nameZh: r.name_zh, nameEn: r.name_en }));
  }

  async programExists(tx: Kysely<Database>, id: number): Promise<boolean> {
    return (await tx.selectFrom('programs').select('id').where('id', '=', id).where('active', '=', true).executeTakeFirst()) !== undefined;
  }

  /** Pairs with their mentee (and unit) and mentors; by ids, or every active pair of a program. */
  async pairs(tx: Kysely<Database>, by: { ids: number[] } | { programId: number }): Promise<SeminarPair[]> {
    let q = tx.selectFrom('pairs').innerJoin('cadres', 'cadres.id', 'pairs.mentee_id').innerJoin('units', 'units.id', 'cadres.unit_id')
      .select(['pairs.id', 'pairs.program_id', 'pairs.status', 'cadres.id as mentee_id', 'cadres.name', 'cadres.open_id', 'cadres.unit_id', 'units.path']);
    if ('ids' in by) {
      if (by.ids.length === 0) return [];
      q = q.where('pairs.id', 'in', by.ids);
    } else q = q.where('pairs.program_id', '=', by.programId).where('pairs.status', '=', 'active');
    const rows = await q.orderBy('pairs.id').execute();
    if (rows.length === 0) return [];
    const mentors = await tx.selectFrom('pair_mentors').innerJoin('cadres', 'cadres.id', 'pair_mentors.mentor_id')
      .select(['pair_mentors.pair_id', 'cadres.id', 'cadres.name', 'cadres.open_id'])
      .where('pair_mentors.pair_id', 'in', rows.map((r) => r.id)).orderBy('pair_mentors.lead', 'desc').orderBy('pair_mentors.added_at').execute();
    return rows.map((r) => ({
      pairId: r.id, programId: r.program_id, active: r.status === 'active',
      mentee: { cadreId: r.mentee_id, name: r.name, openId: r.open_id, unitId: r.unit_id, unitPath: r.path },
      mentors: mentors.filter((m) => m.pair_id === r.id).map((m) => ({ cadreId: m.id, name: m.name, openId: m.open_id })),
    }));
  }

  /** Active pairs of the program in which the cadre is the mentee or a mentor. */
  async pairIdsOf(tx: Kysely<Database>, cadreId: number): Promise<number[]> {
    const rows = await tx.selectFrom('pairs').select('pairs.id').where('pairs.status', '=', 'active')
      .where((eb) => eb.or([eb('pairs.mentee_id', '=', cadreId), eb.exists(eb.selectFrom('pair_mentors').select('pair_id').whereRef('pair_mentors.pair_id', '=', 'pairs.id').where('pair_mentors.mentor_id', '=', cadreId))]))
      .orderBy('pairs.id').execute();
    return rows.map((r) => r.id);
  }

  /** Invite pairs: an empty entry row each (already invited pairs keep theirs). Returns the newly invited. */
  async invite(tx: Kysely<Database>, seminarId: number, pairIds: number[]): Promise<number[]> {
    if (pairIds.length === 0) return [];
    const rows = await tx.insertInto('seminar_entries').values(pairIds.map((pair_id) => ({ seminar_id: seminarId, pair_id })))
      .onConflict((oc) => oc.columns(['seminar_id', 'pair_id']).doNothing()).returning('pair_id').execute();
    return rows.map((r) => r.pair_id);
  }

  /** Every entry row of the seminar, in pair order (the agenda's stable order). */
  async entries(tx: Kysely<Database>, seminarId: number): Promise<Entry[]> {
    const rows = await tx.selectFrom('seminar_entries').selectAll().where('seminar_id', '=', seminarId).orderBy('pair_id').execute();
    return rows.map((r) => ({ pairId: r.pair_id, achievements: r.achievements, link: r.link, submittedBy: r.submitted_by, submittedAt: r.submitted_at ? new Date(r.submitted_at) : null, presented: r.presented }));
  }

  async saveEntry(tx: Kysely<Database>, e: { seminarId: number; pairId: number; achievements: string; link: string | null; by: number; at: Date }): Promise<void> {
    await tx.insertInto('seminar_entries').values({ seminar_id: e.seminarId, pair_id: e.pairId, achievements: e.achievements, link: e.link, submitted_by: e.by, submitted_at: e.at })
      .onConflict((oc) => oc.columns(['seminar_id', 'pair_id']).doUpdateSet({ achievements: e.achievements, link: e.link, submitted_by: e.by, submitted_at: e.at })).execute();
  }

  /** Record who presented (the rest: not) and mark the seminar held; false when it was not scheduled any more. */
  async markHeld(tx: Kysely<Database>, seminarId: number, presented: number[]): Promise<boolean> {
    const r = await tx.updateTable('seminars').set({ status: 'held' }).where('id', '=', seminarId).where('status', '=', 'scheduled').executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await this.invite(tx, seminarId, presented);
    await tx.updateTable('seminar_entries').set({ presented: false }).where('seminar_id', '=', seminarId).execute();
    if (presented.length > 0) await tx.updateTable('seminar_entries').set({ presented: true }).where('seminar_id', '=', seminarId).where('pair_id', 'in', presented).execute();
    return true;
  }

  /** Participation counts of seminars starting in [from, to), per program and per mentee unit (cancelled ones left out). */
  async participation(tx: Kysely<Database>, range: { from: Date; to: Date; programId?: number; unitPath?: string }) {
    const program = range.programId === undefined ? sql`true` : sql`s.program_id = ${range.programId}`;
    if (range.unitPath !== undefined) return this.participationIn(tx, range, range.unitPath, program);
    const byProgram = await sql<{ program_id: number; name_zh: string; name_en: string; seminars: number; invited: number; submitted: number; presented: number }>`
    select s.program_id, p.name_zh, p.name_en, count(distinct s.id)::int as seminars,
           count(e.pair_id)::int as invited, count(e.submitted_at)::int as submitted, count(*) filter (where e.presented)::int as presented
      from seminars s join programs p on p.id = s.program_id left join seminar_entries e on e.seminar_id = s.id
     where s.status <> 'cancelled' and s.starts_at >= ${range.from} and s.starts_at < ${range.to} and ${program}
     group by s.program_id, p.name_zh, p.name_en order by s.program_id`.execute(tx);
    const byUnit = await sql<{ unit_id: number; path: string; invited: number; submitted: number; presented: number }>`
    select u.id as unit_id, u.path, count(*)::int as invited, count(e.submitted_at)::int as submitted, count(*) filter (where e.presented)::int as presented
      from seminars s join seminar_entries e on e.seminar_id = s.id join pairs pr on pr.id = e.pair_id
      join cadres c on c.id = pr.mentee_id join units u on u.id = c.unit_id
     where s.status <> 'cancelled' and s.starts_at >= ${range.from} and s.starts_at < ${range.to} and ${program}
     group by u.id, u.path order by u.path`.execute(tx);
    return { byProgram: byProgram.rows, byUnit: byUnit.rows };
  }

  /** The same figures for the pairs whose mentee is in a unit's subtree: a seminar counts when one of them was invited. */
  private async participationIn(tx: Kysely<Database>, range: { from: Date; to: Date }, unitPath: string, program: ReturnType<typeof sql>) {
    const rows = await sql<{ program_id: number; name_zh: string; name_en: string; unit_id: number; path: string; seminars: number; invited: number; submitted: number; presented: number }>`
    select s.program_id, p.name_zh, p.name_en, u.id as unit_id, u.path, count(distinct s.id)::int as seminars,
           count(*)::int as invited, count(e.submitted_at)::int as submitted, count(*) filter (where e.presented)::int as presented
      from seminars s join programs p on p.id = s.program_id join seminar_entries e on e.seminar_id = s.id join pairs pr on pr.id = e.pair_id
      join cadres c on c.id = pr.mentee_id join units u on u.id = c.unit_id
     where s.status <> 'cancelled' and s.starts_at >= ${range.from} and s.starts_at < ${range.to} and ${program}
       and (u.path = ${unitPath} or u.path like ${`${unitPath.replace(/[\\%_]/g, '\\$&')}/%`})
     group by grouping sets ((s.program_id, p.name_zh, p.name_en), (u.id, u.path))`.execute(tx);
    return {
      byProgram: rows.rows.filter((r) => r.program_id !== null).sort((a, b) => a.program_id - b.program_id),
      byUnit: rows.rows.filter((r) => r.unit_id !== null).sort((a, b) => a.path.localeCompare(b.path)),
    };
  }

  /** Per pair (of those given) with an entry: its entries for seminars starting in [from, to), cancelled ones left out. */
  async entryCounts(tx: Kysely<Database>, pairIds: number[], from: Date, to: Date): Promise<{ pairId: number; invited: number; submitted: number; presented: number }[]> {
    if (pairIds.length === 0) return [];
    const rows = await tx.selectFrom('seminar_entries as e').innerJoin('seminars as s', 's.id', 'e.seminar_id')
      .select((eb) => ['e.pair_id', eb.fn.countAll<number>().as('invited'), eb.fn.count<number>('e.submitted_at').as('submitted'),
        sql<number>`count(*) filter (where e.presented)`.as('presented')])
      .where('e.pair_id', 'in', pairIds).where('s.status', '!=', 'cancelled').where('s.starts_at', '>=', from).where('s.starts_at', '<', to)
      .groupBy('e.pair_id').orderBy('e.pair_id').execute();
    return rows.map((r) => ({ pairId: r.pair_id, invited: Number(r.invited), submitted: Number(r.submitted), presented: Number(r.presented) }));
  }
}
