import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, missing } from '../../helpers/services';
import { expectBilingualCard } from '../../helpers/card-assertions';
import { addCadres, personMaker } from '../../helpers/people';
import { buttonValue, cardsFor, current, evalWorld, evaluationsOf, revisionsOf, tickAt, toastOf, warning, type EvalWorld } from './eval-kit';

/**
 * A town with many pairs: the assessor's batch card shows a page (Lark caps a card at 30 KB) and says how
 * many remain; the leaders get approval cards of at most ten; a mentee whose unit has no main leader on the
 * roster cannot be sent, and the assessor is told what to fix.
 */
describe.skipIf(missing('postgres'))(`quarterly evaluation in batches (${BACKENDS})`, () => {
  let w: EvalWorld;
  let jiangkou: number;
  beforeAll(async () => {
    w = await evalWorld('evb', '2026-06-30T09:00:00+08:00');
    const db = w.h.app.db.db;
    const person = personMaker('evb');
    const extra = Array.from({ length: 10 }, (_, i) => person(`n${i}`, `学员${'甲乙丙丁戊己庚辛壬癸'[i]}`, 'young', '武隆区/火炉镇/党政办'));
    const lone = person('jk', '江口学员', 'young', '武隆区/江口镇/党政办');
    const ids = await addCadres(db, [...extra, lone]);
    for (const [i, id] of ids.entries()) {
      const pair = (await db.insertInto('pairs').values({ program_id: w.programId, mentee_id: id, formed_by: 'assignment', formed_at: new Date('2026-03-20T10:00:00+08:00') }).returning('id').executeTakeFirstOrThrow()).id;
      await db.insertInto('pair_mentors').values({ pair_id: pair, mentor_id: w.ids[w.people.M2.openId]!, lead: true }).execute();
      if (i === ids.length - 1) jiangkou = pair;
    }
  });
  afterAll(async () => w?.h.close());

  it('12 pairs in the town and one in a town without a leader: the batch card shows 8 and says 5 more', async () => {
    await tickAt(w, '2026-07-01T09:00:00.020+08:00');
    expect(await evaluationsOf(w)).toHaveLength(13);
    const [batch, ...rest] = await cardsFor(w, w.people.AD, '2026年第二季度帮带测评');
    expect(rest).toEqual([]);
    expectBilingualCard(batch!.content);
    expect(JSON.stringify(batch!.content)).toContain('还有 5 对待评定');
    expect(JSON.stringify(batch!.content).match(/"select_static"/g)).toHaveLength(8);
  });

  it('the pair whose unit has no main leader is refused with what to do; the rest go out as approval cards of at most ten', async () => {
    const { AD, L1 } = w.people;
    const [batch] = await cardsFor(w, AD, '2026年第二季度帮带测评');
    const evals = await evaluationsOf(w);
    const lone = evals.find((e) => e.pair_id === jiangkou)!.id;
    expect(toastOf(await w.h.emulator.click(batch!.messageId, { openId: AD.openId, value: { a: 'eval.submit' }, formValue: { [`r_${lone}`]: 'good' } }))).toMatchObject(warning('没有武隆区/江口镇/党政办的主要领导'));
    const form = Object.fromEntries(evals.filter((e) => e.pair_id !== jiangkou).map((e) => [`r_${e.id}`, 'pass']));
    const r = await w.h.emulator.click(batch!.messageId, { openId: AD.openId, value: { a: 'eval.submit' }, formValue: form });
    expect(toastOf(r)).toMatchObject({ type: 'success', i18n: { zh_cn: '已送审 12 对' } });
    const cards = await cardsFor(w, L1, '2026年第二季度测评审批');
    expect(cards.map((c) => (JSON.stringify(c.content).match(/"eval\.approve"/g) ?? []).length)).toEqual([10, 2]);
    for (const c of cards) expectBilingualCard(c.content);
    // approving all on the first card decides exactly its ten
    const first = cards[0]!;
    expect(toastOf(await w.h.emulator.click(first.messageId, { openId: L1.openId, value: buttonValue(first.content, (v) => v.a === 'eval.approve.all') }))).toMatchObject({ type: 'success', i18n: { zh_cn: '已同意 10 条' } });
    expect((await revisionsOf(w)).filter((x) => x.status === 'approved')).toHaveLength(10);
    expect(JSON.stringify(current(w, first).content)).not.toContain('"eval.approve"');
    expect(JSON.stringify(current(w, cards[1]!).content)).toContain('"eval.approve"');
  });
});
