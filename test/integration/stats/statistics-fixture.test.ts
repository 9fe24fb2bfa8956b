import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Db } from '../../../src/db/create-db';
import type { Database, Rating, TutoringRecord } from '../../../src/db/database';
import { statistics } from '../../../src/services/statistics';
import type { ProgramStats, Statistics, UnitStats } from '../../../src/services/statistics-types';
import { openTestDb } from '../../helpers/test-db';
import { addCadres, ensureUnit } from '../../helpers/people';
import { missing } from '../../helpers/services';

/**
 * 统计 / stats against ONE hand-computed fixture, written from the definitions in statistics-types.ts (not from
 * the implementation). now = Sunday 2026-11-29 10:00 Asia/Shanghai: the ISO week 2026-W48 (11-23..11-29) is not
 * complete yet, so the 13 weeks are W35 (Mon 08-24) .. W47 (Sun 11-22) and the last 4 are W44..W47; the last
 * completed quarter is 2026Q3.
 *
 * Units: 武隆区 (0) → 火炉镇 (1) → 党政办, 经发办, 万峰村 (2); 白马镇 (1) → 党政办, 鱼子村 (2).
 * Programs (all over the whole district, started 2026-03-01):
 *   young   导师引航  mentee_rule young_cadre, report day Friday (5)
 *   reverse 以新促老  mentee_rule none,        report day Wednesday (3)
 *   village 挂职锻炼  mentee_rule village_young, report day Monday (1); batch 1 09-01..09-30, batch 2 11-03..12-02
 *
 * People (HL = 火炉镇, BM = 白马镇):
 *   L0 武隆区 leader        L1 HL/党政办 leader   L2 HL/经发办 leader   L3 BM/党政办 leader, DEACTIVATED   L4 BM/党政办 leader
 *   Y1 HL/党政办 young 1995        Y2 HL/经发办 young 1996         Y3 HL/党政办 young 1990-06-01 hired 2024-05-01
 *   Y4 BM/党政办 young 1997        Y5 白马镇 (the town unit itself) young 1980 hired 2005 (not eligible)
 *   Y6 HL/经发办 young 1994 DEACTIVATED   Y7 HL/党政办 young 1996 (no young pair)   Y9 HL/经发办 young 1998, EXCLUDED
 *   R1 HL/党政办 senior   R2 HL/经发办 senior (was in BM/党政办 when 2026Q3 opened)   R3 BM/党政办 senior   R4 BM/党政办 senior
 *   S1 HL/经发办 senior   S2 BM/党政办 senior
 *   V1 HL/万峰村 village 1995 (batch 1)   V2 HL/万峰村 village 1985 (batch 1, INCLUDED as mentee)
 *   V3 BM/鱼子村 village 1996 (batch 2)   V4 HL/万峰村 village 1991-11-10 (batch 2: 34 on 11-03)   V5 HL/万峰村 village 1997
 *
 * Pairs (mentee ← mentors; formed .. ended; forms of the active ones):
 *   young   P1 Y1 ← L1        03-10 ..            一带多 (L1 also has P5)
 *           P2 Y2 ← L0 + L2   03-10 ..            多带一
 *           P3 Y3 ← L4        10-14 (Wed W42) ..  一带一
 *           P4 Y4 ← L3 (deactivated) 03-10 ..     一带一 (L3 does not count as a mentor)
 *           P5 Y5 ← L1        03-10 ..            一带多
 *           P6 Y6 ← L2        03-10 .. 09-16 15:00 (Wed W38) ended
 *           P7 Y1 ← L2        03-01 .. 03-09 ended (rematched)
 *   reverse Q1 R1 ← Y1        04-01 ..            一带一
 *           Q2 R2 ← Y7        04-01 ..            一带多 (Y7 also has Q3)
 *           Q3 R3 ← Y7        04-01 ..            一带多
 *           Q4 R4 ← Y4        04-01 .. 10-21 15:00 (Wed W43, its own report day) ended
 *   village W1 V1 ← S1        09-01 09:00 .. 09-30 18:00 ended (batch 1)
 *           W3 V3 ← S2        11-03 09:00 ..      一带一 (batch 2)
 *           W4 V4 ← S1 + L0   11-03 09:00 ..      多带一 (batch 2)
 *
 * Report days in the window and which pair owes which week ("formed on or before that day, not ended before it"):
 *   Fridays  W35 08-28 … W47 11-20:  P1 P2 P4 P5 all 13; P3 W42..W47 = 6 (10-16 is the first Friday after 10-14);
 *                                     P6 W35..W37 = 3 (09-18 is after the end on 09-16); P7 0
 *   Wednesdays W35 08-26 … W47 11-18: Q1 Q2 Q3 all 13; Q4 W35..W43 = 9 (ended ON 10-21, W43's Wednesday: not before it)
 *   Mondays  W35 08-24 … W47 11-16:  W1 W37..W40 = 4 (09-07, 09-14, 09-21, 09-28; 08-31 is before 09-01);
 *                                     W3, W4 W46, W47 = 2 (11-09, 11-16; 11-02 is before 11-03)
 * Reports written (owed weeks with a report; others noted):
 *   P1 all but W39, W45 = 11 (W40 late; also W34 and W48 reports, outside)   last 4: W44 W46 W47 = 3
 *   P2 all 13                                                                last 4: 4
 *   P3 W42 W43 W44 W46 = 4                                                   last 4: W44 W46 = 2
 *   P4 none = 0; P5 W35..W38 = 4 (last 4: 0); P6 W35 W37 = 2; P7 one in W10 (outside)
 *   Q1 all 13 (last 4: 4); Q2 W35..W41 = 7 (last 4: 0); Q3 W44..W47 = 4 (last 4: 4); Q4 W35..W43 = 9
 *   W1 W37 W38 W40 = 3 (and W36, which it did not owe); W3 W46 = 1; W4 W46 W47 = 2 (and W48, outside)
 * Tutoring minutes (every record is dated inside its report's week):
 *   P1 W34 100 (out), W35 60, W44 30+15, W48 100 (out) → 105;  P2 W47 90;  P3 W42 40;  P5 W36 20+25 → 45;  P6 W37 30;
 *   P7 W10 50 (out);  Q1 W40 120;  Q3 W45 10;  Q4 W43 25;  W1 W36 15 + W38 45 → 60;  W3 W46 35;  W4 W48 70 (out)
 *
 * Evaluations of 2026Q3 (mentee_unit_id = the mentee's unit when the quarter opened):
 *   E1 P1 HL/党政办 approved excellent;  E2 P2 HL/经发办 good superseded → pass approved (correction);
 *   E3 P4 BM/党政办 pending (good);  E4 P5 白马镇 returned (excellent);  E5 P6 HL/经发办 open, no revision;
 *   E6 Q1 HL/党政办 approved fail + a pending correction to pass (fail still stands);
 *   E7 Q2 BM/党政办 (R2's unit then) approved good;  E8 W1 HL/万峰村 approved excellent;  E9 P1 2026Q2 approved good (other quarter)
 * Staff-meeting items: I1 L1 open, I2 L2 done, I3 L4 void, I4 L4 open, I5 L4 done.
 * Night school (people audience; units of today): W37 09-08 closed: Y1 present, Y2 present, Y3 leave, Y4 absent, R1 present,
 *   V1 absent; W43 10-20 closed: Y1 present, Y2 absent, Y3 present, Y4 present, R1 leave, V1 present;
 *   W34 08-18 closed (out), W48 11-24 closed (out: not one of the 13 complete weeks), W41 10-06 cancelled (holiday).
 * Seminars: young 09-20 (W38) held: P1 submitted+presented, P2 submitted, P5 invited only, P6 submitted+presented;
 *   reverse 10-25 (W43) held: Q1 submitted, Q3 submitted+presented; young 11-01 cancelled (P1 submitted); young 06-20 (out).
 * Survey: batch 1 V1 [群众工作, 推动发展, 乡村治理], V2 [乡村治理, 群众工作, 项目推进]; batch 2 V3 [矛盾纠纷调处, 群众工作, 项目推进], V4 none.
 *
 * Readings of the definitions this test relies on (where the header leaves room):
 *   - Tutoring: every record in a report whose ISO week is one of the 13 counts, also in a week the pair did not owe
 *     (W1's W36 report: 15 minutes).
 *   - Seminars at a scope: `seminars` = seminars (not cancelled, starting in the 13 weeks) to which a pair in scope
 *     was invited; every such seminar here has an entry from the district anyway.
 *   - Staff items per program (now spelled out in the header: mentors who mentor a pair, active or ended, of the
 *     program): every item holder (L1, L2, L4) mentors only young pairs, so the young program carries all of them.
 *   - Batches at a scope: every batch of the program is listed; members, answered and top count only members whose
 *     unit (today) is in scope (a scope with no members gets zeros and an empty top).
 *   - Order is not part of the contract: programs are compared by id, units by id, batches by number.
 */

