// A district-sized data set for bench/stats.bench.ts, written with set-based SQL (generate_series and
// insert … select) on one connection: a few hundred statements, not millions of round trips.
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/db/database';
import { addDays, isoWeekOf, weekStart } from '../src/domain/iso-week';
import { localDate } from '../src/domain/local-date';
import { previousQuarter, quarterOf, quarterRange } from '../src/domain/quarter';

export const TOWNS = [
  '凤山街道', '芙蓉街道', '仙女山街道', '白马镇', '火炉镇', '羊角镇', '长坝镇', '鸭江镇', '江口镇', '平桥镇',
  '桐梓镇', '土坎镇', '和顺镇', '双河镇', '巷口镇', '黄莺乡', '沧沟乡', '文复乡', '后坪乡', '浩口乡',
];
// the last two of every town are villages (村), where the village cadres work
const OFFICES = ['党政办', '经发办', '社会事务办', '平安办', '财政所', '规划建设办', '农业服务中心', '文化服务中心', '新华村', '红岩村'];

export interface SeedSize {
  cadres: number;
  youngPairs: number;
  reversePairs: number;
  villagePairs: number;
  reports: number;
  evaluations: number;
}

export const FULL: SeedSize = { cadres: 100_000, youngPairs: 22_000, reversePairs: 20_000, villagePairs: 8_000, reports: 2_000_000, evaluations: 5_000 };

export function scaled(f: number): SeedSize {
  const n = (x: number) => Math.max(1, Math.round(x * f));
  return { cadres: Math.max(2_000, n(FULL.cadres)), youngPairs: n(FULL.youngPairs), reversePairs: n(FULL.reversePairs), villagePairs: n(FULL.villagePairs), reports: n(FULL.reports), evaluations: n(FULL.evaluations) };
}

export interface Seeded {
  districtId: number;
  townId: number;
  townName: string;
  /** table → rows, as seeded */
  rows: Record<string, number>;
  /** step → seconds */
  steps: [string, number][];
}

const ids = { district: 1, town: (t: number) => 1 + t, office: (t: number, o: number) => 22 + (t - 1) * 10 + o };
/** the town (1..20) of a unit id, in SQL: town units are 2..21, offices 22..221 */
const townOfUnit = (col: string) => `(case when ${col} between 2 and 21 then ${col} - 1 when ${col} >= 22 then 1 + (${col} - 22) / 10 else 1 end)`;
const pick = (items: string[]) => `(array[${items.map((s) => `'${s}'`).join(',')}])[1 + floor(random() * ${items.length})::int]`;

const LEARNED = ['学习了乡村振兴相关政策文件，理解了产业发展的重点', '跟随导师参加了项目推进会，学会了会议统筹', '学习了公文写作规范，修改了两份请示', '参与信访接待，学习如何做群众工作', '研读了应急预案，了解了防汛值守流程', ''];
const DID = ['完成了村级产业项目的入户调研并整理台账', '起草了镇党委专题会议纪要', '协助导师完成季度工作总结', '参与矛盾纠纷调处两起，均已化解', '走访了三户困难群众，落实帮扶措施', '整理了招商项目材料，对接企业两家'];
const PROBLEMS = ['对政策条文理解还不够深入', '统筹协调能力有待提高', '群众工作方法比较单一', '写材料速度偏慢'];
const NEXT = ['继续跟进产业项目，完成调研报告初稿', '参加夜校学习，做好笔记', '学习应急处突案例，参与值班', '跟随导师下村开展走访'];
const TOPICS = ['谈心谈话', '公文写作辅导', '调研方法指导', '政策解读', '群众工作方法'];
const VILLAGE_ABILITIES = ['mass_work', 'driving_development', 'rural_governance', 'case_handling', 'project_management'];

/**
 * 武隆区 → 20 towns → 10 offices each; `size.cadres` cadres; three district-wide programs that started 65 weeks
 * ago (2 million reports over 50,000 pairs take that long: 40 weeks a pair); pairs, pair mentors (1–5 mentees each, ~10% co-mentored), weekly reports over the weeks each pair owed,
 * the last quarter's evaluations, staff-meeting items, a night school per town and one seminar per program.
 */
