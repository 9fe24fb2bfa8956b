import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/db/database';
import { NeedsRepository } from '../../../src/db/repositories/needs-repository';
import { ApplicationSweeper } from '../../../src/scheduler/application-sweeper';
import { setProgramFields } from '../../../src/services/program-admin';
import type { EmulatedMessage } from '../../../src/emulator/types';
import { startHarness, cardTitle, eventually, type Harness } from '../../helpers/test-app';
import { ensureUnit, pairingCast, personMaker, type TestPerson } from '../../helpers/people';
import { missing } from '../../helpers/services';
import { quietLogger } from '../../helpers/test-db';
import { buttonValue, expectBilingualCard } from '../../helpers/card-assertions';

const TOWN = '武隆区/火炉镇';
const person = personMaker('ou_app_');

const { M1, M2, M3, A, B, C, D, YM, SR } = pairingCast(person);
const E = person('e', '曹可欣', 'young');
const F = person('f', '孔令辉', 'young');
const G = person('g', '江映雪', 'young');
const STRANGER = person('x', '路过的人', 'young');

describe.skipIf(missing('postgres') || missing('redis'))('选导师: applications, decisions, capacity', () => {
  let h: Harness;
  let restarted: Harness | undefined;
  const NS = `apps${Date.now()}`;
  const chat: Record<string, string> = {};
  const ids: Record<string, number> = {};
  let young: number;
  let reverse: number;

  async function setAbilities(db: Kysely<Database>, who: TestPerson, needs: string[], strengths: string[]): Promise<void> {
    const repo = new NeedsRepository();
    const all = await repo.abilities(db);
    const idOf = (c: string) => all.find((a) => a.code === c)!.id;
    await repo.replaceNeeds(db, ids[who.openId]!, needs.map(idOf));
    await repo.replaceStrengths(db, ids[who.openId]!, strengths.map(idOf));
  }

  beforeAll(async () => {
    h = await startHarness({ sessionNamespace: NS });
    for (const p of [M1, M2, M3, A, B, C, D, E, F, G, YM, SR, STRANGER]) chat[p.openId] = await h.addPerson(p);
    for (const r of await h.app.db.db.selectFrom('cadres').select(['id', 'open_id']).execute()) ids[r.open_id!] = r.id;
    const unitId = await ensureUnit(h.app.db.db, TOWN);
    const program = (code: string, track: 'young_mentoring' | 'reverse_mentoring', mentors: ('leader_member' | 'young')[], mentees: ('young' | 'senior')[]) =>
      h.app.db.db.insertInto('programs').values({
        code, track, name_zh: code === 'y' ? '导师引航' : '以新促老', name_en: code === 'y' ? 'Mentoring' : 'Reverse mentoring', start_date: '2023-02-01', end_date: null,
        unit_id: unitId, default_capacity: 2, mentor_categories: mentors, mentee_categories: mentees, mentee_rule: track === 'young_mentoring' ? 'young_cadre' : 'none',
      }).returning('id').executeTakeFirstOrThrow();
    young = (await program('y', 'young_mentoring', ['leader_member'], ['young'])).id;
    reverse = (await program('r', 'reverse_mentoring', ['young'], ['senior'])).id;
    // STRANGER is a young cadre but excluded from the program by the organisation
    await h.app.db.db.insertInto('program_overrides').values({ program_id: young, cadre_id: ids[STRANGER.openId]!, role: 'mentee', mode: 'exclude', created_by: 'test' }).execute();
    await setAbilities(h.app.db.db, M1, [], ['research', 'policy_theory']);
    await setAbilities(h.app.db.db, M2, [], ['emergency_response']);
    await setAbilities(h.app.db.db, M3, [], ['excel']);
    await setAbilities(h.app.db.db, A, ['research', 'policy_theory'], []);
    await setAbilities(h.app.db.db, YM, [], ['word', 'excel']);
    await setAbilities(h.app.db.db, SR, ['excel'], []);
  });
  afterAll(async () => {
    await restarted?.close();
    await h?.close();
  });
  beforeEach(() => h.emulator.reset());

  const message = (id: string) => h.emulator.messages().find((m) => m.messageId === id)!;

  async function openList(who: TestPerson): Promise<EmulatedMessage> {
    await h.sender.sendMessage({ senderOpenId: who.openId, chatId: chat[who.openId]!, chatType: 'p2p', text: '选导师' });
    const [card] = await h.emulator.waitForMessages(1, { sender: 'app', chatId: chat[who.openId]! });
    expectBilingualCard(card!.content);
    return card!;
  }

  /** Mentee opens the list, adds the mentors in order, sends; returns the decision cards the mentors got. */
  async function apply(who: TestPerson, mentors: TestPerson[], reason = '想向您学习'): Promise<Record<string, EmulatedMessage>> {
    const list = await openList(who);
    for (const m of mentors) {
      const v = buttonValue(message(list.messageId).content, (b) => b.a === 'sel.add' && b.m === ids[m.openId]);
      const r = await h.emulator.click(list.messageId, { openId: who.openId, value: v });
      expect(r.ok).toBe(true);
    }
    const submit = buttonValue(message(list.messageId).content, (b) => b.a === 'sel.submit');
    const sent = await h.emulator.click(list.messageId, { openId: who.openId, value: submit, formValue: { reason } });
    expect(sent.toast).toMatchObject({ type: 'success' });
    const cards: Record<string, EmulatedMessage> = {};
    for (const m of mentors) {
      const [c] = await h.emulator.waitForMessages(1, { sender: 'app', chatId: chat[m.openId]! });
      cards[m.openId] = c!;
    }
    return cards;
  }

  const decide = (mentor: TestPerson, card: EmulatedMessage, a: 'app.accept' | 'app.decline', reason = '') =>
    h.emulator.click(card.messageId, { openId: mentor.openId, value: buttonValue(card.content, (b) => b.a === a), formValue: { reason } });
  const pairsOf = (menteeKey: TestPerson) => h.app.db.db.selectFrom('pairs').innerJoin('pair_mentors', 'pair_mentors.pair_id', 'pairs.id')
    .select(['pairs.status', 'pair_mentors.mentor_id', 'pairs.formed_by']).where('pairs.mentee_id', '=', ids[menteeKey.openId]!).execute();
  const appsOf = (who: TestPerson) => h.app.db.db.selectFrom('applications').select(['mentor_id', 'status', 'rank']).where('mentee_id', '=', ids[who.openId]!).orderBy('id').execute();

  it('ranks mentors by fit, and apply → accept pairs them, tells both, and shows in 我的', async () => {
    const list = await openList(A);
    const json = JSON.stringify(list.content);
    expect(json.indexOf('韩德明')).toBeLessThan(json.indexOf('秦雅芳'));
    expect(json).toContain('带教 0/2');
    h.emulator.reset();
    const cards = await apply(A, [M1]);
    const decision = cards[M1.openId]!;
    expect(cardTitle(decision.content)).toBe('拜师申请 · 许一帆');
    expect(JSON.stringify(decision.content)).toContain('调查研究（您的特长）');
    expectBilingualCard(decision.content);
    const accepted = await decide(M1, decision, 'app.accept');
    expect(accepted.toast).toMatchObject({ type: 'success' });
    expect(cardTitle(message(decision.messageId).content)).toBe('拜师申请 · 许一帆');
    expect(JSON.stringify(message(decision.messageId).content)).not.toContain('app.accept');
    const told = await eventually(() => h.emulator.messages({ sender: 'app', chatId: chat[A.openId]! }).find((m) => cardTitle(m.content) === '结对成功'), 5_000, 'the mentee to be told');
    expect(JSON.stringify(told.content)).toContain('韩德明');
    expect(await pairsOf(A)).toEqual([{ status: 'active', mentor_id: ids[M1.openId], formed_by: 'application' }]);
    h.emulator.reset();
    await h.sender.sendMessage({ senderOpenId: A.openId, chatId: chat[A.openId]!, chatType: 'p2p', text: '我的' });
    const [me] = await h.emulator.waitForMessages(1, { sender: 'app', chatId: chat[A.openId]! });
    expect(JSON.stringify(me!.content)).toContain('导师：韩德明');
    await h.sender.sendMessage({ senderOpenId: M1.openId, chatId: chat[M1.openId]!, chatType: 'p2p', text: '我的' });
    const [mentorMe] = await h.emulator.waitForMessages(1, { sender: 'app', chatId: chat[M1.openId]! });
    expect(JSON.stringify(mentorMe!.content)).toContain('带教：许一帆');
  });

  it('a decline needs a reason, and the mentee reads it', async () => {
    const cards = await apply(B, [M2]);
    const noReason = await decide(M2, cards[M2.openId]!, 'app.decline', ' ');
    expect(noReason.toast).toMatchObject({ type: 'warning' });
    const declined = await decide(M2, cards[M2.openId]!, 'app.decline', '本期带教任务较重');
    expect(declined.toast).toMatchObject({ type: 'info' });
    const told = await eventually(() => h.emulator.messages({ sender: 'app', chatId: chat[B.openId]! }).find((m) => cardTitle(m.content) === '申请未通过'), 5_000, 'the mentee to be told');
    expect(JSON.stringify(told.content)).toContain('本期带教任务较重');
    expect(await appsOf(B)).toEqual([{ mentor_id: ids[M2.openId], status: 'declined', rank: 1 }]);
  });

  it('three ranked choices at once; when one accepts the others are withdrawn and their cards settled', async () => {
    const cards = await apply(C, [M2, M3, M1]);
    expect((await appsOf(C)).map((a) => [a.mentor_id, a.rank])).toEqual([[ids[M2.openId], 1], [ids[M3.openId], 2], [ids[M1.openId], 3]]);
    await decide(M3, cards[M3.openId]!, 'app.accept');
    expect((await appsOf(C)).map((a) => a.status)).toEqual(['withdrawn', 'accepted', 'withdrawn']);
    await eventually(() => h.emulator.messages({ sender: 'app', chatId: chat[M2.openId]! }).some((m) => cardTitle(m.content) === '申请已撤回'), 5_000, 'the other mentor to be told');
    // the withdrawn mentors' decision cards lose their buttons everywhere
    await eventually(() => !JSON.stringify(message(cards[M2.openId]!.messageId).content).includes('app.accept'), 5_000, 'the decision card to be patched');
    const late = await decide(M2, cards[M2.openId]!, 'app.accept');
    expect(late.toast).toMatchObject({ type: 'warning', i18n: { zh_cn: expect.stringContaining('已撤回') } });
  });

  it('refuses a fourth open choice', async () => {
    const list = await openList(D);
    for (const m of [M1, M2, M3]) await h.emulator.click(list.messageId, { openId: D.openId, value: buttonValue(message(list.messageId).content, (b) => b.a === 'sel.add' && b.m === ids[m.openId]) });
    const json = JSON.stringify(message(list.messageId).content);
    expect(json).not.toContain('"a":"sel.add"');
    const forged = await h.emulator.click(list.messageId, { openId: D.openId, value: { ...buttonValue(message(list.messageId).content, (b) => b.a === 'sel.remove'), a: 'sel.add', m: ids[M1.openId]! + 1000 } });
    expect(forged.toast).toMatchObject({ type: 'warning' });
  });

  it('expires an unanswered application after a nudge, and the mentee may choose again', async () => {
    const cards = await apply(E, [M2]);
    const sweeper = new ApplicationSweeper({ db: h.app.db.db, logger: quietLogger, onQueued: () => h.app.dispatcher.wake(), now: () => new Date(Date.now() + 4 * 86_400_000) });
    expect(await sweeper.sweep()).toEqual({ nudged: 1, expired: 0 });
    expect(await sweeper.sweep()).toEqual({ nudged: 0, expired: 0 });
    await eventually(() => h.emulator.messages({ sender: 'app', chatId: chat[M2.openId]! }).some((m) => cardTitle(m.content) === '有申请等待您答复'), 5_000, 'the nudge');
    const later = new ApplicationSweeper({ db: h.app.db.db, logger: quietLogger, onQueued: () => h.app.dispatcher.wake(), now: () => new Date(Date.now() + 8 * 86_400_000) });
    expect(await later.sweep()).toEqual({ nudged: 0, expired: 1 });
    await eventually(() => h.emulator.messages({ sender: 'app', chatId: chat[E.openId]! }).some((m) => cardTitle(m.content) === '申请已过期'), 5_000, 'the mentee to be told');
    await eventually(() => !JSON.stringify(message(cards[M2.openId]!.messageId).content).includes('app.accept'), 5_000, 'the card to be settled');
    h.emulator.reset();
    const again = await openList(E);
    expect(JSON.stringify(again.content)).toContain('"a":"sel.add"');
  });

  it('two accepts racing for the last place make exactly one pair; the other mentee is told why', async () => {
    // M1 has A (1 of 2); E and F both ask M1; M1 accepts both at once.
    const e = await apply(E, [M1]);
    const f = await apply(F, [M1]);
    const [r1, r2] = await Promise.all([decide(M1, e[M1.openId]!, 'app.accept'), decide(M1, f[M1.openId]!, 'app.accept')]);
    const toasts = [r1.toast, r2.toast] as { type: string }[];
    expect(toasts.map((x) => x.type).sort()).toEqual(['success', 'warning']);
    const paired = [...(await pairsOf(E)), ...(await pairsOf(F))].filter((p) => p.mentor_id === ids[M1.openId] && p.status === 'active');
    expect(paired).toHaveLength(1);
    const load = await h.app.db.db.selectFrom('pair_mentors').innerJoin('pairs', 'pairs.id', 'pair_mentors.pair_id').select('pairs.id').where('mentor_id', '=', ids[M1.openId]!).where('pairs.status', '=', 'active').execute();
    expect(load).toHaveLength(2);
    const loser = paired[0]!.mentor_id && (await pairsOf(E)).length > 0 ? F : E;
    await eventually(() => h.emulator.messages({ sender: 'app', chatId: chat[loser.openId]! }).some((m) => cardTitle(m.content) === '导师名额已满'), 5_000, 'the other mentee to be told');
  });

  it('refuses intruders, junk ids and double clicks, and audits the intruder', async () => {
    const cards = await apply(G, [M2]);
    const card = cards[M2.openId]!;
    const value = buttonValue(card.content, (b) => b.a === 'app.accept');
    const intruder = await h.sender.clickCard({ operatorOpenId: M3.openId, openMessageId: card.messageId, openChatId: chat[M2.openId]!, value });
    expect(intruder.body).toMatchObject({ toast: { type: 'warning', i18n: { zh_cn: expect.stringContaining('不是发给您的') } } });
    for (const id of ['abc', 99_999_999, null]) {
      const junk = await h.sender.clickCard({ operatorOpenId: M2.openId, openMessageId: card.messageId, openChatId: chat[M2.openId]!, value: { a: 'app.accept', id } });
      expect(junk.body).toMatchObject({ toast: { type: 'warning' } });
    }
    const [x, y] = await Promise.all([decide(M2, card, 'app.accept'), decide(M2, card, 'app.accept')]);
    expect([x.toast, y.toast].map((t) => (t as { type: string }).type).sort()).toEqual(['success', 'warning']);
    expect((await pairsOf(G)).filter((p) => p.status === 'active')).toHaveLength(1);
    const audit = await h.app.db.db.selectFrom('audit_log').select(['actor', 'action']).where('action', '=', 'denied:applications.decide').execute();
    expect(audit).toEqual([{ actor: M3.openId, action: 'denied:applications.decide' }]);
  });

  it('someone outside the program cannot choose mentors in it', async () => {
    await h.sender.sendMessage({ senderOpenId: STRANGER.openId, chatId: chat[STRANGER.openId]!, chatType: 'p2p', text: '选导师' });
    const [reply] = await h.emulator.waitForMessages(1, { sender: 'app', chatId: chat[STRANGER.openId]! });
    expect(cardTitle(reply!.content)).toBe('暂时没有可以选导师的项目');
    const forged = await h.sender.clickCard({ operatorOpenId: STRANGER.openId, openMessageId: 'om_x', openChatId: chat[STRANGER.openId]!, value: { a: 'sel.open', p: young } });
    expect(forged.body).toMatchObject({ toast: { type: 'warning' } });
  });

  it('reverse mentoring uses the same machinery: an older cadre chooses a young teacher', async () => {
    const cards = await apply(SR, [YM], '想学 Excel');
    expect(JSON.stringify(cards[YM.openId]!.content)).toContain('以新促老');
    await decide(YM, cards[YM.openId]!, 'app.accept');
    const pair = await h.app.db.db.selectFrom('pairs').select(['program_id', 'status']).where('mentee_id', '=', ids[SR.openId]!).executeTakeFirstOrThrow();
    expect(pair).toEqual({ program_id: reverse, status: 'active' });
  });

  it('多带一: where the program allows co-mentors, a paired mentee adds a second mentor to the same pair', async () => {
    await setProgramFields(h.app.db.db, 'y', ['allow_co_mentors=true'], 'test');
    const cards = await apply(A, [M2]);
    await decide(M2, cards[M2.openId]!, 'app.accept');
    const rows = await pairsOf(A);
    expect(rows.filter((r) => r.status === 'active').map((r) => r.mentor_id).sort()).toEqual([ids[M1.openId], ids[M2.openId]].sort());
    expect(new Set((await h.app.db.db.selectFrom('pairs').select('id').where('mentee_id', '=', ids[A.openId]!).execute()).map((p) => p.id)).size).toBe(1);
    await setProgramFields(h.app.db.db, 'y', ['allow_co_mentors=false'], 'test');
  });

  it('keeps a half-made choice across a restart of the bot (Redis session)', async () => {
    const list = await openList(B);
    await h.emulator.click(list.messageId, { openId: B.openId, value: buttonValue(message(list.messageId).content, (b) => b.a === 'sel.add' && b.m === ids[M3.openId]) });
    const submit = buttonValue(message(list.messageId).content, (b) => b.a === 'sel.submit');
    await h.app.stop();
    restarted = await startHarness({ emulator: h.emulator, lark: h.lark, databaseUrl: h.databaseUrl!, sessionNamespace: NS });
    const sent = await h.emulator.click(list.messageId, { openId: B.openId, value: submit, formValue: { reason: '' } });
    expect(sent.toast).toMatchObject({ type: 'success' });
    const [decision] = await h.emulator.waitForMessages(1, { sender: 'app', chatId: chat[M3.openId]! });
    expect(cardTitle(decision!.content)).toBe('拜师申请 · 陆晨曦');
    // the same card again (a double click after the restart) does not apply twice
    const again = await h.emulator.click(list.messageId, { openId: B.openId, value: submit, formValue: { reason: '' } });
    expect(again.toast).toMatchObject({ type: 'warning' });
    const pending = await restarted.app.db.db.selectFrom('applications').select('id').where('mentee_id', '=', ids[B.openId]!).where('status', '=', 'pending').execute();
    expect(pending).toHaveLength(1);
  });
});
