import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missing } from '../../helpers/services';
import { cardTitle } from '../../helpers/test-app';
import { expectBilingualCard } from '../../helpers/card-assertions';
import { buttonValue, cardsFor, say, schoolWorld, warning, type SchoolWorld } from './school-kit';

/**
 * 指定老师: an admin designates a young cadre as a night-school teacher from the 夜校 card; the teacher then
 * sets up a series they teach themselves (and may not name anyone else); removing the designation is refused
 * twice over and leaves what they already set up alone. Wednesday 2024-10-16 10:00.
 */
describe.skipIf(missing('postgres') || missing('redis'))('夜校: designated teachers may create a series', () => {
  let w: SchoolWorld;
  beforeAll(async () => { w = await schoolWorld('ou_sch_tch_', '2024-10-16T10:00:00+08:00'); });
  afterAll(async () => { await w?.h.close(); });

  const db = () => w.h.app.db.db;
  const json = (c: unknown) => JSON.stringify(c);
  const msg = (id: string) => w.h.emulator.messages().find((m) => m.messageId === id)!;
  const teachers = () => db().selectFrom('school_teachers').selectAll().orderBy('cadre_id').execute();
  const series = () => db().selectFrom('school_series').selectAll().orderBy('id').execute();
  const form = (extra: Record<string, unknown>) => ({ name: '办公软件夜校', weekday: '4', time: '19:30', place: '党政办会议室', starts_on: '2024-10-16 +0800', ...extra });

  it('a learner sees neither 新建夜校 nor 指定老师, and forged clicks are refused and audited', async () => {
    const { S1 } = w.people;
    const card = await say(w, S1, '夜校');
    expect(json(card.content)).not.toContain('"a":"school.new"');
    expect(json(card.content)).not.toContain('"a":"school.teachers"');
    expect((await w.h.emulator.click(card.messageId, { openId: S1.openId, value: { a: 'school.new' } })).toast).toMatchObject(warning('只有组织部管理员'));
    expect((await w.h.emulator.click(card.messageId, { openId: S1.openId, value: { a: 'school.teachers' } })).toast).toMatchObject(warning('只有组织部管理员'));
    expect((await w.h.emulator.click(card.messageId, { openId: S1.openId, value: { a: 'school.teachers.add' }, formValue: { people: [S1.openId] } })).toast).toMatchObject(warning('只有组织部管理员'));
    const audit = await db().selectFrom('audit_log').select(['actor', 'action', 'target']).where('action', '=', 'denied:school.manage').orderBy('id').execute();
    expect(audit).toEqual([
      { actor: S1.openId, action: 'denied:school.manage', target: 'school_series' },
      { actor: S1.openId, action: 'denied:school.manage', target: 'school_teachers' },
      { actor: S1.openId, action: 'denied:school.manage', target: 'school_teachers' },
    ]);
    expect(await teachers()).toEqual([]);
  });

  it('an admin designates from 夜校 → 指定老师; nobody chosen, someone off the roster and a repeat are refused; the teacher is told once', async () => {
    const { AD, YT } = w.people;
    const overview = await say(w, AD, '夜校');
    const open = await w.h.emulator.click(overview.messageId, { openId: AD.openId, value: buttonValue(overview.content, (v) => v.a === 'school.teachers') });
    expect(open.cardUpdated).toBe(true);
    const card = msg(overview.messageId);
    expect(cardTitle(card.content)).toBe('指定夜校老师');
    expectBilingualCard(card.content);
    expect(json(card.content)).toContain('还没有指定的老师');
    const add = (people: unknown) => w.h.emulator.click(card.messageId, { openId: AD.openId, value: buttonValue(card.content, (v) => v.a === 'school.teachers.add'), formValue: { people } });
    expect((await add([])).toast).toMatchObject(warning('请选择要指定'));
    expect((await add(['ou_nobody_here'])).toast).toMatchObject(warning('不在引航名单中'));
    expect(await teachers()).toEqual([]);
    const r = await add([YT.openId]);
    expect(r.toast).toMatchObject({ type: 'success', i18n: { zh_cn: expect.stringContaining('唐果') } });
    expect(json(msg(card.messageId).content)).toContain('唐果');
    expect((await add([YT.openId])).toast).toMatchObject(warning('已经是夜校老师'));
    expect((await teachers()).map((t) => [t.cadre_id, t.designated_by])).toEqual([[w.ids[YT.openId], AD.openId]]);
    const told = await cardsFor(w, YT, '您已被指定为夜校老师');
    expect(told).toHaveLength(1);
    expectBilingualCard(told[0]!.content);
  });

  it('the designated teacher sees 新建夜校, gets a form without a teacher picker, may not name another teacher (audited) and creates a series they teach', async () => {
    const { YT, S1, S2 } = w.people;
    const overview = await say(w, YT, '夜校');
    expect(json(overview.content)).toContain('"a":"school.new"');
    expect(json(overview.content)).not.toContain('"a":"school.teachers"');
    await w.h.emulator.click(overview.messageId, { openId: YT.openId, value: buttonValue(overview.content, (v) => v.a === 'school.new') });
    const formCard = msg(overview.messageId);
    expect(cardTitle(formCard.content)).toBe('新建夜校');
    expectBilingualCard(formCard.content);
    expect(json(formCard.content)).not.toContain('"name":"teacher"');
    expect(json(formCard.content)).toContain('您本人');
    const create = (extra: Record<string, unknown>) => w.h.emulator.click(formCard.messageId, { openId: YT.openId, value: { a: 'school.create' }, formValue: form(extra) });
    expect((await create({ people: [S1.openId, S2.openId], teacher: S1.openId })).toast).toMatchObject(warning('只有组织部管理员可以安排其他老师'));
    expect(await db().selectFrom('audit_log').select(['actor', 'target']).where('action', '=', 'denied:school.assign_teacher').execute()).toEqual([{ actor: YT.openId, target: 'school_series' }]);
    expect(await series()).toEqual([]);
    const r = await create({ people: [S1.openId, S2.openId], teacher: YT.openId });
    expect(r.toast).toMatchObject({ type: 'success' });
    expect((await series()).map((s) => [s.teacher_id, s.created_by])).toEqual([[w.ids[YT.openId], YT.openId]]);
  });

  it('an admin removes the designation; a forged id and a second click are refused; teaching a running series still lets them create', async () => {
    const { AD, YT } = w.people;
    const overview = await say(w, AD, '夜校');
    await w.h.emulator.click(overview.messageId, { openId: AD.openId, value: { a: 'school.teachers' } });
    const card = msg(overview.messageId);
    const remove = buttonValue(card.content, (v) => v.a === 'school.teachers.remove');
    expect(remove).toEqual({ a: 'school.teachers.remove', c: w.ids[YT.openId] });
    // a learner cannot remove anyone
    expect((await w.h.emulator.click(card.messageId, { openId: YT.openId, value: remove })).toast).toMatchObject(warning('只有组织部管理员'));
    for (const c of [999_999, 'abc', -3]) expect((await w.h.emulator.click(card.messageId, { openId: AD.openId, value: { a: 'school.teachers.remove', c } })).toast).toMatchObject(warning('没有找到这位老师'));
    expect(await teachers()).toHaveLength(1);
    const r = await w.h.emulator.click(card.messageId, { openId: AD.openId, value: remove });
    expect(r.toast).toMatchObject({ type: 'success' });
    expect(json(msg(card.messageId).content)).toContain('还没有指定的老师');
    expect((await w.h.emulator.click(card.messageId, { openId: AD.openId, value: remove })).toast).toMatchObject(warning('已经不是指定的夜校老师'));
    expect(await teachers()).toEqual([]);
    expect(await db().selectFrom('audit_log').select(['actor', 'action']).where('action', 'in', ['school.designate', 'school.undesignate']).orderBy('id').execute())
      .toEqual([{ actor: AD.openId, action: 'school.designate' }, { actor: AD.openId, action: 'school.undesignate' }]);
    // the series YT set up runs on, and its teacher may still set up another
    expect(json((await say(w, YT, '夜校')).content)).toContain('"a":"school.new"');
  });

  it('the teacher of a series an admin set up may create one of their own; a cadre who teaches nothing may not', async () => {
    const { AD, S2, S3, S4 } = w.people;
    const adminCard = await say(w, AD, '夜校');
    const byAdmin = await w.h.emulator.click(adminCard.messageId, { openId: AD.openId, value: { a: 'school.create' }, formValue: form({ name: '老带新夜校', weekday: '5', people: [S3.openId], teacher: S2.openId }) });
    expect(byAdmin.toast).toMatchObject({ type: 'success' });
    const overview = await say(w, S2, '夜校');
    expect(json(overview.content)).toContain('"a":"school.new"');
    const own = await w.h.emulator.click(overview.messageId, { openId: S2.openId, value: { a: 'school.create' }, formValue: form({ name: '王老师的夜校', weekday: '1', people: [S4.openId] }) });
    expect(own.toast).toMatchObject({ type: 'success' });
    expect((await series()).map((s) => [s.name, s.teacher_id])).toEqual([
      ['办公软件夜校', w.ids[w.people.YT.openId]], ['老带新夜校', w.ids[S2.openId]], ['王老师的夜校', w.ids[S2.openId]],
    ]);
    expect(json((await say(w, S4, '夜校')).content)).not.toContain('"a":"school.new"');
  });
});