const TZ = 'Asia/Shanghai';
const NOW = new Date('2026-11-29T10:00:00+08:00');
const at = (local: string) => new Date(`${local}+08:00`);
const WEEKS = Array.from({ length: 13 }, (_, i) => `2026-W${35 + i}`);

const UNITS = ['武隆区', '武隆区/火炉镇', '武隆区/火炉镇/党政办', '武隆区/火炉镇/经发办', '武隆区/火炉镇/万峰村', '武隆区/白马镇', '武隆区/白马镇/党政办', '武隆区/白马镇/鱼子村'] as const;
type UnitPath = (typeof UNITS)[number];

type Key = 'L0' | 'L1' | 'L2' | 'L3' | 'L4' | 'Y1' | 'Y2' | 'Y3' | 'Y4' | 'Y5' | 'Y6' | 'Y7' | 'Y9' | 'R1' | 'R2' | 'R3' | 'R4' | 'S1' | 'S2' | 'V1' | 'V2' | 'V3' | 'V4' | 'V5';
const HLD = '武隆区/火炉镇/党政办', HLJ = '武隆区/火炉镇/经发办', HLW = '武隆区/火炉镇/万峰村', BMD = '武隆区/白马镇/党政办', BMY = '武隆区/白马镇/鱼子村';
// key: name, unit, category, birth date, hire date, active
const PEOPLE: Record<Key, [string, UnitPath, 'leader_member' | 'young' | 'senior' | 'village', string, string, boolean]> = {
  L0: ['刘正国', '武隆区', 'leader_member', '1968-03-01', '1990-07-01', true],
  L1: ['韩德明', HLD, 'leader_member', '1972-05-01', '1994-07-01', true],
  L2: ['秦雅芳', HLJ, 'leader_member', '1975-09-01', '1997-07-01', true],
  L3: ['冯国栋', BMD, 'leader_member', '1970-01-01', '1992-07-01', false],
  L4: ['白建华', BMD, 'leader_member', '1974-04-01', '1996-07-01', true],
  Y1: ['许一帆', HLD, 'young', '1995-01-01', '2018-08-01', true],
  Y2: ['陆晨曦', HLJ, 'young', '1996-02-02', '2018-08-01', true],
  Y3: ['程小雨', HLD, 'young', '1990-06-01', '2024-05-01', true],
  Y4: ['汪子涵', BMD, 'young', '1997-03-03', '2019-08-01', true],
  Y5: ['马志远', '武隆区/白马镇', 'young', '1980-01-01', '2005-07-01', true],
  Y6: ['周若溪', HLJ, 'young', '1994-04-04', '2017-08-01', false],
  Y7: ['唐果', HLD, 'young', '1996-07-07', '2019-08-01', true],
  Y9: ['何思远', HLJ, 'young', '1998-08-08', '2020-08-01', true],
  R1: ['邓守仁', HLD, 'senior', '1968-01-01', '1990-07-01', true],
  R2: ['罗志刚', HLJ, 'senior', '1966-01-01', '1988-07-01', true],
  R3: ['蒋丽华', BMD, 'senior', '1965-01-01', '1987-07-01', true],
  R4: ['谢德福', BMD, 'senior', '1967-01-01', '1989-07-01', true],
  S1: ['黄大山', HLJ, 'senior', '1970-01-01', '1992-07-01', true],
  S2: ['张桂兰', BMD, 'senior', '1969-01-01', '1991-07-01', true],
  V1: ['刘小村', HLW, 'village', '1995-05-05', '2020-01-01', true],
  V2: ['王春生', HLW, 'village', '1985-05-05', '2015-01-01', true],
  V3: ['陈雨桐', BMY, 'village', '1996-06-06', '2021-01-01', true],
  V4: ['杨晓燕', HLW, 'village', '1991-11-10', '2016-01-01', true],
  V5: ['赵明亮', HLW, 'village', '1997-07-07', '2022-01-01', true],
};

const PROGRAM_NAMES = {
  young: { code: 'sta-young', nameZh: '导师引航', nameEn: 'Young-cadre mentoring', track: 'young_mentoring' as const },
  reverse: { code: 'sta-reverse', nameZh: '以新促老', nameEn: 'Reverse mentoring', track: 'reverse_mentoring' as const },
  village: { code: 'sta-village', nameZh: '挂职锻炼', nameEn: 'Village-cadre secondment', track: 'village_secondment' as const },
};
type ProgramKey = keyof typeof PROGRAM_NAMES;

const noSeminar = { seminars: 0, invited: 0, submitted: 0, presented: 0 };
const noRatings = { quarter: '2026Q3', excellent: 0, good: 0, pass: 0, fail: 0, unapproved: 0 };
const noStaff = { open: 0, done: 0 };

/** Order-free view: programs by id, their batches by number, units by id. */
function normalised(s: Statistics): Statistics {
  return {
    ...s,
    programs: [...s.programs].sort((a, b) => a.programId - b.programId).map((p) => ({ ...p, batches: [...p.batches].sort((a, b) => a.number - b.number) })),
    units: [...s.units].sort((a, b) => a.unitId - b.unitId),
  };
}

