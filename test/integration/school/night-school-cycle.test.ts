import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missing } from '../../helpers/services';
import { cardTitle } from '../../helpers/test-app';
import { expectBilingualCard } from '../../helpers/card-assertions';
import { attendanceStats } from '../../../src/services/night-school';
import { attendanceOf, buttonValue, cardsFor, say, schoolWorld, sessionsOf, warning, type SchoolWorld } from './school-kit';

const iso = (d: Date) => d.toISOString();

/**
 * A Tuesday 19:00 series created on Wednesday 2024-09-25: its first Tuesday is National Day (2024-10-01, a
 * statutory holiday), so that session is cancelled and announced; the next, on 2024-10-08, is held.
 */
describe.skipIf(missing('postgres') || missing('redis'))('夜校: create → holiday skipped → reminders → leave → check-in window → close → rating → figures', () => {
  let w: SchoolWorld;
  let seriesId: number;
  let held: number;
  beforeAll(async () => { w = await schoolWorld('ou_sch_cyc_', '2024-09-25T10:00:00+08:00'); });
  afterAll(async () => { await w?.h.close(); });

  it('an admin creates a weekly series from the 夜校 card; sessions for four weeks, the National Day one cancelled', async () => {
    const { AD, YT, S1, S2, S3, S4 } = w.people;
    const overview = await say(w, AD, '夜校');
    expect(cardTitle(overview.content)).toBe('干部夜校');
    await w.h.emulator.click(overview.messageId, { openId: AD.openId, value: buttonValue(overview.content, (v) => v.a === 'school.new') });
    const form = w.h.emulator.messages().find((m) => m.messageId === overview.messageId)!;
    expect(cardTitle(form.content)).toBe('新建夜校');
    expectBilingualCard(form.content);
    const r = await w.h.emulator.click(form.messageId, { openId: AD.openId, value: buttonValue(form.content, (v) => v.a === 'school.create'), formValue: {
      name: '以新促老夜校', weekday: '2', time: '19:00', duration: '90', place: '镇政府三楼会议室',
      people: [S1.openId, S2.openId, S3.openId, S4.openId], teacher: YT.openId, starts_on: '2024-09-25 +0800',
    } });
    expect(r.toast).toMatchObject({ type: 'success' });
    const series = await w.h.app.db.db.selectFrom('school_series').selectAll().execute();
    expect(series).toHaveLength(1);
    seriesId = series[0]!.id;
    const sessions = await sessionsOf(w, seriesId);
    expect(sessions.map((s) => [iso(s.starts_at), s.status])).toEqual([
      ['2024-10-01T11:00:00.000Z', 'cancelled'], ['2024-10-08T11:00:00.000Z', 'scheduled'], ['2024-10-15T11:00:00.000Z', 'scheduled'], ['2024-10-22T11:00:00.000Z', 'scheduled'],
    ]);
    held = sessions[1]!.id;
    expect(JSON.stringify(w.h.emulator.messages().find((m) => m.messageId === overview.messageId)!.content)).toContain('2024-10-01');
  });

  it('the day before the holiday at 18:00 the audience and teacher hear it is cancelled; no reminder, none an hour before', async () => {
    const { YT, S1, S4 } = w.people;
    w.clock.set('2024-09-30T17:55:00.020+08:00');
    await w.h.app.scheduler.tick();
    expect(await cardsFor(w, S1)).toEqual([]);
    w.clock.set('2024-09-30T18:00:00.020+08:00');
    await w.h.app.scheduler.tick();
    await w.h.app.scheduler.tick();
    for (const p of [S1, S4, YT]) expect(await cardsFor(w, p, '夜校停课通知')).toHaveLength(1);
    const [notice] = await cardsFor(w, S1, '夜校停课通知');
    expectBilingualCard(notice!.content);
    expect(JSON.stringify(notice!.content)).toContain('国庆节');
    w.clock.set('2024-10-01T18:00:00.020+08:00');
    await w.h.app.scheduler.tick();
    expect(await cardsFor(w, S1)).toHaveLength(1);
  });

  it('the day before (a holiday Monday) at 18:00: the audience gets the reminder, the teacher the expected headcount', async () => {
    const { YT, S1, S2, S3, S4, X } = w.people;
    w.clock.set('2024-10-07T17:59:00+08:00');
    await w.h.app.scheduler.tick();
    expect(await cardsFor(w, S1, '夜校提醒：明天上课')).toEqual([]);
    w.clock.set('2024-10-07T18:00:00.020+08:00');
    await w.h.app.scheduler.tick();
    for (const p of [S1, S2, S3, S4]) expect(await cardsFor(w, p, '夜校提醒：明天上课')).toHaveLength(1);
    expect(await cardsFor(w, X)).toEqual([]);
    const [t] = await cardsFor(w, YT, '夜校授课提醒');
    expectBilingualCard(t!.content);
    expect(JSON.stringify(t!.content)).toContain('预计到课**：4 人');
    expect(JSON.stringify(t!.content)).toContain('10月8日 周二 19:00');
  });

  it('the teacher sets the topic; leave needs a reason; a repeat is harmless', async () => {
    const { YT, S3, S4 } = w.people;
    const [t] = await cardsFor(w, YT, '夜校授课提醒');
    await w.h.emulator.click(t!.messageId, { openId: YT.openId, value: buttonValue(t!.content, (v) => v.a === 'school.edit') });
    const edit = w.h.emulator.messages().find((m) => m.messageId === t!.messageId)!;
    expect(cardTitle(edit.content)).toBe('设置夜校课程');
    const saved = await w.h.emulator.click(edit.messageId, { openId: YT.openId, value: { a: 'school.save', s: held }, formValue: { topic: 'Excel 合并单元格', materials: 'https://example.com/excel.pdf' } });
    expect(saved.toast).toMatchObject({ type: 'success' });
    // a non-teacher cannot
    expect((await w.h.emulator.click(edit.messageId, { openId: S4.openId, value: { a: 'school.save', s: held }, formValue: { topic: '乱改' } })).toast).toMatchObject(warning('只有授课老师'));

    const [card] = await cardsFor(w, S3, '夜校提醒：明天上课');
    const leave = buttonValue(card!.content, (v) => v.a === 'school.leave');
    expect((await w.h.emulator.click(card!.messageId, { openId: S3.openId, value: leave, formValue: { reason: ' ' } })).toast).toMatchObject(warning('填写原因'));
    expect((await w.h.emulator.click(card!.messageId, { openId: S3.openId, value: leave, formValue: { reason: '下村走访' } })).toast).toMatchObject({ type: 'success' });
    expect((await w.h.emulator.click(card!.messageId, { openId: S3.openId, value: leave, formValue: { reason: '下村走访' } })).toast).toMatchObject({ type: 'info' });
    const [c4] = await cardsFor(w, S4, '夜校提醒：明天上课');
    // a double click, both at once: one registration, one "already"
    const reg = () => w.h.emulator.click(c4!.messageId, { openId: S4.openId, value: buttonValue(c4!.content, (v) => v.a === 'school.register') });
    const both = await Promise.all([reg(), reg()]);
    expect(both.map((r) => (r.toast as { type: string }).type).sort()).toEqual(['info', 'success']);
    expect((await attendanceOf(w, held)).map((a) => [a.cadre_id, a.status, a.leave_reason])).toEqual([[w.ids[S3.openId], 'leave', '下村走访'], [w.ids[S4.openId], 'registered', null]]);
  });

  it('one hour before: reminded with the topic, except the one on leave', async () => {
    const { S1, S2, S3, S4 } = w.people;
    w.clock.set('2024-10-08T18:00:00.020+08:00');
    await w.h.app.scheduler.tick();
    for (const p of [S1, S2, S4]) expect(await cardsFor(w, p, '夜校一小时后开始')).toHaveLength(1);
    expect(await cardsFor(w, S3, '夜校一小时后开始')).toEqual([]);
    const [c] = await cardsFor(w, S1, '夜校一小时后开始');
    expect(JSON.stringify(c!.content)).toContain('Excel 合并单元格');
    expect(JSON.stringify(c!.content)).toContain('镇政府三楼会议室');
  });

  it('check-in window: −31 min refused, −30 ok, +30 ok, +31 refused; a double click is harmless; an outsider is refused and audited', async () => {
    const { S1, S2, S4, X } = w.people;
    const [c] = await cardsFor(w, S1, '夜校一小时后开始');
    const checkin = { a: 'school.checkin', s: held };
    const click = (who: typeof S1) => w.h.emulator.click(c!.messageId, { openId: who.openId, value: checkin });
    w.clock.set('2024-10-08T18:29:00+08:00');
    expect((await click(S1)).toast).toMatchObject(warning('开课前 30 分钟开放'));
    w.clock.set('2024-10-08T18:30:00+08:00');
    expect((await click(S1)).toast).toMatchObject({ type: 'success' });
    expect((await click(S1)).toast).toMatchObject({ type: 'info' });
    expect((await click(X)).toast).toMatchObject(warning('不在这次夜校的听课名单'));
    const audit = await w.h.app.db.db.selectFrom('audit_log').select(['actor', 'action', 'target']).where('action', '=', 'denied:school.checkin').execute();
    expect(audit).toEqual([{ actor: X.openId, action: 'denied:school.checkin', target: `school_session:${held}` }]);
    w.clock.set('2024-10-08T19:05:00+08:00');
    expect((await w.h.emulator.click(c!.messageId, { openId: S4.openId, value: { a: 'school.leave', s: held }, formValue: { reason: '临时有事' } })).toast).toMatchObject(warning('已经开始'));
    w.clock.set('2024-10-08T19:31:00+08:00');
    expect((await click(S2)).toast).toMatchObject(warning('已在开课 30 分钟后截止'));
    w.clock.set('2024-10-08T19:30:00+08:00');
    expect((await click(S2)).toast).toMatchObject({ type: 'success' });
    const rows = await attendanceOf(w, held);
    expect(rows.map((a) => [a.cadre_id, a.status])).toEqual([[w.ids[S1.openId], 'present'], [w.ids[S2.openId], 'present'], [w.ids[w.people.S3.openId], 'leave'], [w.ids[S4.openId], 'registered']]);
    expect(iso(rows[0]!.checked_in_at!)).toBe('2024-10-08T10:30:00.000Z');
  });

  it('the teacher closes: the registered no-show becomes absent; those present get the rating form; closing twice is harmless', async () => {
    const { YT, S1, S2, S4 } = w.people;
    w.clock.set('2024-10-08T20:40:00+08:00');
    // the teacher's card became the edit form when 设置课程 was clicked; any of the teacher's cards will do
    const [t] = await cardsFor(w, YT, '设置夜校课程');
    // an audience member cannot close
    expect((await w.h.emulator.click(t!.messageId, { openId: S1.openId, value: { a: 'school.close', s: held } })).toast).toMatchObject(warning('只有本次课的授课老师'));
    const r = await w.h.emulator.click(t!.messageId, { openId: YT.openId, value: { a: 'school.close', s: held } });
    expect(r.toast).toMatchObject({ type: 'success' });
    expect((await w.h.emulator.click(t!.messageId, { openId: YT.openId, value: { a: 'school.close', s: held } })).toast).toMatchObject({ type: 'info' });
    expect((await attendanceOf(w, held)).map((a) => a.status)).toEqual(['present', 'present', 'leave', 'absent']);
    const session = await w.h.app.db.db.selectFrom('school_sessions').selectAll().where('id', '=', held).executeTakeFirstOrThrow();
    expect(session.status).toBe('closed');
    for (const p of [S1, S2]) expect(await cardsFor(w, p, '评价本次夜校')).toHaveLength(1);
    expect(await cardsFor(w, S4, '评价本次夜校')).toEqual([]);
  });

  it('rating: 1–5 enforced, once per person, only by those present', async () => {
    const { S1, S4 } = w.people;
    const [form] = await cardsFor(w, S1, '评价本次夜校');
    expectBilingualCard(form!.content);
    const value = buttonValue(form!.content, (v) => v.a === 'school.rate');
    const rate = (who: typeof S1, rating: string) => w.h.emulator.click(form!.messageId, { openId: who.openId, value, formValue: { rating, comment: '讲得很清楚' } });
    expect((await rate(S1, '6')).toast).toMatchObject(warning('1–5'));
    expect((await rate(S1, '0')).toast).toMatchObject(warning('1–5'));
    expect((await rate(S1, '5')).toast).toMatchObject({ type: 'success' });
    expect((await rate(S1, '1')).toast).toMatchObject(warning('已经评价过'));
    expect((await rate(S4, '1')).toast).toMatchObject(warning('只有签到参加'));
    const rows = await attendanceOf(w, held);
    expect(rows.map((a) => [a.rating, a.comment])).toEqual([[5, '讲得很清楚'], [null, null], [null, null], [null, null]]);
  });

  it('figures: present / (audience − leave) per session, person and unit', async () => {
    const { S1, S2, S3, S4 } = w.people;
    const stats = await attendanceStats(w.h.app.db.db, { from: new Date('2024-09-01T00:00:00+08:00'), to: new Date('2024-11-01T00:00:00+08:00') });
    expect(stats.sessions).toEqual([expect.objectContaining({ sessionId: held, audience: 4, present: 2, leave: 1, absent: 1, rate: 2 / 3 })]);
    expect(stats.people.map((p) => [p.cadreId, p.rate])).toEqual([[w.ids[S1.openId], 1], [w.ids[S2.openId], 1], [w.ids[S3.openId], null], [w.ids[S4.openId], 0]]);
    expect(stats.units.map((u) => [u.unitPath, u.present, u.leave, u.absent, u.rate])).toEqual([['武隆区/火炉镇/党政办', 1, 1, 0, 1], ['武隆区/火炉镇/经发办', 1, 0, 1, 0.5]]);
    // 夜校 shows my figures
    const card = await say(w, S4, '夜校');
    expect(JSON.stringify(card.content)).toContain('出勤率 0%');
  });

  it('the teacher takes the roll on the next session: marks people present; an audience member cannot', async () => {
    const { YT, S1, S2, S4 } = w.people;
    const next = (await sessionsOf(w, seriesId)).find((x) => iso(x.starts_at) === '2024-10-15T11:00:00.000Z')!;
    w.clock.set('2024-10-15T19:10:00+08:00');
    // any card the teacher has will carry the roll-call buttons' callbacks (the value names the session)
    const t = (await cardsFor(w, YT)).filter((m) => m.msgType === 'interactive').at(-1);
    const roll = await w.h.emulator.click(t!.messageId, { openId: YT.openId, value: { a: 'school.roll', s: next.id } });
    expect(roll.ok).toBe(true);
    const present = [String(w.ids[S2.openId]), String(w.ids[S4.openId])];
    const intruder = await w.h.emulator.click(t!.messageId, { openId: S1.openId, value: { a: 'school.mark', s: next.id }, formValue: { present } });
    expect(intruder.toast).toMatchObject(warning('只有本次课的授课老师'));
    const marked = await w.h.emulator.click(t!.messageId, { openId: YT.openId, value: { a: 'school.mark', s: next.id }, formValue: { present } });
    expect(marked.toast).toMatchObject({ type: 'success', i18n: { zh_cn: expect.stringContaining('已记 2 人到场') } });
    const rows = await attendanceOf(w, next.id);
    expect(rows.filter((a) => a.status === 'present').map((a) => a.cadre_id).sort()).toEqual([w.ids[S2.openId], w.ids[S4.openId]].sort());
  });
});
