import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, cardTitle, type Harness } from '../../helpers/test-app';
import { ensureUnit } from '../../helpers/people';
import { missing } from '../../helpers/services';
import { expectBilingualCard } from '../../helpers/card-assertions';

describe.skipIf(missing('postgres') || missing('redis'))('programs managed from the bot', () => {
  let h: Harness;
  const admin = { openId: 'ou_pa_admin_000000000000001', name: '林晓岚', category: 'other' as const, roles: ['admin' as const] };
  const young = { openId: 'ou_pa_young_000000000000001', name: '程远航', category: 'young' as const, birthDate: '1980-01-01', hireDate: '2005-01-01' };
  const chats: Record<string, string> = {};
  let programId: number;

  beforeAll(async () => {
    h = await startHarness();
    for (const p of [admin, young]) chats[p.openId] = await h.addPerson(p);
    const unitId = await ensureUnit(h.app.db.db, '武隆区/火炉镇');
    programId = (await h.app.db.db.insertInto('programs').values({
      code: 'young_2023', track: 'young_mentoring', name_zh: '导师引航', name_en: 'Mentoring', start_date: '2023-02-01', end_date: null, unit_id: unitId,
      default_capacity: 3, mentor_categories: ['leader_member'], mentee_categories: ['young'], mentee_rule: 'young_cadre',
    }).returning('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => h.emulator.reset());

  async function summary(): Promise<string> {
    await h.sender.sendMessage({ senderOpenId: admin.openId, chatId: chats[admin.openId]!, chatType: 'p2p', text: '我的' });
    const [me] = await h.emulator.waitForMessages(1, { sender: 'app', chatId: chats[admin.openId]! });
    await h.emulator.click(me!.messageId, { openId: admin.openId, value: { a: 'admin.summary' } });
    const [, s] = await h.emulator.waitForMessages(2, { sender: 'app', chatId: chats[admin.openId]! });
    expect(JSON.stringify(s!.content)).toContain(`"a":"program.edit","p":${programId}`);
    return s!.messageId;
  }

  const program = () => h.app.db.db.selectFrom('programs').select(['default_capacity', 'end_date', 'name_zh', 'active']).where('id', '=', programId).executeTakeFirstOrThrow();

  it('edits a program through its form, and audits the change', async () => {
    const s = await summary();
    await h.emulator.click(s, { openId: admin.openId, value: { a: 'program.edit', p: programId } });
    const [, , form] = await h.emulator.waitForMessages(3, { sender: 'app', chatId: chats[admin.openId]! });
    expect(cardTitle(form!.content)).toBe('编辑项目 · 导师引航');
    expectBilingualCard(form!.content);
    const saved = await h.emulator.click(form!.messageId, {
      openId: admin.openId, value: { a: 'program.save', p: programId },
      formValue: { name_zh: '火炉镇导师引航', name_en: 'Mentoring', start_date: '2023-02-01 +0800', end_date: '2025-12-31 +0800', default_capacity: '5', active: 'true' },
    });
    expect(saved.toast).toMatchObject({ type: 'success' });
    expect(await program()).toEqual({ default_capacity: 5, end_date: '2025-12-31', name_zh: '火炉镇导师引航', active: true });
    const audit = await h.app.db.db.selectFrom('audit_log').select(['actor', 'action']).where('action', '=', 'program.set').execute();
    expect(audit).toEqual([{ actor: admin.openId, action: 'program.set' }]);
  });

  it('refuses bad values in the form and changes nothing', async () => {
    const before = await program();
    const s = await summary();
    const bad = await h.emulator.click(s, {
      openId: admin.openId, value: { a: 'program.save', p: programId },
      formValue: { name_zh: 'x', name_en: 'x', start_date: '2026-01-01 +0800', end_date: '2024-01-01 +0800', default_capacity: '999', active: 'true' },
    });
    expect(bad.toast).toMatchObject({ type: 'warning' });
    expect(await program()).toEqual(before);
    const missingProgram = await h.emulator.click(s, { openId: admin.openId, value: { a: 'program.edit', p: 99999 } });
    expect(missingProgram.toast).toMatchObject({ type: 'warning', i18n: { zh_cn: expect.stringContaining('不存在') } });
  });

  it('includes a person in a pool with the person picker', async () => {
    const s = await summary();
    await h.emulator.click(s, { openId: admin.openId, value: { a: 'program.member', p: programId } });
    const [, , form] = await h.emulator.waitForMessages(3, { sender: 'app', chatId: chats[admin.openId]! });
    const r = await h.emulator.click(form!.messageId, { openId: admin.openId, value: { a: 'program.member.save', p: programId }, formValue: { person: young.openId, role: 'mentee', action: 'include' } });
    expect(r.toast).toMatchObject({ type: 'success', i18n: { zh_cn: expect.stringContaining('程远航') } });
    const overrides = await h.app.db.db.selectFrom('program_overrides').select(['role', 'mode', 'created_by']).execute();
    expect(overrides).toEqual([{ role: 'mentee', mode: 'include', created_by: admin.openId }]);
  });

  it('refuses the same buttons to a non-admin, auditing each attempt', async () => {
    const before = await program();
    for (const value of [{ a: 'program.edit', p: programId }, { a: 'program.save', p: programId }, { a: 'program.member.save', p: programId }]) {
      const r = await h.sender.clickCard({ operatorOpenId: young.openId, openMessageId: 'om_forwarded', openChatId: chats[young.openId]!, value, formValue: { default_capacity: '50', person: young.openId, role: 'mentee', action: 'include' } });
      expect(r.body).toMatchObject({ toast: { type: 'warning', i18n: { zh_cn: expect.stringContaining('只有组织部管理员') } } });
    }
    expect(await program()).toEqual(before);
    const denied = await h.app.db.db.selectFrom('audit_log').select('action').where('actor', '=', young.openId).execute();
    expect(denied).toEqual([{ action: 'denied:programs.manage' }, { action: 'denied:programs.manage' }, { action: 'denied:programs.manage' }]);
  });
});
