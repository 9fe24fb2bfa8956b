import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missing } from '../../helpers/services';
import { cardTitle } from '../../helpers/test-app';
import { expectBilingualCard } from '../../helpers/card-assertions';
import { buttonValue, cardsFor, json, msg, say, seminarWorld, warning, type SeminarWorld } from './seminar-kit';

/**
 * 修改 / 取消 a seminar. Tuesday 2024-10-01: the young program's seminar Y is on 10-31 14:30 and Y2 on 11-20;
 * the reverse program's R on 10-12 15:00 (asked at once: under two weeks away). Y is moved, then moved to the
 * same day as R, then cancelled; R, untouched, is the control for the reminders.
 */
describe.skipIf(missing('postgres') || missing('redis'))('研讨: change and cancel a seminar', () => {
  let w: SeminarWorld;
  let Y: number;
  let Y2: number;
  let R: number;
  let home: string;
  const db = () => w.h.app.db.db;
  const seminar = (id: number) => db().selectFrom('seminars').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const save = (who: { openId: string }, s: number, formValue: Record<string, unknown>) => w.h.emulator.click(home, { openId: who.openId, value: { a: 'seminar.edit.save', s }, formValue });
  const cancel = (who: { openId: string }, s: number, reason: string) => w.h.emulator.click(home, { openId: who.openId, value: { a: 'seminar.cancel', s }, formValue: { reason } });
  const tick = async (at: string) => { w.clock.set(at); await w.h.app.scheduler.tick(); };

  beforeAll(async () => {
    w = await seminarWorld('ou_sem_chg_', '2024-10-01T10:00:00+08:00');
    const { AD } = w.people;
    home = (await say(w, AD, '研讨')).messageId;
    const create = async (program: number, title: string, date: string, time: string) => {
      const r = await w.h.emulator.click(home, { openId: AD.openId, value: { a: 'seminar.create' }, formValue: { program: String(program), title, date: `${date} +0800`, time, place: '火炉镇政府三楼会议室' } });
      expect(r.toast).toMatchObject({ type: 'success' });
      return (await db().selectFrom('seminars').select('id').where('title', '=', title).executeTakeFirstOrThrow()).id;
    };
    Y = await create(w.programs.young, '第四季度交流研讨会', '2024-10-31', '14:30');
    Y2 = await create(w.programs.young, '第四季度补充研讨会', '2024-11-20', '09:00');
    R = await create(w.programs.reverse, '以新促老研讨会', '2024-10-12', '15:00');
  });
  afterAll(async () => { await w?.h.close(); });

  it('an admin opens 修改 / 取消 from 研讨; a non-admin is refused (audited); a past time, a day taken and no change are refused', async () => {
    const { AD, A } = w.people;
    const card = await say(w, AD, '研讨');
    home = card.messageId;
    const open = buttonValue(card.content, (v) => v.a === 'seminar.edit.open' && v.s === Y);
    expect((await w.h.emulator.click(home, { openId: AD.openId, value: open })).cardUpdated).toBe(true);
    const form = msg(w, home);
    expect(cardTitle(form.content)).toBe('修改研讨会');
    expectBilingualCard(form.content);
    expect(json(form)).toContain('"initial_date":"2024-10-31"');
    expect(json(form)).toContain('"initial_time":"14:30"');
    expect(json(await say(w, A, '研讨'))).not.toContain('seminar.edit.open');
    expect((await save(A, Y, { time: '15:00' })).toast).toMatchObject(warning('只有组织部管理员'));
    expect((await cancel(A, Y, '不想开了')).toast).toMatchObject(warning('只有组织部管理员'));
    expect(await db().selectFrom('audit_log').select(['actor', 'target']).where('action', '=', 'denied:seminars.manage').execute())
      .toEqual([{ actor: A.openId, target: `seminar:${Y}` }, { actor: A.openId, target: `seminar:${Y}` }]);
    expect((await save(AD, Y, { date: '2024-09-30 +0800' })).toast).toMatchObject(warning('时间已经过去'));
    expect((await save(AD, Y, { date: '2024-11-20 +0800' })).toast).toMatchObject(warning('同一天只能有一场'));
    expect((await save(AD, Y, { title: '第四季度交流研讨会', date: '2024-10-31 +0800', time: '14:30', place: '火炉镇政府三楼会议室' })).toast).toMatchObject(warning('都没有变化'));
    expect((await save(AD, Y, { time: '25:00' })).toast).toMatchObject(warning('研讨会没有修改'));
    expect((await save(AD, 999_999, { time: '15:00' })).toast).toMatchObject(warning('找不到这个研讨会'));
    expect(await seminar(Y)).toMatchObject({ starts_at: new Date('2024-10-31T14:30:00+08:00'), place: '火炉镇政府三楼会议室', revision: 0 });
  });

  it('a new time and place: saved once (a double click changes nothing more); every participant told once, old and new', async () => {
    const { AD, A, B, M, M2, SR, YT } = w.people;
    const change = { title: '第四季度交流研讨会', date: '2024-10-31 +0800', time: '15:00', place: '镇政府二楼会议室' };
    const both = await Promise.all([save(AD, Y, change), save(AD, Y, change)]);
    expect(both.map((r) => (r.toast as { type: string }).type).sort()).toEqual(['success', 'warning']);
    expect(cardTitle(msg(w, home).content)).toBe('研讨会已修改');
    expect(await seminar(Y)).toMatchObject({ starts_at: new Date('2024-10-31T15:00:00+08:00'), place: '镇政府二楼会议室', revision: 1, status: 'scheduled' });
    for (const p of [A, B, M, M2]) expect(await cardsFor(w, p, '研讨会变更通知')).toHaveLength(1);
    for (const p of [SR, YT]) expect(await cardsFor(w, p, '研讨会变更通知')).toEqual([]);
    const [notice] = await cardsFor(w, M, '研讨会变更通知');
    expectBilingualCard(notice!.content);
    for (const s of ['2024-10-31 14:30', '2024-10-31 15:00', '火炉镇政府三楼会议室', '镇政府二楼会议室']) expect(json(notice)).toContain(s);
    // a month away still: nobody is asked for an entry yet
    expect(await db().selectFrom('seminar_entries').select('pair_id').where('seminar_id', '=', Y).execute()).toEqual([]);
  });

  it('moved inside its last two weeks, its pairs are asked for entries at once; the reminders follow the new time', async () => {
    const { AD, A, B, M, M2 } = w.people;
    expect((await save(AD, Y, { date: '2024-10-12 +0800' })).toast).toMatchObject({ type: 'success' });
    expect(await seminar(Y)).toMatchObject({ starts_at: new Date('2024-10-12T15:00:00+08:00'), revision: 2 });
    for (const p of [A, B, M, M2]) expect(await cardsFor(w, p, '研讨会变更通知')).toHaveLength(2);
    for (const p of [A, B, M2]) expect(await cardsFor(w, p, '研讨会展示材料')).toHaveLength(1);
    expect(await cardsFor(w, M, '研讨会展示材料')).toHaveLength(2);
    expect((await db().selectFrom('seminar_entries').select('pair_id').where('seminar_id', '=', Y).orderBy('pair_id').execute()).map((e) => e.pair_id))
      .toEqual([w.pair[A.openId], w.pair[B.openId]]);
    await tick('2024-10-05T15:00:00.020+08:00');
    const [week] = await cardsFor(w, A, '研讨会提醒');
    expect(json(week)).toContain('还有一周');
    expect(json(week)).toContain('2024-10-12 15:00');
  });

  it('cancel: a reason is required; participants told once with it; a second cancel, a change and an entry afterwards are refused', async () => {
    const { AD, A, B, M, M2, SR } = w.people;
    w.clock.set('2024-10-06T10:00:00+08:00');
    expect((await cancel(AD, Y, '  ')).toast).toMatchObject(warning('请填写取消原因'));
    expect((await cancel(AD, Y, '字'.repeat(201))).toast).toMatchObject(warning('200 字以内'));
    const r = await cancel(AD, Y, '与防汛工作冲突，另行安排');
    expect(r.toast).toMatchObject({ type: 'success' });
    expect(cardTitle(msg(w, home).content)).toBe('研讨会已取消');
    expect(await seminar(Y)).toMatchObject({ status: 'cancelled', cancel_reason: '与防汛工作冲突，另行安排', cancelled_at: new Date('2024-10-06T10:00:00+08:00') });
    expect((await cancel(AD, Y, '再取消一次')).toast).toMatchObject(warning('已取消'));
    expect((await save(AD, Y, { time: '16:00' })).toast).toMatchObject(warning('已取消'));
    expect((await w.h.emulator.click(home, { openId: AD.openId, value: { a: 'seminar.edit.open', s: Y } })).toast).toMatchObject(warning('已取消'));
    expect((await w.h.emulator.click(home, { openId: A.openId, value: { a: 'seminar.entry.save', s: Y, pair: w.pair[A.openId]! }, formValue: { achievements: '还想交' } })).toast).toMatchObject(warning('已取消'));
    for (const p of [A, B, M, M2]) {
      const cards = await cardsFor(w, p, '研讨会取消通知');
      expect(cards).toHaveLength(1);
      expect(json(cards[0])).toContain('与防汛工作冲突，另行安排');
    }
    expectBilingualCard((await cardsFor(w, A, '研讨会取消通知'))[0]!.content);
    expect(await cardsFor(w, SR, '研讨会取消通知')).toEqual([]);
    expect(await seminar(Y)).toMatchObject({ revision: 2, starts_at: new Date('2024-10-12T15:00:00+08:00') });
    // 研讨 no longer offers it
    expect(json(await say(w, A, '研讨'))).not.toContain('第四季度交流研讨会');
    expect(await db().selectFrom('audit_log').select(['action', 'target']).where('action', 'in', ['seminar.change', 'seminar.cancel']).orderBy('id').execute())
      .toEqual([{ action: 'seminar.change', target: `seminar:${Y}` }, { action: 'seminar.change', target: `seminar:${Y}` }, { action: 'seminar.cancel', target: `seminar:${Y}` }]);
  });

  it('the cancelled seminar gets no reminder and no agenda, while the other program’s seminar that day does', async () => {
    const { A, M, SR, YT } = w.people;
    await tick('2024-10-11T15:00:00.020+08:00');
    await tick('2024-10-12T08:00:00.020+08:00');
    for (const p of [SR, YT]) {
      expect((await cardsFor(w, p, '研讨会提醒')).map((c) => json(c).includes('明天举行'))).toEqual([false, true]);
      expect(await cardsFor(w, p, '研讨会议程')).toHaveLength(1);
    }
    for (const p of [A, M]) {
      expect(await cardsFor(w, p, '研讨会提醒')).toHaveLength(1);
      expect(await cardsFor(w, p, '研讨会议程')).toEqual([]);
    }
  });

  it('a seminar that has started can be neither changed nor cancelled; the admin’s 研讨 no longer offers it', async () => {
    const { AD } = w.people;
    w.clock.set('2024-10-12T15:00:00+08:00');
    expect((await save(AD, R, { place: '改个地方' })).toast).toMatchObject(warning('已经开始'));
    expect((await cancel(AD, R, '太晚了')).toast).toMatchObject(warning('已经开始'));
    expect(await seminar(R)).toMatchObject({ status: 'scheduled', place: '火炉镇政府三楼会议室', revision: 0 });
    const card = await say(w, AD, '研讨');
    expect(buttonValue(card.content, (v) => v.a === 'seminar.edit.open')).toEqual({ a: 'seminar.edit.open', s: Y2 });
    expect(json(card)).not.toContain(`"a":"seminar.edit.open","s":${R}`);
  });
});
