import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatedMessage } from '../../../src/emulator/types';
import { missing } from '../../helpers/services';
import { cardTitle } from '../../helpers/test-app';
import { buttonValue, cardsFor, reportsOf, reportWorld, type ReportWorld } from './report-kit';

const warning = (zh: string) => ({ type: 'warning', i18n: { zh_cn: expect.stringContaining(zh) } });

describe.skipIf(missing('postgres') || missing('redis'))('周报: bad input, outsiders, double submits, the text fallback', () => {
  let w: ReportWorld;
  let form: EmulatedMessage;
  let submit: Record<string, unknown>;
  // Wednesday 2024-10-16, ISO 2024-W42
  beforeAll(async () => {
    w = await reportWorld('ou_rep_bad_', '2024-10-16T10:00:00+08:00');
    await w.h.sender.sendMessage({ senderOpenId: w.people.A.openId, chatId: w.chat[w.people.A.openId]!, chatType: 'p2p', text: '周报' });
    [form] = await w.h.emulator.waitForMessages(1, { sender: 'app', chatId: w.chat[w.people.A.openId]! }) as [EmulatedMessage];
    expect(cardTitle(form.content)).toBe('填写周报');
    submit = buttonValue(form.content, (v) => v.a === 'report.submit');
    expect(submit).toMatchObject({ pair: w.pair[w.people.A.openId], w: '2024-W42' });
  });
  afterAll(async () => { await w?.h.close(); });

  const click = (value: Record<string, unknown>, formValue: Record<string, unknown>, who = w.people.A) => w.h.emulator.click(form.messageId, { openId: who.openId, value, formValue });
  const rows = () => reportsOf(w.h.app.db.db, w.pair[w.people.A.openId]!);

  it('refuses empty, over-long and bad tutoring fields, and writes nothing', async () => {
    expect((await click(submit, { learned: ' ', did: '', problems: '', next_week: '' })).toast).toMatchObject(warning('至少填写一项'));
    expect((await click(submit, { did: '字'.repeat(501) })).toast).toMatchObject(warning('超过 500 字'));
    expect((await click(submit, { did: '好', t1_date: '2024-10-15 +0800', t1_topic: 'Word', t1_minutes: '700' })).toast).toMatchObject(warning('0–600'));
    expect((await click(submit, { did: '好', t1_date: '2024-10-30 +0800', t1_topic: 'Word', t1_minutes: '30' })).toast).toMatchObject(warning('不晚于今天'));
    expect(await rows()).toEqual([]);
  });

  it('refuses a future week, a closed week and junk weeks', async () => {
    expect((await click({ ...submit, w: '2024-W43' }, { did: '提前写' })).toast).toMatchObject(warning('还没有开始'));
    expect((await click({ ...submit, w: '2024-W40' }, { did: '太晚了' })).toast).toMatchObject(warning('已截止'));
    expect((await click({ ...submit, w: '2024-W99' }, { did: '乱写' })).toast).toMatchObject(warning('周次无效'));
    expect(await rows()).toEqual([]);
  });

  it('refuses an outsider (audited) and a forged pair id', async () => {
    const { X, M } = w.people;
    expect((await click(submit, { did: '冒名顶替' }, X)).toast).toMatchObject(warning('只有该对子的培养对象'));
    expect((await click({ ...submit, pair: 999_999 }, { did: '伪造' })).toast).toMatchObject(warning('只有该对子的培养对象'));
    expect((await click({ ...submit, pair: w.pair[w.people.B.openId]! }, { did: '替别人写' })).toast).toMatchObject(warning('只有该对子的培养对象'));
    // the mentor cannot write the mentee's report either
    expect((await click(submit, { did: '导师代写' }, M)).toast).toMatchObject(warning('只有该对子的培养对象'));
    const audit = await w.h.app.db.db.selectFrom('audit_log').select(['actor', 'action', 'target']).where('action', '=', 'denied:report.submit').execute();
    expect(audit).toEqual(expect.arrayContaining([{ actor: X.openId, action: 'denied:report.submit', target: `pair:${w.pair[w.people.A.openId]}` }, expect.objectContaining({ target: 'pair:999999' })]));
    expect(await rows()).toEqual([]);
    expect(await reportsOf(w.h.app.db.db, w.pair[w.people.B.openId]!)).toEqual([]);
  });

  it('two parallel clicks make one report and one set of mentor cards; the other is told it was already submitted', async () => {
    const value = { learned: '学了', did: '做了', problems: '', next_week: '' };
    const [r1, r2] = await Promise.all([click(submit, value), click(submit, value)]);
    const types = [r1.toast, r2.toast].map((x) => (x as { type: string }).type).sort();
    expect(types).toEqual(['success', 'warning']);
    expect(await rows()).toHaveLength(1);
    expect(await cardsFor(w, w.people.M, '周报 · 许一帆')).toHaveLength(1);
  });

  it('only a mentor of the pair may comment or mark read (audited); an empty or long comment is refused', async () => {
    const { X, M2, M } = w.people;
    const review = (await cardsFor(w, M, '周报 · 许一帆'))[0]!;
    const [row] = await rows();
    for (const who of [X, M2]) {
      const r = await w.h.emulator.click(review.messageId, { openId: who.openId, value: { a: 'report.comment', r: row!.id }, formValue: { comment: '我来评一下' } });
      expect(r.toast).toMatchObject(warning('只有这对帮带对子的导师'));
    }
    const forged = await w.h.emulator.click(review.messageId, { openId: M.openId, value: { a: 'report.read', r: 'abc' } });
    expect(forged.toast).toMatchObject(warning('只有这对帮带对子的导师'));
    expect((await w.h.emulator.click(review.messageId, { openId: M.openId, value: { a: 'report.comment', r: row!.id }, formValue: { comment: '' } })).toast).toMatchObject(warning('评语需填写'));
    expect((await w.h.emulator.click(review.messageId, { openId: M.openId, value: { a: 'report.comment', r: row!.id }, formValue: { comment: '好'.repeat(301) } })).toast).toMatchObject(warning('不超过 300 字'));
    expect(await w.h.app.db.db.selectFrom('report_reviews').selectAll().execute()).toEqual([]);
    const audit = await w.h.app.db.db.selectFrom('audit_log').select('actor').where('action', '=', 'denied:report.comment').execute();
    expect(audit.map((a) => a.actor).sort()).toEqual([X.openId, M2.openId].sort());
  });

  it('`周报 <text>` saves the text as 本周所做 and confirms; `周报` again shows it prefilled; no pair → a clear card', async () => {
    const { B, X, M2 } = w.people;
    await w.h.sender.sendMessage({ senderOpenId: B.openId, chatId: w.chat[B.openId]!, chatType: 'p2p', text: '周报 整理了经发办的项目台账，跟导师去了两个村' });
    const [saved] = await w.h.emulator.waitForMessages(1, { sender: 'app', chatId: w.chat[B.openId]! });
    expect(cardTitle(saved!.content)).toBe('周报已保存');
    expect(JSON.stringify(saved!.content)).toContain('本周所做');
    expect(await reportsOf(w.h.app.db.db, w.pair[B.openId]!)).toMatchObject([{ iso_week: '2024-W42', did: '整理了经发办的项目台账，跟导师去了两个村', learned: '', late: false }]);
    expect(await cardsFor(w, M2, '周报 · 陆晨曦')).toHaveLength(1);
    w.h.emulator.reset();
    await w.h.sender.sendMessage({ senderOpenId: B.openId, chatId: w.chat[B.openId]!, chatType: 'p2p', text: '周报' });
    const [again] = await w.h.emulator.waitForMessages(1, { sender: 'app', chatId: w.chat[B.openId]! });
    expect(JSON.stringify(again!.content)).toContain('整理了经发办的项目台账');
    await w.h.sender.sendMessage({ senderOpenId: X.openId, chatId: w.chat[X.openId]!, chatType: 'p2p', text: '周报 我也想写' });
    const [none] = await w.h.emulator.waitForMessages(1, { sender: 'app', chatId: w.chat[X.openId]! });
    expect(JSON.stringify(none!.content)).toContain('没有作为培养对象的帮带对子');
  });
});

