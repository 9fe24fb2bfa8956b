import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, cardTitle, type Harness } from '../../helpers/test-app';
import { ensureUnit } from '../../helpers/people';
import { missing } from '../../helpers/services';
import { expectBilingualCard } from '../../helpers/card-assertions';

describe.skipIf(missing('postgres') || missing('redis'))('我的 / me, and admin-only actions', () => {
  let h: Harness;
  const young = { openId: 'ou_me_young_0000000000001', name: '陆晨曦', category: 'young' as const, birthDate: '1996-09-18', hireDate: '2020-09-01' };
  const old = { openId: 'ou_me_young_0000000000002', name: '程远航', category: 'young' as const, birthDate: '1980-01-01', hireDate: '2005-01-01' };
  const mentor = { openId: 'ou_me_leader_000000000001', name: '韩德明', category: 'leader_member' as const, unit: '武隆区/火炉镇/人大' };
  const admin = { openId: 'ou_me_admin_00000000000001', name: '林晓岚', category: 'other' as const, roles: ['admin' as const] };
  const chats: Record<string, string> = {};

  beforeAll(async () => {
    h = await startHarness();
    for (const p of [young, old, mentor, admin]) chats[p.openId] = await h.addPerson(p);
    const unitId = await ensureUnit(h.app.db.db, '武隆区/火炉镇');
    await h.app.db.db.insertInto('programs').values({
      code: 'young_2023', track: 'young_mentoring', name_zh: '火炉镇年轻干部导师引航', name_en: 'Huolu young-cadre mentoring',
      start_date: '2023-02-01', end_date: '2030-12-31', unit_id: unitId, default_capacity: 3,
      mentor_categories: ['leader_member'], mentee_categories: ['young'], mentee_rule: 'young_cadre',
    }).execute();
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => h.emulator.reset());

  async function ask(person: { openId: string }, text: string) {
    await h.sender.sendMessage({ senderOpenId: person.openId, chatId: chats[person.openId]!, chatType: 'p2p', text });
    const [reply] = await h.emulator.waitForMessages(1, { sender: 'app', chatId: chats[person.openId]! });
    expectBilingualCard(reply!.content);
    return reply!;
  }

  it('shows an eligible mentee their program, why, and the needs still to fill', async () => {
    const reply = await ask(young, '我的');
    const json = JSON.stringify(reply.content);
    expect(cardTitle(reply.content)).toBe('我的 · 陆晨曦');
    expect(json).toContain('火炉镇年轻干部导师引航');
    expect(json).toContain('培养对象');
    expect(json).toContain('未满 35 岁');
    expect(json).toContain('"a":"needs.open"');
    expect(json).not.toContain('admin.summary');
  });

  it('shows someone who does not qualify why not', async () => {
    const json = JSON.stringify((await ask(old, 'me')).content);
    expect(json).toContain('不符合条件的培养对象');
    expect(json).toMatch(/满 35 岁|已满 35/);
  });

  it('shows a mentor their role and asks for strengths', async () => {
    const json = JSON.stringify((await ask(mentor, '我的')).content);
    expect(json).toContain('导师');
    expect(json).toContain('"a":"strengths.open"');
  });

  it('gives an admin the roster and program summary', async () => {
    const meCard = await ask(admin, '我的');
    expect(JSON.stringify(meCard.content)).toContain('"a":"admin.summary"');
    const click = await h.emulator.click(meCard.messageId, { openId: admin.openId, value: { a: 'admin.summary' } });
    expect(click.toast).toMatchObject({ type: 'success' });
    const [, summary] = await h.emulator.waitForMessages(2, { sender: 'app', chatId: chats[admin.openId]! });
    expect(cardTitle(summary!.content)).toBe('名册与项目概况');
    expectBilingualCard(summary!.content);
    const json = JSON.stringify(summary!.content);
    expect(json).toContain('在册 4 人');
    expect(json).toContain('导师 1 人');
    expect(json).toContain('符合条件 1 人');
  });

  it('refuses a non-admin who presses an admin button (a forwarded card), and audits it', async () => {
    const youngCard = await ask(young, '我的');
    const click = await h.sender.clickCard({ operatorOpenId: young.openId, openMessageId: youngCard.messageId, openChatId: chats[young.openId]!, value: { a: 'admin.summary' } });
    expect(click.body).toMatchObject({ toast: { type: 'warning', i18n: { zh_cn: expect.stringContaining('只有组织部管理员') } } });
    const denied = await h.app.db.db.selectFrom('audit_log').select(['actor', 'action', 'event_id']).where('action', '=', 'denied:roster.view_summary').execute();
    expect(denied).toEqual([{ actor: young.openId, action: 'denied:roster.view_summary', event_id: click.envelope.header.event_id }]);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.emulator.messages({ sender: 'app', chatId: chats[young.openId]! })).toHaveLength(1);
  });
});
