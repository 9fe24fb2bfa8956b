import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely, KyselyPlugin } from 'kysely';
import type { Db } from '../../../src/db/create-db';
import type { Database, TutoringRecord } from '../../../src/db/database';
import { evidenceFor, pairEvidence, type Evidence } from '../../../src/services/evaluation-evidence';
import { evidenceText } from '../../../src/lark/cards/evidence-text';
import { openTestDb } from '../../helpers/test-db';
import { addCadres } from '../../helpers/people';
import { missing } from '../../helpers/services';

/**
 * The evaluation evidence of 2026Q3 (2026-07-01 .. 2026-10-01, Asia/Shanghai) against a hand-computed fixture.
 * The program's report day is Friday (5). Fridays of the quarter: 07-03 (W27), 07-10, 07-17, 07-24, 07-31,
 * 08-07, 08-14 (W33), 08-21 (W34), 08-28, 09-04, 09-11, 09-18, 09-25 (W39) = 13. W26's Friday is 06-26 (Q2),
 * W40's is 10-02 (Q4). Times written '+08:00' are local; several sit at 23:30 / 00:30 local, where the UTC date
 * is the day before, so reading dates in UTC would give different numbers.
 *
 * Pair A (mentee A, mentor M1): formed 05-10, active → span 07-01..10-01, due 13.
 * Pair B (mentee B): formed 08-15 00:30 local (UTC 08-14 16:30, a Friday) → span 08-15..10-01,
 *   due = Fridays 08-21..09-25 = 6 (W34..W39); in UTC it would be 7.
 * Pair C (mentee C, mentors M1 + M2): formed 04-01, ended 08-21 00:30 local (UTC 08-20) → span
 *   07-01..08-22 (the end day counts), due = Fridays 07-03..08-21 = 8 (W27..W34); in UTC it would be 7.
 * Pair D (mentee D): formed 10-01 00:30 local (UTC 09-30) → empty span 10-01..10-01, due 0.
 */

const TZ = 'Asia/Shanghai';
const Q = '2026Q3';
const at = (local: string) => new Date(`${local}+08:00`);

