import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { CadreCategory, Database, ProgramTrack, Rating } from '../database';
import type { RuleWindow } from '../../domain/eligibility';

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

/** Reports owed and handed in by week, and the tutoring minutes those reports record per program. */
export interface ReportFigures {
  weeks: WeekCounts[];
  tutoring: Map<number, number>;
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
 * The rule's two ends, in one place for both forms below: a week's report day begins `monday + (weekday - 1)
 * days` and ends `monday + weekday days`. A pair owes the week when it was formed before the day ends and did not
 * end before the day began.
 */
const reportDayEnds = (monday: string, weekday: string) => sql`${sql.ref(monday)} + ${sql.ref(weekday)} * interval '1 day'`;
const reportDayStarts = (monday: string, weekday: string) => sql`${sql.ref(monday)} + (${sql.ref(weekday)} - 1) * interval '1 day'`;

/**
 * The CTEs `w(week, monday)` and `owed(pair_id, program_id, week, child_id)`: a row per pair in scope and week it
 * owes. Shared by the figures and the export, so both count reports the same way.
 */
export function owedWeeks(scope: ScopeUnit, weeks: WindowWeek[], child: RawBuilder<number | null> = sql<null>`null::int`): RawBuilder<unknown> {
  const values = sql.join(weeks.map((w) => sql`(${w.week}::text, ${w.monday}::timestamptz)`));
  return sql`w(week, monday) as (values ${values}),
      owed as (
        select p.id as pair_id, p.program_id, w.week, ${child} as child_id
          from pairs p join programs pr on pr.id = p.program_id join cadres m on m.id = p.mentee_id join units u on u.id = m.unit_id
          cross join w
         where ${inSubtree('u.path', scope.path)}
           and p.formed_at < ${reportDayEnds('w.monday', 'pr.report_weekday')}
           and (p.ended_at is null or p.ended_at >= ${reportDayStarts('w.monday', 'pr.report_weekday')}))`;
}

/**
 * The same rule as a run of weeks per pair, for counting without a row per pair and week: the CTEs
 * `w(i, week, monday)` (oldest first, i from 0) and `spans(pair_id, program_id, child_id, first, stop)`, the pair
 * owing the weeks w.i in [first, stop). Report days only move forward, so `first` is the number of report days
 * that ended by the pair's forming and `stop` the number that began by its end (width_bucket over the days in
 * order). `child` is worked out once per unit (`su`), not per row.
 */
export function owedSpans(scope: ScopeUnit, weeks: WindowWeek[], child: RawBuilder<number | null> = sql<null>`null::int`): RawBuilder<unknown> {
  const ordered = [...weeks].sort((a, b) => a.monday.getTime() - b.monday.getTime());
  const values = sql.join(ordered.map((w, i) => sql`(${i}::int, ${w.week}::text, ${w.monday}::timestamptz)`));
  return sql`w(i, week, monday) as (values ${values}),
      su as materialized (select u.id, ${child} as child_id from units u where ${inSubtree('u.path', scope.path)}),
      days as (
        select pr.id as program_id, array_agg(${reportDayEnds('w.monday', 'pr.report_weekday')} order by w.i) as day_ends,
               array_agg(${reportDayStarts('w.monday', 'pr.report_weekday')} order by w.i) as day_starts
          from programs pr cross join w group by pr.id),
      spans as not materialized (
        select p.id as pair_id, p.program_id, su.child_id, width_bucket(p.formed_at, d.day_ends) as first,
               case when p.ended_at is null then ${ordered.length}::int else width_bucket(p.ended_at, d.day_starts) end as stop
          from pairs p join days d on d.program_id = p.program_id join cadres m on m.id = p.mentee_id join su on su.id = m.unit_id)`;
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
    // One pass per figure with grouping sets (per program, over all, per child); the child of a pair comes from its
    // unit (su, a row per unit), not from matching every pair's path against every child.
    const rows = await sql<{ program_id: number | null; child_id: number | null; mentors: number; pairs_active: number; pairs_ended: number; mentees: number; young: number }>`
      with su as materialized (select u.id, ${childCase(children)} as child_id from units u where ${inSubtree('u.path', scope.path)}),
      scoped as materialized (
        select p.id, p.program_id, p.status, p.mentee_id, m.category, su.child_id
          from pairs p join cadres m on m.id = p.mentee_id join su on su.id = m.unit_id),
      figures as (
        select program_id, child_id, grouping(program_id, child_id) as g,
               count(*) filter (where status = 'active')::int as pairs_active, count(*) filter (where status = 'ended')::int as pairs_ended,
               count(distinct mentee_id) filter (where status = 'active')::int as mentees,
               count(distinct mentee_id) filter (where status = 'active' and category = 'young')::int as young
          from scoped group by grouping sets ((program_id), (), (child_id))),
      -- active mentors of every pair, hashed once: an index probe per pair (the planner's choice) cost more
      serving as materialized (select pm.pair_id, pm.mentor_id from pair_mentors pm join cadres mc on mc.id = pm.mentor_id where mc.active),
      mentors as (
        select s.program_id, s.child_id, grouping(s.program_id, s.child_id) as g, count(distinct a.mentor_id)::int as mentors
          from scoped s join serving a on a.pair_id = s.id
         where s.status = 'active'
         group by grouping sets ((s.program_id), (), (s.child_id)))
      select f.program_id, f.child_id, coalesce(x.mentors, 0) as mentors, f.pairs_active, f.pairs_ended, f.mentees, f.young
        from figures f left join mentors x on x.g = f.g and x.program_id is not distinct from f.program_id and x.child_id is not distinct from f.child_id
       where not (f.g = 2 and f.child_id is null)`.execute(tx);
    return rows.rows.map((r) => ({
      programId: r.program_id, childId: r.child_id, mentors: Number(r.mentors), pairsActive: Number(r.pairs_active), pairsEnded: Number(r.pairs_ended),
      menteesCovered: Number(r.mentees), youngCovered: Number(r.young),
    }));
  }

