import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, cardTitle, type Harness } from '../../helpers/test-app';
import type { TestPerson } from '../../helpers/people';
import { missing } from '../../helpers/services';
import { expectBilingualCard } from '../../helpers/card-assertions';
import { MID_BATCH_2, TOWN, addToBatch, buttonValues, cadreId, cardIn, contentOf, createSecondment, seniorCadre, setAbilities, villageCadre, type SecondmentProgram } from './secondment-kit';

const M1 = seniorCadre('cm1', '蒲大川', `${TOWN}/党政办`);
const M2 = seniorCadre('cm2', '冉秀英', `${TOWN}/农业服务中心`);
const M3 = seniorCadre('cm3', '刘德明', `${TOWN}/综治办`);
const M4 = seniorCadre('cm4', '王建国', `${TOWN}/经发办`);
const M5 = seniorCadre('cm5', '李淑芬');
const M6 = seniorCadre('cm6', '陈光荣');
const M7 = seniorCadre('cm7', '周永福');
const A = villageCadre('ca', '蒲小川');
const B = villageCadre('cb', '冉晓燕');
const C = villageCadre('cc', '张家豪');
const D = villageCadre('cd', '陈思雨');
const E = villageCadre('ce', '刘一鸣');
const V1 = villageCadre('cv1', '赵前程');
const F = villageCadre('cf', '何向东');
const G = villageCadre('cg', '无批次');
const Y: TestPerson = { openId: 'ou_sec_cy'.padEnd(28, '0'), name: '许一帆', category: 'young', birthDate: '1996-01-01' };
const GONE = { ...villageCadre('cgone', '已调离'), active: false };

const LIST = '认领导师 · 村社干部挂职锻炼';