describe.skipIf(missing('postgres') || missing('redis'))('周报 nudge across National Day 2024', () => {
  let w: ReportWorld;
  // Friday 2024-10-04 is a holiday; Monday 10-07 too; the first working day after is Tuesday 10-08.
  beforeAll(async () => { w = await reportWorld('ou_rep_nd_', '2024-10-04T15:00:00+08:00'); });
  afterAll(async () => { await w?.h.close(); });

  it('skips the prompt on the holiday report day, stays quiet on the holiday Monday, nudges on the first day back', async () => {
    const { B, M } = w.people;
    w.clock.set('2024-10-04T16:00:00.020+08:00');
    await w.h.app.scheduler.tick();
    expect(await cardsFor(w, B)).toEqual([]);
    w.h.emulator.reset();
    w.clock.set('2024-10-07T09:00:00.020+08:00');
    await w.h.app.scheduler.tick();
    expect(await cardsFor(w, B)).toEqual([]);
    w.clock.set('2024-10-08T09:00:00.020+08:00');
    await w.h.app.scheduler.tick();
    const [nudge] = await cardsFor(w, B, '周报提醒');
    expect(JSON.stringify(nudge!.content)).toContain('2024-W40');
    expect(JSON.stringify((await cardsFor(w, M, '您带教的对象未交周报'))[0]!.content)).toContain('陆晨曦');
  });
});