  /** Active pairs in scope by form, per program: 多带一 (≥2 mentors), 一带多 (the one mentor has ≥2 active pairs in the program), 一带一. */
  async forms(tx: Kysely<Database>, scope: ScopeUnit): Promise<{ programId: number; oneToOne: number; oneToMany: number; manyToOne: number }[]> {
    // Every active mentor's load in each program, in one hashed pass: limiting it to the scope's mentors was
    // misestimated into a nested loop over 50,000 pairs (0.8 s at the district).
    const rows = await sql<{ program_id: number; one_to_one: number; one_to_many: number; many_to_one: number }>`
      with active as materialized (
        select p.id, p.program_id, count(pm.mentor_id) as n, min(pm.mentor_id) as mentor_id
          from pairs p join cadres m on m.id = p.mentee_id join units u on u.id = m.unit_id join pair_mentors pm on pm.pair_id = p.id
         where p.status = 'active' and ${inSubtree('u.path', scope.path)}
         group by p.id, p.program_id),
      loads as (
        select p.program_id, pm.mentor_id, count(*) as load from pairs p join pair_mentors pm on pm.pair_id = p.id
         where p.status = 'active' group by p.program_id, pm.mentor_id)
      select a.program_id,
             count(*) filter (where a.n = 1 and l.load < 2)::int as one_to_one,
             count(*) filter (where a.n = 1 and l.load >= 2)::int as one_to_many,
             count(*) filter (where a.n >= 2)::int as many_to_one
        from active a left join loads l on l.program_id = a.program_id and l.mentor_id = a.mentor_id
       group by a.program_id`.execute(tx);
    return rows.rows.map((r) => ({ programId: r.program_id, oneToOne: Number(r.one_to_one), oneToMany: Number(r.one_to_many), manyToOne: Number(r.many_to_one) }));
  }

