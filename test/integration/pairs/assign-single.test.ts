import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, cardTitle, eventually, type Harness } from '../../helpers/test-app';
import { missing } from '../../helpers/services';
import { expectBilingualCard } from '../../helpers/card-assertions';
import { AssignKit, expectToast, person, text, TOWN } from './assign-kit';
import { pairingCast } from '../../helpers/people';

const ADMIN = person('admin', '林晓岚', 'other', `${TOWN}/组织办`, ['admin']);
const { M1, M2, M3, A, B, C, D, YM, SR } = pairingCast(person);

describe.skipIf(missing('postgres') || missing('redis'))('指定: one assignment by the organisation', () => {
  let h: Harness;
  let k: AssignKit;

  beforeAll(async () => {
    h = await startHarness();
    k = new AssignKit(h, ADMIN);
    await k.add([ADMIN, M1, M2, M3, A, B, C, D, YM, SR]);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('assigns a pair: the pair exists, mentee and mentor are told, the assignment is audited', async () => {
    const p = await k.program('s1', 2);
    const card = await k.assignCard();
    expect(cardTitle(card.content)).toBe('组织指定结对');
    expectBilingualCard(card.content);
    expect(text(card.content)).toContain(`"a":"assign.save","p":${p}`);
    expect(text(card.content)).toContain(`"a":"assign.propose","p":${p}`);

    const menteeMsg = k.nextMessage(A, async () => expectToast(await k.assign(card, p, A, M1), 'success', '许一帆 → 韩德明'));
    const toMentee = await menteeMsg;
    expect(cardTitle(toMentee.content)).toBe('组织为您指定了导师');
    expect(text(toMentee.content)).toContain('韩德明');
    expectBilingualCard(toMentee.content);
    const [toMentor] = await h.emulator.waitForMessages(1, { sender: 'app', chatId: k.chat[M1.openId]! });
    expect(cardTitle(toMentor!.content)).toBe('组织指定您带教 许一帆');
    expectBilingualCard(toMentor!.content);

    expect(await k.pairs(p)).toMatchObject([{ mentee_id: k.id(A), mentor_id: k.id(M1), status: 'active', formed_by: 'assignment' }]);
    const audit = await k.db.selectFrom('audit_log').select(['actor', 'target', 'detail']).where('action', '=', 'pair.assign').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: ADMIN.openId, detail: { programId: p, mentee: { cadreId: k.id(A) }, mentor: { cadreId: k.id(M1) }, overrideCapacity: false } });
  });

  it('a reassignment ends the old pair as rematched and tells the old mentor; the same mentor again is refused', async () => {
    const p = await k.program('s2', 2);
    const card = await k.assignCard();
    // wait for the first assignment's card to M1, so the next one counted is the pair's end
    await k.nextMessage(M1, async () => expectToast(await k.assign(card, p, B, M1), 'success', '陆晨曦'));
    const toOld = await k.nextMessage(M1, async () => expectToast(await k.assign(card, p, B, M2), 'success', '陆晨曦 → 秦雅芳'));
    expect(cardTitle(toOld.content)).toBe('您与 陆晨曦 的帮带对子已结束');
    expectBilingualCard(toOld.content);
    const pairs = await k.pairs(p);
    expect(pairs).toMatchObject([
      { mentee_id: k.id(B), mentor_id: k.id(M1), status: 'ended', end_reason: 'rematched' },
      { mentee_id: k.id(B), mentor_id: k.id(M2), status: 'active', formed_by: 'assignment' },
    ]);
    // the mentee's second card says the old pair ended
    await eventually(() => h.emulator.messages({ sender: 'app', chatId: k.chat[B.openId]! }).some((m) => text(m.content).includes('您与原导师 韩德明 的帮带对子已结束')));

    const again = await k.assign(card, p, B, M2);
    expectToast(again, 'warning', '秦雅芳已经是陆晨曦的导师');
    expect(await k.pairs(p)).toHaveLength(2);
  });

  it('a full mentor is refused without the override (an existing pair stays) and taken with it', async () => {
    const p = await k.program('s3', 1);
    const card = await k.assignCard();
    expectToast(await k.assign(card, p, A, M3), 'success', '1/1');
    const outboxBefore = await k.outboxTo(B);
    expectToast(await k.assign(card, p, B, M3), 'warning', '名额已满（1/1）');
    expect(await k.pairs(p)).toHaveLength(1);
    expect(await k.outboxTo(B)).toBe(outboxBefore);

    // a rematch onto a full mentor is refused as a whole: the mentee's current pair is not ended
    expectToast(await k.assign(card, p, C, M1), 'success', '程小雨 → 韩德明');
    const toM1 = await k.outboxTo(M1);
    expectToast(await k.assign(card, p, C, M3), 'warning', '名额已满');
    expect((await k.pairs(p)).find((x) => x.mentee_id === k.id(C))).toMatchObject({ mentor_id: k.id(M1), status: 'active' });
    expect(await k.outboxTo(M1)).toBe(toM1);

    const toMentor = await k.nextMessage(M3, async () => expectToast(await k.assign(card, p, B, M3, true), 'success', '2/1，已超额'));
    expect(text(toMentor.content)).toContain('组织确认超额');
    expect((await k.pairs(p)).filter((x) => x.mentor_id === k.id(M3)).map((x) => [x.mentee_id, x.status])).toEqual([[k.id(A), 'active'], [k.id(B), 'active']]);
    const audit = await k.db.selectFrom('audit_log').select('detail').where('action', '=', 'pair.assign').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(audit.detail).toMatchObject({ overrideCapacity: true, load: 2, capacity: 1 });
  });

  it('refuses a non-admin (typed or clicked), audits each attempt and changes nothing', async () => {
    const p = await k.program('s4', 2);
    const values = [{ a: 'assign.save', p }, { a: 'assign.propose', p }, { a: 'assign.draft.confirm', d: 1 }];
    for (const value of values) {
      const r = await h.sender.clickCard({
        operatorOpenId: YM.openId, openMessageId: 'om_forwarded', openChatId: k.chat[YM.openId]!, value,
        formValue: { [`mentee_${p}`]: YM.openId, [`mentor_${p}`]: M1.openId, [`override_${p}`]: 'yes' },
      });
      expect(r.body).toMatchObject({ toast: { type: 'warning', i18n: { zh_cn: expect.stringContaining('只有组织部管理员可以指定结对') } } });
    }
    const reply = await k.nextMessage(YM, () => h.sender.sendMessage({ senderOpenId: YM.openId, chatId: k.chat[YM.openId]!, chatType: 'p2p', text: '指定' }));
    expect(cardTitle(reply.content)).toBe('没有权限');
    expect(await k.pairs(p)).toEqual([]);
    expect(await k.db.selectFrom('assignment_drafts').select('id').where('program_id', '=', p).execute()).toEqual([]);
    const denied = await k.db.selectFrom('audit_log').select(['action', 'target']).where('actor', '=', YM.openId).orderBy('id').execute();
    expect(denied.map((d) => d.action)).toEqual(['denied:pairs.assign', 'denied:pairs.assign', 'denied:pairs.assign', 'denied:pairs.assign']);
    expect(denied[0]!.target).toBe(`program:${p}`);
  });

  it('refuses people outside the pools (pointing to 调整名单), the same person twice, and empty or unknown choices', async () => {
    const p = await k.program('s5', 2);
    const card = await k.assignCard();
    expectToast(await k.assign(card, p, SR, M1), 'warning', '邓守仁不在“导师引航s5”的培养对象名单中。如确需指定，请先在“调整名单”中把其纳入培养对象名单');
    expectToast(await k.assign(card, p, A, B), 'warning', '陆晨曦不在“导师引航s5”的导师名单中');
    expectToast(await k.assign(card, p, M1, M1), 'warning', '不能是同一个人');
    expectToast(await k.assign(card, p, '', M1), 'warning', '请同时选择培养对象和导师');
    expectToast(await k.assign(card, p, 'ou_nobody_at_all_00000000000', M1), 'warning', '不在引航名册中');
    await k.db.insertInto('pair_avoid').values({ program_id: p, mentee_id: k.id(A), mentor_id: k.id(M1) }).execute();
    expectToast(await k.assign(card, p, A, M1), 'warning', '回避');
    expect(await k.pairs(p)).toEqual([]);
  });

  it('withdraws the mentee\'s pending applications in the program and tells those mentors', async () => {
    const p = await k.program('s6', 2);
    const apps = await k.db.insertInto('applications').values([
      { program_id: p, mentee_id: k.id(C), mentor_id: k.id(M1), rank: 1 },
      { program_id: p, mentee_id: k.id(C), mentor_id: k.id(M2), rank: 2 },
      { program_id: p, mentee_id: k.id(D), mentor_id: k.id(M1), rank: 1 },
    ]).returning(['id', 'mentee_id']).execute();
    const card = await k.assignCard();
    const toM1 = await k.nextMessage(M1, async () => expectToast(await k.assign(card, p, C, M2), 'success', '程小雨 → 秦雅芳'));
    expect(cardTitle(toM1.content)).toBe('程小雨 的志愿已撤回');
    expect(text(toM1.content)).toContain('第 1 志愿');
    expectBilingualCard(toM1.content);
    // M2, the assigned mentor, gets the assignment (which mentions the choice), not a separate withdrawal
    const m2 = await eventually(() => {
      const list = h.emulator.messages({ sender: 'app', chatId: k.chat[M2.openId]! }).filter((m) => text(m.content).includes('程小雨'));
      return list.length > 0 && list;
    });
    expect(m2.map((m) => cardTitle(m.content))).toEqual(['组织指定您带教 程小雨']);
    expect(text(m2[0]!.content)).toContain('第 2 志愿');

    const rows = await k.db.selectFrom('applications').select(['id', 'status', 'decided_at']).where('program_id', '=', p).orderBy('id').execute();
    expect(rows.map((r) => r.status)).toEqual(['withdrawn', 'withdrawn', 'pending']);
    expect(rows[0]!.decided_at).toBeInstanceOf(Date);
    expect(rows[2]!.id).toBe(apps[2]!.id);
  });
});