describe.skipIf(missing('postgres') || missing('redis'))('认领 / claim: a village cadre claims a secondment mentor', () => {
  let h: Harness;
  let s: SecondmentProgram;
  const chat: Record<string, string> = {};
  const id: Record<string, number> = {};
  const db = () => h.app.db.db;

  beforeAll(async () => {
    h = await startHarness({ app: { now: () => MID_BATCH_2 } });
    for (const p of [M1, M2, M3, M4, M5, M6, M7, A, B, C, D, E, V1, F, G, Y, GONE]) {
      chat[p.openId] = await h.addPerson(p);
      id[p.openId] = await cadreId(db(), p);
    }
    s = await createSecondment(db(), 'sec_claim');
    await addToBatch(db(), s.batch[1]!, [V1]);
    await addToBatch(db(), s.batch[2]!, [A, B, C, D, E, GONE]);
    await addToBatch(db(), s.batch[3]!, [F]);
    await setAbilities(db(), A, ['mass_work', 'driving_development'], []);
    await setAbilities(db(), M1, [], ['mass_work', 'driving_development']);
    await setAbilities(db(), M2, [], ['rural_governance', 'mass_work']);
    await setAbilities(db(), M3, [], ['case_handling']);
    // the last places: M2 and M3 take one mentee each
    await db().insertInto('mentor_capacity').values([{ program_id: s.programId, mentor_id: id[M2.openId]!, capacity: 1 }, { program_id: s.programId, mentor_id: id[M3.openId]!, capacity: 1 }]).execute();
  });
  afterAll(async () => {
    await h?.close();
  });

  async function openList(who: TestPerson, title = LIST): Promise<string> {
    const seen = new Set(h.emulator.messages({ chatId: chat[who.openId]!, sender: 'app' }).map((m) => m.messageId));
    await h.sender.sendMessage({ senderOpenId: who.openId, chatId: chat[who.openId]!, chatType: 'p2p', text: '认领' });
    return (await cardIn(h, chat[who.openId]!, title, seen)).messageId;
  }
  const take = (who: TestPerson, messageId: string, mentor: TestPerson | number, programId = s.programId) =>
    h.emulator.click(messageId, { openId: who.openId, value: { a: 'claim.take', p: programId, m: typeof mentor === 'number' ? mentor : id[mentor.openId]! } });
  const takes = (content: unknown) => buttonValues(content, (v) => v.a === 'claim.take').map((v) => v.m);
  const pairsOf = (who: TestPerson) => db().selectFrom('pairs').innerJoin('pair_mentors', 'pair_mentors.pair_id', 'pairs.id')
    .select(['pairs.id', 'pairs.batch_id', 'pairs.formed_by', 'pairs.status', 'pair_mentors.mentor_id', 'pair_mentors.lead'])
    .where('pairs.mentee_id', '=', id[who.openId]!).execute();
  const activeLoad = async (mentor: TestPerson) => (await db().selectFrom('pairs').innerJoin('pair_mentors', 'pair_mentors.pair_id', 'pairs.id')
    .select('pairs.id').where('pair_mentors.mentor_id', '=', id[mentor.openId]!).where('pairs.status', '=', 'active').execute()).length;

  it('lists the pool best match first, five a page, with loads and 热门', async () => {
    const list = await openList(A);
    const content = contentOf(h, list);
    expectBilingualCard(content);
    const json = JSON.stringify(content);
    expect(json).toContain('按您的需求推荐：1. 群众工作　2. 推动发展');
    const first = takes(content);
    // M1 is strong in both needs, M2 in the first; then the others
    expect(first.slice(0, 2)).toEqual([id[M1.openId], id[M2.openId]]);
    expect(first).toHaveLength(5);
    expect(json).toContain('已带 0/2');
    expect(json).toMatch(/冉秀英[^"]*\\n擅长您需要的：群众工作\\n已带 0\/1　🔥热门/);
    const next = buttonValues(content, (v) => v.a === 'claim.page');
    expect(next).toEqual([{ a: 'claim.page', p: s.programId, n: 2 }]);
    const turned = await h.emulator.click(list, { openId: A.openId, value: next[0]! });
    expect(turned.cardUpdated).toBe(true);
    const page2 = contentOf(h, list);
    expect(takes(page2)).toHaveLength(2);
    expect(new Set([...first, ...takes(page2)]).size).toBe(7);
    expect(buttonValues(page2, (v) => v.a === 'claim.page')).toEqual([{ a: 'claim.page', p: s.programId, n: 1 }]);
    expect(JSON.stringify(page2)).toContain('第 2/2 页，共 7 位导师');
  });

  it('claims: the pair is formed in the batch, the mentor is told, the list becomes the outcome', async () => {
    const list = await openList(A);
    const r = await take(A, list, M1);
    expect(r.toast).toMatchObject({ type: 'success', i18n: { zh_cn: '已认领 蒲大川 为导师' } });
    expect(r.cardUpdated).toBe(true);
    expect(cardTitle(contentOf(h, list))).toBe('认领成功');
    expectBilingualCard(contentOf(h, list));
    const pairs = await pairsOf(A);
    expect(pairs).toEqual([{ id: expect.any(Number), batch_id: s.batch[2], formed_by: 'claim', status: 'active', mentor_id: id[M1.openId], lead: true }]);
    const notice = await cardIn(h, chat[M1.openId]!, '蒲小川认领您为挂职导师');
    expectBilingualCard(notice.content);
    expect(JSON.stringify(notice.content)).toContain('TA 最想提升：群众工作、推动发展\\n您现在带 1/2 人');
    const audit = await db().selectFrom('audit_log').select(['actor', 'target']).where('action', '=', 'pair.claim').execute();
    expect(audit).toEqual([{ actor: A.openId, target: `pair:${pairs[0]!.id}` }]);
  });

  it('refuses a second claim by the same cadre, and the list says who was claimed', async () => {
    const list = await openList(A);
    expect(JSON.stringify(contentOf(h, list))).toContain('您已认领导师：**蒲大川**');
    expect(takes(contentOf(h, list))).toEqual([]);
    const r = await take(A, list, M4);
    expect(r.toast).toMatchObject({ type: 'warning', i18n: { zh_cn: expect.stringContaining('已经认领了导师') } });
    expect(await pairsOf(A)).toHaveLength(1);
  });

  it('refuses a full mentor and redraws the list with the current loads', async () => {
    const forB = await openList(B);
    expect((await take(B, forB, M3)).toast).toMatchObject({ type: 'success' });
    const forD = await openList(D);
    const r = await take(D, forD, M3);
    expect(r.toast).toMatchObject({ type: 'warning', i18n: { zh_cn: expect.stringContaining('名额已满（1/1）') } });
    expect(r.cardUpdated).toBe(true);
    // full mentors go to the end of the list, their button disabled
    expect(takes(contentOf(h, forD))).not.toContain(id[M3.openId]);
    await h.emulator.click(forD, { openId: D.openId, value: { a: 'claim.page', p: s.programId, n: 2 } });
    const last = JSON.stringify(contentOf(h, forD));
    expect(last).toMatch(/刘德明[^"]*已带 1\/1　\*\*已满\*\*/);
    const buttons: { name?: string }[] = [];
    JSON.stringify(contentOf(h, forD), (_k, v: { tag?: string; name?: string }) => { if (v?.tag === 'button') buttons.push(v); return v; });
    expect(buttons.find((b) => b.name === `take_${id[M3.openId]}`)).toMatchObject({ disabled: true, text: { content: '已满' } });
    expect(await pairsOf(D)).toEqual([]);
    expect(await activeLoad(M3)).toBe(1);
  });

  it('gives the last place to exactly one of two cadres claiming at once', async () => {
    const [forC, forE] = [await openList(C), await openList(E)];
    const results = await Promise.all([take(C, forC, M2), take(E, forE, M2)]);
    const toasts = results.map((r) => (r.toast as { type: string }).type).sort();
    expect(toasts).toEqual(['success', 'warning']);
    expect(await activeLoad(M2)).toBe(1);
    expect((await pairsOf(C)).length + (await pairsOf(E)).length).toBe(1);
    const notices = h.emulator.messages({ chatId: chat[M2.openId]!, sender: 'app' }).filter((m) => /认领您为挂职导师$/.test(cardTitle(m.content) ?? ''));
    expect(notices).toHaveLength(1);
  });

  it('refuses before the batch opens and after it ends', async () => {
    const early = await openList(F);
    expect(JSON.stringify(contentOf(h, early))).toContain('本批次 2031-04-01 开始，开始后才能认领');
    const r1 = await take(F, early, M4);
    expect(r1.toast).toMatchObject({ type: 'warning', i18n: { zh_cn: expect.stringContaining('还未开始') } });
    const late = await openList(V1);
    const r2 = await take(V1, late, M4);
    expect(r2.toast).toMatchObject({ type: 'warning', i18n: { zh_cn: expect.stringContaining('已结束') } });
    expect([...(await pairsOf(F)), ...(await pairsOf(V1))]).toEqual([]);
  });

  it('refuses people who may not claim, and mentors who are not in the pool', async () => {
    const noBatch = await openList(G, '没有权限');
    expect(JSON.stringify(contentOf(h, noBatch))).toContain('您还没有被安排到挂职锻炼批次');
    const notVillage = await openList(Y, '没有权限');
    expect(JSON.stringify(contentOf(h, notVillage))).toContain('认领导师面向挂职锻炼的村社干部');
    expect((await take(Y, notVillage, M4)).toast).toMatchObject({ type: 'warning' });
    const denied = await db().selectFrom('audit_log').select('actor').where('action', '=', 'denied:pair.claim').orderBy('id').execute();
    expect(denied.map((d) => d.actor)).toEqual([G.openId, Y.openId, Y.openId]);
    await openList(GONE, '您还不在引航名单中');

    const list = await openList(D);
    // a village cadre's id forged as a mentor; a program the cadre is not seconded in
    expect((await take(D, list, id[A.openId]!)).toast).toMatchObject({ type: 'warning', i18n: { zh_cn: expect.stringContaining('不在本批次可认领的导师名单中') } });
    expect((await take(D, list, M4, 99_999)).toast).toMatchObject({ type: 'warning' });
    expect((await h.emulator.click(list, { openId: D.openId, value: { a: 'claim.take', p: s.programId, m: 'x' } })).toast).toMatchObject({ type: 'warning', i18n: { zh_cn: expect.stringContaining('按钮已失效') } });
    expect(await pairsOf(D)).toEqual([]);
  });
});