  /**
   * Reports owed and handed in, per program, week (and child unit when given): a pair owes a week when the
   * program's report day of that week falls while it was active. Each pair's weeks become two bit masks (owed,
   * and owed with a report) summed bit by bit, so no row per pair and week is ever made. The tutoring minutes of
   * the same reports (all of the scope's pairs, owed or not) are summed on the way, per program.
   */
  async reportWeeks(tx: Kysely<Database>, scope: ScopeUnit, weeks: WindowWeek[], children: ScopeUnit[]): Promise<ReportFigures> {
    if (weeks.length === 0) return { weeks: [], tutoring: new Map() };
    if (weeks.length > 62) throw new RangeError('reportWeeks: at most 62 weeks (a bit each in a bigint)');
    const ordered = [...weeks].sort((a, b) => a.monday.getTime() - b.monday.getTime());
    const bit = (i: number) => sql.lit(i);
    const sums = sql.join(ordered.map((_, i) => sql`sum((owed >> ${bit(i)}) & 1)::int, sum(((owed & handed) >> ${bit(i)}) & 1)::int`));
    const rows = await sql<{ program_id: number; child_id: number | null; whole: number; counts: number[]; minutes: number }>`
      with ${owedSpans(scope, ordered, childCase(children))},
      -- the window's reports, by week (0009's index; 'YYYY-Www' sorts by time), of the scope's pairs only
      handed as (
        select r.pair_id, bit_or(1::int8 << w.i) as mask, sum(r.tutoring_minutes) as minutes from weekly_reports r join w on w.week = r.iso_week
         where r.iso_week between ${ordered[0]!.week} and ${ordered[ordered.length - 1]!.week} and r.pair_id in (select pair_id from spans) group by r.pair_id),
      masks as (
        select s.program_id, s.child_id, case when s.first < s.stop then ((1::int8 << s.stop) - 1) & ~((1::int8 << s.first) - 1) else 0 end as owed,
               coalesce(h.mask, 0) as handed, coalesce(h.minutes, 0) as minutes
          from spans s left join handed h on h.pair_id = s.pair_id)
      select program_id, child_id, grouping(child_id) as whole, array[${sums}] as counts, sum(minutes)::int as minutes
        from masks group by grouping sets ((program_id), (program_id, child_id))`.execute(tx);
    // whole = 1: the program's row over the scope; otherwise one child's (rows outside every child are dropped)
    const out: WeekCounts[] = [];
    const tutoring = new Map<number, number>();
    for (const r of rows.rows) {
      if (Number(r.whole) === 1) tutoring.set(r.program_id, Number(r.minutes));
      if (Number(r.whole) !== 1 && r.child_id === null) continue;
      ordered.forEach((w, i) => {
        const due = Number(r.counts[2 * i]);
        if (due > 0) out.push({ programId: r.program_id, childId: Number(r.whole) === 1 ? null : r.child_id, week: w.week, due, submitted: Number(r.counts[2 * i + 1]) });
      });
    }
    return { weeks: out, tutoring };
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
        from items i join lateral (select distinct p.program_id from pair_mentors pm join pairs p on p.id = pm.pair_id where pm.mentor_id = i.mentor_id) x on true
       group by x.program_id`.execute(tx);
    return rows.rows.map((r) => ({ programId: r.program_id, open: Number(r.open), done: Number(r.done) }));
  }

  /**
   * The program's mentee pool inside the scope counted, and how many of it have an active pair: the pool's rule
   * (services/programs.ts) as ranges of dates (ruleWindow, one per start date: the program's and each batch's),
   * so no candidate is fetched and judged one by one. Active cadres only; an include brings anyone in, an
   * exclude keeps them out; otherwise the program's unit subtree, a mentee category and the rule on the start of
   * the person's first batch of the program (or of the program).
   */
  async menteePoolCounts(tx: Kysely<Database>, scope: ScopeUnit, program: { id: number; unitPath: string; startDate: string; menteeCategories: CadreCategory[] }, windows: RuleWindow[]): Promise<{ eligible: number; covered: number }> {
    if (windows.length === 0) return { eligible: 0, covered: 0 };
    const th = sql.join(windows.map((w) => sql`(${w.onDate}::date, ${w.everyone}::boolean, ${w.bornFrom}::date, ${w.hiredFrom}::date)`));
    const category = program.menteeCategories.length > 0 ? sql`c.category in (${sql.join(program.menteeCategories)})` : sql`false`;
    // Every part is a small set hashed once (units, overrides, first batches, covered mentees) and the cadres
    // scanned once: correlated subqueries per cadre made this a 1 s nested loop at 100,000 cadres.
    const row = (await sql<{ eligible: number; covered: number }>`
      with th(on_date, everyone, born_from, hired_from) as (values ${th}),
      su as materialized (select u.id, ${inSubtree('u.path', program.unitPath)} as in_program from units u where ${inSubtree('u.path', scope.path)}),
      ov as materialized (select cadre_id, mode from program_overrides where program_id = ${program.id} and role = 'mentee'),
      fb as materialized (
        select distinct on (bm.cadre_id) bm.cadre_id, b.start_date from batch_members bm join secondment_batches b on b.id = bm.batch_id
         where b.program_id = ${program.id} order by bm.cadre_id, b.number),
      act as materialized (select distinct mentee_id from pairs where program_id = ${program.id} and status = 'active'),
      cand as (
        select c.id, c.birth_date, c.hire_date, ov.mode, coalesce(fb.start_date, ${program.startDate}::date) as on_date
          from cadres c join su on su.id = c.unit_id left join ov on ov.cadre_id = c.id left join fb on fb.cadre_id = c.id
         where c.active and (ov.mode = 'include' or (ov.mode is null and ${category} and su.in_program)))
      select count(*)::int as eligible, count(act.mentee_id)::int as covered
        from cand join th on th.on_date = cand.on_date left join act on act.mentee_id = cand.id
       where cand.mode = 'include' or th.everyone
          or cand.birth_date between th.born_from and th.on_date or cand.hire_date between th.hired_from and th.on_date`.execute(tx)).rows[0]!;
    return { eligible: Number(row.eligible), covered: Number(row.covered) };
  }
}

/** Which child of the scope a row's unit (`u.path`) falls under, as a CASE expression; null outside them. */
function childCase(children: ScopeUnit[]): RawBuilder<number | null> {
  if (children.length === 0) return sql<null>`null::int`;
  return sql<number | null>`case ${sql.join(children.map((c) => sql`when ${inSubtree('u.path', c.path)} then ${c.unitId}::int`), sql` `)} else null end`;
}