export async function seedStats(db: Kysely<Database>, now: Date, timeZone: string, size: SeedSize): Promise<Seeded> {
  const today = localDate(now, timeZone);
  const start = addDays(today, -455);
  const thisMonday = weekStart(isoWeekOf(today))!;
  const quarter = previousQuarter(quarterOf(today));
  const q = quarterRange(quarter);
  const nowIso = now.toISOString();
  // batch k of the secondment: a month each, the last one running (started two weeks before this Monday)
  const batches = [1, 2, 3, 4].map((k) => ({ k, start: addDays(thisMonday, -14 - (4 - k) * 56), end: addDays(thisMonday, -14 - (4 - k) * 56 + 29) }));
  const steps: [string, number][] = [];

  await db.connection().execute(async (c) => {
    const run = async (text: string) => { await sql.raw(text).execute(c); };
    const step = async (label: string, ...texts: string[]) => {
      const t0 = performance.now();
      for (const t of texts) await run(t);
      steps.push([label, (performance.now() - t0) / 1000]);
    };
    await run(`set time zone '${timeZone}'`);
    await run(`set synchronous_commit = off`);
    await run(`set work_mem = '64MB'`);
    await run(`set maintenance_work_mem = '256MB'`);
    await run(`select setseed(0.42)`);

    await step('units',
      `insert into units (id, parent_id, name, path, depth) values (1, null, '武隆区', '武隆区', 0)`,
      `insert into units (id, parent_id, name, path, depth) values ${TOWNS.map((t, i) => `(${ids.town(i + 1)}, 1, '${t}', '武隆区/${t}', 1)`).join(', ')}`,
      `insert into units (id, parent_id, name, path, depth) values ${TOWNS.flatMap((t, i) => OFFICES.map((o, j) => `(${ids.office(i + 1, j)}, ${ids.town(i + 1)}, '${o}', '武隆区/${t}/${o}', 2)`)).join(', ')}`,
      `select setval('units_id_seq', 221)`);

    // 40 at the district, 20 in every town unit, the rest spread over the 200 offices and villages.
    // 3% of office cadres have left (deactivated, never deleted). Ages are set on the programs' start: young cadres 23–39 (three in four under 35, and one in eight hired
    // within three years), so the young-cadre rule admits most of them.
    await step('cadres', `
      insert into cadres (id, open_id, name, unit_id, category, birth_date, hire_date, roles, active)
      select i, 'ou_bst_' || i, name, unit_id, category,
             case when random() < 0.02 then null else birth end,
             case when random() < 0.02 then null
                  when recent then date '${start}' - (random() * 3 * 365)::int
                  else least(birth + ((21 + random() * 5) * 365.25)::int, date '${start}' - 200) end,
             roles, active
        from (
          select i, name, unit_id, category, roles, active, category = 'young' and random() < 0.12 as recent,
                 date '${start}' - ((case category when 'young' then 23 + random() * 16 when 'senior' then 40 + random() * 20
                                     when 'leader_member' then 36 + random() * 20 when 'village' then 24 + random() * 24
                                     else 25 + random() * 33 end) * 365.25)::int as birth
            from (
              select i, unit_id, roles, level < 2 or random() >= 0.03 as active,
                     ${pick(['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '罗', '高', '林'])} ||
                     ${pick(['建国', '晓燕', '志强', '丽娟', '海涛', '雪梅', '文博', '思远', '一帆', '子涵', '明亮', '春生', '桂兰', '德明', '雅芳', '国栋', '若溪', '晨曦', '小雨', '守仁'])} as name,
                     case when level = 0 or (level = 1 and (i - 41) % 20 < 3) then 'leader_member'
                          when village then case when r < 0.85 then 'village' when r < 0.95 then 'other' else 'leader_member' end
                          else case when r < 0.13 then 'leader_member' when r < 0.58 then 'young' when r < 0.88 then 'senior' else 'other' end end as category
                from (
                  select i, random() as r,
                         case when i <= 40 then 0 when i <= 440 then 1 else 2 end as level,
                         case when i <= 40 then 1 when i <= 440 then 2 + (i - 41) / 20 else 22 + (i - 441) % 200 end as unit_id,
                         i > 440 and (i - 441) % 10 >= 8 as village,
                         case when i <= 5 then '{admin}' when i <= 15 then '{leader}'
                              when i <= 440 and (i - 41) % 20 = 0 then '{leader}' when i <= 440 and (i - 41) % 20 = 1 then '{admin}'
                              when i % 1000 = 0 then '{admin}' else '{}' end::text[] as roles
                    from generate_series(1, ${size.cadres}) i) a) b) c`,
      `select setval('cadres_id_seq', ${size.cadres})`);

    await step('programs',
      `insert into programs (id, code, track, name_zh, name_en, start_date, unit_id, default_capacity, mentor_categories, mentee_categories, mentee_rule, allow_co_mentors, report_weekday) values
         (1, 'bench-young', 'young_mentoring', '导师引航', 'Young-cadre mentoring', '${start}', 1, 5, '{leader_member}', '{young}', 'young_cadre', true, 5),
         (2, 'bench-reverse', 'reverse_mentoring', '以新促老', 'Reverse mentoring', '${start}', 1, 5, '{young}', '{senior}', 'none', true, 3),
         (3, 'bench-village', 'village_secondment', '挂职锻炼', 'Village-cadre secondment', '${start}', 1, 5, '{senior}', '{village}', 'village_young', true, 1)`,
      `select setval('programs_id_seq', 3)`,
      `insert into program_overrides (program_id, cadre_id, role, mode, created_by)
         select 1, id, 'mentee', 'exclude', 'bench' from cadres where category = 'young' and id % 997 = 3
         union all select 3, id, 'mentee', 'include', 'bench' from cadres where category = 'village' and id % 1499 = 7`,
      `insert into secondment_batches (id, program_id, number, start_date, end_date) values ${batches.map((b) => `(${b.k}, 3, ${b.k}, '${b.start}', '${b.end}')`).join(', ')}`,
      `select setval('secondment_batches_id_seq', 4)`);

    // Mentees: chosen at random (those the rule admits first), then numbered by town, so that pair k meets
    // mentor slot k of about the same town. Mentors: drawn at random with a load of 1–5 until the slots cover
    // the pairs; slot k is the k-th of those, by town.
    const town = townOfUnit('c.unit_id');
    const pairsOf = async (program: number, base: number, n: number, mentorCat: string, menteeCat: string, admits: string) => {
      await run(`drop table if exists pick, slots`);
      await run(`
        create temp table pick as
        select row_number() over (order by town, rnd) as k, id as mentee_id, active, unit_id from (
          select id, active, unit_id, town, rnd from (
            select c.id, c.active, c.unit_id, ${town} as town, random() + case when ${admits} then 0 else 0.6 end as rnd
              from cadres c where c.category = '${menteeCat}') s
           order by rnd limit ${n}) chosen`);
      await run(`
        create temp table slots as
        with m as (
          select id, town, rnd, load, sum(load) over (order by rnd rows unbounded preceding) as cum from (
            select c.id, ${town} as town, random() as rnd, 1 + floor(power(random(), 1.6) * 5)::int as load
              from cadres c where c.category = '${mentorCat}' and (c.active or random() < 0.3)) s)
        select row_number() over (order by town, rnd, g) as k, id as mentor_id from m cross join generate_series(1, load) g where cum - load < ${n}`);
      if (program === 3) {
        await run(`
          insert into pairs (id, program_id, mentee_id, batch_id, status, formed_by, formed_at, ended_at, end_reason)
          select ${base} + k, 3, mentee_id, b, case when ended_at is null then 'active' else 'ended' end, 'claim', formed_at, ended_at,
                 case when ended_at is null then null when b < 4 then 'completed' else 'left' end
            from (
              select k, mentee_id, b, formed_at,
                     case when b < 4 then (be + time '18:00')::timestamptz
                          when not active then formed_at + random() * (timestamptz '${nowIso}' - formed_at) end as ended_at
                from (
                  select k, mentee_id, active, bt.b, bt.be, (bt.bs + time '09:00')::timestamptz + random() * interval '2 days' as formed_at
                    from pick join (values ${batches.map((b) => `(${b.k}, date '${b.start}', date '${b.end}')`).join(', ')}) bt(b, bs, be)
                      on bt.b = 1 + (k - 1) % 4) a) x`);
      } else {
        // 72% formed in the launch fortnight, the rest over the months since; ~9% ended, and every pair of a
        // mentee who left
        await run(`
          insert into pairs (id, program_id, mentee_id, status, formed_by, formed_at, ended_at, end_reason)
          select ${base} + k, ${program}, mentee_id, case when ended then 'ended' else 'active' end, formed_by, formed_at,
                 case when ended then ended_at end, case when ended then reason end
            from (
              select k, mentee_id, formed_at, formed_by, (not active) or r2 < 0.09 as ended,
                     case when not active then 'left' when r3 < 0.6 then 'completed' else 'rematched' end as reason,
                     case when not active then formed_at + random() * (timestamptz '${nowIso}' - formed_at)
                          else formed_at + interval '14 days' + random() * (timestamptz '${nowIso}' - formed_at - interval '14 days') end as ended_at
                from (
                  select k, mentee_id, active, random() as r2, random() as r3, ${pick(['assignment', 'application'])} as formed_by,
                         case when random() < 0.72 then timestamptz '${start} 09:00' + random() * interval '14 days'
                              else timestamptz '${start} 09:00' + interval '14 days' + random() * (timestamptz '${nowIso}' - interval '21 days' - timestamptz '${start} 09:00' - interval '14 days') end as formed_at
                    from pick) a) b`);
      }
      await run(`
        insert into pair_mentors (pair_id, mentor_id, lead, added_at)
        select p.id, s.mentor_id, true, p.formed_at from pick join slots s using (k) join pairs p on p.id = ${base} + pick.k`);
      // 多带一: about one pair in ten has a co-mentor (another mentor's slot, so never the lead himself)
      await run(`
        insert into pair_mentors (pair_id, mentor_id, lead, added_at)
        select p.id, s.mentor_id, false, p.formed_at from pick join slots s on s.k = (pick.k + 36) % ${n} + 1 join pairs p on p.id = ${base} + pick.k
         where random() < 0.1 on conflict do nothing`);
    };
    const t0 = performance.now();
    const admitsYoung = `c.birth_date > date '${start}' - interval '35 years' or c.hire_date >= date '${start}' - interval '3 years'`;
    await pairsOf(1, 0, size.youngPairs, 'leader_member', 'young', admitsYoung);
    await pairsOf(2, size.youngPairs, size.reversePairs, 'young', 'senior', 'true');
    await pairsOf(3, size.youngPairs + size.reversePairs, size.villagePairs, 'senior', 'village', `c.birth_date > date '${batches[0]!.start}' - interval '35 years'`);
    await run(`select setval('pairs_id_seq', ${size.youngPairs + size.reversePairs + size.villagePairs})`);
    await run(`
      insert into batch_members (batch_id, cadre_id)
      select batch_id, mentee_id from pairs where program_id = 3
      union all
      select 1 + id % 4, id from cadres c where category = 'village' and active and random() < 0.05
         and not exists (select 1 from pairs p where p.mentee_id = c.id and p.program_id = 3)`);
    await run(`
      insert into survey_responses (batch_id, cadre_id, choices, note)
      select batch_id, cadre_id, array[v[1 + o], v[1 + (o + st) % 5], v[1 + (o + 2 * st) % 5]], case when random() < 0.2 then '希望多学习产业发展经验' else '' end
        from (select batch_id, cadre_id, floor(random() * 5)::int as o, 1 + floor(random() * 2)::int as st,
                     array[${VILLAGE_ABILITIES.map((a) => `'${a}'`).join(',')}] as v
                from batch_members where random() < 0.75) x`);
    steps.push(['pairs, mentors, batches', (performance.now() - t0) / 1000]);

    // Weekly reports: every week a pair owed (its report day fell while it was active; complete weeks only),
    // kept with a per-pair diligence scaled so the total comes out at size.reports.
    const t1 = performance.now();
    await run(`drop table if exists owed`);
    await run(`
      create temp table owed as
      select p.id as pair_id, p.mentee_id, pr.report_weekday as wd, w.monday, pd.d
        from pairs p join programs pr on pr.id = p.program_id
        join (select id, case when random() < 0.05 then 0.4 + 0.3 * random() else 0.88 + 0.12 * random() end as d from pairs) pd on pd.id = p.id
        cross join lateral generate_series(date_trunc('week', p.formed_at), date_trunc('week', coalesce(p.ended_at, timestamptz '${thisMonday} 00:00')), interval '1 week') w(monday)
       where w.monday < timestamptz '${thisMonday} 00:00'
         and p.formed_at < w.monday + pr.report_weekday * interval '1 day'
         and (p.ended_at is null or p.ended_at >= w.monday + (pr.report_weekday - 1) * interval '1 day')
       order by p.id, w.monday`);
    const owed = (await sql<{ n: number; d: number }>`select count(*)::int as n, sum(d)::float8 as d from owed`.execute(c)).rows[0]!;
    const k = (size.reports * 1.02) / owed.d;
    // Bulk load without the secondary indexes, then build them once (as the migrations define them).
    const indexes = (await sql<{ name: string; def: string; con: string | null; condef: string | null }>`
      select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def, c.conname as con, pg_get_constraintdef(c.oid) as condef
        from pg_index i left join pg_constraint c on c.conindid = i.indexrelid
       where i.indrelid = 'weekly_reports'::regclass and not i.indisprimary`.execute(c)).rows;
    for (const x of indexes) await run(x.con ? `alter table weekly_reports drop constraint ${x.con}` : `drop index ${x.name}`);
    await run(`
      insert into weekly_reports (pair_id, iso_week, learned, did, problems, next_week, tutoring, late, submitted_by, submitted_at, updated_at)
      select pair_id, to_char(monday, 'IYYY-"W"IW'), ${pick(LEARNED)}, ${pick(DID)}, case when random() < 0.3 then ${pick(PROBLEMS)} else '' end, ${pick(NEXT)},
             case when random() < 0.2 then jsonb_build_array(jsonb_build_object('date', to_char(monday + floor(random() * 5)::int * interval '1 day', 'YYYY-MM-DD'),
                                                                                'topic', ${pick(TOPICS)}, 'minutes', 15 * (1 + floor(random() * 8))::int))
                  else '[]'::jsonb end,
             late, mentee_id, at, at
        from (select o.*, r < 0.06 as late, monday + (wd - 1) * interval '1 day' + interval '16 hours' + case when r < 0.06 then (2 + random() * 4) * interval '1 day' else random() * interval '30 hours' end as at
                from (select *, random() as r from owed where random() < ${k} * d) o) x`);
    let reports = (await sql<{ n: number }>`select count(*)::int as n from weekly_reports`.execute(c)).rows[0]!.n;
    if (reports > size.reports) {
      await run(`delete from weekly_reports where id in (select id from weekly_reports where random() < ${((reports - size.reports) * 2) / reports} limit ${reports - size.reports})`);
    }
    for (const x of indexes) await run(x.con ? `alter table weekly_reports add constraint ${x.con} ${x.condef}` : x.def);
    reports = (await sql<{ n: number }>`select count(*)::int as n from weekly_reports`.execute(c)).rows[0]!.n;
    if (reports < size.reports) {
      // short (the diligence capped too many weeks): hand in some of the weeks left out
      await run(`
        insert into weekly_reports (pair_id, iso_week, did, submitted_by, submitted_at, updated_at)
        select o.pair_id, to_char(o.monday, 'IYYY-"W"IW'), ${pick(DID)}, o.mentee_id, o.monday + interval '5 days', o.monday + interval '5 days'
          from owed o where not exists (select 1 from weekly_reports r where r.pair_id = o.pair_id and r.iso_week = to_char(o.monday, 'IYYY-"W"IW'))
         limit ${size.reports - reports}`);
      reports = (await sql<{ n: number }>`select count(*)::int as n from weekly_reports`.execute(c)).rows[0]!.n;
    }
    steps.push([`weekly reports (${owed.n} owed, ${reports} written)`, (performance.now() - t1) / 1000]);
    await run(`drop table owed`);

    // The last completed quarter's evaluations: approval batches per town; mostly approved (some corrected),
    // the rest waiting, returned or not yet rated. 3% of mentees sat in another unit when it opened.
    await step('evaluations',
      `insert into approval_batches (id, quarter, leader_unit_id, created_by, created_at)
         select t, '${quarter}', 1 + t, 41 + (t - 1) * 20, timestamptz '${q.end} 10:00' + interval '10 days' from generate_series(1, 20) t`,
      `select setval('approval_batches_id_seq', 20)`,
      `drop table if exists ev`,
      `create temp table ev as
         select row_number() over () as id, p.id as pair_id, p.program_id, case when random() < 0.03 then 22 + (c.unit_id + 7) % 200 else c.unit_id end as unit_id,
                random() as r, random() as r2, random() as r3, random() as r4
           from (select * from pairs where program_id in (1, 2) and formed_at < timestamptz '${q.start} 00:00' and (ended_at is null or ended_at >= timestamptz '${q.end} 00:00')
                  order by random() limit ${size.evaluations}) p join cadres c on c.id = p.mentee_id`,
      `insert into evaluations (id, pair_id, program_id, quarter, mentee_unit_id, evidence, status, opened_at)
         select id, pair_id, program_id, '${quarter}', unit_id, '{}'::jsonb,
                case when r < 0.80 then 'approved' when r < 0.87 then 'pending' when r < 0.92 then 'returned' else 'open' end,
                timestamptz '${q.end} 09:00' + interval '3 days' from ev`,
      `select setval('evaluations_id_seq', (select max(id) from evaluations))`,
      `insert into evaluation_revisions (evaluation_id, revision, rating, assessor_id, status, batch_id, submitted_at, decided_by, decided_at, correction_reason, return_reason)
         select id, 1, ${`case when r3 < 0.25 then 'excellent' when r3 < 0.70 then 'good' when r3 < 0.95 then 'pass' else 'fail' end`},
                1, case when r < 0.80 and r2 < 0.12 then 'superseded' when r < 0.80 then 'approved' when r < 0.87 then 'pending' else 'returned' end,
                ${townOfUnit('unit_id')}, timestamptz '${q.end} 09:00' + interval '8 days',
                case when r < 0.80 or r >= 0.87 then 41 + (${townOfUnit('unit_id')} - 1) * 20 end,
                case when r < 0.80 or r >= 0.87 then timestamptz '${q.end} 09:00' + interval '12 days' end,
                null, case when r >= 0.87 then '请补充辅导记录' end
           from ev where r < 0.92
         union all
         select id, 2, case when r4 < 0.5 then 'good' else 'pass' end, 1, 'approved', ${townOfUnit('unit_id')}, timestamptz '${q.end} 09:00' + interval '20 days',
                41 + (${townOfUnit('unit_id')} - 1) * 20, timestamptz '${q.end} 09:00' + interval '22 days', '更正', null
           from ev where r < 0.80 and r2 < 0.12`,
      `drop table ev`,
      `insert into staff_meeting_items (mentor_id, kind, first_quarter, last_quarter, status, done_on, done_by, void_reason, voided_at)
         select mentor_id, case when random() < 0.75 then 'share' else 'self_criticism' end, '${previousQuarter(quarter)}', '${quarter}', status,
                case when status = 'done' then date '${q.end}' + 30 end, case when status = 'done' then 1 end,
                case when status = 'void' then '更正后不再连续' end, case when status = 'void' then timestamptz '${q.end} 09:00' + interval '25 days' end
           from (select mentor_id, case when random() < 0.5 then 'open' when random() < 0.8 then 'done' else 'void' end as status
                   from (select distinct mentor_id from pair_mentors where pair_id <= ${size.youngPairs}) d order by random() limit 150) x`);

    // Not in the brief's list but on the card: a weekly night school per town (60 people, 15 weeks, one
    // evening cancelled for a holiday) and one held seminar per program with 300 pairs invited.
    await step('night school, seminars',
      `insert into school_series (id, name, weekday, start_time, place, audience_kind, audience_unit_id, teacher_id, starts_on, created_by)
         select t, u.name || '干部夜校', 3, '19:30', u.name || '会议室', 'unit', u.id, 41 + (t - 1) * 20, date '${thisMonday}' - 7 * 16, 'bench'
           from generate_series(1, 20) t join units u on u.id = 1 + t`,
      `select setval('school_series_id_seq', 20)`,
      `insert into school_audience (series_id, cadre_id)
         select t, id from (select c.id, ${town} as t, row_number() over (partition by ${town} order by random()) as rn
                              from cadres c where c.active and c.unit_id > 1) x where rn <= 60`,
      `insert into school_sessions (series_id, starts_at, place, topic, teacher_id, status, closed_at, cancel_reason)
         select s.id, (date '${thisMonday}' - 7 * w + 2 + time '19:30')::timestamptz, s.place, '第' || (16 - w) || '期', s.teacher_id,
                case when w = 5 then 'cancelled' else 'closed' end,
                case when w = 5 then null else (date '${thisMonday}' - 7 * w + 2 + time '21:30')::timestamptz end,
                case when w = 5 then 'holiday' end
           from school_series s cross join generate_series(1, 15) w`,
      `insert into school_attendance (session_id, cadre_id, status, leave_reason, checked_in_at)
         select ss.id, a.cadre_id, st, case when st = 'leave' then '下乡' end, case when st = 'present' then ss.starts_at end
           from school_sessions ss join school_audience a on a.series_id = ss.series_id
           cross join lateral (select case when random() < 0.8 + 0 * a.cadre_id then 'present' when random() < 0.4 then 'leave' else 'absent' end as st) x
          where ss.status = 'closed'`,
      `insert into seminars (id, program_id, title, starts_at, place, status, created_by)
         select p, p, '季度交流研讨会', (date '${thisMonday}' - 40 + time '14:30')::timestamptz, '区委党校', 'held', 'bench' from generate_series(1, 3) p`,
      `select setval('seminars_id_seq', 3)`,
      `insert into seminar_entries (seminar_id, pair_id, achievements, submitted_by, submitted_at, presented)
         select program_id, id, case when sub then '帮带成果材料' else '' end, case when sub then mentee_id end,
                case when sub then (date '${thisMonday}' - 45 + time '10:00')::timestamptz end, sub and random() < 0.4
           from (select p.id, p.program_id, p.mentee_id, random() < 0.7 as sub,
                        row_number() over (partition by p.program_id order by random()) as rn
                   from pairs p where p.status = 'active') x where rn <= 300`);

    await step('vacuum analyze', `vacuum analyze`);
  });

  const counts = await sql<Record<string, number>>`
    select (select count(*) from units)::int as units, (select count(*) from cadres)::int as cadres, (select count(*) from pairs)::int as pairs,
           (select count(*) from pairs where status = 'active')::int as pairs_active, (select count(*) from pair_mentors)::int as pair_mentors,
           (select count(*) from weekly_reports)::int as weekly_reports, (select count(*) from evaluations)::int as evaluations,
           (select count(*) from evaluation_revisions)::int as evaluation_revisions, (select count(*) from staff_meeting_items)::int as staff_meeting_items,
           (select count(*) from school_attendance)::int as school_attendance, (select count(*) from seminar_entries)::int as seminar_entries`.execute(db);
  const town = TOWNS.indexOf('火炉镇') + 1;
  return { districtId: ids.district, townId: ids.town(town), townName: '火炉镇', rows: counts.rows[0]!, steps };
}
