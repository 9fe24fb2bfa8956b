import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missing } from '../../helpers/services';
import { cardTitle } from '../../helpers/test-app';
import { expectBilingualCard } from '../../helpers/card-assertions';
import type { EmulatedMessage } from '../../../src/emulator/types';
import { buttonValue, cardsFor, reportsOf, reportWorld, type ReportWorld } from './report-kit';

const msg = (w: ReportWorld, id: string) => w.h.emulator.messages().find((m) => m.messageId === id)!;

describe.skipIf(missing('postgres') || missing('redis'))('周报: prompt → submit → review → comment → edit → 补交 → nudge', () => {
  let w: ReportWorld;
  let nudgeCard: EmulatedMessage;
  // Friday 2024-10-18 (ISO 2024-W42), an hour before the default 16:00 prompt.
  beforeAll(async () => { w = await reportWorld('ou_rep_cyc_', '2024-10-18T15:00:00+08:00'); });
  afterAll(async () => { await w?.h.close(); });

  it('prompts each mentee once at the program’s day and time, even when ticked twice', async () => {
    const { A, B, SR, M } = w.people;
    await w.h.app.scheduler.tick();
    expect(await cardsFor(w, A)).toEqual([]);
    w.clock.set('2024-10-18T16:00:00.020+08:00');
    await w.h.app.scheduler.tick();
    await w.h.app.scheduler.tick();
    for (const p of [A, B, SR]) expect(await cardsFor(w, p, '填写周报')).toHaveLength(1);
    expect(await cardsFor(w, M)).toEqual([]);
    const [prompt] = await cardsFor(w, A, '填写周报');
    expectBilingualCard(prompt!.content);
    const json = JSON.stringify(prompt!.content);
    expect(json).toContain('2024-W42');
    expect(json).toContain('500 字以内');
    expect(json.indexOf('"name":"learned"')).toBeLessThan(json.indexOf('"name":"t1_date"'));
    // reverse mentoring: the tutoring section comes first
    const sr = JSON.stringify((await cardsFor(w, SR, '填写周报'))[0]!.content);
    expect(sr.indexOf('"name":"t1_date"')).toBeLessThan(sr.indexOf('"name":"learned"'));
    const rows = await w.h.app.db.db.selectFrom('outbox').select('dedupe_key').where('dedupe_key', 'like', 'job:weekly-report-prompt:%').execute();
    expect(rows.map((r) => r.dedupe_key!.split(':').slice(-3).join(':')).sort()).toEqual([`pair:${w.pair[A.openId]}:2024-W42`, `pair:${w.pair[B.openId]}:2024-W42`, `pair:${w.pair[SR.openId]}:2024-W42`].sort());
  });

  it('submit → the mentor reviews → comments → the mentee reads the comment; 已阅 twice is harmless', async () => {
    const { A, M } = w.people;
    w.clock.set('2024-10-18T17:00:00+08:00');
    const [prompt] = await cardsFor(w, A, '填写周报');
    const r = await w.h.emulator.click(prompt!.messageId, { openId: A.openId, value: buttonValue(prompt!.content, (v) => v.a === 'report.submit'), formValue: { learned: '学会了写调研提纲', did: '参与了防汛会议筹备', problems: '', next_week: '跟班下村调研' } });
    expect(r.toast).toMatchObject({ type: 'success' });
    expect(cardTitle(msg(w, prompt!.messageId).content)).toBe('周报已提交');
    const rows = await reportsOf(w.h.app.db.db, w.pair[A.openId]!);
    expect(rows).toMatchObject([{ iso_week: '2024-W42', learned: '学会了写调研提纲', did: '参与了防汛会议筹备', late: false }]);
    const [review] = await cardsFor(w, M, '周报 · 许一帆');
    expectBilingualCard(review!.content);
    expect(JSON.stringify(review!.content)).toContain('跟班下村调研');
    expect(JSON.stringify(review!.content)).not.toContain('补交');

    const c = await w.h.emulator.click(review!.messageId, { openId: M.openId, value: buttonValue(review!.content, (v) => v.a === 'report.comment'), formValue: { comment: '提纲写得扎实，下周注意访谈记录' } });
    expect(c.toast).toMatchObject({ type: 'success' });
    const [comment] = await cardsFor(w, A, '导师评语');
    expect(JSON.stringify(comment!.content)).toContain('提纲写得扎实');
    const again = await w.h.emulator.click(review!.messageId, { openId: M.openId, value: { a: 'report.comment', r: rows[0]!.id }, formValue: { comment: '提纲写得扎实，下周注意访谈记录' } });
    expect(again.toast).toMatchObject({ type: 'info' });
    expect(await cardsFor(w, A, '导师评语')).toHaveLength(1);
    for (let i = 0; i < 2; i++) await w.h.emulator.click(review!.messageId, { openId: M.openId, value: { a: 'report.read', r: rows[0]!.id } });
    const reviews = await w.h.app.db.db.selectFrom('report_reviews').selectAll().where('report_id', '=', rows[0]!.id).execute();
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ mentor_id: w.ids[M.openId], comment: '提纲写得扎实，下周注意访谈记录' });
    expect(reviews[0]!.read_at).toBeInstanceOf(Date);
  });

  it('edit until the week closes: the mentor gets the new version marked 已修改; still one row', async () => {
    const { A, M } = w.people;
    w.clock.set('2024-10-20T22:00:00+08:00');
    const [prompt] = await cardsFor(w, A, '周报已提交');
    const open = await w.h.emulator.click(prompt!.messageId, { openId: A.openId, value: buttonValue(prompt!.content, (v) => v.a === 'report.open') });
    const form = msg(w, prompt!.messageId);
    expect(cardTitle(form.content)).toBe('填写周报');
    expect(JSON.stringify(form.content)).toContain('学会了写调研提纲');
    expect(open.ok).toBe(true);
    const r = await w.h.emulator.click(form.messageId, { openId: A.openId, value: buttonValue(form.content, (v) => v.a === 'report.submit'), formValue: { learned: '学会了写调研提纲', did: '参与了防汛会议筹备，并写了纪要', problems: '', next_week: '跟班下村调研' } });
    expect(r.toast).toMatchObject({ type: 'success' });
    const reviews = await cardsFor(w, M, '周报 · 许一帆');
    expect(reviews).toHaveLength(2);
    expect(JSON.stringify(reviews[1]!.content)).toContain('已修改');
    expect(JSON.stringify(reviews[1]!.content)).toContain('并写了纪要');
    expect(await reportsOf(w.h.app.db.db, w.pair[A.openId]!)).toHaveLength(1);
  });

  it('reverse-mentoring pair reports tutoring; its young mentor reviews it', async () => {
    const { SR, YT } = w.people;
    const [prompt] = await cardsFor(w, SR, '填写周报');
    const r = await w.h.emulator.click(prompt!.messageId, { openId: SR.openId, value: buttonValue(prompt!.content, (v) => v.a === 'report.submit'), formValue: {
      learned: '学会了在 Word 里插入表格', t1_date: '2024-10-16 +0800', t1_topic: 'Excel 合并单元格', t1_minutes: '45', t2_date: '', t2_topic: '', t2_minutes: '',
    } });
    expect(r.toast).toMatchObject({ type: 'success' });
    const [row] = await reportsOf(w.h.app.db.db, w.pair[SR.openId]!);
    expect(row!.tutoring).toEqual([{ date: '2024-10-16', topic: 'Excel 合并单元格', minutes: 45 }]);
    const [review] = await cardsFor(w, YT, '周报 · 邓守仁');
    const json = JSON.stringify(review!.content);
    expect(json).toContain('2024-10-16 · Excel 合并单元格 · 45 分钟');
    expect(json.indexOf('一对一辅导')).toBeLessThan(json.indexOf('本周所学'));
  });

  it('no nudge on Saturday (not a working day); Monday 09:00 nudges the missing mentee and sends digests to mentors and the town admin', async () => {
    const { A, B, SR, M, M2, AD, AX } = w.people;
    w.h.emulator.reset();
    w.clock.set('2024-10-19T09:00:00.020+08:00');
    await w.h.app.scheduler.tick();
    expect(await cardsFor(w, B)).toEqual([]);
    w.clock.set('2024-10-21T09:00:00.020+08:00');
    await w.h.app.scheduler.tick();
    await w.h.app.scheduler.tick();
    const nudges = await cardsFor(w, B, '周报提醒');
    expect(nudges).toHaveLength(1);
    nudgeCard = nudges[0]!;
    expect(JSON.stringify(nudges[0]!.content)).toContain('2024-W42');
    for (const p of [A, SR]) expect(await cardsFor(w, p)).toEqual([]);
    for (const mentor of [M, M2]) {
      const [digest] = await cardsFor(w, mentor, '您带教的对象未交周报');
      expect(JSON.stringify(digest!.content)).toContain('陆晨曦');
      expect(JSON.stringify(digest!.content)).not.toContain('许一帆');
    }
    const [adminDigest] = await cardsFor(w, AD, '未交周报名单');
    expect(JSON.stringify(adminDigest!.content)).toContain('陆晨曦');
    expect(await cardsFor(w, AX)).toEqual([]);
    // Tuesday is not the first working day after Friday: quiet
    w.clock.set('2024-10-22T09:00:00.020+08:00');
    await w.h.app.scheduler.tick();
    expect(await cardsFor(w, B)).toHaveLength(1);
  });

  it('late 补交 of the previous week from the nudge card: marked late for the mentors; two weeks back is refused', async () => {
    const { B, M, M2 } = w.people;
    w.clock.set('2024-10-22T10:00:00+08:00');
    const value = buttonValue(nudgeCard.content, (v) => v.a === 'report.submit');
    expect(value).toMatchObject({ pair: w.pair[B.openId], w: '2024-W42' });
    const r = await w.h.emulator.click(nudgeCard.messageId, { openId: B.openId, value, formValue: { did: '整理了经发办台账' } });
    expect(r.toast).toMatchObject({ type: 'success' });
    const [row] = await reportsOf(w.h.app.db.db, w.pair[B.openId]!);
    expect(row).toMatchObject({ iso_week: '2024-W42', late: true, did: '整理了经发办台账' });
    for (const mentor of [M, M2]) expect(JSON.stringify((await cardsFor(w, mentor, '周报 · 陆晨曦'))[0]!.content)).toContain('补交');
    const old = await w.h.emulator.click(nudgeCard.messageId, { openId: B.openId, value: { ...value, w: '2024-W41' }, formValue: { did: '再补一份' } });
    expect(old.toast).toMatchObject({ type: 'warning', i18n: { zh_cn: expect.stringContaining('已截止') } });
    expect(await reportsOf(w.h.app.db.db, w.pair[B.openId]!)).toHaveLength(1);
  });
});
