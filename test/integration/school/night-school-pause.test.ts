import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { missing } from '../../helpers/services';
import { cardTitle } from '../../helpers/test-app';
import { expectBilingualCard } from '../../helpers/card-assertions';
import { buttonValue, cardsFor, say, schoolWorld, sessionsOf, warning, type SchoolWorld } from './school-kit';

const iso = (d: Date) => d.toISOString();

/**
 * 暂停 / 恢复 / 结束 a Tuesday 19:00 series (teacher 唐果, audience S1–S3) created on Wednesday 2024-10-16: its
 * sessions are 10-22, 10-29, 11-05 and 11-12. The teacher pauses it on 10-17 and resumes it on 10-23; an admin
 * ends it after 11-05.
 */
describe.skipIf(missing('postgres') || missing('redis'))('夜校: pause, resume and end a series', () => {
  let w: SchoolWorld;
  let seriesId: number;
  let messageId: string;
  const db = () => w.h.app.db.db;
  const json = (c: unknown) => JSON.stringify(c);
  const msg = (id: string) => w.h.emulator.messages().find((m) => m.messageId === id)!;
  const states = async () => (await sessionsOf(w, seriesId)).map((s) => [iso(s.starts_at).slice(0, 10), s.status, s.cancel_reason]);
  const seriesRow = () => db().selectFrom('school_series').selectAll().where('id', '=', seriesId).executeTakeFirstOrThrow();
  const click = (who: { openId: string }, value: Record<string, unknown>, formValue?: Record<string, unknown>) => w.h.emulator.click(messageId, { openId: who.openId, value, ...(formValue ? { formValue } : {}) });

  beforeAll(async () => {
    w = await schoolWorld('ou_sch_pau_', '2024-10-16T10:00:00+08:00');
    const { AD, YT, S1, S2, S3 } = w.people;
    messageId = (await say(w, AD, '夜校')).messageId;
    const r = await click(AD, { a: 'school.create' }, { name: '以新促老夜校', weekday: '2', time: '19:00', place: '镇政府三楼会议室', people: [S1.openId, S2.openId, S3.openId], teacher: YT.openId, starts_on: '2024-10-16 +0800' });
    expect(r.toast).toMatchObject({ type: 'success' });
    seriesId = (await db().selectFrom('school_series').select('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => { await w?.h.close(); });

  it('the teacher opens 管理 from 夜校; an audience member (audited) and a forged id are refused', async () => {
    const { YT, S1 } = w.people;
    const overview = await say(w, YT, '夜校');
    const open = buttonValue(overview.content, (v) => v.a === 'school.series.open');
    expect(open).toEqual({ a: 'school.series.open', sr: seriesId });
    expect((await w.h.emulator.click(overview.messageId, { openId: YT.openId, value: open })).cardUpdated).toBe(true);
    const card = msg(overview.messageId);
    expect(cardTitle(card.content)).toBe('管理夜校');
    expectBilingualCard(card.content);
    expect(buttonValue(card.content, (v) => v.a === 'school.pause')).toEqual({ a: 'school.pause', sr: seriesId });
    expect(json(card.content)).toContain('10月22日 周二 19:00');
    expect(json((await say(w, S1, '夜校')).content)).not.toContain('school.series.open');
    expect((await click(S1, { a: 'school.pause', sr: seriesId })).toast).toMatchObject(warning('只有这个夜校的授课老师或组织部管理员'));
    expect((await click(S1, { a: 'school.series.open', sr: seriesId })).toast).toMatchObject(warning('只有这个夜校的授课老师或组织部管理员'));
    expect(await db().selectFrom('audit_log').select(['actor', 'target']).where('action', '=', 'denied:school.pause').execute()).toEqual([{ actor: S1.openId, target: `school_series:${seriesId}` }]);
    for (const sr of [999_999, 'x', 0]) expect((await click(YT, { a: 'school.pause', sr })).toast).toMatchObject(warning('没有找到这个夜校'));
    expect((await seriesRow()).active).toBe(true);
  });

  it('pause: the sessions ahead are cancelled and the audience told once; a double click is answered "already paused"', async () => {
    const { YT, S1, S2, S3 } = w.people;
    w.clock.set('2024-10-17T10:00:00+08:00');
    const both = await Promise.all([click(YT, { a: 'school.pause', sr: seriesId }), click(YT, { a: 'school.pause', sr: seriesId })]);
    expect(both.map((r) => (r.toast as { type: string }).type).sort()).toEqual(['success', 'warning']);
    expect(both.find((r) => (r.toast as { type: string }).type === 'warning')!.toast).toMatchObject(warning('已经暂停'));
    const row = await seriesRow();
    expect([row.active, iso(row.paused_at!)]).toEqual([false, '2024-10-17T02:00:00.000Z']);
    expect(await states()).toEqual([
      ['2024-10-22', 'cancelled', 'paused'], ['2024-10-29', 'cancelled', 'paused'], ['2024-11-05', 'cancelled', 'paused'], ['2024-11-12', 'cancelled', 'paused'],
    ]);
    for (const p of [S1, S2, S3]) expect(await cardsFor(w, p, '夜校暂停通知')).toHaveLength(1);
    const [notice] = await cardsFor(w, S1, '夜校暂停通知');
    expectBilingualCard(notice!.content);
    expect(json(notice!.content)).toContain('10月22日 周二 19:00');
    // the teacher acted, so is not told
    expect(await cardsFor(w, YT, '夜校暂停通知')).toEqual([]);
    const session = (await sessionsOf(w, seriesId))[0]!;
    expect((await click(S1, { a: 'school.register', s: session.id })).toast).toMatchObject(warning('已暂停'));
  });

  it('while paused: no reminders, no holiday-style 停课 notices, and the daily job schedules nothing new', async () => {
    const { S1 } = w.people;
    w.clock.set('2024-10-21T18:00:00.020+08:00');
    await w.h.app.scheduler.tick();
    w.clock.set('2024-10-22T00:05:00.020+08:00');
    await w.h.app.scheduler.tick();
    expect((await cardsFor(w, S1)).map((m) => cardTitle(m.content))).toEqual(['干部夜校', '夜校暂停通知']);
    expect(await sessionsOf(w, seriesId)).toHaveLength(4);
  });

  it('resume: refused while another series took the slot for the same people; then the paused sessions ahead reopen and the next weeks are scheduled; told once; resuming twice is refused', async () => {
    const { AD, X, YT, S1, S2, S3 } = w.people;
    w.clock.set('2024-10-23T10:00:00+08:00');
    // while paused, the Tuesday evening was free for S1
    const other = await click(AD, { a: 'school.create' }, { name: '临时夜校', weekday: '2', time: '19:30', place: '党政办', people: [S1.openId], teacher: X.openId, starts_on: '2024-10-23 +0800' });
    expect(other.toast).toMatchObject({ type: 'success' });
    const otherId = (await db().selectFrom('school_series').select('id').where('name', '=', '临时夜校').executeTakeFirstOrThrow()).id;
    expect((await click(YT, { a: 'school.resume', sr: seriesId })).toast).toMatchObject(warning('时间冲突'));
    expect((await seriesRow()).active).toBe(false);
    expect(await cardsFor(w, S2, '夜校恢复上课')).toEqual([]);
    expect((await click(AD, { a: 'school.pause', sr: otherId })).toast).toMatchObject({ type: 'success' });
    const r = await click(YT, { a: 'school.resume', sr: seriesId });
    expect(r.toast).toMatchObject({ type: 'success' });
    expect(cardTitle(msg(messageId).content)).toBe('管理夜校');
    expect((await click(YT, { a: 'school.resume', sr: seriesId })).toast).toMatchObject(warning('没有暂停'));
    expect((await seriesRow()).active).toBe(true);
    expect(await states()).toEqual([
      ['2024-10-22', 'cancelled', 'paused'], ['2024-10-29', 'scheduled', null], ['2024-11-05', 'scheduled', null], ['2024-11-12', 'scheduled', null], ['2024-11-19', 'scheduled', null],
    ]);
    for (const p of [S1, S2, S3]) expect(await cardsFor(w, p, '夜校恢复上课')).toHaveLength(1);
    expect(json((await cardsFor(w, S2, '夜校恢复上课'))[0]!.content)).toContain('10月29日 周二 19:00');
    w.clock.set('2024-10-28T18:00:00.020+08:00');
    await w.h.app.scheduler.tick();
    for (const p of [S1, S2, S3]) expect(await cardsFor(w, p, '夜校提醒：明天上课')).toHaveLength(1);
  });

  it('end: an admin picks the last date; a past date is refused; later sessions are cancelled and everyone (the teacher too) is told once; a repeat is refused', async () => {
    const { AD, YT, S1, S2, S3 } = w.people;
    expect((await click(AD, { a: 'school.end', sr: seriesId }, { last_date: '2024-10-20 +0800' })).toast).toMatchObject(warning('已经过去'));
    const r = await click(AD, { a: 'school.end', sr: seriesId }, { last_date: '2024-11-05 +0800' });
    expect(r.toast).toMatchObject({ type: 'success' });
    expect(json(msg(messageId).content)).toContain('最后上课日 2024-11-05');
    expect((await db().selectFrom('school_series').select(sql<string>`to_char(ends_on, 'YYYY-MM-DD')`.as('d')).where('id', '=', seriesId).executeTakeFirstOrThrow()).d).toBe('2024-11-05');
    expect(await states()).toEqual([
      ['2024-10-22', 'cancelled', 'paused'], ['2024-10-29', 'scheduled', null], ['2024-11-05', 'scheduled', null], ['2024-11-12', 'cancelled', 'ended'], ['2024-11-19', 'cancelled', 'ended'],
    ]);
    for (const last of ['2024-11-05 +0800', '2024-11-12 +0800']) expect((await click(AD, { a: 'school.end', sr: seriesId }, { last_date: last })).toast).toMatchObject(warning('已经结束'));
    for (const p of [S1, S2, S3, YT]) expect(await cardsFor(w, p, '夜校结束通知')).toHaveLength(1);
    const [notice] = await cardsFor(w, YT, '夜校结束通知');
    expectBilingualCard(notice!.content);
    expect(json(notice!.content)).toContain('11月12日 周二 19:00');
    expect(await db().selectFrom('audit_log').select(['actor', 'action']).where('action', 'in', ['school.pause', 'school.resume', 'school.end']).orderBy('id').execute())
      .toEqual([{ actor: YT.openId, action: 'school.pause' }, { actor: AD.openId, action: 'school.pause' }, { actor: YT.openId, action: 'school.resume' }, { actor: AD.openId, action: 'school.end' }]);
    // no date: the (paused) other series ends today; its audience is told
    const otherId = (await db().selectFrom('school_series').select('id').where('name', '=', '临时夜校').executeTakeFirstOrThrow()).id;
    expect((await click(AD, { a: 'school.end', sr: otherId }, {})).toast).toMatchObject({ type: 'success', i18n: { zh_cn: expect.stringContaining('2024-10-28') } });
    expect((await db().selectFrom('school_series').select(sql<string>`to_char(ends_on, 'YYYY-MM-DD')`.as('d')).where('id', '=', otherId).executeTakeFirstOrThrow()).d).toBe('2024-10-28');
    expect(await cardsFor(w, S1, '夜校结束通知')).toHaveLength(2);
    expect(await cardsFor(w, S2, '夜校结束通知')).toHaveLength(1);
  });

  it('after the end: no 停课 notice for the ended sessions, nothing scheduled after the last date, and the teacher no longer manages or creates', async () => {
    const { YT, S1 } = w.people;
    w.clock.set('2024-11-11T18:00:00.020+08:00');
    await w.h.app.scheduler.tick();
    expect(await cardsFor(w, S1, '夜校停课通知')).toEqual([]);
    // still only the reminder for 10-29: none for the ended 11-12 session
    expect(await cardsFor(w, S1, '夜校提醒：明天上课')).toHaveLength(1);
    w.clock.set('2024-11-13T00:05:00.020+08:00');
    await w.h.app.scheduler.tick();
    // the daily job closed 10-29 and 11-05 (nobody had) and scheduled nothing after the last date
    expect(await states()).toEqual([
      ['2024-10-22', 'cancelled', 'paused'], ['2024-10-29', 'closed', null], ['2024-11-05', 'closed', null], ['2024-11-12', 'cancelled', 'ended'], ['2024-11-19', 'cancelled', 'ended'],
    ]);
    const overview = json((await say(w, YT, '夜校')).content);
    expect(overview).not.toContain('school.series.open');
    expect(overview).not.toContain('"a":"school.new"');
  });
});
