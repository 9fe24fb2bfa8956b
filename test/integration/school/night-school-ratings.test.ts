import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missing } from '../../helpers/services';
import { cardTitle } from '../../helpers/test-app';
import { expectBilingualCard } from '../../helpers/card-assertions';
import { attendanceOf, buttonValue, cardsFor, say, schoolWorld, sessionsOf, type SchoolWorld } from './school-kit';

/**
 * The teacher hears how a session was rated: once, a day after it closed (the 09:00 job), averaged and
 * anonymous. A Tuesday 19:00 series (teacher 唐果, audience S1–S4) created on Wednesday 2024-10-16: on 10-22
 * S1–S3 check in and rate 5, 4 and 3; the 10-29 session is attended by nobody and closed by the daily job.
 */
describe.skipIf(missing('postgres') || missing('redis'))('夜校: telling teachers their ratings', () => {
  let w: SchoolWorld;
  let messageId: string;
  let first: number;
  let second: number;
  const db = () => w.h.app.db.db;
  const json = (c: unknown) => JSON.stringify(c);
  const tick = async (at: string) => { w.clock.set(at); await w.h.app.scheduler.tick(); };
  const told = (id: number) => db().selectFrom('school_sessions').select('ratings_told_at').where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    w = await schoolWorld('ou_sch_rat_', '2024-10-16T10:00:00+08:00');
    const { AD, YT, S1, S2, S3, S4 } = w.people;
    messageId = (await say(w, AD, '夜校')).messageId;
    const r = await w.h.emulator.click(messageId, { openId: AD.openId, value: { a: 'school.create' }, formValue: {
      name: '以新促老夜校', weekday: '2', time: '19:00', place: '镇政府三楼会议室', people: [S1.openId, S2.openId, S3.openId, S4.openId], teacher: YT.openId, starts_on: '2024-10-16 +0800',
    } });
    expect(r.toast).toMatchObject({ type: 'success' });
    const seriesId = (await db().selectFrom('school_series').select('id').executeTakeFirstOrThrow()).id;
    [first, second] = (await sessionsOf(w, seriesId)).map((s) => s.id) as [number, number];
  });
  afterAll(async () => { await w?.h.close(); });

  it('three of four check in, the teacher closes, and they rate 5, 4 and 3 with two comments', async () => {
    const { YT, S1, S2, S3 } = w.people;
    w.clock.set('2024-10-22T18:45:00+08:00');
    for (const p of [S1, S2, S3]) expect((await w.h.emulator.click(messageId, { openId: p.openId, value: { a: 'school.checkin', s: first } })).toast).toMatchObject({ type: 'success' });
    w.clock.set('2024-10-22T20:40:00+08:00');
    expect((await w.h.emulator.click(messageId, { openId: YT.openId, value: { a: 'school.close', s: first } })).toast).toMatchObject({ type: 'success' });
    const rate = async (p: typeof S1, rating: string, comment: string) => {
      const [form] = await cardsFor(w, p, '评价本次夜校');
      return w.h.emulator.click(form!.messageId, { openId: p.openId, value: buttonValue(form!.content, (v) => v.a === 'school.rate'), formValue: { rating, comment } });
    };
    expect((await rate(S1, '5', '讲得很清楚，学会了合并单元格')).toast).toMatchObject({ type: 'success' });
    expect((await rate(S2, '4', '')).toast).toMatchObject({ type: 'success' });
    expect((await rate(S3, '3', '节奏快了点')).toast).toMatchObject({ type: 'success' });
    expect((await attendanceOf(w, first)).map((a) => a.rating)).toEqual([5, 4, 3, null]);
  });

  it('the next morning (less than a day after closing) the teacher is not told yet', async () => {
    await tick('2024-10-23T09:00:00.020+08:00');
    expect(await cardsFor(w, w.people.YT, '夜校评价汇总')).toEqual([]);
    expect((await told(first)).ratings_told_at).toBeNull();
  });

  it('a day later the teacher gets one anonymous summary: average, count and comments, no names', async () => {
    const { YT } = w.people;
    await tick('2024-10-24T09:00:00.020+08:00');
    const cards = await cardsFor(w, YT, '夜校评价汇总');
    expect(cards).toHaveLength(1);
    expectBilingualCard(cards[0]!.content);
    const text = json(cards[0]!.content);
    expect(text).toContain('平均 **4.0 分**，3 人评价（到场 3 人）');
    expect(text).toContain('5 分 1 人 · 4 分 1 人 · 3 分 1 人 · 2 分 0 人 · 1 分 0 人');
    expect(text).toContain('讲得很清楚，学会了合并单元格');
    expect(text).toContain('节奏快了点');
    for (const p of [w.people.S1, w.people.S2, w.people.S3, w.people.S4]) expect(text).not.toContain(p.name);
    expect((await told(first)).ratings_told_at?.toISOString()).toBe('2024-10-24T01:00:00.000Z');
    const keys = (await db().selectFrom('outbox').select('dedupe_key').where('dedupe_key', 'like', '%school:ratings:%').execute()).map((r) => r.dedupe_key);
    expect(keys).toEqual([`job:school-ratings:2024-10-24T01:00:00.000Z:school:ratings:${first}`]);
    // nobody else hears of it
    for (const p of [w.people.S1, w.people.AD]) expect(await cardsFor(w, p, '夜校评价汇总')).toEqual([]);
  });

  it('once only: the next daily runs send nothing more', async () => {
    const { YT } = w.people;
    await tick('2024-10-25T09:00:00.020+08:00');
    await tick('2024-10-26T09:00:00.020+08:00');
    expect(await cardsFor(w, YT, '夜校评价汇总')).toHaveLength(1);
  });

  it('a session nobody rated (closed by the daily job) is settled without a message', async () => {
    const { YT } = w.people;
    await tick('2024-10-30T00:05:00.020+08:00');
    expect((await db().selectFrom('school_sessions').select('status').where('id', '=', second).executeTakeFirstOrThrow()).status).toBe('closed');
    await tick('2024-10-31T09:00:00.020+08:00');
    expect((await told(second)).ratings_told_at).not.toBeNull();
    expect(await cardsFor(w, YT, '夜校评价汇总')).toHaveLength(1);
  });

  it('the teacher’s 夜校 card shows the average over recent sessions; a learner’s does not', async () => {
    const { YT, S1 } = w.people;
    const card = await say(w, YT, '夜校');
    expect(cardTitle(card.content)).toBe('干部夜校');
    expectBilingualCard(card.content);
    expect(json(card.content)).toContain('我的授课评价：近 90 天授课 2 次，平均 4.0 分（3 人次评价）');
    expect(json((await say(w, S1, '夜校')).content)).not.toContain('我的授课评价');
  });
});
