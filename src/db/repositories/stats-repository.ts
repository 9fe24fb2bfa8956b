import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database, ProgramTrack, Rating } from '../database';

/**
 * Aggregates for 统计 over a unit's subtree, computed in the database so the district view of 50,000 pairs
 * and millions of reports stays one round of queries. Definitions: src/services/statistics-types.ts.
 */

export interface ScopeUnit {
  unitId: number;
  path: string;
  name: string;
  depth: number;
}

export interface StatsProgram {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
  track: ProgramTrack;
  reportWeekday: number;
}

/** A week of the window: its ISO name and the instant its Monday starts in the program's time zone. */
export interface WindowWeek {
  week: string;
  monday: Date;
}

/** One row per program (null: over all programs), or per child unit (programId null) when children are given. */
export interface PairCounts {
  programId: number | null;
  childId: number | null;
  mentors: number;
  pairsActive: number;
  pairsEnded: number;
  menteesCovered: number;
  youngCovered: number;
}

export interface WeekCounts {
  programId: number;
  /** null: the whole scope */
  childId: number | null;
  week: string;
  due: number;
  submitted: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, '\\$&');

/**
 * The CTEs `w(week, monday)` and `owed(pair_id, program_id, week, child_id)`: a pair in scope owes a week when the
 * program's report day of that week falls while it was active (formed before the day ends, not ended before it
 * starts). Shared by the figures and the export, so both count reports the same way.
 */
export function owedWeeks(scope: ScopeUnit, weeks: WindowWeek[], child: RawBuilder<number | null> = sql<null>`null::int`): RawBuilder<unknown> {
  const values = sql.join(weeks.map((w) => sql`(${w.week}::text, ${w.monday}::timestamptz)`));
  return sql`w(week, monday) as (values ${values}),
      owed as (
        select p.id as pair_id, p.program_id, w.week, ${child} as child_id
          from pairs p join programs pr on pr.id = p.program_id join cadres m on m.id = p.mentee_id join units u on u.id = m.unit_id
          cross join w
         where ${inSubtree('u.path', scope.path)}
           and p.formed_at < w.monday + pr.report_weekday * interval '1 day'
           and (p.ended_at is null or p.ended_at >= w.monday + (pr.report_weekday - 1) * interval '1 day'))`;
}

