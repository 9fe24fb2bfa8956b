import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, missing } from '../../helpers/services';
import { expectBilingualCard } from '../../helpers/card-assertions';
import { cardTitle } from '../../helpers/test-app';
import { auditOf, buttonValue, cardsFor, current, evalWorld, evaluationsOf, revisionsOf, say, tickAt, toastOf, warning, type EvalWorld } from './eval-kit';

/**
 * When things happen: which pairs a quarter opens for (half the quarter), a program that opens later or names
 * its own assessor, the assessor withdrawing before a decision, and the leaders' reminders every second working
 * day with the admins told after seven (China's calendar: the National Day week and its make-up Saturday).
 */
describe.skipIf(missing('postgres'))(`quarterly evaluation: opening rules, withdrawal, nudges and escalation (${BACKENDS})`, () => {
  let w: EvalWorld;
  beforeAll(async () => {
    // Before 09:00 on the first working day after Q3 (the National Day week before it): nothing is due yet.
    w = await evalWorld('evt', '2026-10-08T08:00:00+08:00');
    const db = w.h.app.db.db;
    const { M, M2, X } = w.people;
    await db.updateTable('programs').set({ eval_open_workday: 3, eval_assessor_id: w.ids[M2.openId]! }).where('id', '=', w.programId).execute();
    // X: formed 17 August (45 of 92 days: too short); M2 is not involved. A third pair, ended 15 August (46 days: counts).
    const late = (await db.insertInto('pairs').values({ program_id: w.programId, mentee_id: w.ids[X.openId]!, formed_by: 'assignment', formed_at: new Date('2026-08-17T09:00:00+08:00') }).returning('id').executeTakeFirstOrThrow()).id;
    await db.insertInto('pair_mentors').values({ pair_id: late, mentor_id: w.ids[M.openId]!, lead: true }).execute();
    await db.updateTable('pairs').set({ status: 'ended', ended_at: new Date('2026-08-15T17:00:00+08:00'), end_reason: 'completed' }).where('id', '=', w.pair.B).execute();
  });
  afterAll(async () => w?.h.close());

  it('a program may open on its 3rd working day and name its own assessor; only pairs active half the quarter are opened', async () => {
    const { L1, M2, AD } = w.people;
    await tickAt(w, '2026-10-08T09:00:00.020+08:00');
    await tickAt(w, '2026-10-09T09:00:00.020+08:00');
    expect(await evaluationsOf(w)).toEqual([]);
    await tickAt(w, '2026-10-10T09:00:00.020+08:00'); // the make-up Saturday is the 3rd working day
    expect((await evaluationsOf(w)).map((e) => [e.pair_id, e.quarter])).toEqual([[w.pair.A, '2026Q3'], [w.pair.B, '2026Q3']]);
    const [batch] = await cardsFor(w, M2, '2026年第三季度帮带测评');
    expectBilingualCard(batch!.content);
    expect(await cardsFor(w, AD, '2026年第三季度帮带测评')).toEqual([]);
    expect(await cardsFor(w, L1)).toEqual([]);
  });

  it('the assessor withdraws a rating; a leader clicking it then is told, audited, and nothing changes', async () => {
    const { M2, L1 } = w.people;
    const [batch] = await cardsFor(w, M2, '2026年第三季度帮带测评');
    const [a, b] = (await evaluationsOf(w)).map((e) => e.id);
    w.clock.set('2026-10-12T10:00:00+08:00');
    await w.h.emulator.click(batch!.messageId, { openId: M2.openId, value: { a: 'eval.submit' }, formValue: { [`r_${a}`]: 'pass', [`r_${b}`]: 'good' } });
    const sent = current(w, batch!);
    const withdraw = buttonValue(sent.content, (v) => v.a === 'eval.withdraw');
    const [approval] = await cardsFor(w, L1, '2026年第三季度测评审批');
    expect(toastOf(await w.h.emulator.click(sent.messageId, { openId: L1.openId, value: withdraw }))).toMatchObject(warning('不是'));
    expect(toastOf(await w.h.emulator.click(sent.messageId, { openId: M2.openId, value: withdraw }))).toMatchObject({ type: 'success' });
    expect(toastOf(await w.h.emulator.click(sent.messageId, { openId: M2.openId, value: withdraw }))).toMatchObject(warning('撤回'));
    expect(JSON.stringify(current(w, approval!).content)).toContain('评定人已撤回');
    const r = await w.h.emulator.click(approval!.messageId, { openId: L1.openId, value: { a: 'eval.approve', r: withdraw.r as number, v: String(withdraw.r) } });
    expect(toastOf(r)).toMatchObject({ type: 'info', i18n: { zh_cn: expect.stringContaining('撤回') } });
    expect((await revisionsOf(w)).map((x) => x.status)).toEqual(['withdrawn', 'pending']);
    expect((await evaluationsOf(w)).map((e) => e.status)).toEqual(['open', 'pending']);
    expect(await auditOf(w, 'refused:eval.approve')).toHaveLength(1);
  });

  it('a pending rating: leaders reminded on the 2nd, 4th, 6th and 8th working day, admins told once on the 7th', async () => {
    const { L1, L2, AD } = w.people;
    // sent Monday 12 October; working days after: 13 (1), 14 (2), 15, 16 (4), 19, 20 (6), 21 (7), 22 (8)
    // decided copies change their title to …（已处理）, so count every approval card by its prefix
    const count = async () => (await cardsFor(w, L1)).filter((m) => cardTitle(m.content)?.startsWith('2026年第三季度测评审批')).length;
    expect(await count()).toBe(1);
    await tickAt(w, '2026-10-13T09:30:00.020+08:00');
    expect(await count()).toBe(1);
    await tickAt(w, '2026-10-14T09:30:00.020+08:00');
    expect(await count()).toBe(2);
    const [, nudge] = await cardsFor(w, L2, '2026年第三季度测评审批');
    expect(JSON.stringify(nudge!.content)).toContain('已等待您审批 2 个工作日');
    await tickAt(w, '2026-10-15T09:30:00.020+08:00');
    await tickAt(w, '2026-10-16T09:30:00.020+08:00');
    expect(await count()).toBe(3);
    await tickAt(w, '2026-10-17T09:30:00.020+08:00'); // Saturday: no run
    await tickAt(w, '2026-10-19T09:30:00.020+08:00');
    await tickAt(w, '2026-10-20T09:30:00.020+08:00');
    expect(await count()).toBe(4);
    expect(await cardsFor(w, AD, '测评审批逾期')).toEqual([]);
    await tickAt(w, '2026-10-21T09:30:00.020+08:00');
    const [late, ...again] = await cardsFor(w, AD, '测评审批逾期');
    expect(again).toEqual([]);
    expectBilingualCard(late!.content);
    expect(JSON.stringify(late!.content)).toContain('7 个工作日');
    expect(JSON.stringify(late!.content)).toContain('钟书记');
    await tickAt(w, '2026-10-22T09:30:00.020+08:00');
    expect(await count()).toBe(5);
    expect(await cardsFor(w, AD, '测评审批逾期')).toHaveLength(1);
    // a reminder is an approval card: deciding from it works
    const cards = await cardsFor(w, L1, '2026年第三季度测评审批');
    const last = cards.at(-1)!;
    expect(toastOf(await w.h.emulator.click(last.messageId, { openId: L1.openId, value: buttonValue(last.content, (v) => v.a === 'eval.approve') }))).toMatchObject({ type: 'success' });
    await tickAt(w, '2026-10-26T09:30:00.020+08:00');
    expect(await count()).toBe(5);
    const view = await say(w, L1, '审批');
    expect(JSON.stringify(view.content)).toContain('没有等待您审批');
  });
});
