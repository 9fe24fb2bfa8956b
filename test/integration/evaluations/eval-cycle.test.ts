import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, missing } from '../../helpers/services';
import { expectBilingualCard } from '../../helpers/card-assertions';
import { cardTitle } from '../../helpers/test-app';
import { auditOf, buttonValue, cardsFor, current, evalWorld, evaluationsOf, revisionsOf, say, staffItemsOf, tickAt, toastOf, warning, type EvalWorld } from './eval-kit';

/**
 * The quarter's evaluation end to end, over HTTP through the emulator: opening on the first working day after
 * the quarter, self-assessment, the assessor's batch card, approval by the town's main leaders (and refusals
 * of everyone else), return and resubmit, two leaders at once, and the staff-meeting consequences across
 * quarters, including a correction that breaks the streak and one that restores it.
 */
describe.skipIf(missing('postgres'))(`quarterly evaluation, full cycle (${BACKENDS})`, () => {
  let w: EvalWorld;
  let evalA: number;
  let evalB: number;
  beforeAll(async () => {
    w = await evalWorld('evc', '2026-06-30T09:00:00+08:00');
  });
  afterAll(async () => w?.h.close());

  it('nothing opens before the quarter is over; on its first working day the assessor gets one batch card, mentor and mentee a self-assessment form', async () => {
    const { AD, M, M2, A, B, L1, X } = w.people;
    await tickAt(w, '2026-06-30T09:00:00.020+08:00');
    expect(await evaluationsOf(w)).toEqual([]);
    await tickAt(w, '2026-07-01T09:00:00.020+08:00');
    const opened = await evaluationsOf(w);
    expect(opened.map((e) => [e.pair_id, e.quarter, e.status])).toEqual([[w.pair.A, '2026Q2', 'open'], [w.pair.B, '2026Q2', 'open']]);
    [evalA, evalB] = opened.map((e) => e.id) as [number, number];
    const [batch, ...more] = await cardsFor(w, AD, '2026年第二季度帮带测评');
    expect(more).toEqual([]);
    expectBilingualCard(batch!.content);
    const text = JSON.stringify(batch!.content);
    expect(text).toContain('许一帆');
    expect(text).toContain('陆晨曦');
    expect(text).toContain('周报 0/13 周');
    for (const p of [M, M2, A, B]) expect(await cardsFor(w, p, '2026年第二季度帮带测评 · 自评')).toHaveLength(p === M ? 2 : 1);
    expect(await cardsFor(w, L1)).toEqual([]);
    expect(await cardsFor(w, X)).toEqual([]);
    expect(JSON.stringify((await say(w, AD, '我的')).content)).toContain('季度测评：2 对帮带对子待您评定');
    // the same day again: nothing opens twice
    await tickAt(w, '2026-07-02T09:00:00.020+08:00');
    expect(await evaluationsOf(w)).toHaveLength(2);
    expect(await cardsFor(w, AD, '2026年第二季度帮带测评')).toHaveLength(1);
  });

  it('the mentee writes a self-assessment; an outsider cannot', async () => {
    const { A, X } = w.people;
    const [form] = await cardsFor(w, A, '2026年第二季度帮带测评 · 自评');
    const save = buttonValue(form!.content, (v) => v.a === 'eval.self');
    expect(toastOf(await w.h.emulator.click(form!.messageId, { openId: A.openId, value: save, formValue: { self: '学会了起草会议纪要' } }))).toMatchObject({ type: 'success' });
    expect(toastOf(await w.h.emulator.click(form!.messageId, { openId: X.openId, value: save, formValue: { self: '冒充' } }))).toMatchObject(warning('只有这对帮带对子'));
    expect((await evaluationsOf(w))[0]!.mentee_self).toBe('学会了起草会议纪要');
    expect(await auditOf(w, 'denied:eval.self')).toHaveLength(1);
  });

  it('优秀 without a comment, a forged rating, a comment over the limit, a rater who is not the assessor: refused, nothing stored', async () => {
    const { AD, M } = w.people;
    const [batch] = await cardsFor(w, AD, '2026年第二季度帮带测评');
    const submit = buttonValue(batch!.content, (v) => v.a === 'eval.submit');
    const click = (openId: string, formValue: Record<string, unknown>) => w.h.emulator.click(batch!.messageId, { openId, value: submit, formValue });
    expect(toastOf(await click(AD.openId, { [`r_${evalA}`]: 'excellent', [`c_${evalA}`]: ' ', [`r_${evalB}`]: 'good' }))).toMatchObject(warning('须填写评语'));
    expect(toastOf(await click(AD.openId, { [`r_${evalA}`]: 'superb', [`c_${evalA}`]: 'x' }))).toMatchObject(warning('评定等级只能是'));
    expect(toastOf(await click(AD.openId, { [`r_${evalA}`]: 'good', [`c_${evalA}`]: '长'.repeat(501) }))).toMatchObject(warning('500 字以内'));
    expect(toastOf(await click(M.openId, { [`r_${evalA}`]: 'excellent', [`c_${evalA}`]: '自己给自己打分' }))).toMatchObject(warning('不是'));
    expect(toastOf(await click(AD.openId, { r_999999: 'good' }))).toMatchObject(warning('没有找到'));
    expect(toastOf(await click(AD.openId, {}))).toMatchObject(warning('至少'));
    expect(await revisionsOf(w)).toEqual([]);
    expect((await auditOf(w, 'rejected:eval.rate')).length).toBe(3);
    expect(await auditOf(w, 'denied:eval.rate')).toHaveLength(1);
  });

  it('the assessor sends both; each main leader gets the approval card with the evidence and the self-assessment', async () => {
    const { AD, L1, L2, LX } = w.people;
    const [batch] = await cardsFor(w, AD, '2026年第二季度帮带测评');
    const r = await w.h.emulator.click(batch!.messageId, { openId: AD.openId, value: buttonValue(batch!.content, (v) => v.a === 'eval.submit'), formValue: { [`r_${evalA}`]: 'excellent', [`c_${evalA}`]: '主动承担重要会议筹办', [`r_${evalB}`]: 'good', [`c_${evalB}`]: '' } });
    expect(toastOf(r)).toMatchObject({ type: 'success' });
    expect(cardTitle(current(w, batch!).content)).toBe('2026年第二季度测评已送审');
    for (const l of [L1, L2]) {
      const [card, ...rest] = await cardsFor(w, l, '2026年第二季度测评审批');
      expect(rest).toEqual([]);
      expectBilingualCard(card!.content);
      const text = JSON.stringify(card!.content);
      expect(text).toContain('拟评定：**优秀**');
      expect(text).toContain('主动承担重要会议筹办');
      expect(text).toContain('学会了起草会议纪要');
      expect(text).toContain('全部同意（2）');
    }
    expect(await cardsFor(w, LX)).toEqual([]);
    expect(JSON.stringify((await say(w, L1, '我的')).content)).toContain('季度测评：2 条评定待您审批');
    expect(JSON.stringify((await say(w, LX, '我的')).content)).not.toContain('待您审批');
    expect((await revisionsOf(w)).map((x) => [x.pair_id, x.rating, x.status])).toEqual([[w.pair.A, 'excellent', 'pending'], [w.pair.B, 'good', 'pending']]);
    // sent is sent: the same form again is refused until withdrawn
    expect(toastOf(await w.h.emulator.click(batch!.messageId, { openId: AD.openId, value: { a: 'eval.submit' }, formValue: { [`r_${evalB}`]: 'pass' } }))).toMatchObject(warning('正等待领导审批'));
  });

  it('a non-leader, a leader of another town and a forged id are refused and audited; nothing is decided', async () => {
    const { L1, LX, X, AD } = w.people;
    const [card] = await cardsFor(w, L1, '2026年第二季度测评审批');
    const approve = buttonValue(card!.content, (v) => v.a === 'eval.approve');
    for (const who of [X, LX, AD]) expect(toastOf(await w.h.emulator.click(card!.messageId, { openId: who.openId, value: approve }))).toMatchObject(warning('主要领导'));
    expect(toastOf(await w.h.emulator.click(card!.messageId, { openId: L1.openId, value: { ...approve, r: 'DROP TABLE' } }))).toMatchObject(warning('没有找到'));
    expect(toastOf(await w.h.emulator.click(card!.messageId, { openId: LX.openId, value: buttonValue(card!.content, (v) => v.a === 'eval.approve.all') }))).toMatchObject(warning('主要领导'));
    expect((await revisionsOf(w)).every((x) => x.status === 'pending')).toBe(true);
    expect((await auditOf(w, 'denied:eval.approve')).map((a) => a.actor)).toEqual([X.openId, LX.openId, AD.openId, LX.openId]);
  });

  it('two leaders approve the same rating at once: it is decided once, the other is told who decided, every copy shows it', async () => {
    const { L1, L2, A, M } = w.people;
    const [c1] = await cardsFor(w, L1, '2026年第二季度测评审批');
    const [c2] = await cardsFor(w, L2, '2026年第二季度测评审批');
    const value = (c: typeof c1) => buttonValue(c!.content, (v) => v.a === 'eval.approve');
    const results = await Promise.all([
      w.h.emulator.click(c1!.messageId, { openId: L1.openId, value: value(c1) }),
      w.h.emulator.click(c2!.messageId, { openId: L2.openId, value: value(c2) }),
      w.h.emulator.click(c2!.messageId, { openId: L2.openId, value: value(c2) }),
    ]);
    const types = results.map((r) => toastOf(r).type).sort();
    expect(types).toEqual(['info', 'info', 'success']);
    for (const r of results.filter((x) => toastOf(x).type === 'info')) expect(toastOf(r).i18n.zh_cn).toMatch(/已由(钟书记|柏镇长)于 .* 审批同意/);
    const [rev] = await revisionsOf(w);
    expect(rev!.status).toBe('approved');
    expect([w.ids[L1.openId], w.ids[L2.openId]]).toContain(rev!.decided_by);
    expect(await auditOf(w, 'eval.approve')).toHaveLength(1);
    // both copies now show the outcome and keep only B's buttons
    for (const c of [c1, c2]) {
      const text = JSON.stringify(current(w, c!).content);
      expect(text).toContain('✅ 已同意');
      expect(text).not.toContain('全部同意');
    }
    for (const p of [A, M]) {
      const [result] = await cardsFor(w, p, '2026年第二季度测评结果：优秀');
      expectBilingualCard(result!.content);
    }
  });

  it('a leader returns a rating with a reason; the assessor revises and resends; the leader approves from 审批', async () => {
    const { L1, AD } = w.people;
    const [card] = await cardsFor(w, L1, '2026年第二季度测评审批');
    const ret = buttonValue(card!.content, (v) => v.a === 'eval.return.open');
    await w.h.emulator.click(card!.messageId, { openId: L1.openId, value: ret });
    const form = current(w, card!);
    expect(cardTitle(form.content)).toBe('退回评定 · 陆晨曦');
    const submit = buttonValue(form.content, (v) => v.a === 'eval.return');
    expect(toastOf(await w.h.emulator.click(card!.messageId, { openId: L1.openId, value: submit, formValue: { reason: '' } }))).toMatchObject(warning('写明理由'));
    expect(toastOf(await w.h.emulator.click(card!.messageId, { openId: L1.openId, value: submit, formValue: { reason: '经发办反映其表现突出，请复核' } }))).toMatchObject({ type: 'success' });
    expect(JSON.stringify(current(w, card!).content)).toContain('↩️ 已退回');

    const [back] = await cardsFor(w, AD, '2026年第二季度帮带测评');
    const returned = (await cardsFor(w, AD)).filter((m) => JSON.stringify(m.content).includes('经发办反映其表现突出'));
    expect(returned).toHaveLength(1);
    expect(back).toBeDefined();
    const again = returned[0]!;
    expect(toastOf(await w.h.emulator.click(again.messageId, { openId: AD.openId, value: buttonValue(again.content, (v) => v.a === 'eval.submit'), formValue: { [`r_${evalB}`]: 'excellent', [`c_${evalB}`]: '复核后改为优秀' } }))).toMatchObject({ type: 'success' });
    expect((await revisionsOf(w)).filter((x) => x.pair_id === w.pair.B).map((x) => [x.revision, x.rating, x.status, x.return_reason])).toEqual([
      [1, 'good', 'returned', '经发办反映其表现突出，请复核'],
      [2, 'excellent', 'pending', null],
    ]);
    const list = await say(w, L1, '审批');
    expect(cardTitle(list.content)).toBe('2026年第二季度测评审批');
    expect(toastOf(await w.h.emulator.click(list.messageId, { openId: L1.openId, value: buttonValue(list.content, (v) => v.a === 'eval.approve') }))).toMatchObject({ type: 'success' });
    expect((await revisionsOf(w)).map((x) => x.status)).toEqual(['approved', 'returned', 'approved']);
    expect(await staffItemsOf(w)).toEqual([]);
  });

  it('next quarter: 优秀 again for the same mentor → 经验交流 for him (the co-mentor, 良好 → 合格, gets nothing); mentor and admin are told', async () => {
    const { AD, L2, M, M2 } = w.people;
    await tickAt(w, '2026-10-08T09:00:00.020+08:00');
    const q3 = (await evaluationsOf(w)).filter((e) => e.quarter === '2026Q3');
    expect(q3.map((e) => e.pair_id)).toEqual([w.pair.A, w.pair.B]);
    const [batch] = await cardsFor(w, AD, '2026年第三季度帮带测评');
    const [a3, b3] = q3.map((e) => e.id);
    await w.h.emulator.click(batch!.messageId, { openId: AD.openId, value: { a: 'eval.submit' }, formValue: { [`r_${a3}`]: 'excellent', [`c_${a3}`]: '连续突出', [`r_${b3}`]: 'pass' } });
    const [card] = await cardsFor(w, L2, '2026年第三季度测评审批');
    const all = buttonValue(card!.content, (v) => v.a === 'eval.approve.all');
    expect(toastOf(await w.h.emulator.click(card!.messageId, { openId: L2.openId, value: all }))).toMatchObject({ type: 'success' });
    expect((await staffItemsOf(w)).map((i) => [i.mentor_id, i.kind, i.first_quarter, i.last_quarter, i.status])).toEqual([[w.ids[M.openId], 'share', '2026Q2', '2026Q3', 'open']]);
    const [toMentor] = await cardsFor(w, M, '职工会经验交流');
    expectBilingualCard(toMentor!.content);
    expect(JSON.stringify(toMentor!.content)).toContain('2026年第二季度和2026年第三季度连续被评为**优秀**');
    const [toAdmin] = await cardsFor(w, AD, '职工会经验交流');
    expect(buttonValue(toAdmin!.content, (v) => v.a === 'staff.open')).toBeDefined();
    expect(await cardsFor(w, M2, '职工会经验交流')).toEqual([]);
    // the mentor's view
    const view = await say(w, M, '测评');
    const text = JSON.stringify(view.content);
    expect(text).toContain('2026年第三季度 · 培养对象 许一帆 · **优秀**');
    expect(text).toContain('职工会经验交流');
  });

  it('a correction that breaks the streak voids the open item; correcting it back creates a new one, which the admin records as done once', async () => {
    const { AD, L1, M } = w.people;
    const overview = await say(w, AD, '测评');
    const correct = buttonValue(overview.content, (v) => v.a === 'eval.correct' && (JSON.stringify(overview.content).includes('更正 · 许一帆')));
    await w.h.emulator.click(overview.messageId, { openId: AD.openId, value: { a: 'eval.correct', e: (await evaluationsOf(w)).find((e) => e.pair_id === w.pair.A && e.quarter === '2026Q3')!.id } });
    expect(correct).toBeDefined();
    const form = current(w, overview);
    expect(cardTitle(form.content)).toBe('2026年第三季度测评更正');
    const a3 = (await evaluationsOf(w)).find((e) => e.pair_id === w.pair.A && e.quarter === '2026Q3')!.id;
    expect(toastOf(await w.h.emulator.click(form.messageId, { openId: AD.openId, value: { a: 'eval.submit' }, formValue: { [`r_${a3}`]: 'good' } }))).toMatchObject(warning('更正理由'));
    expect(toastOf(await w.h.emulator.click(form.messageId, { openId: AD.openId, value: { a: 'eval.submit' }, formValue: { [`r_${a3}`]: 'good', [`why_${a3}`]: '核实后纪要多为他人起草' } }))).toMatchObject({ type: 'success' });
    const list = await say(w, L1, '审批');
    expect(JSON.stringify(list.content)).toContain('更正：原为优秀');
    await w.h.emulator.click(list.messageId, { openId: L1.openId, value: buttonValue(list.content, (v) => v.a === 'eval.approve') });
    expect((await staffItemsOf(w)).map((i) => i.status)).toEqual(['void']);
    expect((await cardsFor(w, M, '职工会经验交流')).map((m) => JSON.stringify(m.content)).some((s) => s.includes('已撤销'))).toBe(true);
    expect((await revisionsOf(w)).filter((x) => x.quarter === '2026Q3' && x.pair_id === w.pair.A).map((x) => [x.rating, x.status, x.correction_reason])).toEqual([
      ['excellent', 'superseded', null], ['good', 'approved', '核实后纪要多为他人起草'],
    ]);

    // corrected back: a new item, the voided one stays as history
    await w.h.emulator.click(overview.messageId, { openId: AD.openId, value: { a: 'eval.correct', e: a3 } });
    await w.h.emulator.click(overview.messageId, { openId: AD.openId, value: { a: 'eval.submit' }, formValue: { [`r_${a3}`]: 'excellent', [`c_${a3}`]: '复核确认', [`why_${a3}`]: '再次核实，纪要确为本人起草' } });
    const list2 = await say(w, L1, '审批');
    await w.h.emulator.click(list2.messageId, { openId: L1.openId, value: buttonValue(list2.content, (v) => v.a === 'eval.approve') });
    const items = await staffItemsOf(w);
    expect(items.map((i) => i.status)).toEqual(['void', 'open']);

    const admin = await say(w, AD, '测评');
    await w.h.emulator.click(admin.messageId, { openId: AD.openId, value: buttonValue(admin.content, (v) => v.a === 'staff.open') });
    const done = current(w, admin);
    const save = buttonValue(done.content, (v) => v.a === 'staff.done');
    expect(toastOf(await w.h.emulator.click(done.messageId, { openId: AD.openId, value: save, formValue: { done_on: '2026-12-01' } }))).toMatchObject(warning('还没到'));
    expect(toastOf(await w.h.emulator.click(done.messageId, { openId: M.openId, value: save, formValue: { done_on: '2026-10-09' } }))).toMatchObject(warning('管理员'));
    expect(toastOf(await w.h.emulator.click(done.messageId, { openId: AD.openId, value: save, formValue: { done_on: '2026-10-08' } }))).toMatchObject({ type: 'success' });
    expect(toastOf(await w.h.emulator.click(done.messageId, { openId: AD.openId, value: save, formValue: { done_on: '2026-10-08' } }))).toMatchObject(warning('已由组织委员记录'));
    expect((await staffItemsOf(w)).map((i) => [i.status, i.done_on])).toEqual([['void', null], ['done', '2026-10-08']]);
  });
});
