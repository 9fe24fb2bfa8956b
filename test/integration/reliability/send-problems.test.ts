import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRepository } from '../../../src/db/repositories/outbox-repository';
import { startHarness, cardTitle, eventually, type Harness } from '../../helpers/test-app';
import { missing } from '../../helpers/services';
import { expectBilingualCard } from '../../helpers/card-assertions';

describe.skipIf(missing('postgres') || missing('redis'))('undelivered messages are listed for admins', () => {
  let h: Harness;
  const admin = { openId: 'ou_sp_admin_00000000000001', name: '林晓岚', category: 'other' as const, roles: ['admin' as const] };
  const young = { openId: 'ou_sp_young_00000000000001', name: '许一帆', category: 'young' as const };
  let adminChat: string;
  let youngChat: string;

  beforeAll(async () => {
    h = await startHarness();
    adminChat = await h.addPerson(admin);
    youngChat = await h.addPerson(young);
    // someone on the roster whom Lark does not know (left the company): the send fails for good with 230013
    await new OutboxRepository(h.app.db.db).enqueue(h.app.db.db, [{ kind: 'send', receiveIdType: 'open_id', receiveId: 'ou_sp_gone_000000000000001', msgType: 'text', content: { text: '提醒' } }]);
    await h.app.db.db.insertInto('cadres').values({ open_id: 'ou_sp_gone_000000000000001', name: '已离职的人', unit_id: (await h.app.db.db.selectFrom('units').select('id').executeTakeFirstOrThrow()).id, category: 'young', roles: [] }).execute();
    h.app.dispatcher.wake();
    await eventually(async () => (await new OutboxRepository(h.app.db.db).statusCounts()).failed === 1, 10_000, 'the send to fail');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('tells an admin in 我的, with who and why', async () => {
    await h.sender.sendMessage({ senderOpenId: admin.openId, chatId: adminChat, chatType: 'p2p', text: '我的' });
    const [me] = await h.emulator.waitForMessages(1, { sender: 'app', chatId: adminChat });
    expect(JSON.stringify(me!.content)).toContain('1 条消息未能送达');
    await h.emulator.click(me!.messageId, { openId: admin.openId, value: { a: 'admin.sends' } });
    const [, list] = await h.emulator.waitForMessages(2, { sender: 'app', chatId: adminChat });
    expect(cardTitle(list!.content)).toBe('未送达的消息');
    expectBilingualCard(list!.content);
    expect(JSON.stringify(list!.content)).toContain('已离职的人');
    expect(JSON.stringify(list!.content)).toContain('不在应用的可用范围内，或已离职');
  });

  it('refuses the list to someone who is not an admin, and audits it', async () => {
    const r = await h.sender.clickCard({ operatorOpenId: young.openId, openMessageId: 'om_x', openChatId: youngChat, value: { a: 'admin.sends' } });
    expect(r.body).toMatchObject({ toast: { type: 'warning' } });
    const audit = await h.app.db.db.selectFrom('audit_log').select('action').where('actor', '=', young.openId).execute();
    expect(audit).toEqual([{ action: 'denied:sends.view' }]);
  });
});