describe.skipIf(missing('postgres'))('evaluation evidence', () => {
  let db: Db;
  let tx: Kysely<Database>;
  const pair: Record<'A' | 'B' | 'C' | 'D', number> = { A: 0, B: 0, C: 0, D: 0 };

  beforeAll(async () => {
    db = await openTestDb('postgres');
    tx = db.db;
    const [M1, M2, A, B, C, D, T] = await addCadres(tx, ['M1', 'M2', 'A', 'B', 'C', 'D', 'T'].map((k) => ({ openId: `ou_evi_${k}`, name: `测评${k}`, category: k.startsWith('M') || k === 'T' ? 'leader_member' as const : 'young' as const })));
    const unitId = (await tx.selectFrom('cadres').select('unit_id').where('id', '=', A!).executeTakeFirstOrThrow()).unit_id;
    const program = (await tx.insertInto('programs').values({
      code: 'evi', track: 'young_mentoring', name_zh: '青年干部帮带', name_en: 'Young cadre mentoring', start_date: '2026-01-01', unit_id: unitId,
      mentor_categories: ['leader_member'], mentee_categories: ['young'], mentee_rule: 'none', report_weekday: 5,
    }).returning('id').executeTakeFirstOrThrow()).id;

    const newPair = async (mentee: number, mentors: number[], formed: string, ended?: string) => {
      const id = (await tx.insertInto('pairs').values({
        program_id: program, mentee_id: mentee, formed_by: 'assignment', formed_at: at(formed),
        ...(ended ? { status: 'ended' as const, ended_at: at(ended), end_reason: 'completed' as const } : {}),
      }).returning('id').executeTakeFirstOrThrow()).id;
      await tx.insertInto('pair_mentors').values(mentors.map((m, i) => ({ pair_id: id, mentor_id: m, lead: i === 0 }))).execute();
      return id;
    };
    pair.A = await newPair(A!, [M1!], '2026-05-10T10:00');
    pair.B = await newPair(B!, [M2!], '2026-08-15T00:30');
    pair.C = await newPair(C!, [M1!, M2!], '2026-04-01T09:00', '2026-08-21T00:30');
    pair.D = await newPair(D!, [M2!], '2026-10-01T00:30');

    const report = async (pairId: number, by: number, week: string, late = false, tutoring: [string, number][] = []) => {
      const records: TutoringRecord[] = tutoring.map(([date, minutes]) => ({ date, topic: '谈心', minutes }));
      await tx.insertInto('weekly_reports').values({ pair_id: pairId, iso_week: week, did: '做了', tutoring: JSON.stringify(records), late, submitted_by: by }).execute();
    };
    // A: W26 (Q2, late, a 06-24 record) and W40 (Q4's Friday, late) are not due; W32 and W39 are missing.
    await report(pair.A, A!, '2026-W26', true, [['2026-06-24', 60]]);
    await report(pair.A, A!, '2026-W27', false, [['2026-06-30', 45], ['2026-07-01', 30]]);
    await report(pair.A, A!, '2026-W28', true, [['2026-07-08', 90]]);
    for (const w of ['29', '30']) await report(pair.A, A!, `2026-W${w}`);
    await report(pair.A, A!, '2026-W31', true);
    for (const w of ['33', '34', '35', '36', '37', '38']) await report(pair.A, A!, `2026-W${w}`);
    await report(pair.A, A!, '2026-W40', true, [['2026-09-30', 20], ['2026-10-01', 50]]);
    // B: W33 was written after the pair formed on Saturday, but its Friday came before: not due. W38 missing.
    await report(pair.B, B!, '2026-W33', false, [['2026-08-14', 60]]);
    await report(pair.B, B!, '2026-W34', false, [['2026-08-14', 15], ['2026-08-15', 40]]);
    await report(pair.B, B!, '2026-W35', true);
    for (const w of ['36', '37', '39']) await report(pair.B, B!, `2026-W${w}`);
    // C: W27..W34 but W30; W29 late; W34 holds a record on the last active day and one after it.
    for (const w of ['27', '31', '32', '33']) await report(pair.C, C!, `2026-W${w}`);
    await report(pair.C, C!, '2026-W28', false, [['2026-07-09', 100]]);
    await report(pair.C, C!, '2026-W29', true);
    await report(pair.C, C!, '2026-W34', false, [['2026-08-21', 25], ['2026-08-22', 35]]);
    // D: a report in Q4 only.
    await report(pair.D, D!, '2026-W40', false, [['2026-10-01', 30]]);

    // Plans: A confirmed with 6 items (done at both edges of the quarter, 23:30 and 00:30 local); B a draft; C, D none.
    const plan = async (pairId: number, status: 'draft' | 'confirmed', doneAts: (string | null)[]) => {
      const id = (await tx.insertInto('plans').values({ pair_id: pairId, status }).returning('id').executeTakeFirstOrThrow()).id;
      await tx.insertInto('plan_items').values(doneAts.map((d, i) => ({
        plan_id: id, measure: 'm', title: `事项 ${i + 1}`, position: i, status: d ? 'done' as const : 'open' as const, done_at: d ? at(d) : null,
      }))).execute();
    };
    await plan(pair.A, 'confirmed', ['2026-06-30T23:30', '2026-07-01T00:30', '2026-08-15T10:00', '2026-09-30T23:30', '2026-10-01T00:30', null]);
    await plan(pair.B, 'draft', ['2026-09-01T10:00', null]);

    // Night school: audience A, B, C. Rows are [A, B, C].
    const series = (await tx.insertInto('school_series').values({ name: '夜校', weekday: 2, start_time: '19:00', place: '会议室', audience_kind: 'people', audience_program_id: null, audience_unit_id: null, teacher_id: T!, starts_on: '2026-06-30', created_by: 'test' }).returning('id').executeTakeFirstOrThrow()).id;
    const sessions: [string, 'closed' | 'scheduled', string[]][] = [
      ['2026-06-30T19:00', 'closed', ['present', 'present', 'present']], // Q2: out
      ['2026-07-07T19:00', 'closed', ['present', 'present', 'absent']],
      ['2026-07-14T19:00', 'closed', ['absent', 'leave', 'present']],
      ['2026-07-21T19:00', 'closed', ['leave', 'absent', 'present']],
      ['2026-07-28T19:00', 'closed', ['present', 'leave', 'present']],
      ['2026-09-29T19:00', 'scheduled', ['registered', 'registered', 'registered']], // not closed: out
      ['2026-10-06T19:00', 'closed', ['absent', 'absent', 'absent']], // Q4: out
    ];
    for (const [time, status, marks] of sessions) {
      const s = (await tx.insertInto('school_sessions').values({ series_id: series, starts_at: at(time), place: '会议室', teacher_id: T!, status }).returning('id').executeTakeFirstOrThrow()).id;
      await tx.insertInto('school_attendance').values([A!, B!, C!].map((c, i) => ({ session_id: s, cadre_id: c, status: marks[i] as 'present' }))).execute();
    }

    // Seminars: Q2 (held), a cancelled one in Q3, and the Q3 one (held).
    const seminar = async (starts: string, status: 'held' | 'cancelled') =>
      (await tx.insertInto('seminars').values({ program_id: program, title: `研讨会 ${starts}`, starts_at: at(starts), place: '大会议室', status, created_by: 'test' }).returning('id').executeTakeFirstOrThrow()).id;
    const q2 = await seminar('2026-06-20T09:00', 'held');
    const cancelled = await seminar('2026-08-10T09:00', 'cancelled');
    const q3 = await seminar('2026-09-20T09:00', 'held');
    const submitted = { achievements: '成果', submitted_by: A!, submitted_at: at('2026-09-15T10:00') };
    await tx.insertInto('seminar_entries').values([
      { seminar_id: q2, pair_id: pair.A, ...submitted, presented: true },
      { seminar_id: cancelled, pair_id: pair.A, ...submitted },
      { seminar_id: q3, pair_id: pair.A, ...submitted, presented: true },
      { seminar_id: q3, pair_id: pair.C },
    ]).execute();
  });
  afterAll(async () => { await db?.close(); });

  it('a pair active all quarter: every figure', async () => {
    expect(await pairEvidence(tx, pair.A, Q, TZ)).toEqual({
      quarter: Q, activeFrom: '2026-07-01', activeTo: '2026-10-01',
      // due 13; submitted W27 W28 W29 W30 W31 W33..W38 = 5 + 6 = 11 (W32, W39 missing; W26, W40 not due);
      // late W28, W31 = 2 (W26's and W40's late flags do not count)
      reports: { due: 13, submitted: 11, late: 2 },
      // 07-01: 30 + 07-08: 90 + 09-30: 20 (in W40's report) = 140; 06-24: 60, 06-30: 45, 10-01: 50 are outside
      tutoringMinutes: 140,
      // done 07-01 00:30, 08-15, 09-30 23:30 = 3; 06-30 23:30 and 10-01 00:30 local are outside; 6 items in all
      plan: { confirmed: true, done: 3, total: 6 },
      // closed Q3 sessions 07-07 present, 07-14 absent, 07-21 leave, 07-28 present → 2 / (2 + 1)
      school: { present: 2, expected: 3, rate: 2 / 3 },
      // the Q3 seminar only: the Q2 one is another quarter, the cancelled one does not count
      seminar: { invited: 1, submitted: 1, presented: 1 },
    } satisfies Evidence);
  });

  it('a pair formed mid-quarter is held to the weeks after it formed (local date)', async () => {
    expect(await pairEvidence(tx, pair.B, Q, TZ)).toEqual({
      quarter: Q, activeFrom: '2026-08-15', activeTo: '2026-10-01',
      // due W34..W39 = 6; submitted W34 W35 W36 W37 W39 = 5 (W33 is not due, W38 missing); late W35 = 1
      reports: { due: 6, submitted: 5, late: 1 },
      // 08-15: 40 only; both 08-14 records (60 in W33, 15 in W34) predate the pair
      tutoringMinutes: 40,
      // a draft: 1 of 2 done on 09-01
      plan: { confirmed: false, done: 1, total: 2 },
      // the mentee's own attendance over the whole quarter: 07-07 present, 07-14 leave, 07-21 absent, 07-28 leave → 1 / (1 + 1)
      school: { present: 1, expected: 2, rate: 1 / 2 },
      seminar: { invited: 0, submitted: 0, presented: 0 },
    } satisfies Evidence);
  });

  it('a pair ended mid-quarter counts up to and including its last (local) day', async () => {
    expect(await pairEvidence(tx, pair.C, Q, TZ)).toEqual({
      quarter: Q, activeFrom: '2026-07-01', activeTo: '2026-08-22',
      // due W27..W34 = 8; submitted all but W30 = 7; late W29 = 1
      reports: { due: 8, submitted: 7, late: 1 },
      // 07-09: 100 + 08-21 (the last active day): 25 = 125; 08-22: 35 is after the end
      tutoringMinutes: 125,
      plan: { confirmed: false, done: 0, total: 0 },
      // 07-07 absent, 07-14 present, 07-21 present, 07-28 present → 3 / (3 + 1)
      school: { present: 3, expected: 4, rate: 3 / 4 },
      // invited to the Q3 seminar, never submitted, not presented
      seminar: { invited: 1, submitted: 0, presented: 0 },
    } satisfies Evidence);
  });

  it('a pair formed after the quarter (00:30 local on 10-01) has an empty span and nothing due', async () => {
    expect(await pairEvidence(tx, pair.D, Q, TZ)).toEqual({
      quarter: Q, activeFrom: '2026-10-01', activeTo: '2026-10-01',
      reports: { due: 0, submitted: 0, late: 0 },
      tutoringMinutes: 0,
      plan: { confirmed: false, done: 0, total: 0 },
      school: { present: 0, expected: 0, rate: null },
      seminar: { invited: 0, submitted: 0, presented: 0 },
    } satisfies Evidence);
    // …and in Q4 its report (W40, Friday 10-02) is due and submitted, its 10-01 record counted
    expect(await pairEvidence(tx, pair.D, '2026Q4', TZ)).toMatchObject({ activeFrom: '2026-10-01', activeTo: '2027-01-01', reports: { due: 13, submitted: 1, late: 0 }, tutoringMinutes: 30 });
  });

  it('the batch gives what pairEvidence gives, leaves unknown pairs out, and does not query per pair', async () => {
    let queries = 0;
    const counting: KyselyPlugin = { transformQuery: (a) => { queries++; return a.node; }, transformResult: async (a) => a.result };
    const counted = tx.withPlugin(counting);
    const ids = [pair.A, pair.B, pair.C, pair.D, 987_654];
    const batch = await evidenceFor(counted, ids, Q, TZ);
    const batchQueries = queries;
    expect([...batch.keys()].sort((a, b) => a - b)).toEqual([pair.A, pair.B, pair.C, pair.D]);
    for (const id of [pair.A, pair.B, pair.C, pair.D]) expect(batch.get(id)).toEqual(await pairEvidence(tx, id, Q, TZ));
    queries = 0;
    await evidenceFor(counted, [pair.A], Q, TZ);
    expect(batchQueries).toBe(queries);
    expect(batchQueries).toBeLessThanOrEqual(6);
    await expect(pairEvidence(tx, 987_654, Q, TZ)).rejects.toMatchObject({ code: 'not_found' });
    expect((await evidenceFor(tx, [], Q, TZ)).size).toBe(0);
  });

  it('the card line reads the stored figures', async () => {
    expect(evidenceText(await pairEvidence(tx, pair.A, Q, TZ))).toEqual({
      zh: '周报 11/13 周（迟交 2） · 辅导 140 分钟 · 计划完成 3/6 项 · 夜校出勤 2/3 · 研讨会 已提交，已展示',
      en: 'Reports 11/13 weeks (2 late) · tutoring 140 min · plan 3/6 done · night school 2/3 · seminar submitted, presented',
    });
  });
});