/** Rows whose unit path `column` lies in the subtree of `path`. */
export function inSubtree(column: string, path: string): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(column)} = ${path} or ${sql.ref(column)} like ${`${escapeLike(path)}/%`})`;
}

export class StatsRepository {
  async unit(tx: Kysely<Database>, unitId: number): Promise<ScopeUnit | undefined> {
    const r = await tx.selectFrom('units').select(['id', 'path', 'name', 'depth']).where('id', '=', unitId).executeTakeFirst();
    return r && { unitId: r.id, path: r.path, name: r.name, depth: r.depth };
  }

  /** Units whose path or name is `key` (a name may be shared by several units, e.g. 党政办 in every town). */
  async unitsByKey(tx: Kysely<Database>, key: string): Promise<ScopeUnit[]> {
    const rows = await tx.selectFrom('units').select(['id', 'path', 'name', 'depth']).where((eb) => eb.or([eb('path', '=', key), eb('name', '=', key)])).orderBy('path').execute();
    return rows.map((r) => ({ unitId: r.id, path: r.path, name: r.name, depth: r.depth }));
  }

  async root(tx: Kysely<Database>): Promise<ScopeUnit | undefined> {
    const r = await tx.selectFrom('units').select(['id', 'path', 'name', 'depth']).where('parent_id', 'is', null).orderBy('id').executeTakeFirst();
    return r && { unitId: r.id, path: r.path, name: r.name, depth: r.depth };
  }

  async children(tx: Kysely<Database>, unitId: number): Promise<ScopeUnit[]> {
    const rows = await tx.selectFrom('units').select(['id', 'path', 'name', 'depth']).where('parent_id', '=', unitId).orderBy('path').execute();
    return rows.map((r) => ({ unitId: r.id, path: r.path, name: r.name, depth: r.depth }));
  }

  async programs(tx: Kysely<Database>): Promise<StatsProgram[]> {
    const rows = await tx.selectFrom('programs').select(['id', 'code', 'name_zh', 'name_en', 'track', 'report_weekday']).where('active', '=', true).orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, code: r.code, nameZh: r.name_zh, nameEn: r.name_en, track: r.track, reportWeekday: r.report_weekday }));
  }

  /**
   * Mentors, pairs and mentees per program and over all programs, and the same per child unit when
   * `children` is given (each child rolled up over its own subtree).
   */
  async pairCounts(tx: Kysely<Database>, scope: ScopeUnit, children: ScopeUnit[]): Promise<PairCounts[]> {
    const child = childCase(children);
    const rows = await sql<{ program_id: number | null; child_id: number | null; mentors: number; pairs_active: number; pairs_ended: number; mentees: number; young: number }>`
      with scoped as (
        select p.id, p.program_id, p.status, p.mentee_id, m.category, ${child} as child_id
          from pairs p join cadres m on m.id = p.mentee_id join units u on u.id = m.unit_id
         where ${inSubtree('u.path', scope.path)}),
      mentors as (
        select s.program_id, s.child_id, pm.mentor_id from scoped s join pair_mentors pm on pm.pair_id = s.id
          join cadres mc on mc.id = pm.mentor_id where s.status = 'active' and mc.active)
      select program_id, null::int as child_id,
             (select count(distinct mentor_id) from mentors x where x.program_id is not distinct from g.program_id or g.program_id is null)::int as mentors,
             pairs_active, pairs_ended, mentees, young
        from (select program_id, count(*) filter (where status = 'active')::int as pairs_active, count(*) filter (where status = 'ended')::int as pairs_ended,
                     count(distinct mentee_id) filter (where status = 'active')::int as mentees,
                     count(distinct mentee_id) filter (where status = 'active' and category = 'young')::int as young
                from scoped group by grouping sets ((program_id), ())) g
      union all
      select null, child_id, (select count(distinct mentor_id) from mentors x where x.child_id = g.child_id)::int,
             pairs_active, pairs_ended, mentees, young
        from (select child_id, count(*) filter (where status = 'active')::int as pairs_active, count(*) filter (where status = 'ended')::int as pairs_ended,
                     count(distinct mentee_id) filter (where status = 'active')::int as mentees,
                     count(distinct mentee_id) filter (where status = 'active' and category = 'young')::int as young
                from scoped where child_id is not null group by child_id) g`.execute(tx);
    return rows.rows.map((r) => ({
      programId: r.program_id, childId: r.child_id, mentors: Number(r.mentors), pairsActive: Number(r.pairs_active), pairsEnded: Number(r.pairs_ended),
      menteesCovered: Number(r.mentees), youngCovered: Number(r.young),
    }));
  }

  /** Active pairs in scope by form, per program: 多带一 (≥2 mentors), 一带多 (the one mentor has ≥2 active pairs in the program), 一带一. */
  async forms(tx: Kysely<Database>, scope: ScopeUnit): Promise<{ programId: number; oneToOne: number; oneToMany: number; manyToOne: number }[]> {
    const rows = await sql<{ program_id: number; one_to_one: number; one_to_many: number; many_to_one: number }>`
      with active as (
        select p.id, p.program_id, count(pm.mentor_id) as n, min(pm.mentor_id) as mentor_id
          from pairs p join pair_mentors pm on pm.pair_id = p.id where p.status = 'active' group by p.id, p.program_id),
      loads as (
        select p.program_id, pm.mentor_id, count(*) as load from pairs p join pair_mentors pm on pm.pair_id = p.id
         where p.status = 'active' group by p.program_id, pm.mentor_id)
      select a.program_id,
             count(*) filter (where a.n = 1 and l.load < 2)::int as one_to_one,
             count(*) filter (where a.n = 1 and l.load >= 2)::int as one_to_many,
             count(*) filter (where a.n >= 2)::int as many_to_one
        from active a join pairs p on p.id = a.id join cadres m on m.id = p.mentee_id join units u on u.id = m.unit_id
        left join loads l on l.program_id = a.program_id and l.mentor_id = a.mentor_id
       where ${inSubtree('u.path', scope.path)}
       group by a.program_id`.execute(tx);
    return rows.rows.map((r) => ({ programId: r.program_id, oneToOne: Number(r.one_to_one), oneToMany: Number(r.one_to_many), manyToOne: Number(r.many_to_one) }));
  }

  /**
   * Reports owed and handed in, per program, week (and child unit when given): a pair owes a week when the
   * program's report day of that week falls while it was active.
   */
  async reportWeeks(tx: Kysely<Database>, scope: ScopeUnit, weeks: WindowWeek[], children: ScopeUnit[]): Promise<WeekCounts[]> {
    if (weeks.length === 0) return [];
    const rows = await sql<{ program_id: number; child_id: number | null; whole: number; week: string; due: number; submitted: number }>`
      with ${owedWeeks(scope, weeks, childCase(children))}
      select o.program_id, o.child_id, grouping(o.child_id) as whole, o.week, count(*)::int as due, count(r.pair_id)::int as submitted
        from owed o left join weekly_reports r on r.pair_id = o.pair_id and r.iso_week = o.week
       group by grouping sets ((o.program_id, o.week), (o.program_id, o.week, o.child_id))`.execute(tx);
    // whole = 1: the program's row over the scope; otherwise one child's (rows outside every child are dropped)
    return rows.rows
      .filter((r) => Number(r.whole) === 1 || r.child_id !== null)
      .map((r) => ({ programId: r.program_id, childId: Number(r.whole) === 1 ? null : r.child_id, week: r.week, due: Number(r.due), submitted: Number(r.submitted) }));
  }

  /** Tutoring minutes recorded in these weeks' reports, per program. */
  async tutoringMinutes(tx: Kysely<Database>, scope: ScopeUnit, weeks: string[]): Promise<Map<number, number>> {
    if (weeks.length === 0) return new Map();
    const rows = await sql<{ program_id: number; minutes: number }>`
      select p.program_id, coalesce(sum((t->>'minutes')::int), 0)::int as minutes
        from weekly_reports r join pairs p on p.id = r.pair_id join cadres m on m.id = p.mentee_id join units u on u.id = m.unit_id
        cross join lateral jsonb_array_elements(r.tutoring) t
       where r.iso_week in (${sql.join(weeks)}) and jsonb_array_length(r.tutoring) > 0 and ${inSubtree('u.path', scope.path)}
       group by p.program_id`.execute(tx);
    return new Map(rows.rows.map((r) => [r.program_id, Number(r.minutes)]));
  }

  /** The quarter's evaluations in scope: the standing approved rating, or none yet. */
  async ratings(tx: Kysely<Database>, scope: ScopeUnit, quarter: string): Promise<{ programId: number; rating: Rating | null; n: number }[]> {
    const rows = await sql<{ program_id: number; rating: Rating | null; n: number }>`
      select e.program_id, r.rating, count(*)::int as n
        from evaluations e join units u on u.id = e.mentee_unit_id
        left join evaluation_revisions r on r.evaluation_id = e.id and r.status = 'approved'
       where e.quarter = ${quarter} and ${inSubtree('u.path', scope.path)}
       group by e.program_id, r.rating`.execute(tx);
    return rows.rows.map((r) => ({ programId: r.program_id, rating: r.rating, n: Number(r.n) }));
  }

  /**
   * Staff-meeting items of mentors in scope, open and done: over all (programId null) and per program the
   * mentor mentors a pair of (an item follows a mentor's ratings, not one program's).
   */
  async staffItems(tx: Kysely<Database>, scope: ScopeUnit): Promise<{ programId: number | null; open: number; done: number }[]> {
    const rows = await sql<{ program_id: number | null; open: number; done: number }>`
      with items as (
        select s.id, s.mentor_id, s.status from staff_meeting_items s join cadres c on c.id = s.mentor_id join units u on u.id = c.unit_id
         where s.status <> 'void' and ${inSubtree('u.path', scope.path)})
      select null::int as program_id, count(*) filter (where status = 'open')::int as open, count(*) filter (where status = 'done')::int as done from items
      union all
      select x.program_id, count(*) filter (where i.status = 'open')::int, count(*) filter (where i.status = 'done')::int
        from items i join (select distinct p.program_id, pm.mentor_id from pairs p join pair_mentors pm on pm.pair_id = p.id) x on x.mentor_id = i.mentor_id
       group by x.program_id`.execute(tx);
    return rows.rows.map((r) => ({ programId: r.program_id, open: Number(r.open), done: Number(r.done) }));
  }

  /** Ids of the active mentees (per program) in scope, to intersect with the eligible pool. */
  async coveredMentees(tx: Kysely<Database>, scope: ScopeUnit): Promise<{ programId: number; menteeId: number }[]> {
    const rows = await tx.selectFrom('pairs as p').innerJoin('cadres as m', 'm.id', 'p.mentee_id').innerJoin('units as u', 'u.id', 'm.unit_id')
      .select(['p.program_id', 'p.mentee_id']).distinct().where('p.status', '=', 'active').where(inSubtree('u.path', scope.path)).execute();
    return rows.map((r) => ({ programId: r.program_id, menteeId: r.mentee_id }));
  }
}

/** Which child of the scope a row's unit (`u.path`) falls under, as a CASE expression; null outside them. */
function childCase(children: ScopeUnit[]): RawBuilder<number | null> {
  if (children.length === 0) return sql<null>`null::int`;
  return sql<number | null>`case ${sql.join(children.map((c) => sql`when ${inSubtree('u.path', c.path)} then ${c.unitId}::int`), sql` `)} else null end`;
}
