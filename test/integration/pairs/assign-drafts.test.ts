import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startHarness, cardTitle, eventually, type Harness } from '../../helpers/test-app';
import { missing } from '../../helpers/services';
import { expectBilingualCard } from '../../helpers/card-assertions';
import type { EmulatedMessage } from '../../../src/emulator/types';
import { AssignKit, expectToast, person, text, TOWN } from './assign-kit';

const ADMIN = person('admin', '林晓岚', 'other', `${TOWN}/组织办`, ['admin']);
const ADMIN2 = person('admin2', '周明哲', 'other', `${TOWN}/组织办`, ['admin']);
const M1 = person('m1', '韩德明', 'leader_member', `${TOWN}/党政办`);
const M2 = person('m2', '秦雅芳', 'leader_member', `${TOWN}/经发办`);
const M3 = person('m3', '冯国栋', 'leader_member', `${TOWN}/人大`);
const A = person('a', '许一帆', 'young');
const B = person('b', '陆晨曦', 'young');
const C = person('c', '程小雨', 'young');
const D = person('d', '汪子涵', 'young');
const E = person('e', '曹可欣', 'young');
const F = person('f', '孔令辉', 'young');
const MENTEES = [A, B, C, D, E, F];

describe.skipIf(missing('postgres') || missing('redis'))('指定: a proposed assignment for a whole program', () => {
  let h: Harness;
  let k: AssignKit;

  beforeAll(async () => {
    h = await startHarness();
    k = new AssignKit(h, ADMIN);
    await k.add([ADMIN, ADMIN2, M1, M2, M3, ...MENTEES]);
    await k.abilities(A, ['research'], []);
    await k.abilities(M1, [], ['research', 'policy_theory']);
  });
  afterAll(async () => {
    await h?.close();
  });

  /** 指定 → "生成整体方案" for the program: the draft card the admin receives. */
  async function propose(p: number): Promise<{ card: EmulatedMessage; draftId: number }> {
    const assign = await k.assignCard();
    const card = await k.nextMessage(ADMIN, async () => expectToast(await h.emulator.click(assign.messageId, { openId: ADMIN.openId, value: { a: 'assign.propose', p } }), 'success', '已生成方案'));
    const draft = await k.db.selectFrom('assignment_drafts').select(['id', 'status']).where('program_id', '=', p).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(draft.status).toBe('draft');
    return { card, draftId: draft.id };
  }

  const items = async (draftId: number) => Object.fromEntries(
    (await k.db.selectFrom('assignment_draft_items').select(['mentee_id', 'mentor_id']).where('draft_id', '=', draftId).execute()).map((i) => [i.mentee_id, i.mentor_id]),
  );
  const current = (m: EmulatedMessage) => h.emulator.messages({ chatId: m.chatId }).find((x) => x.messageId === m.messageId)!;
  const click = (m: EmulatedMessage, value: Record<string, string | number>, formValue?: Record<string, unknown>, by = ADMIN) =>
    h.emulator.click(m.messageId, { openId: by.openId, value, ...(formValue ? { formValue } : {}) });

  it('proposes the optimum, is edited, and only on confirm forms the pairs, tells people and withdraws applications', async () => {
    const p = await k.program('d1', 2);
    await k.activePair(p, F, M1); // M1 has one place left; F is paired and not proposed
    await k.pastPair(p, E, M2); // E was once with M2: never again in a proposal
    await k.db.insertInto('pair_avoid').values({ program_id: p, mentee_id: k.id(D), mentor_id: k.id(M3) }).execute();
    await k.db.insertInto('applications').values({ program_id: p, mentee_id: k.id(B), mentor_id: k.id(M3), rank: 1 }).execute();

    const { card, draftId } = await propose(p);
    expect(cardTitle(card.content)).toBe('结对方案 · 导师引航d1');
    expectBilingualCard(card.content);
    // Five places for five unpaired mentees: all placed. A's need is M1's strength; B chose M3; D avoids M3,
    // E never again with M2, so D → M2 and E → M3 are forced, and C fills M2's last place.
    expect(await items(draftId)).toEqual({ [k.id(A)]: k.id(M1), [k.id(B)]: k.id(M3), [k.id(C)]: k.id(M2), [k.id(D)]: k.id(M2), [k.id(E)]: k.id(M3) });
    expect(text(card.content)).toContain('匹配：调查研究');
    expect(text(card.content)).toContain('第 1 志愿');
    expect(text(card.content)).toContain('确认前不会通知任何人');
    // nothing formed (F's pair and E's past pair only), nobody but the admin told
    expect(await k.pairs(p)).toHaveLength(2);
    for (const who of [A, B, C, D, E, M1, M2, M3]) expect(await k.outboxTo(who)).toBe(0);

    const dropped = await click(card, { a: 'assign.draft.drop', d: draftId, m: k.id(C) });
    expect(dropped).toMatchObject({ ok: true, cardUpdated: true });
    expect(text(current(card).content)).not.toContain(`"m":${k.id(C)}`);
    expect(text(current(card).content)).toContain('未安排 1 人');
    expect(Object.keys(await items(draftId))).toHaveLength(4);

    // change B's row: M1 has no place left (A is on it), M3 is to be avoided for D, M2 is fine for B
    expectToast(await click(card, { a: 'assign.draft.set', d: draftId, o: 0 }, { mentee: String(k.id(B)), mentor: M1.openId }), 'warning', '名额不够');
    expectToast(await click(card, { a: 'assign.draft.set', d: draftId, o: 0 }, { mentee: String(k.id(D)), mentor: M3.openId }), 'warning', '回避');
    const set = await click(card, { a: 'assign.draft.set', d: draftId, o: 0 }, { mentee: String(k.id(B)), mentor: M2.openId });
    expect(set).toMatchObject({ ok: true, cardUpdated: true });
    expect((await items(draftId))[k.id(B)]).toBe(k.id(M2));
    for (const who of [A, B, D, E]) expect(await k.outboxTo(who)).toBe(0);

    const confirmed = await click(card, { a: 'assign.draft.confirm', d: draftId });
    expect(confirmed).toMatchObject({ ok: true, cardUpdated: true });
    expectToast(confirmed, 'success', '已结对 4 对');
    expect(cardTitle(current(card).content)).toBe('结对方案已确认 · 导师引航d1');
    expectBilingualCard(current(card).content);

    const active = (await k.pairs(p)).filter((x) => x.status === 'active' && x.formed_by === 'assignment').map((x) => [x.mentee_id, x.mentor_id]);
    expect(active.sort()).toEqual([[k.id(A), k.id(M1)], [k.id(B), k.id(M2)], [k.id(D), k.id(M2)], [k.id(E), k.id(M3)]].sort());
    for (const who of [A, B, D, E]) {
      const [m] = await h.emulator.waitForMessages(1, { sender: 'app', chatId: k.chat[who.openId]! });
      expect(cardTitle(m!.content)).toBe('组织为您指定了导师');
    }
    expect(await k.outboxTo(C)).toBe(0);
    await eventually(() => h.emulator.messages({ sender: 'app', chatId: k.chat[M3.openId]! }).some((m) => cardTitle(m.content) === '陆晨曦 的志愿已撤回'));
    await eventually(() => h.emulator.messages({ sender: 'app', chatId: k.chat[M2.openId]! }).filter((m) => cardTitle(m.content)?.startsWith('组织指定您带教')).length === 2);
    const app = await k.db.selectFrom('applications').select('status').where('program_id', '=', p).executeTakeFirstOrThrow();
    expect(app.status).toBe('withdrawn');
    const audit = await k.db.selectFrom('audit_log').select(['actor', 'detail']).where('action', '=', 'pair.assign.draft').where('target', '=', `draft:${draftId}`).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: ADMIN.openId, detail: { programId: p, skipped: [] } });

    // the buttons of a decided draft say so
    expectToast(await click(card, { a: 'assign.draft.confirm', d: draftId }), 'warning', '已经确认过了');
    expectToast(await click(card, { a: 'assign.draft.drop', d: draftId, m: k.id(A) }), 'warning', '已经确认过了');
    expect((await k.pairs(p)).filter((x) => x.status === 'active')).toHaveLength(5);
  });

  it('two confirms at once form the pairs once', async () => {
    const p = await k.program('d2', 3);
    const { card, draftId } = await propose(p);
    const rows = Object.keys(await items(draftId)).length;
    expect(rows).toBe(6);
    const both = await Promise.all([click(card, { a: 'assign.draft.confirm', d: draftId }), click(card, { a: 'assign.draft.confirm', d: draftId }, undefined, ADMIN2)]);
    const toasts = both.map((r) => (r.toast as { type: string }).type).sort();
    expect(toasts).toEqual(['success', 'warning']);
    expect(await k.pairs(p)).toHaveLength(6);
    expect(await k.db.selectFrom('audit_log').select('id').where('action', '=', 'pair.assign.draft').where('target', '=', `draft:${draftId}`).execute()).toHaveLength(1);
    const told = await k.db.selectFrom('outbox').select('receive_id').where('receive_id', 'in', MENTEES.map((m) => m.openId))
      .where(sql<string>`content::text`, 'like', '%导师引航d2%').execute();
    expect(told).toHaveLength(6);
  });

  it('skips and reports rows that no longer fit at confirm; the rest go through', async () => {
    const p = await k.program('d3', 2);
    const { card, draftId } = await propose(p);
    // six mentees, three mentors with two places each: every mentor has exactly two rows
    const byMentor = new Map<number, number[]>();
    for (const [mentee, mentor] of Object.entries(await items(draftId))) byMentor.set(mentor, [...(byMentor.get(mentor) ?? []), Number(mentee)]);
    const groups = [...byMentor.entries()];
    expect(groups.map(([, mentees]) => mentees.length)).toEqual([2, 2, 2]);
    const [full] = groups[0]!;
    const [, taken] = groups[1]!;
    const [kept, keptRows] = groups[2]!;
    // Meanwhile an admin assigns the second mentor's two mentees to the first mentor directly: the first
    // mentor is then full (their rows no longer fit) and those two mentees are paired (their rows neither).
    const byId = (id: number) => [...MENTEES, M1, M2, M3].find((x) => k.id(x) === id)!;
    const assignCard = await k.assignCard();
    for (const mentee of taken) expectToast(await k.assign(assignCard, p, byId(mentee), byId(full)), 'success', '已指定');

    const r = await click(card, { a: 'assign.draft.confirm', d: draftId });
    expectToast(r, 'warning', '已结对 2 对，4 行未能结对');
    const shown = text(current(card).content);
    expect(shown).toContain('名额已满');
    expect(shown).toContain('已经有导师了');
    const active = (await k.pairs(p)).filter((x) => x.status === 'active').map((x) => [x.mentee_id, x.mentor_id]);
    expect(active.sort()).toEqual([...taken.map((m) => [m, full]), ...keptRows.map((m) => [m, kept])].sort());
    const audit = await k.db.selectFrom('audit_log').select('detail').where('action', '=', 'pair.assign.draft').where('target', '=', `draft:${draftId}`).executeTakeFirstOrThrow();
    expect((audit.detail as { skipped: unknown[] }).skipped).toHaveLength(4);
  });

  it('discards: nothing formed; a newer proposal replaces an open one', async () => {
    const p = await k.program('d4', 2);
    const first = await propose(p);
    const second = await propose(p);
    expectToast(await click(first.card, { a: 'assign.draft.confirm', d: first.draftId }), 'warning', '已被更新的方案取代');
    const r = await click(second.card, { a: 'assign.draft.discard', d: second.draftId });
    expect(r).toMatchObject({ ok: true, cardUpdated: true });
    expect(cardTitle(current(second.card).content)).toBe('结对方案已放弃 · 导师引航d4');
    expect(await k.pairs(p)).toEqual([]);
    expectToast(await click(second.card, { a: 'assign.draft.confirm', d: second.draftId }), 'warning', '已经放弃');
  });

  it('a program with 60 mentees shows one page and a count, within Lark\'s card limits, and pages through the rest', async () => {
    const town = '武隆区/白马镇';
    const mentees = Array.from({ length: 60 }, (_v, i) => person(`bm${String(i).padStart(2, '0')}`, `白马镇年轻干部第${i + 1}号同志`, 'young', `${town}/第${(i % 5) + 1}网格工作站`));
    const mentors = Array.from({ length: 6 }, (_v, i) => person(`bt${String(i).padStart(2, '0')}`, `白马镇班子成员第${i + 1}号`, 'leader_member', `${town}/第${i + 1}网格工作站`));
    await k.add([...mentees, ...mentors]);
    for (const [i, m] of mentees.entries()) await k.abilities(m, ['policy_theory', 'research', 'decision_making', 'emergency_response', 'mass_work'].slice(0, 1 + (i % 5)), []);
    for (const m of mentors) await k.abilities(m, [], ['policy_theory', 'research', 'decision_making', 'emergency_response', 'mass_work']);
    const p = await k.program('big', 10, town);

    const { card, draftId } = await propose(p);
    expect(Object.keys(await items(draftId))).toHaveLength(60);
    const json = text(card.content);
    expect(Buffer.byteLength(json, 'utf8')).toBeLessThan(30 * 1024);
    expect(json).toContain('及另外 45 人');
    expect(json.match(/"a":"assign.draft.drop"/g)).toHaveLength(15);
    expectBilingualCard(card.content);

    const paged = await click(card, { a: 'assign.draft.page', d: draftId, o: 45 });
    expect(paged).toMatchObject({ ok: true, cardUpdated: true });
    const last = text(current(card).content);
    expect(last).toContain('第 46–60 行，共 60 行');
    expect(last).toContain('"a":"assign.draft.page","d":' + draftId + ',"o":30');
    expect(last).not.toContain('"o":60');

    // confirming 60 rows answers inside Lark's 3 s (the webhook's own deadline is 2.5 s, else it answers {})
    const confirmed = await click(card, { a: 'assign.draft.confirm', d: draftId });
    expectToast(confirmed, 'success', '已结对 60 对');
    expect((await k.pairs(p)).filter((x) => x.status === 'active')).toHaveLength(60);
  });
});
