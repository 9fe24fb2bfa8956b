import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { v2Envelope } from '../../../src/emulator/lark-envelopes';
import { startHarness, cardTitle, type Harness } from '../../helpers/test-app';
import { missing } from '../../helpers/services';
import { expectBilingualCard } from '../../helpers/card-assertions';

describe.skipIf(missing('postgres') || missing('redis'))('需求 / needs: the needs and strengths forms', () => {
  let h: Harness;
  const me = { openId: 'ou_needs_young_000000000001', name: '许一帆', category: 'young' as const };
  let chatId: string;

  beforeAll(async () => {
    h = await startHarness();
    chatId = await h.addPerson(me);
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => h.emulator.reset());

  async function openForm(): Promise<string> {
    await h.sender.sendMessage({ senderOpenId: me.openId, chatId, chatType: 'p2p', text: '需求' });
    const [form] = await h.emulator.waitForMessages(1, { sender: 'app', chatId });
    expect(cardTitle(form!.content)).toBe('我的需求');
    expectBilingualCard(form!.content);
    return form!.messageId;
  }

  const saved = () => h.app.db.db.selectFrom('cadre_needs').innerJoin('catalogue_items', 'catalogue_items.id', 'item_id').select(['code', 'rank']).orderBy('rank').execute();
  const audits = (action: string) => h.app.db.db.selectFrom('audit_log').select(['actor', 'action', 'detail']).where('action', '=', action).execute();

  it('saves ranked needs from the form, and the card shows them', async () => {
    const messageId = await openForm();
    const click = await h.emulator.click(messageId, { openId: me.openId, value: { a: 'needs.save' }, formValue: { need_1: 'research', need_2: '', need_3: 'policy_theory' } });
    expect(click.ok).toBe(true);
    expect(click.toast).toMatchObject({ type: 'success' });
    expect(await saved()).toEqual([{ code: 'research', rank: 1 }, { code: 'policy_theory', rank: 2 }]);
    const card = h.emulator.messages({ chatId }).find((m) => m.messageId === messageId)!.content;
    expect(cardTitle(card)).toBe('需求已保存');
    expect(JSON.stringify(card)).toContain('1. 调查研究');
    expect(await audits('needs.update')).toHaveLength(1);
  });

  it('re-submitting replaces the needs and the form remembers them', async () => {
    const messageId = await openForm();
    const form = JSON.stringify(h.emulator.messages({ chatId }).find((m) => m.messageId === messageId)!.content);
    expect(form).toContain('"initial_option":"research"');
    await h.emulator.click(messageId, { openId: me.openId, value: { a: 'needs.save' }, formValue: { need_1: 'emergency_response', need_2: 'research', need_3: 'decision_making', need_4: 'mass_work', need_5: 'official_writing' } });
    expect((await saved()).map((r) => r.code)).toEqual(['emergency_response', 'research', 'decision_making', 'mass_work', 'official_writing']);
  });

  it('refuses more than five needs, and changes nothing', async () => {
    const before = await saved();
    const messageId = await openForm();
    const click = await h.emulator.click(messageId, { openId: me.openId, value: { a: 'needs.save' }, formValue: { need_1: 'research', need_6: 'policy_theory' } });
    expect(click.toast).toMatchObject({ type: 'warning', i18n: { zh_cn: expect.stringContaining('最多') } });
    expect(await saved()).toEqual(before);
    expect(cardTitle(h.emulator.messages({ chatId }).find((m) => m.messageId === messageId)!.content)).toBe('我的需求');
  });

  it('refuses values forged into the form, and duplicates, naming them', async () => {
    const before = await saved();
    const messageId = await openForm();
    const forged = await h.emulator.click(messageId, { openId: me.openId, value: { a: 'needs.save' }, formValue: { need_1: 'drop table cadres' } });
    expect(forged.toast).toMatchObject({ type: 'warning', i18n: { zh_cn: expect.stringContaining('drop table cadres') } });
    const retired = await h.emulator.click(messageId, { openId: me.openId, value: { a: 'needs.save' }, formValue: { need_1: 'plan_important_work' } });
    expect(retired.toast).toMatchObject({ type: 'warning' });
    const twice = await h.emulator.click(messageId, { openId: me.openId, value: { a: 'needs.save' }, formValue: { need_1: 'research', need_2: 'research' } });
    expect(twice.toast).toMatchObject({ type: 'warning', i18n: { zh_cn: expect.stringContaining('不止一次') } });
    const wrongType = await h.emulator.click(messageId, { openId: me.openId, value: { a: 'needs.save' }, formValue: { need_1: ['research'] } });
    expect(wrongType.toast).toMatchObject({ type: 'warning' });
    expect(await saved()).toEqual(before);
  });

  it('edits strengths through the card on the needs form', async () => {
    const messageId = await openForm();
    const open = await h.emulator.click(messageId, { openId: me.openId, value: { a: 'strengths.open' } });
    expect(open.ok).toBe(true);
    expect(cardTitle(h.emulator.messages({ chatId }).find((m) => m.messageId === messageId)!.content)).toBe('我的特长');
    const save = await h.emulator.click(messageId, { openId: me.openId, value: { a: 'strengths.save' }, formValue: { strengths: ['word', 'excel'] } });
    expect(save.toast).toMatchObject({ type: 'success' });
    const strengths = await h.app.db.db.selectFrom('cadre_strengths').innerJoin('catalogue_items', 'catalogue_items.id', 'item_id').select('code').orderBy('code').execute();
    expect(strengths.map((s) => s.code)).toEqual(['excel', 'word']);
  });

  it('tells a stranger whom to contact, and nothing else', async () => {
    await h.addPerson({ openId: 'ou_needs_admin_000000000001', name: '林晓岚', category: 'other', roles: ['admin'] });
    h.emulator.addUser({ openId: 'ou_stranger_0000000000001', name: '路人甲' });
    const strangerChat = h.emulator.p2pChatId('ou_stranger_0000000000001');
    for (const text of ['帮助', '需求', 'hello']) {
      await h.sender.sendMessage({ senderOpenId: 'ou_stranger_0000000000001', chatId: strangerChat, chatType: 'p2p', text });
    }
    const replies = await h.emulator.waitForMessages(3, { sender: 'app', chatId: strangerChat });
    for (const r of replies) {
      expect(cardTitle(r.content)).toBe('您还不在引航名单中');
      expect(JSON.stringify(r.content)).toContain('林晓岚');
      expectBilingualCard(r.content);
    }
    const click = await h.sender.clickCard({ operatorOpenId: 'ou_stranger_0000000000001', openMessageId: replies[0]!.messageId, openChatId: strangerChat, value: { a: 'needs.save' }, formValue: { need_1: 'research' } });
    expect(click.body).toMatchObject({ toast: { type: 'warning' } });
    // bot-menu clicks: one naming a command, one naming nothing the bot knows
    for (const key of ['needs', 'no_such_entry']) {
      const menu = v2Envelope(h.sender.context(), 'application.bot.menu_v6', { operator: { operator_id: { open_id: 'ou_stranger_0000000000001' } }, event_key: key, timestamp: Date.now() });
      expect((await h.sender.deliver(menu)).status).toBe(200);
    }
    await h.emulator.waitForMessages(5, { sender: 'app', receiveOpenId: 'ou_stranger_0000000000001' });
    // Each attempt is in the audit log, so an admin can see who tried before being on the roster; never their words.
    // (The inbox worker handles several events at once, so the rows' order is not the sending order.)
    const audited = await h.app.db.db.selectFrom('audit_log').select(['action', 'target']).where('actor', '=', 'ou_stranger_0000000000001').execute();
    expect(audited.sort((a, b) => String(a.target).localeCompare(String(b.target)))).toEqual([
      { action: 'denied:not_on_roster', target: 'card:needs.save' },
      { action: 'denied:not_on_roster', target: 'command:help' },
      { action: 'denied:not_on_roster', target: 'command:needs' },
      { action: 'denied:not_on_roster', target: 'command:needs' },
      { action: 'denied:not_on_roster', target: 'menu:no_such_entry' },
      { action: 'denied:not_on_roster', target: 'message' },
    ]);
  });

  it('treats a deactivated cadre as a stranger', async () => {
    const gone = { openId: 'ou_needs_gone_000000000001', name: '已调离', active: false };
    const goneChat = await h.addPerson(gone);
    await h.sender.sendMessage({ senderOpenId: gone.openId, chatId: goneChat, chatType: 'p2p', text: '需求' });
    const [reply] = await h.emulator.waitForMessages(1, { sender: 'app', chatId: goneChat });
    expect(cardTitle(reply!.content)).toBe('您还不在引航名单中');
  });
});
