import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missing } from '../../helpers/services';
import { cardTitle } from '../../helpers/test-app';
import { cardsFor, say, schoolWorld, warning, type SchoolWorld } from './school-kit';

/** Creating a series and editing sessions: refusals leave nothing behind. Wednesday 2024-10-16 10:00. */
describe.skipIf(missing('postgres') || missing('redis'))('夜校: bad input, outsiders, clashes, forged ids', () => {
  let w: SchoolWorld;
  let messageId: string;
  beforeAll(async () => {
    w = await schoolWorld('ou_sch_bad_', '2024-10-16T10:00:00+08:00');
    messageId = (await say(w, w.people.AD, '夜校')).messageId;
  });
  afterAll(async () => { await w?.h.close(); });

  const create = (form: Record<string, unknown>, who = w.people.AD) => w.h.emulator.click(messageId, { openId: who.openId, value: { a: 'school.create' }, formValue: {
    name: '夜校', weekday: '4', time: '19:30', place: '会议室', teacher: w.people.YT.openId, starts_on: '2024-10-16 +0800', ...form,
  } });
  const series = () => w.h.app.db.db.selectFrom('school_series').selectAll().orderBy('id').execute();

  it('refuses a non-admin (audited), a past start, a bad time, a teacher not on the roster, no or two audiences', async () => {
    const { S1, S2 } = w.people;
    expect((await create({ people: [S1.openId] }, S2)).toast).toMatchObject(warning('只有组织部管理员'));
    const audit = await w.h.app.db.db.selectFrom('audit_log').select(['actor', 'action']).where('action', '=', 'denied:school.manage').execute();
    expect(audit).toEqual([{ actor: S2.openId, action: 'denied:school.manage' }]);
    expect((await create({ people: [S1.openId], starts_on: '2024-10-15 +0800' })).toast).toMatchObject(warning('已经过去'));
    expect((await create({ people: [S1.openId], time: '25:00' })).toast).toMatchObject(warning('HH:MM'));
    expect((await create({ people: [S1.openId], teacher: 'ou_nobody_on_the_roster' })).toast).toMatchObject(warning('不在引航名单中'));
    expect((await create({})).toast).toMatchObject(warning('请选择一种听课对象'));
    expect((await create({ people: [S1.openId], unit: '武隆区/火炉镇' })).toast).toMatchObject(warning('请选择一种听课对象'));
    expect((await create({ unit: '武隆区/没有这个镇' })).toast).toMatchObject(warning('名册中没有单位'));
    expect(await series()).toEqual([]);
  });

  it('a clash for the same audience is refused; the same slot for other people is fine; a double submit clashes with itself', async () => {
    const { S1, S2, S3 } = w.people;
    expect((await create({ people: [S1.openId, S2.openId] })).toast).toMatchObject({ type: 'success' });
    expect((await create({ people: [S2.openId, S3.openId], time: '20:00' })).toast).toMatchObject(warning('时间冲突'));
    expect((await create({ people: [S1.openId, S2.openId] })).toast).toMatchObject(warning('时间冲突'));
    // a unit audience that includes S1 clashes too
    expect((await create({ unit: '武隆区/火炉镇/党政办', time: '19:00' })).toast).toMatchObject(warning('时间冲突'));
    expect((await create({ people: [S3.openId], time: '19:45' })).toast).toMatchObject({ type: 'success' });
    expect(await series()).toHaveLength(2);
    // Thursdays 10-17, 10-24, 10-31, 11-07 for each series
    expect(await w.h.app.db.db.selectFrom('school_sessions').select('id').execute()).toHaveLength(8);
  });

  it('forged and foreign session ids: a clear toast and no change', async () => {
    const { S1, S3 } = w.people;
    for (const s of [999_999, 'x', -1]) expect((await w.h.emulator.click(messageId, { openId: S1.openId, value: { a: 'school.register', s } })).toast).toMatchObject(warning('没有找到'));
    const [first] = await w.h.app.db.db.selectFrom('school_sessions').select('id').orderBy('series_id').orderBy('starts_at').execute();
    // S3 is not in the first series' audience
    expect((await w.h.emulator.click(messageId, { openId: S3.openId, value: { a: 'school.register', s: first!.id } })).toast).toMatchObject(warning('不在这次夜校的听课名单'));
    expect(await w.h.app.db.db.selectFrom('school_attendance').select('cadre_id').execute()).toEqual([]);
  });

  it('a session in the past cannot be edited; the teacher must be on the roster; check-in is refused on a session not started', async () => {
    const { YT, S1 } = w.people;
    const [first] = await w.h.app.db.db.selectFrom('school_sessions').select('id').orderBy('series_id').orderBy('starts_at').execute();
    expect((await w.h.emulator.click(messageId, { openId: YT.openId, value: { a: 'school.save', s: first!.id }, formValue: { topic: 'Word 中插入电子表格', teacher: 'ou_ghost' } })).toast).toMatchObject(warning('不在引航名单中'));
    expect((await w.h.emulator.click(messageId, { openId: YT.openId, value: { a: 'school.save', s: first!.id }, formValue: { topic: 'Word 中插入电子表格', materials: 'ftp://x' } })).toast).toMatchObject(warning('http'));
    expect((await w.h.emulator.click(messageId, { openId: YT.openId, value: { a: 'school.save', s: first!.id }, formValue: { topic: 'Word 中插入电子表格' } })).toast).toMatchObject({ type: 'success' });
    expect((await w.h.emulator.click(messageId, { openId: S1.openId, value: { a: 'school.checkin', s: first!.id } })).toast).toMatchObject(warning('开课前 30 分钟开放'));
    w.clock.set('2024-10-17T19:31:00+08:00');
    expect((await w.h.emulator.click(messageId, { openId: YT.openId, value: { a: 'school.save', s: first!.id }, formValue: { topic: '改晚了' } })).toast).toMatchObject(warning('不能再修改'));
    expect((await w.h.emulator.click(messageId, { openId: S1.openId, value: { a: 'school.register', s: first!.id } })).toast).toMatchObject(warning('已经开始'));
    const row = await w.h.app.db.db.selectFrom('school_sessions').select('topic').where('id', '=', first!.id).executeTakeFirstOrThrow();
    expect(row.topic).toBe('Word 中插入电子表格');
  });

  it('the 夜校 card lists my sessions with the topic', async () => {
    w.clock.set('2024-10-17T10:00:00+08:00');
    const card = await say(w, w.people.S1, '夜校');
    expect(cardTitle(card.content)).toBe('干部夜校');
    expect(JSON.stringify(card.content)).toContain('Word 中插入电子表格');
    expect(JSON.stringify(card.content)).not.toContain('新建夜校');
    expect(await cardsFor(w, w.people.X)).toEqual([]);
  });
});
