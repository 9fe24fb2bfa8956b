import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formPair } from '../../../src/services/pairing';
import type { EmulatedMessage } from '../../../src/emulator/types';
import { startHarness, cardTitle, eventually, type Harness } from '../../helpers/test-app';
import { ensureUnit, personMaker, type TestPerson } from '../../helpers/people';
import { missing } from '../../helpers/services';
import { buttonValue, expectBilingualCard } from '../../helpers/card-assertions';

const TOWN = '武隆区/火炉镇';
const person = personMaker('ou_plan_');
const M1 = person('m1', '韩德明', 'leader_member', `${TOWN}/党政办`);
const M2 = person('m2', '秦雅芳', 'leader_member', `${TOWN}/经发办`);
const A = person('a', '许一帆', 'young');
const X = person('x', '路过的人', 'young');
const YM = person('ym', '唐果', 'young');
const SR = person('sr', '邓守仁', 'senior');

describe.skipIf(missing('postgres') || missing('redis'))('一人一策: plans per pair', () => {
  let h: Harness;
  const chat: Record<string, string> = {};
  const ids: Record<string, number> = {};
  let pairA = 0;
  let pairSR = 0;

  beforeAll(async () => {
    h = await startHarness();
    for (const p of [M1, M2, A, X, YM, SR]) chat[p.openId] = await h.addPerson(p);
    for (const r of await h.app.db.db.selectFrom('cadres').select(['id', 'open_id']).execute()) ids[r.open_id!] = r.id;
    const unitId = await ensureUnit(h.app.db.db, TOWN);
    const program = (code: string, track: 'young_mentoring' | 'reverse_mentoring') => h.app.db.db.insertInto('programs').values({
      code, track, name_zh: code === 'y' ? '导师引航' : '以新促老', name_en: code === 'y' ? 'Mentoring' : 'Reverse mentoring', start_date: '2023-02-01', end_date: null,
      unit_id: unitId, default_capacity: 3, mentor_categories: track === 'young_mentoring' ? ['leader_member'] : ['young'], mentee_categories: track === 'young_mentoring' ? ['young'] : ['senior'],
      mentee_rule: track === 'young_mentoring' ? 'young_cadre' : 'none', allow_co_mentors: true,
    }).returning('id').executeTakeFirstOrThrow();
    const young = (await program('y', 'young_mentoring')).id;
    const reverse = (await program('r', 'reverse_mentoring')).id;
    await h.app.db.db.transaction().execute(async (tx) => {
      pairA = (await formPair(tx, { programId: young, menteeId: ids[A.openId]!, mentorId: ids[M1.openId]!, formedBy: 'assignment' })).pairId;
      await formPair(tx, { programId: young, menteeId: ids[A.openId]!, mentorId: ids[M2.openId]!, formedBy: 'assignment', asCoMentor: true });
      pairSR = (await formPair(tx, { programId: reverse, menteeId: ids[SR.openId]!, mentorId: ids[YM.openId]!, formedBy: 'assignment' })).pairId;
    });
  });
  afterAll(async () => { await h?.close(); });
  beforeEach(() => h.emulator.reset());

  const message = (id: string) => h.emulator.messages().find((m) => m.messageId === id)!;
  const toastOf = (r: { toast?: unknown }) => r.toast as { type: string; content: string };

  async function send(who: TestPerson, text = '计划'): Promise<EmulatedMessage> {
    const before = h.emulator.messages({ sender: 'app', chatId: chat[who.openId]! }).length;
    await h.sender.sendMessage({ senderOpenId: who.openId, chatId: chat[who.openId]!, chatType: 'p2p', text });
    const all = await h.emulator.waitForMessages(before + 1, { sender: 'app', chatId: chat[who.openId]! });
    const card = all[before]!;
    expectBilingualCard(card.content);
    return card;
  }
  /** Open the form: from `计划` directly (mentee, no plan) or through "修改计划". */
  async function openForm(who: TestPerson): Promise<EmulatedMessage> {
    const card = await send(who);
    if (!JSON.stringify(card.content).includes('plan.save')) {
      const r = await h.emulator.click(card.messageId, { openId: who.openId, value: buttonValue(card.content, (b) => b.a === 'plan.edit') });
      expect(r.ok).toBe(true);
    }
    const form = message(card.messageId);
    expectBilingualCard(form.content);
    return form;
  }
  const submit = (who: TestPerson, form: EmulatedMessage, formValue: Record<string, unknown>) =>
    h.emulator.click(form.messageId, { openId: who.openId, value: buttonValue(form.content, (b) => b.a === 'plan.save'), formValue });
  const planRow = (pairId: number) => h.app.db.db.selectFrom('plans').selectAll().where('pair_id', '=', pairId).executeTakeFirst();
  const itemsOf = (planId: number) => h.app.db.db.selectFrom('plan_items').select(['id', 'measure', 'title', 'status']).where('plan_id', '=', planId).orderBy('position').execute();
  const told = (who: TestPerson, title: string) => eventually(() => h.emulator.messages({ sender: 'app', chatId: chat[who.openId]! }).find((m) => cardTitle(m.content) === title), 5_000, `${who.name} to get ${title}`);
  const audits = (action: string) => h.app.db.db.selectFrom('audit_log').select(['actor', 'target']).where('action', '=', action).execute();

  const draft = {
    profile: 'administrative_leader', focus: ['research', 'policy_theory'], methods: ['shadowing', 'problem_seminars'],
    measure_1: 'plan_important_work', title_1: '参与全镇年度经济工作谋划', due_1: '2030-06-30 +0800',
    measure_2: 'organise_meetings', title_2: '筹办季度交流研讨会', due_2: '2030-09-30 +0800',
  };

  it('the mentee drafts, both mentors are told, one confirms, the mentee is told, and both see it with 计划', async () => {
    const form = await openForm(A);
    expect(cardTitle(form.content)).toBe('一人一策 · 许一帆');
    const saved = await submit(A, form, draft);
    expect(toastOf(saved).type).toBe('success');
    expect(JSON.stringify(message(form.messageId).content)).toContain('草稿');
    const plan = (await planRow(pairA))!;
    expect(plan).toMatchObject({ status: 'draft', version: 1, target_profile: 'administrative_leader', focus: ['research', 'policy_theory'], methods: ['shadowing', 'problem_seminars'] });
    expect((await itemsOf(plan.id)).map((i) => [i.measure, i.title, i.status])).toEqual([['plan_important_work', '参与全镇年度经济工作谋划', 'open'], ['organise_meetings', '筹办季度交流研讨会', 'open']]);
    const notice1 = await told(M1, '计划待确认 · 许一帆');
    const notice2 = await told(M2, '计划待确认 · 许一帆');
    expectBilingualCard(notice1.content);
    const confirmed = await h.emulator.click(notice1.messageId, { openId: M1.openId, value: buttonValue(notice1.content, (b) => b.a === 'plan.confirm') });
    expect(toastOf(confirmed).type).toBe('success');
    expect(await planRow(pairA)).toMatchObject({ status: 'confirmed', version: 2, confirmed_by: ids[M1.openId] });
    expect(JSON.stringify((await told(A, '计划已确认')).content)).toContain('韩德明');
    // the co-mentor's "确认计划" comes second: harmless, nothing changes
    const again = await h.emulator.click(notice2.messageId, { openId: M2.openId, value: buttonValue(notice2.content, (b) => b.a === 'plan.confirm') });
    expect(toastOf(again).type).toBe('info');
    expect(await planRow(pairA)).toMatchObject({ status: 'confirmed', version: 2, confirmed_by: ids[M1.openId] });
    expect(await audits('plan.confirm')).toHaveLength(1);
    for (const who of [A, M1]) {
      const json = JSON.stringify((await send(who)).content);
      expect(json).toContain('已确认');
      expect(json).toContain('参与全镇年度经济工作谋划');
      expect(json).toContain('行政领导型');
    }
  });

  it('the mentee editing a confirmed plan puts it back to draft and tells the mentor; a mentor edit confirms it', async () => {
    const form = await openForm(A);
    expect(JSON.stringify(form.content)).toContain('退回草稿');
    const r = await submit(A, form, { ...draft, profile: 'professional_backbone' });
    expect(toastOf(r).type).toBe('success');
    expect(await planRow(pairA)).toMatchObject({ status: 'draft', version: 3, target_profile: 'professional_backbone', confirmed_by: null });
    await told(M1, '计划待确认 · 许一帆');
    h.emulator.reset();
    const mentorForm = await openForm(M1);
    const edited = await submit(M1, mentorForm, { ...draft, profile: 'professional_backbone', title_2: '筹办全镇干部夜校', due_2: '2030-10-01 +0800' });
    expect(toastOf(edited).type).toBe('success');
    const plan = (await planRow(pairA))!;
    expect(plan).toMatchObject({ status: 'confirmed', version: 4, confirmed_by: ids[M1.openId], updated_by: ids[M1.openId] });
    expect((await itemsOf(plan.id)).map((i) => i.title)).toEqual(['参与全镇年度经济工作谋划', '筹办全镇干部夜校']);
    expect(JSON.stringify((await told(A, '计划已确认')).content)).toContain('筹办全镇干部夜校');
  });

  it('an item is marked done once, however often it is clicked, and can be undone', async () => {
    const card = await send(A);
    const plan = (await planRow(pairA))!;
    const [first] = await itemsOf(plan.id);
    const value = buttonValue(card.content, (b) => b.a === 'plan.done' && b.item === first!.id);
    const [x, y] = await Promise.all([1, 2].map(() => h.emulator.click(card.messageId, { openId: A.openId, value })));
    expect([toastOf(x!).type, toastOf(y!).type].sort()).toEqual(['info', 'success']);
    expect((await itemsOf(plan.id))[0]!.status).toBe('done');
    expect((await audits('plan.item.done')).filter((a) => a.target === `plan_item:${first!.id}`)).toHaveLength(1);
    expect(JSON.stringify(message(card.messageId).content)).toContain('plan.undo');
    const undo = await h.emulator.click(card.messageId, { openId: M2.openId, value: { a: 'plan.undo', item: first!.id } });
    expect(toastOf(undo).type).toBe('info');
    expect((await itemsOf(plan.id))[0]!.status).toBe('open');
  });

  it('a stale card is refused with nothing written', async () => {
    const mentorForm = await openForm(M1);
    const menteeForm = await openForm(A);
    expect(toastOf(await submit(A, menteeForm, { ...draft, title_1: '牵头起草镇级重点项目方案' })).type).toBe('success');
    const after = (await planRow(pairA))!;
    const late = await submit(M1, mentorForm, { ...draft, title_1: '导师的旧版本' });
    expect(toastOf(late)).toMatchObject({ type: 'warning' });
    expect(toastOf(late).content).toContain('过期');
    expect(await planRow(pairA)).toMatchObject({ version: after.version, status: 'draft' });
    expect((await itemsOf(after.id))[0]!.title).toBe('牵头起草镇级重点项目方案');
  });

  it('an outsider is refused and the attempt audited', async () => {
    const card = await send(X);
    expect(JSON.stringify(card.content)).toContain('没有进行中的结对');
    const plan = (await planRow(pairA))!;
    const [item] = await itemsOf(plan.id);
    for (const value of [{ a: 'plan.save', pair: pairA, v: plan.version }, { a: 'plan.open', pair: pairA }, { a: 'plan.done', item: item!.id }]) {
      const r = await h.emulator.click(card.messageId, { openId: X.openId, value, formValue: { ...draft, title_1: '外人改的' } });
      expect(toastOf(r).type).toBe('warning');
    }
    expect(await planRow(pairA)).toMatchObject({ version: plan.version });
    expect((await itemsOf(plan.id))[0]).toMatchObject({ title: item!.title, status: item!.status });
    expect(await audits('denied:plan.save')).toEqual([{ actor: X.openId, target: `pair:${pairA}` }]);
    expect(await audits('denied:plan.open')).toHaveLength(1);
    expect(await audits('denied:plan.done')).toHaveLength(1);
    // the mentee cannot confirm their own plan
    const own = await h.emulator.click(card.messageId, { openId: A.openId, value: { a: 'plan.confirm', pair: pairA, v: plan.version } });
    expect(toastOf(own).type).toBe('warning');
    expect(await planRow(pairA)).toMatchObject({ status: 'draft', version: plan.version });
  });

  it('forged catalogue values and bad dates are refused, naming them, with nothing written', async () => {
    const before = (await planRow(pairA))!;
    const auditsBefore = (await audits('plan.update')).length;
    const cases: [Record<string, unknown>, string][] = [
      [{ ...draft, focus: ['research', 'excel'] }, 'excel'],
      [{ ...draft, methods: ['slacking_off'] }, 'slacking_off'],
      [{ ...draft, measure_1: 'drink_tea' }, 'drink_tea'],
      [{ ...draft, profile: 'emperor' }, 'emperor'],
      [{ ...draft, due_1: '2030-02-30 +0800' }, '措施 1'],
      [{ ...draft, due_2: '2020-01-01 +0800' }, '早于结对日期'],
      [{ ...draft, title_2: '' }, '措施 2'],
      [{ ...draft, title_1: '长'.repeat(201) }, '200'],
      [{ ...draft, focus: ['research', 'policy_theory', 'decision_making', 'emergency_response', 'mass_work', 'official_writing'] }, '最多'],
    ];
    for (const [formValue, named] of cases) {
      const form = await openForm(A);
      const r = await submit(A, form, formValue);
      expect(toastOf(r).type, named).toBe('warning');
      expect(toastOf(r).content).toContain(named);
    }
    const after = (await planRow(pairA))!;
    expect(after).toMatchObject({ version: before.version, focus: before.focus, methods: before.methods, target_profile: before.target_profile });
    expect((await audits('plan.update')).length).toBe(auditsBefore);
  });

  it("a reverse-mentoring pair's plan offers its own track's abilities", async () => {
    const form = await openForm(SR);
    const json = JSON.stringify(form.content);
    expect(json).toContain('Excel 表格操作');
    expect(json).not.toContain('调查研究');
    const wrong = await submit(SR, form, { focus: ['research'] });
    expect(toastOf(wrong).type).toBe('warning');
    const ok = await submit(SR, form, { profile: 'professional_backbone', focus: ['excel', 'word'], methods: ['exchange'], measure_1: 'deliver_tasks', title_1: '独立制作月度统计表', due_1: '2030-03-01 +0800' });
    expect(toastOf(ok).type).toBe('success');
    expect(await planRow(pairSR)).toMatchObject({ status: 'draft', focus: ['excel', 'word'], methods: ['exchange'] });
    const notice = await told(YM, '计划待确认 · 邓守仁');
    expect(toastOf(await h.emulator.click(notice.messageId, { openId: YM.openId, value: buttonValue(notice.content, (b) => b.a === 'plan.confirm') })).type).toBe('success');
    expect(await planRow(pairSR)).toMatchObject({ status: 'confirmed', confirmed_by: ids[YM.openId] });
  });
  it('a mentor with several pairs gets a list; a pair without a plan shows as not drafted; 我的 lists the to-dos', async () => {
    const program = await h.app.db.db.selectFrom('programs').select('id').where('code', '=', 'y').executeTakeFirstOrThrow();
    let pairX = 0;
    await h.app.db.db.transaction().execute(async (tx) => {
      pairX = (await formPair(tx, { programId: program.id, menteeId: ids[X.openId]!, mentorId: ids[M2.openId]!, formedBy: 'assignment' })).pairId;
    });
    const list = await send(M2);
    expect(cardTitle(list.content)).toBe('一人一策');
    expect(JSON.stringify(list.content)).toContain('未制定');
    const r = await h.emulator.click(list.messageId, { openId: M2.openId, value: buttonValue(list.content, (b) => b.a === 'plan.open' && b.pair === pairX) });
    expect(r.ok).toBe(true);
    expect(JSON.stringify(message(list.messageId).content)).toContain('还没有起草');
    const me = JSON.stringify((await send(X, '我的')).content);
    expect(me).toContain('制定计划');
    const mentorMe = JSON.stringify((await send(M1, '我的')).content);
    expect(mentorMe).toContain('计划待确认');
  });
});