describe.skipIf(missing('postgres'))('统计 statistics against a hand-computed fixture', () => {
  let db: Db;
  let tx: Kysely<Database>;
  const unit = {} as Record<UnitPath, number>;
  const id = {} as Record<Key, number>;
  const prog = {} as Record<ProgramKey, number>;
  const batch = { b1: 0, b2: 0 };
  const stats = {} as Record<'district' | 'town' | 'leaf', Statistics>;

  beforeAll(async () => {
    db = await openTestDb('postgres');
    tx = db.db;
    for (const path of UNITS) unit[path] = await ensureUnit(tx, path);
    const keys = Object.keys(PEOPLE) as Key[];
    const ids = await addCadres(tx, keys.map((k) => {
      const [name, unitPath, category, birthDate, hireDate, active] = PEOPLE[k];
      return { openId: `ou_stf_${k}`, name, unit: unitPath, category, birthDate, hireDate, active };
    }));
    keys.forEach((k, i) => { id[k] = ids[i]!; });

    const newProgram = async (key: ProgramKey, weekday: number, rule: 'young_cadre' | 'none' | 'village_young', mentors: ('leader_member' | 'young' | 'senior')[], mentees: ('young' | 'senior' | 'village')[]) => {
      const n = PROGRAM_NAMES[key];
      prog[key] = (await tx.insertInto('programs').values({
        code: n.code, track: n.track, name_zh: n.nameZh, name_en: n.nameEn, start_date: '2026-03-01', unit_id: unit['武隆区'],
        mentor_categories: mentors, mentee_categories: mentees, mentee_rule: rule, report_weekday: weekday, allow_co_mentors: true,
      }).returning('id').executeTakeFirstOrThrow()).id;
    };
    await newProgram('young', 5, 'young_cadre', ['leader_member'], ['young']);
    await newProgram('reverse', 3, 'none', ['young'], ['senior']);
    await newProgram('village', 1, 'village_young', ['senior'], ['village']);

    await tx.insertInto('program_overrides').values([
      { program_id: prog.young, cadre_id: id.Y9, role: 'mentee', mode: 'exclude', created_by: 'test' },
      { program_id: prog.village, cadre_id: id.V2, role: 'mentee', mode: 'include', created_by: 'test' },
      { program_id: prog.village, cadre_id: id.L0, role: 'mentor', mode: 'include', created_by: 'test' },
    ]).execute();

    batch.b1 = (await tx.insertInto('secondment_batches').values({ program_id: prog.village, number: 1, start_date: '2026-09-01', end_date: '2026-09-30' }).returning('id').executeTakeFirstOrThrow()).id;
    batch.b2 = (await tx.insertInto('secondment_batches').values({ program_id: prog.village, number: 2, start_date: '2026-11-03', end_date: '2026-12-02' }).returning('id').executeTakeFirstOrThrow()).id;
    await tx.insertInto('batch_members').values([
      { batch_id: batch.b1, cadre_id: id.V1 }, { batch_id: batch.b1, cadre_id: id.V2 },
      { batch_id: batch.b2, cadre_id: id.V3 }, { batch_id: batch.b2, cadre_id: id.V4 },
    ]).execute();
    await tx.insertInto('survey_responses').values([
      { batch_id: batch.b1, cadre_id: id.V1, choices: ['mass_work', 'driving_development', 'rural_governance'] },
      { batch_id: batch.b1, cadre_id: id.V2, choices: ['rural_governance', 'mass_work', 'project_management'] },
      { batch_id: batch.b2, cadre_id: id.V3, choices: ['case_handling', 'mass_work', 'project_management'] },
    ]).execute();

    const newPair = async (program: ProgramKey, mentee: Key, mentors: Key[], formed: string, ended?: [string, 'completed' | 'rematched' | 'left'], batchId?: number) => {
      const pairId = (await tx.insertInto('pairs').values({
        program_id: prog[program], mentee_id: id[mentee], formed_by: program === 'village' ? 'claim' : 'assignment', formed_at: at(formed), batch_id: batchId ?? null,
        ...(ended ? { status: 'ended' as const, ended_at: at(ended[0]), end_reason: ended[1] } : {}),
      }).returning('id').executeTakeFirstOrThrow()).id;
      await tx.insertInto('pair_mentors').values(mentors.map((m, i) => ({ pair_id: pairId, mentor_id: id[m], lead: i === 0, added_at: at(formed) }))).execute();
      return pairId;
    };
    const P1 = await newPair('young', 'Y1', ['L1'], '2026-03-10T10:00');
    const P2 = await newPair('young', 'Y2', ['L0', 'L2'], '2026-03-10T10:00');
    const P3 = await newPair('young', 'Y3', ['L4'], '2026-10-14T10:00');
    const P4 = await newPair('young', 'Y4', ['L3'], '2026-03-10T10:00');
    const P5 = await newPair('young', 'Y5', ['L1'], '2026-03-10T10:00');
    const P6 = await newPair('young', 'Y6', ['L2'], '2026-03-10T10:00', ['2026-09-16T15:00', 'left']);
    const P7 = await newPair('young', 'Y1', ['L2'], '2026-03-01T09:00', ['2026-03-09T10:00', 'rematched']);
    const Q1 = await newPair('reverse', 'R1', ['Y1'], '2026-04-01T10:00');
    const Q2 = await newPair('reverse', 'R2', ['Y7'], '2026-04-01T10:00');
    const Q3 = await newPair('reverse', 'R3', ['Y7'], '2026-04-01T10:00');
    const Q4 = await newPair('reverse', 'R4', ['Y4'], '2026-04-01T10:00', ['2026-10-21T15:00', 'completed']);
    const W1 = await newPair('village', 'V1', ['S1'], '2026-09-01T09:00', ['2026-09-30T18:00', 'completed'], batch.b1);
    const W3 = await newPair('village', 'V3', ['S2'], '2026-11-03T09:00', undefined, batch.b2);
    const W4 = await newPair('village', 'V4', ['S1', 'L0'], '2026-11-03T09:00', undefined, batch.b2);

    // Weekly reports: weeks given by number; a tutoring record is [date, minutes], always inside its report's week.
    const reports = async (pairId: number, by: Key, weeks: number[], tutoring: Record<number, [string, number][]> = {}, late: number[] = []) => {
      for (const w of weeks) {
        const records: TutoringRecord[] = (tutoring[w] ?? []).map(([date, minutes]) => ({ date, topic: '谈心谈话', minutes }));
        await tx.insertInto('weekly_reports').values({
          pair_id: pairId, iso_week: `2026-W${String(w).padStart(2, '0')}`, did: '本周工作', tutoring: JSON.stringify(records),
          late: late.includes(w), submitted_by: id[by],
        }).execute();
      }
    };
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
    await reports(P1, 'Y1', [34, ...range(35, 47).filter((w) => w !== 39 && w !== 45), 48],
      { 34: [['2026-08-19', 100]], 35: [['2026-08-26', 60]], 44: [['2026-10-27', 30], ['2026-10-29', 15]], 48: [['2026-11-24', 100]] }, [40]);
    await reports(P2, 'Y2', range(35, 47), { 47: [['2026-11-18', 90]] });
    await reports(P3, 'Y3', [42, 43, 44, 46], { 42: [['2026-10-15', 40]] });
    await reports(P5, 'Y5', range(35, 38), { 36: [['2026-09-01', 20], ['2026-09-03', 25]] });
    await reports(P6, 'Y6', [35, 37], { 37: [['2026-09-09', 30]] });
    await reports(P7, 'Y1', [10], { 10: [['2026-03-04', 50]] });
    await reports(Q1, 'R1', range(35, 47), { 40: [['2026-09-29', 120]] });
    await reports(Q2, 'R2', range(35, 41));
    await reports(Q3, 'R3', range(44, 47), { 45: [['2026-11-04', 10]] });
    await reports(Q4, 'R4', range(35, 43), { 43: [['2026-10-20', 25]] });
    await reports(W1, 'V1', [36, 37, 38, 40], { 36: [['2026-09-02', 15]], 38: [['2026-09-15', 45]] });
    await reports(W3, 'V3', [46], { 46: [['2026-11-10', 35]] });
    await reports(W4, 'V4', [46, 47, 48], { 48: [['2026-11-23', 70]] });

    // Evaluations: 2026Q3 (and one of Q2). Revisions need an approval batch.
    const hl = unit['武隆区/火炉镇'];
    const q3Batch = (await tx.insertInto('approval_batches').values({ quarter: '2026Q3', leader_unit_id: hl, created_by: id.L0 }).returning('id').executeTakeFirstOrThrow()).id;
    const q2Batch = (await tx.insertInto('approval_batches').values({ quarter: '2026Q2', leader_unit_id: hl, created_by: id.L0 }).returning('id').executeTakeFirstOrThrow()).id;
    type Rev = [Rating, 'approved' | 'superseded' | 'pending' | 'returned'];
    const evaluation = async (pairId: number, program: ProgramKey, quarter: string, menteeUnit: UnitPath, status: 'open' | 'pending' | 'returned' | 'approved', revisions: Rev[]) => {
      const evalId = (await tx.insertInto('evaluations').values({
        pair_id: pairId, program_id: prog[program], quarter, mentee_unit_id: unit[menteeUnit], evidence: JSON.stringify({}), status, opened_at: at(quarter === '2026Q3' ? '2026-10-09T09:00' : '2026-07-01T09:00'),
      }).returning('id').executeTakeFirstOrThrow()).id;
      for (const [i, [rating, revStatus]] of revisions.entries()) {
        const decided = revStatus === 'approved' || revStatus === 'superseded' || revStatus === 'returned';
        await tx.insertInto('evaluation_revisions').values({
          evaluation_id: evalId, revision: i + 1, rating, assessor_id: id.L0, status: revStatus, batch_id: quarter === '2026Q3' ? q3Batch : q2Batch,
          correction_reason: i > 0 ? '更正' : null, decided_by: decided ? id.L0 : null, decided_at: decided ? at('2026-10-20T10:00') : null,
          return_reason: revStatus === 'returned' ? '材料不全' : null,
        }).execute();
      }
    };
    await evaluation(P1, 'young', '2026Q3', HLD, 'approved', [['excellent', 'approved']]); // E1
    await evaluation(P2, 'young', '2026Q3', HLJ, 'approved', [['good', 'superseded'], ['pass', 'approved']]); // E2
    await evaluation(P4, 'young', '2026Q3', BMD, 'pending', [['good', 'pending']]); // E3
    await evaluation(P5, 'young', '2026Q3', '武隆区/白马镇', 'returned', [['excellent', 'returned']]); // E4
    await evaluation(P6, 'young', '2026Q3', HLJ, 'open', []); // E5
    await evaluation(Q1, 'reverse', '2026Q3', HLD, 'approved', [['fail', 'approved'], ['pass', 'pending']]); // E6
    await evaluation(Q2, 'reverse', '2026Q3', BMD, 'approved', [['good', 'approved']]); // E7: R2 was in 白马镇/党政办 then
    await evaluation(W1, 'village', '2026Q3', HLW, 'approved', [['excellent', 'approved']]); // E8
    await evaluation(P1, 'young', '2026Q2', HLD, 'approved', [['good', 'approved']]); // E9: another quarter

    await tx.insertInto('staff_meeting_items').values([
      { mentor_id: id.L1, kind: 'share', first_quarter: '2026Q2', last_quarter: '2026Q3', status: 'open' }, // I1
      { mentor_id: id.L2, kind: 'self_criticism', first_quarter: '2026Q2', last_quarter: '2026Q3', status: 'done', done_on: '2026-11-10', done_by: id.L0 }, // I2
      { mentor_id: id.L4, kind: 'share', first_quarter: '2026Q2', last_quarter: '2026Q3', status: 'void', void_reason: '评价已更正', voided_at: at('2026-10-25T10:00') }, // I3
      { mentor_id: id.L4, kind: 'self_criticism', first_quarter: '2026Q2', last_quarter: '2026Q3', status: 'open' }, // I4
      { mentor_id: id.L4, kind: 'share', first_quarter: '2026Q1', last_quarter: '2026Q2', status: 'done', done_on: '2026-08-05', done_by: id.L0 }, // I5
    ]).execute();

    // Night school: one series, people audience.
    const audience: Key[] = ['Y1', 'Y2', 'Y3', 'Y4', 'R1', 'V1'];
    const series = (await tx.insertInto('school_series').values({
      name: '干部夜校', weekday: 2, start_time: '19:00', place: '镇会议室', audience_kind: 'people', audience_program_id: null, audience_unit_id: null,
      teacher_id: id.L0, starts_on: '2026-08-18', created_by: 'test',
    }).returning('id').executeTakeFirstOrThrow()).id;
    await tx.insertInto('school_audience').values(audience.map((k) => ({ series_id: series, cadre_id: id[k] }))).execute();
    const sessions: [string, 'closed' | 'cancelled', string[]][] = [
      ['2026-08-18T19:00', 'closed', ['present', 'present', 'present', 'present', 'present', 'present']], // W34: out
      ['2026-09-08T19:00', 'closed', ['present', 'present', 'leave', 'absent', 'present', 'absent']], // W37
      ['2026-10-06T19:00', 'cancelled', ['registered', 'registered', 'registered', 'registered', 'registered', 'registered']], // W41 holiday
      ['2026-10-20T19:00', 'closed', ['present', 'absent', 'present', 'present', 'leave', 'present']], // W43
      ['2026-11-24T19:00', 'closed', ['absent', 'absent', 'absent', 'absent', 'absent', 'absent']], // W48: out
    ];
    for (const [time, status, marks] of sessions) {
      const s = (await tx.insertInto('school_sessions').values({
        series_id: series, starts_at: at(time), place: '镇会议室', topic: time.slice(0, 10), teacher_id: id.L0, status,
        closed_at: status === 'closed' ? at(`${time.slice(0, 10)}T21:00`) : null, cancel_reason: status === 'cancelled' ? 'holiday' : null,
      }).returning('id').executeTakeFirstOrThrow()).id;
      await tx.insertInto('school_attendance').values(audience.map((k, i) => ({ session_id: s, cadre_id: id[k], status: marks[i] as 'present' }))).execute();
    }

    // Seminars.
    const seminar = async (program: ProgramKey, starts: string, status: 'held' | 'cancelled') =>
      (await tx.insertInto('seminars').values({ program_id: prog[program], title: `交流研讨会 ${starts.slice(0, 10)}`, starts_at: at(starts), place: '大会议室', status, created_by: 'test', ...(status === 'cancelled' ? { cancel_reason: '改期', cancelled_at: at('2026-10-28T10:00') } : {}) }).returning('id').executeTakeFirstOrThrow()).id;
    const semYoung = await seminar('young', '2026-09-20T09:00', 'held');
    const semReverse = await seminar('reverse', '2026-10-25T09:00', 'held');
    const semCancelled = await seminar('young', '2026-11-01T09:00', 'cancelled');
    const semOld = await seminar('young', '2026-06-20T09:00', 'held');
    const entry = (seminarId: number, pairId: number, by: Key | null, presented = false) => ({
      seminar_id: seminarId, pair_id: pairId, achievements: by ? '成果' : '', submitted_by: by ? id[by] : null, submitted_at: by ? at('2026-09-10T10:00') : null, presented,
    });
    await tx.insertInto('seminar_entries').values([
      entry(semYoung, P1, 'Y1', true), entry(semYoung, P2, 'Y2'), entry(semYoung, P5, null), entry(semYoung, P6, 'Y6', true),
      entry(semReverse, Q1, 'Y1'), entry(semReverse, Q3, 'Y7', true),
      entry(semCancelled, P1, 'Y1'),
      entry(semOld, P1, 'Y1', true),
    ]).execute();

    // R2 moved from 白马镇/党政办 to 火炉镇/经发办 after 2026Q3 opened: the roster today says 经发办 (set at insert).
    stats.district = normalised(await statistics(tx, unit['武隆区'], NOW, TZ));
    stats.town = normalised(await statistics(tx, unit['武隆区/火炉镇'], NOW, TZ));
    stats.leaf = normalised(await statistics(tx, unit[HLD], NOW, TZ));
  });
  afterAll(async () => { await db?.close(); });

  const program = (key: ProgramKey, figures: Omit<ProgramStats, 'programId' | 'code' | 'nameZh' | 'nameEn' | 'track'>): ProgramStats => ({
    programId: prog[key], ...PROGRAM_NAMES[key], ...figures,
  });
  const unitStats = (path: UnitPath, name: string, figures: Omit<UnitStats, 'unitId' | 'path' | 'name'>): UnitStats => ({ unitId: unit[path], path, name, ...figures });

  /** Every group separately (expect.soft), so one wrong figure does not hide the others. */
  function check(s: Statistics, expected: Omit<Statistics, 'computedAt' | 'computedOn' | 'weeks'>) {
    expect.soft(s.scope, 'scope').toEqual(expected.scope);
    expect.soft(s.computedAt, 'computedAt').toEqual(NOW);
    expect.soft(s.computedOn, 'computedOn').toBe('2026-11-29');
    // Sunday 10:00 of W48: W48 is not complete, so W35..W47
    expect.soft(s.weeks, 'weeks').toEqual(WEEKS);
    expect.soft(s.sentence, 'sentence').toEqual(expected.sentence);
    const { school, seminar, forms, reports4, reports13, ratings, staff, tutoringMinutes, ...counts } = s.total;
    const e = expected.total;
    expect.soft(counts, 'total counts').toEqual({ mentors: e.mentors, pairsActive: e.pairsActive, pairsEnded: e.pairsEnded, menteesCovered: e.menteesCovered });
    expect.soft(forms, 'total.forms').toEqual(e.forms);
    expect.soft(reports4, 'total.reports4').toEqual(e.reports4);
    expect.soft(reports13, 'total.reports13').toEqual(e.reports13);
    expect.soft(tutoringMinutes, 'total.tutoringMinutes').toBe(e.tutoringMinutes);
    expect.soft(ratings, 'total.ratings').toEqual(e.ratings);
    expect.soft(staff, 'total.staff').toEqual(e.staff);
    expect.soft(school, 'total.school').toEqual(e.school);
    expect.soft(seminar, 'total.seminar').toEqual(e.seminar);
    expect.soft(s.total, 'total (whole)').toEqual(e);
    expect.soft(s.programs.map((p) => p.code), 'program list').toEqual(expected.programs.map((p) => p.code));
    for (const p of expected.programs) {
      const actual = s.programs.find((x) => x.programId === p.programId);
      if (!actual) continue;
      const { batches, ...rest } = actual;
      const { batches: eb, ...erest } = p;
      for (const k of Object.keys(erest) as (keyof typeof erest)[]) expect.soft(rest[k], `${p.code}.${k}`).toEqual(erest[k]);
      expect.soft(batches, `${p.code}.batches`).toEqual(eb);
    }
    expect.soft(s.reportWeeks, 'reportWeeks').toEqual(expected.reportWeeks);
    expect.soft(s.units.map((u) => u.path), 'unit list').toEqual(expected.units.map((u) => u.path));
    for (const u of expected.units) expect.soft(s.units.find((x) => x.unitId === u.unitId), `unit ${u.path}`).toEqual(u);
  }

  const weeksOf = (due: number[], submitted: number[]) => WEEKS.map((week, i) => ({ week, due: due[i]!, submitted: submitted[i]!, rate: due[i]! > 0 ? submitted[i]! / due[i]! : null }));

  // Survey tallies (3 for a first choice, 2 for a second, 1 for a third):
  //   batch 1: 群众工作 V1 3 + V2 2 = 5; 乡村治理 V1 1 + V2 3 = 4; 推动发展 V1 2; 项目推进 V2 1 (4th: cut, at most three)
  //   batch 2: 矛盾纠纷调处 V3 3; 群众工作 V3 2; 项目推进 V3 1
  const top1 = [
    { nameZh: '群众工作', nameEn: 'Working with the public', score: 5 },
    { nameZh: '乡村治理', nameEn: 'Rural governance', score: 4 },
    { nameZh: '推动发展', nameEn: 'Driving development', score: 2 },
  ];
  const top2 = [
    { nameZh: '矛盾纠纷调处', nameEn: 'Resolving disputes', score: 3 },
    { nameZh: '群众工作', nameEn: 'Working with the public', score: 2 },
    { nameZh: '项目推进', nameEn: 'Project delivery', score: 1 },
  ];
  const b1 = { number: 1, startDate: '2026-09-01', endDate: '2026-09-30' };
  const b2 = { number: 2, startDate: '2026-11-03', endDate: '2026-12-02' };

  it('the district (武隆区): every figure', () => {
    check(stats.district, {
      scope: { unitId: unit['武隆区'], path: '武隆区', name: '武隆区' },
      // mentors: {L0 L1 L2 L4} ∪ {Y1 Y7} ∪ {S1 S2 L0} = L0 L1 L2 L4 Y1 Y7 S1 S2 = 8 (L3 deactivated; L0 once)
      // pairs: young P1..P5 = 5 + reverse Q1 Q2 Q3 = 3 + village W3 W4 = 2 → 10
      // young mentees of active pairs: Y1 Y2 Y3 Y4 Y5 = 5 (R*, V* are not category young)
      sentence: { mentors: 8, pairs: 10, youngCovered: 5 },
      total: {
        mentors: 8,
        pairsActive: 10,
        pairsEnded: 4, // P6 P7 Q4 W1
        menteesCovered: 10, // Y1..Y5, R1 R2 R3, V3 V4
        // 一带一 P3 P4 Q1 W3 = 4; 一带多 P1 P5 Q2 Q3 = 4; 多带一 P2 W4 = 2
        forms: { oneToOne: 4, oneToMany: 4, manyToOne: 2 },
        // W44..W47: due 8 + 8 + 10 + 10 = 36 (see reportWeeks); submitted 5 + 3 + 7 + 5 = 20
        reports4: { due: 36, submitted: 20, rate: 20 / 36 },
        // due: young 61 + reverse 48 + village 8 = 117; submitted 34 + 33 + 6 = 73
        reports13: { due: 117, submitted: 73, rate: 73 / 117 },
        tutoringMinutes: 560, // young 310 + reverse 155 + village 95
        // excellent E1 E8; good E7; pass E2 (the approved correction); fail E6 (its correction still pending);
        // unapproved E3 (pending) E4 (returned) E5 (open); E9 is 2026Q2
        ratings: { quarter: '2026Q3', excellent: 2, good: 1, pass: 1, fail: 1, unapproved: 3 },
        staff: { open: 2, done: 2 }, // open I1 I4, done I2 I5; I3 void
        // W37: present Y1 Y2 R1, leave Y3, absent Y4 V1; W43: present Y1 Y3 Y4 V1, leave R1, absent Y2
        // → audience 12, present 7, leave 2, absent 3, rate 7 / (12 − 2)
        school: { audience: 12, present: 7, leave: 2, absent: 3, rate: 7 / 10 },
        // young 09-20: invited P1 P2 P5 P6 = 4, submitted P1 P2 P6 = 3, presented P1 P6 = 2;
        // reverse 10-25: invited Q1 Q3 = 2, submitted 2, presented Q3 = 1; cancelled and 06-20 ones out
        seminar: { seminars: 2, invited: 6, submitted: 5, presented: 3 },
      },
      reportWeeks: weeksOf(
        // base P1 P2 P4 P5 Q1 Q2 Q3 = 7; + P6 (W35-37), Q4 (W35-43), W1 (W37-40), P3 (W42-47), W3 W4 (W46-47)
        //  W35 W36 W37 W38 W39 W40 W41 W42 W43 W44 W45 W46 W47
        [9, 9, 10, 9, 9, 9, 8, 9, 9, 8, 8, 10, 10],
        // W35 P1 P2 P5 Q1 Q2 P6 Q4; W36 P1 P2 P5 Q1 Q2 Q4; W37 P1 P2 P5 Q1 Q2 P6 Q4 W1; W38 P1 P2 P5 Q1 Q2 Q4 W1;
        // W39 P2 Q1 Q2 Q4; W40 P1 P2 Q1 Q2 Q4 W1; W41 P1 P2 Q1 Q2 Q4; W42 P1 P2 Q1 Q4 P3; W43 P1 P2 Q1 Q4 P3;
        // W44 P1 P2 Q1 Q3 P3; W45 P2 Q1 Q3; W46 P1 P2 Q1 Q3 P3 W3 W4; W47 P1 P2 Q1 Q3 W4
        [7, 6, 8, 7, 4, 6, 5, 5, 5, 5, 3, 7, 5],
      ),
      programs: [
        program('young', {
          mentors: 4, // P1 L1, P2 L0 + L2, P3 L4, P5 L1; P4's L3 is deactivated
          pairsActive: 5, pairsEnded: 2, // P1..P5; P6 P7
          menteesCovered: 5, // Y1..Y5
          forms: { oneToOne: 2, oneToMany: 2, manyToOne: 1 }, // P3 P4 | P1 P5 | P2
          // W44..W47 due: P1 P2 P3 P4 P5 4 each = 20; submitted P1 3 + P2 4 + P3 2 = 9
          reports4: { due: 20, submitted: 9, rate: 9 / 20 },
          // due 13 + 13 + 6 + 13 + 13 + 3 = 61; submitted 11 + 13 + 4 + 0 + 4 + 2 = 34
          reports13: { due: 61, submitted: 34, rate: 34 / 61 },
          tutoringMinutes: 310, // 105 + 90 + 40 + 45 + 30
          ratings: { quarter: '2026Q3', excellent: 1, good: 0, pass: 1, fail: 0, unapproved: 3 }, // E1 | E2 | E3 E4 E5
          staff: { open: 2, done: 2 }, // I1 (L1) I4 (L4) | I2 (L2) I5 (L4)
          // young_cadre on 2026-03-01: Y1 31, Y2 30, Y4 28, Y7 29 under 35; Y3 35 but hired 2024-05-01 (within 3 years);
          // Y5 46 and hired 2005: no; Y6 deactivated; Y9 excluded → 5; with an active pair: Y1 Y2 Y3 Y4 = 4
          eligible: 5, eligibleCovered: 4, coverage: 4 / 5,
          seminar: { seminars: 1, invited: 4, submitted: 3, presented: 2 },
          batches: [],
        }),
        program('reverse', {
          mentors: 2, // Y1, Y7
          pairsActive: 3, pairsEnded: 1, menteesCovered: 3,
          forms: { oneToOne: 1, oneToMany: 2, manyToOne: 0 }, // Q1 | Q2 Q3
          reports4: { due: 12, submitted: 8, rate: 8 / 12 }, // Q1 Q2 Q3 4 each; Q1 4 + Q3 4
          reports13: { due: 48, submitted: 33, rate: 33 / 48 }, // 13 × 3 + 9; 13 + 7 + 4 + 9
          tutoringMinutes: 155, // Q1 120 + Q3 10 + Q4 25
          ratings: { quarter: '2026Q3', excellent: 0, good: 1, pass: 0, fail: 1, unapproved: 0 }, // E7 | E6
          staff: noStaff,
          // rule none: every active senior: R1 R2 R3 R4 S1 S2 = 6; paired R1 R2 R3 = 3
          eligible: 6, eligibleCovered: 3, coverage: 3 / 6,
          seminar: { seminars: 1, invited: 2, submitted: 2, presented: 1 },
          batches: [],
        }),
        program('village', {
          mentors: 3, // W3 S2, W4 S1 + L0
          pairsActive: 2, pairsEnded: 1, menteesCovered: 2, // W3 W4; W1; V3 V4
          forms: { oneToOne: 1, oneToMany: 0, manyToOne: 1 }, // W3 | W4
          reports4: { due: 4, submitted: 3, rate: 3 / 4 }, // W3 2 + W4 2; W3 1 + W4 2
          reports13: { due: 8, submitted: 6, rate: 6 / 8 }, // W1 4 + 2 + 2; W1 3 + 1 + 2
          tutoringMinutes: 95, // W1 15 + 45, W3 35
          ratings: { quarter: '2026Q3', excellent: 1, good: 0, pass: 0, fail: 0, unapproved: 0 }, // E8
          staff: noStaff,
          // village_young: V1 31 on 09-01, V3 30 on 11-03, V4 34 on 11-03, V5 29 on 03-01; V2 41 but included → 5;
          // with an active pair: V3 V4 = 2
          eligible: 5, eligibleCovered: 2, coverage: 2 / 5,
          seminar: noSeminar,
          batches: [
            { ...b1, members: 2, answered: 2, top: top1 }, // V1 V2, both answered
            { ...b2, members: 2, answered: 1, top: top2 }, // V3 V4, V3 answered
          ],
        }),
      ],
      units: [
        unitStats('武隆区/火炉镇', '火炉镇', {
          mentors: 7, // P1 L1, P2 L0 L2, P3 L4, Q1 Y1, Q2 Y7, W4 S1 L0 → L0 L1 L2 L4 Y1 Y7 S1
          pairsActive: 6, // P1 P2 P3 Q1 Q2 W4
          menteesCovered: 6, // Y1 Y2 Y3 R1 R2 V4
          // due P1 13 + P2 13 + P3 6 + P6 3 + Q1 13 + Q2 13 + W1 4 + W4 2 = 67; submitted 11 + 13 + 4 + 2 + 13 + 7 + 3 + 2 = 55
          reports13: { due: 67, submitted: 55, rate: 55 / 67 },
          // Y1 Y2 Y3 R1 V1: W37 p p l p a, W43 p a p l p → present 6, leave 2, absent 2
          school: { audience: 10, present: 6, leave: 2, absent: 2, rate: 6 / 8 },
        }),
        unitStats('武隆区/白马镇', '白马镇', {
          mentors: 3, // P4 L3 (deactivated: no), P5 L1, Q3 Y7, W3 S2
          pairsActive: 4, // P4 P5 (Y5 sits in the town unit itself) Q3 W3
          menteesCovered: 4, // Y4 Y5 R3 V3
          reports13: { due: 50, submitted: 18, rate: 18 / 50 }, // P4 13/0, P5 13/4, Q3 13/4, Q4 9/9, W3 2/1
          school: { audience: 2, present: 1, leave: 0, absent: 1, rate: 1 / 2 }, // Y4: absent, present
        }),
      ],
    });
  });

  it('a town (火炉镇): every figure', () => {
    check(stats.town, {
      scope: { unitId: unit['武隆区/火炉镇'], path: '武隆区/火炉镇', name: '火炉镇' },
      // pairs with a mentee in 火炉镇: young P1 P2 P3 (P6 P7 ended), reverse Q1 Q2, village W4 (W1 ended)
      // mentors {L1 L0 L2 L4} ∪ {Y1 Y7} ∪ {S1 L0} = 7 (L4 sits in 白马镇 but mentors Y3 here); young mentees Y1 Y2 Y3
      sentence: { mentors: 7, pairs: 6, youngCovered: 3 },
      total: {
        mentors: 7, pairsActive: 6,
        pairsEnded: 3, // P6 P7 W1
        menteesCovered: 6, // Y1 Y2 Y3 R1 R2 V4
        // 一带一 P3 Q1; 一带多 P1 (L1's other pair P5 is in 白马镇: "anywhere") Q2 (Y7's Q3 is in 白马镇); 多带一 P2 W4
        forms: { oneToOne: 2, oneToMany: 2, manyToOne: 2 },
        reports4: { due: 22, submitted: 15, rate: 15 / 22 }, // young 12/9 + reverse 8/4 + village 2/2
        reports13: { due: 67, submitted: 55, rate: 55 / 67 }, // young 35/30 + reverse 26/20 + village 6/5
        tutoringMinutes: 445, // young 265 + reverse 120 + village 60
        // by the unit when 2026Q3 opened: E1 excellent, E2 pass, E5 open, E6 fail, E8 excellent; E7 is 白马镇's
        // although R2 sits in 经发办 today
        ratings: { quarter: '2026Q3', excellent: 2, good: 0, pass: 1, fail: 1, unapproved: 1 },
        staff: { open: 1, done: 1 }, // I1 (L1, 党政办) | I2 (L2, 经发办); L4's items are 白马镇's
        school: { audience: 10, present: 6, leave: 2, absent: 2, rate: 6 / 8 }, // as the district's 火炉镇 unit
        // young: P1 (submitted, presented) P2 (submitted) P6 (submitted, presented); P5 is 白马镇's
        // reverse: Q1 (submitted); Q3 is 白马镇's
        seminar: { seminars: 2, invited: 4, submitted: 4, presented: 2 },
      },
      reportWeeks: weeksOf(
        // base P1 P2 Q1 Q2 = 4; + P6 (W35-37), W1 (W37-40), P3 (W42-47), W4 (W46-47)
        //  W35 W36 W37 W38 W39 W40 W41 W42 W43 W44 W45 W46 W47
        [5, 5, 6, 5, 5, 5, 4, 5, 5, 5, 5, 6, 6],
        // W35 P1 P2 Q1 Q2 P6; W36 P1 P2 Q1 Q2; W37 P1 P2 Q1 Q2 P6 W1; W38 P1 P2 Q1 Q2 W1; W39 P2 Q1 Q2;
        // W40 P1 P2 Q1 Q2 W1; W41 P1 P2 Q1 Q2; W42 P1 P2 Q1 P3; W43 P1 P2 Q1 P3; W44 P1 P2 Q1 P3; W45 P2 Q1;
        // W46 P1 P2 Q1 P3 W4; W47 P1 P2 Q1 W4
        [5, 4, 6, 5, 3, 5, 4, 4, 4, 4, 2, 5, 4],
      ),
      programs: [
        program('young', {
          mentors: 4, // P1 L1, P2 L0 L2, P3 L4
          pairsActive: 3, pairsEnded: 2, menteesCovered: 3, // P1 P2 P3; P6 P7; Y1 Y2 Y3
          forms: { oneToOne: 1, oneToMany: 1, manyToOne: 1 }, // P3 | P1 | P2
          reports4: { due: 12, submitted: 9, rate: 9 / 12 }, // P1 4/3, P2 4/4, P3 4/2
          reports13: { due: 35, submitted: 30, rate: 30 / 35 }, // P1 13/11, P2 13/13, P3 6/4, P6 3/2
          tutoringMinutes: 265, // P1 105 + P2 90 + P3 40 + P6 30
          ratings: { quarter: '2026Q3', excellent: 1, good: 0, pass: 1, fail: 0, unapproved: 1 }, // E1 | E2 | E5
          staff: { open: 1, done: 1 }, // I1 | I2
          eligible: 4, eligibleCovered: 3, coverage: 3 / 4, // Y1 Y2 Y3 Y7 (Y6 deactivated, Y9 excluded); Y7 unpaired
          seminar: { seminars: 1, invited: 3, submitted: 3, presented: 2 },
          batches: [],
        }),
        program('reverse', {
          mentors: 2, pairsActive: 2, pairsEnded: 0, menteesCovered: 2, // Y1 Y7; Q1 Q2; R1 R2
          forms: { oneToOne: 1, oneToMany: 1, manyToOne: 0 }, // Q1 | Q2
          reports4: { due: 8, submitted: 4, rate: 4 / 8 }, // Q1 4/4, Q2 4/0
          reports13: { due: 26, submitted: 20, rate: 20 / 26 }, // Q1 13/13, Q2 13/7
          tutoringMinutes: 120, // Q1
          ratings: { quarter: '2026Q3', excellent: 0, good: 0, pass: 0, fail: 1, unapproved: 0 }, // E6
          staff: noStaff,
          eligible: 3, eligibleCovered: 2, coverage: 2 / 3, // R1 R2 S1; R1 R2 paired
          seminar: { seminars: 1, invited: 1, submitted: 1, presented: 0 }, // Q1
          batches: [],
        }),
        program('village', {
          mentors: 2, pairsActive: 1, pairsEnded: 1, menteesCovered: 1, // S1 L0; W4; W1; V4
          forms: { oneToOne: 0, oneToMany: 0, manyToOne: 1 }, // W4
          reports4: { due: 2, submitted: 2, rate: 1 }, // W4 2/2
          reports13: { due: 6, submitted: 5, rate: 5 / 6 }, // W1 4/3, W4 2/2
          tutoringMinutes: 60, // W1 15 + 45 (W4's 70 is in W48)
          ratings: { quarter: '2026Q3', excellent: 1, good: 0, pass: 0, fail: 0, unapproved: 0 }, // E8
          staff: noStaff,
          eligible: 4, eligibleCovered: 1, coverage: 1 / 4, // V1 V2 V4 V5; V4 paired (V3 is 白马镇's)
          seminar: noSeminar,
          batches: [
            { ...b1, members: 2, answered: 2, top: top1 }, // V1 V2 both in 万峰村
            { ...b2, members: 1, answered: 0, top: [] }, // V4 only (V3 in 鱼子村), no answer
          ],
        }),
      ],
      units: [
        unitStats(HLD, '党政办', {
          mentors: 3, pairsActive: 3, menteesCovered: 3, // L1 L4 Y1; P1 P3 Q1; Y1 Y3 R1
          reports13: { due: 32, submitted: 28, rate: 28 / 32 }, // P1 13/11, P3 6/4, Q1 13/13
          school: { audience: 6, present: 4, leave: 2, absent: 0, rate: 1 }, // Y1 p p, Y3 l p, R1 p l
        }),
        unitStats(HLJ, '经发办', {
          mentors: 3, pairsActive: 2, menteesCovered: 2, // L0 L2 Y7; P2 Q2; Y2 R2
          reports13: { due: 29, submitted: 22, rate: 22 / 29 }, // P2 13/13, P6 3/2, Q2 13/7
          school: { audience: 2, present: 1, leave: 0, absent: 1, rate: 1 / 2 }, // Y2 p a
        }),
        unitStats(HLW, '万峰村', {
          mentors: 2, pairsActive: 1, menteesCovered: 1, // S1 L0; W4; V4
          reports13: { due: 6, submitted: 5, rate: 5 / 6 }, // W1 4/3, W4 2/2
          school: { audience: 2, present: 1, leave: 0, absent: 1, rate: 1 / 2 }, // V1 a p
        }),
      ],
    });
  });

  it('a leaf office (火炉镇/党政办): every figure, and no child units', () => {
    check(stats.leaf, {
      scope: { unitId: unit[HLD], path: HLD, name: '党政办' },
      // mentees here: Y1 (P1, ended P7), Y3 (P3), R1 (Q1); mentors L1 L4 Y1; young mentees Y1 Y3
      sentence: { mentors: 3, pairs: 3, youngCovered: 2 },
      total: {
        mentors: 3, pairsActive: 3, pairsEnded: 1, menteesCovered: 3, // P7 ended
        forms: { oneToOne: 2, oneToMany: 1, manyToOne: 0 }, // P3 Q1 | P1
        reports4: { due: 12, submitted: 9, rate: 9 / 12 }, // P1 4/3, P3 4/2, Q1 4/4
        reports13: { due: 32, submitted: 28, rate: 28 / 32 }, // P1 13/11, P3 6/4, Q1 13/13
        tutoringMinutes: 265, // P1 105 + P3 40 + Q1 120
        ratings: { quarter: '2026Q3', excellent: 1, good: 0, pass: 0, fail: 1, unapproved: 0 }, // E1 | E6
        staff: { open: 1, done: 0 }, // I1 (L1)
        school: { audience: 6, present: 4, leave: 2, absent: 0, rate: 1 }, // Y1 Y3 R1
        seminar: { seminars: 2, invited: 2, submitted: 2, presented: 1 }, // P1 (presented) at 09-20, Q1 at 10-25
      },
      reportWeeks: weeksOf(
        // P1 Q1 every week, P3 from W42
        [2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3],
        // P1 misses W39 W45; Q1 never misses; P3 W42 W43 W44 W46
        [2, 2, 2, 2, 1, 2, 2, 3, 3, 3, 1, 3, 2],
      ),
      programs: [
        program('young', {
          mentors: 2, pairsActive: 2, pairsEnded: 1, menteesCovered: 2, // L1 L4; P1 P3; P7; Y1 Y3
          forms: { oneToOne: 1, oneToMany: 1, manyToOne: 0 }, // P3 | P1
          reports4: { due: 8, submitted: 5, rate: 5 / 8 }, // P1 4/3, P3 4/2
          reports13: { due: 19, submitted: 15, rate: 15 / 19 }, // P1 13/11, P3 6/4
          tutoringMinutes: 145, // P1 105 + P3 40
          ratings: { quarter: '2026Q3', excellent: 1, good: 0, pass: 0, fail: 0, unapproved: 0 }, // E1
          staff: { open: 1, done: 0 }, // I1
          eligible: 3, eligibleCovered: 2, coverage: 2 / 3, // Y1 Y3 Y7; Y7 unpaired
          seminar: { seminars: 1, invited: 1, submitted: 1, presented: 1 }, // P1
          batches: [],
        }),
        program('reverse', {
          mentors: 1, pairsActive: 1, pairsEnded: 0, menteesCovered: 1, // Y1; Q1; R1
          forms: { oneToOne: 1, oneToMany: 0, manyToOne: 0 },
          reports4: { due: 4, submitted: 4, rate: 1 },
          reports13: { due: 13, submitted: 13, rate: 1 },
          tutoringMinutes: 120,
          ratings: { quarter: '2026Q3', excellent: 0, good: 0, pass: 0, fail: 1, unapproved: 0 }, // E6
          staff: noStaff,
          eligible: 1, eligibleCovered: 1, coverage: 1, // R1
          seminar: { seminars: 1, invited: 1, submitted: 1, presented: 0 }, // Q1
          batches: [],
        }),
        program('village', {
          mentors: 0, pairsActive: 0, pairsEnded: 0, menteesCovered: 0,
          forms: { oneToOne: 0, oneToMany: 0, manyToOne: 0 },
          reports4: { due: 0, submitted: 0, rate: null },
          reports13: { due: 0, submitted: 0, rate: null },
          tutoringMinutes: 0,
          ratings: noRatings,
          staff: noStaff,
          eligible: 0, eligibleCovered: 0, coverage: null, // no village cadre in 党政办
          seminar: noSeminar,
          batches: [{ ...b1, members: 0, answered: 0, top: [] }, { ...b2, members: 0, answered: 0, top: [] }],
        }),
      ],
      units: [],
    });
  });
});
