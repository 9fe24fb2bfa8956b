import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missing } from '../../helpers/services';
import { cardTitle } from '../../helpers/test-app';
import { expectBilingualCard } from '../../helpers/card-assertions';
import type { EmulatedMessage } from '../../../src/emulator/types';
import { buttonValue, cardsFor, json, msg, say, seminarWorld, warning, type SeminarWorld } from './seminar-kit';

/** 季度交流研讨会 from scheduling to 'held': T−14 request, entries, reminders, agenda, who presented. */
describe.skipIf(missing('postgres') || missing('redis'))('研讨: schedule → request → entries → reminders → agenda → record', () => {
  let w: SeminarWorld;
  let seminarId: number;
  let requestA: EmulatedMessage;
  const form = { title: '第四季度交流研讨会', date: '2024-10-31 +0800', time: '14:30', place: '火炉镇政府三楼会议室' };
  const db = () => w.h.app.db.db;
  const entries = () => db().selectFrom('seminar_entries').selectAll().where('seminar_id', '=', seminarId).orderBy('pair_id').execute();
  const save = (m: EmulatedMessage, who: { openId: string }, value: Record<string, unknown>, formValue: Record<string, unknown>) => w.h.emulator.click(m.messageId, { openId: who.openId, value, formValue });

  // Tuesday 2024-10-01, a month before the seminar.
  beforeAll(async () => { w = await seminarWorld('ou_sem_cyc_', '2024-10-01T10:00:00+08:00'); });
  afterAll(async () => { await w?.h.close(); });

  it('an admin schedules a seminar from the 研讨 form; a non-admin is refused and audited; past dates and a second seminar that day are refused', async () => {
    const { AD, A } = w.people;
    const home = await say(w, AD, '研讨');
    expect(cardTitle(home.content)).toBe('交流研讨会');
    expectBilingualCard(home.content);
    const create = buttonValue(home.content, (v) => v.a === 'seminar.create');
    const r = await w.h.emulator.click(home.messageId, { openId: AD.openId, value: create, formValue: { ...form, program: String(w.programs.young) } });
    expect(r.toast).toMatchObject({ type: 'success' });
    expect(cardTitle(msg(w, home.messageId).content)).toBe('研讨会已安排');
    const rows = await db().selectFrom('seminars').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ program_id: w.programs.young, title: form.title, place: form.place, status: 'scheduled', created_by: AD.openId });
    expect(new Date(rows[0]!.starts_at).toISOString()).toBe('2024-10-31T06:30:00.000Z');
    seminarId = rows[0]!.id;
    // a month away: nobody is asked yet
    expect(await entries()).toEqual([]);

    const mine = await say(w, A, '研讨');
    expect(json(mine)).not.toContain('seminar_create');
    const denied = await w.h.emulator.click(mine.messageId, { openId: A.openId, value: { a: 'seminar.create' }, formValue: { ...form, date: '2024-11-01 +0800', program: String(w.programs.young) } });
    expect(denied.toast).toMatchObject(warning('只有组织部管理员'));
    expect(await db().selectFrom('audit_log').select(['actor', 'action']).where('action', '=', 'denied:seminars.manage').execute()).toEqual([{ actor: A.openId, action: 'denied:seminars.manage' }]);

    const again = () => w.h.emulator.click(home.messageId, { openId: AD.openId, value: create, formValue: { ...form, time: '09:00', program: String(w.programs.young) } });
    expect((await again()).toast).toMatchObject(warning('同一天只能有一场'));
    expect((await w.h.emulator.click(home.messageId, { openId: AD.openId, value: create, formValue: { ...form, date: '2024-09-30 +0800', program: String(w.programs.young) } })).toast).toMatchObject(warning('时间已经过去'));
    expect((await w.h.emulator.click(home.messageId, { openId: AD.openId, value: create, formValue: { ...form, date: '2024-11-05 +0800', program: '999999' } })).toast).toMatchObject(warning('请选择一个运行中的项目'));
    expect((await w.h.emulator.click(home.messageId, { openId: AD.openId, value: create, formValue: { ...form, date: '2024-11-05 +0800', time: '25:00', program: String(w.programs.young) } })).toast).toMatchObject(warning('时间'));
    expect(await db().selectFrom('seminars').select('id').execute()).toHaveLength(1);
  });

  it('T−14 days: each pair of the program is asked once (ticked twice), the mentee and each mentor; other programs are not', async () => {
    const { A, B, M, M2, SR, YT } = w.people;
    w.clock.set('2024-10-17T14:00:00.020+08:00');
    await w.h.app.scheduler.tick();
    expect(await cardsFor(w, A, '研讨会展示材料')).toEqual([]);
    w.clock.set('2024-10-17T14:30:00.020+08:00');
    await w.h.app.scheduler.tick();
    await w.h.app.scheduler.tick();
    for (const p of [A, B, M2]) expect(await cardsFor(w, p, '研讨会展示材料')).toHaveLength(1);
    expect(await cardsFor(w, M, '研讨会展示材料')).toHaveLength(2);
    for (const p of [SR, YT]) expect(await cardsFor(w, p)).toEqual([]);
    const keys = (await db().selectFrom('outbox').select('dedupe_key').where('dedupe_key', 'like', 'job:seminar-reminders:%').execute()).map((r) => r.dedupe_key!.split(':').slice(-3).join(':'));
    expect(keys).toHaveLength(5);
    expect(keys).toContain(`request:p${w.pair[A.openId]}:${A.openId}`);
    expect((await entries()).map((e) => e.pair_id)).toEqual([w.pair[A.openId], w.pair[B.openId]].sort((a, b) => a! - b!));
    [requestA] = await cardsFor(w, A, '研讨会展示材料') as [EmulatedMessage];
    expectBilingualCard(requestA.content);
    expect(json(requestA)).toContain('1000 字以内');
  });

  it('the mentee submits, a mentor edits; an outsider, a forged pair and another program’s pair are refused (audited)', async () => {
    const { A, M, X, SR } = w.people;
    w.clock.set('2024-10-18T09:00:00+08:00');
    const value = buttonValue(requestA.content, (v) => v.a === 'seminar.entry.save');
    expect(value).toMatchObject({ s: seminarId, pair: w.pair[A.openId] });
    const r = await save(requestA, A, value, { achievements: '学会了写调研提纲，牵头筹备了防汛会议 *重点*', link: 'https://docs.example.com/a' });
    expect(r.toast).toMatchObject({ type: 'success' });
    expect(cardTitle(msg(w, requestA.messageId).content)).toBe('展示材料已提交');
    const mRequest = (await cardsFor(w, M, '研讨会展示材料')).find((m) => json(m).includes(`"pair":${w.pair[A.openId]}`))!;
    const open = await w.h.emulator.click(mRequest.messageId, { openId: M.openId, value: { a: 'seminar.entry.open', s: seminarId, pair: w.pair[A.openId]! } });
    expect(open.cardUpdated).toBe(true);
    expect(json(msg(w, mRequest.messageId))).toContain('学会了写调研提纲');
    const edit = await save(mRequest, M, value, { achievements: '学会了写调研提纲，牵头筹备了防汛会议，完成调研报告一篇', link: '' });
    expect(edit.toast).toMatchObject({ type: 'success', i18n: { zh_cn: expect.stringContaining('已修改') } });
    const [row] = (await entries()).filter((e) => e.pair_id === w.pair[A.openId]);
    expect(row).toMatchObject({ achievements: '学会了写调研提纲，牵头筹备了防汛会议，完成调研报告一篇', link: null, submitted_by: w.ids[M.openId] });

    expect((await save(requestA, X, value, { achievements: '冒名' })).toast).toMatchObject(warning('只有该帮带对子的培养对象或导师'));
    expect((await save(requestA, A, { ...value, pair: 999_999 }, { achievements: '伪造' })).toast).toMatchObject(warning('只有该帮带对子的培养对象或导师'));
    expect((await save(requestA, SR, { ...value, pair: w.pair[SR.openId]! }, { achievements: '别的项目' })).toast).toMatchObject(warning('只有该帮带对子的培养对象或导师'));
    expect((await save(requestA, A, { ...value, s: 999_999 }, { achievements: '伪造' })).toast).toMatchObject(warning('找不到这个研讨会'));
    const audit = await db().selectFrom('audit_log').select(['actor', 'target']).where('action', '=', 'denied:seminar.entry').execute();
    expect(audit).toEqual(expect.arrayContaining([{ actor: X.openId, target: `seminar:${seminarId}:pair:${w.pair[A.openId]}` }, { actor: A.openId, target: `seminar:${seminarId}:pair:999999` }]));
    expect(audit).toHaveLength(3);
    expect((await entries()).filter((e) => e.submitted_at !== null)).toHaveLength(1);
  });

  it('a bad link, over-long or empty text and a double click are refused without change', async () => {
    const { A } = w.people;
    const value = { a: 'seminar.entry.save', s: seminarId, pair: w.pair[A.openId]! };
    for (const link of ['ftp://docs.example.com/a', 'javascript:alert(1)', 'docs.example.com']) {
      expect((await save(requestA, A, value, { achievements: '新内容', link })).toast).toMatchObject(warning('http:// 或 https://'));
    }
    expect((await save(requestA, A, value, { achievements: '新内容', link: `https://example.com/${'a'.repeat(500)}` })).toast).toMatchObject(warning('超过 500 个字符'));
    expect((await save(requestA, A, value, { achievements: '字'.repeat(1001) })).toast).toMatchObject(warning('超过 1000 字'));
    expect((await save(requestA, A, value, { achievements: '  ' })).toast).toMatchObject(warning('请填写取得的成效'));
    const same = { achievements: '学会了写调研提纲，牵头筹备了防汛会议，完成调研报告一篇', link: 'https://docs.example.com/final' };
    const [r1, r2] = await Promise.all([save(requestA, A, value, same), save(requestA, A, value, same)]);
    expect([r1.toast, r2.toast].map((x) => (x as { type: string }).type).sort()).toEqual(['success', 'warning']);
    const [row] = (await entries()).filter((e) => e.pair_id === w.pair[A.openId]);
    expect(row).toMatchObject({ ...same, submitted_by: w.ids[A.openId] });
  });

  it('研讨 shows a participant the upcoming seminar and their pair’s entry with an edit button', async () => {
    const { A, B } = w.people;
    const home = await say(w, A, 'seminar');
    expectBilingualCard(home.content);
    expect(json(home)).toContain(form.title);
    expect(json(home)).toContain('完成调研报告一篇');
    expect(buttonValue(home.content, (v) => v.a === 'seminar.entry.open')).toMatchObject({ s: seminarId, pair: w.pair[A.openId] });
    expect(json(await say(w, B, '研讨'))).toContain('还没有展示材料');
  });

  it('a week and a day before: everyone gets the date and place; pairs without an entry are nudged', async () => {
    const { A, B, M, M2, SR } = w.people;
    for (const at of ['2024-10-24T14:30:00.020+08:00', '2024-10-30T14:30:00.020+08:00']) {
      w.clock.set(at);
      await w.h.app.scheduler.tick();
      await w.h.app.scheduler.tick();
    }
    for (const p of [A, B, M, M2]) {
      const cards = await cardsFor(w, p, '研讨会提醒');
      expect(cards).toHaveLength(2);
      expect(json(cards[0])).toContain('还有一周');
      expect(json(cards[1])).toContain('明天举行');
      for (const c of cards) expect(json(c)).toContain(form.place);
    }
    expect(json((await cardsFor(w, A, '研讨会提醒'))[1])).not.toContain('还没有提交展示材料');
    for (const p of [B, M, M2]) expect(json((await cardsFor(w, p, '研讨会提醒'))[1])).toContain('陆晨曦（导师 韩德明、秦雅芳）');
    expect(await cardsFor(w, SR)).toEqual([]);
    // B answers the nudge
    const [, nudge] = await cardsFor(w, B, '研讨会提醒');
    await w.h.emulator.click(nudge!.messageId, { openId: B.openId, value: buttonValue(nudge!.content, (v) => v.a === 'seminar.entry.open') });
    const r = await save(msg(w, nudge!.messageId), B, { a: 'seminar.entry.save', s: seminarId, pair: w.pair[B.openId]! }, { achievements: '整理了经发办台账，<at id=all></at>' });
    expect(r.toast).toMatchObject({ type: 'success' });
  });

  it('08:00 on the day: the agenda lists the entries in pair order to every participant; entries close when the seminar starts', async () => {
    const { A, B, M, M2 } = w.people;
    w.clock.set('2024-10-31T08:00:00.020+08:00');
    await w.h.app.scheduler.tick();
    await w.h.app.scheduler.tick();
    for (const p of [A, B, M, M2]) {
      const cards = await cardsFor(w, p, '研讨会议程');
      expect(cards).toHaveLength(1);
      const text = json(cards[0]);
      expect(text.indexOf('1. 许一帆')).toBeGreaterThan(0);
      expect(text.indexOf('1. 许一帆')).toBeLessThan(text.indexOf('2. 陆晨曦'));
      expect(text).toContain('完成调研报告一篇');
      expect(text).toContain('&lt;at id=all&gt;');
      expect(text).not.toContain('<at id=all>');
    }
    expectBilingualCard((await cardsFor(w, A, '研讨会议程'))[0]!.content);
    w.clock.set('2024-10-31T14:30:00+08:00');
    const r = await save(requestA, A, { a: 'seminar.entry.save', s: seminarId, pair: w.pair[A.openId]! }, { achievements: '会开始了还想改' });
    expect(r.toast).toMatchObject(warning('研讨会已经开始'));
  });

  it('afterwards the admin records who presented; a non-admin, a forged pair and a second record are refused', async () => {
    const { AD, A } = w.people;
    w.clock.set('2024-10-31T17:00:00+08:00');
    const home = await say(w, AD, '研讨');
    const open = buttonValue(home.content, (v) => v.a === 'seminar.record.open');
    expect(open).toMatchObject({ s: seminarId });
    expect((await w.h.emulator.click(home.messageId, { openId: AD.openId, value: open })).cardUpdated).toBe(true);
    const formCard = msg(w, home.messageId);
    expect(cardTitle(formCard.content)).toBe('记录展示情况');
    expectBilingualCard(formCard.content);
    const submit = buttonValue(formCard.content, (v) => v.a === 'seminar.record.save');
    expect((await w.h.emulator.click(home.messageId, { openId: A.openId, value: submit, formValue: { presented: [String(w.pair[A.openId])] } })).toast).toMatchObject(warning('只有组织部管理员'));
    expect((await w.h.emulator.click(home.messageId, { openId: AD.openId, value: submit, formValue: { presented: [String(w.pair[w.people.SR.openId])] } })).toast).toMatchObject(warning('不在这场研讨会的受邀名单'));
    const r = await w.h.emulator.click(home.messageId, { openId: AD.openId, value: submit, formValue: { presented: [String(w.pair[A.openId])] } });
    expect(r.toast).toMatchObject({ type: 'success' });
    expect(cardTitle(msg(w, home.messageId).content)).toBe('研讨会已举行');
    expect((await db().selectFrom('seminars').select('status').where('id', '=', seminarId).executeTakeFirstOrThrow()).status).toBe('held');
    expect((await entries()).map((e) => [e.pair_id, e.presented])).toEqual([[w.pair[A.openId], true], [w.pair[w.people.B.openId], false]]);
    const twice = await w.h.emulator.click(home.messageId, { openId: AD.openId, value: submit, formValue: { presented: [] } });
    expect(twice.toast).toMatchObject(warning('已经记录过了'));
    expect((await entries()).find((e) => e.pair_id === w.pair[A.openId])!.presented).toBe(true);
  });
});
