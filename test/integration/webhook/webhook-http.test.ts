import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encryptForLark } from '../../../src/emulator/lark-wire';
import { messageEvent, v2Envelope } from '../../../src/emulator/lark-envelopes';
import { registry as defaultRegistry } from '../../../handlers/index';
import type { Registry } from '../../../src/context';
import { startHarness, cardTitle, sleep, type Harness } from '../../helpers/test-app';
import { missing } from '../../helpers/services';
import { expectBilingualCard } from '../../helpers/card-assertions';

// A registry with one extra command that always throws, to see the apology path.
const registry: Registry = {
  ...defaultRegistry,
  commands: [
    ...defaultRegistry.commands,
    { name: 'boom', words: ['boom'], label: { zh: '故障', en: 'Boom' }, description: { zh: '', en: '' }, run: async () => { throw new Error('kaboom'); } },
  ],
};

describe.skipIf(missing('postgres') || missing('redis'))('webhook over HTTP (real Postgres, Redis, emulator)', () => {
  let h: Harness;
  const alice = { openId: 'ou_alice_0000000000000001', name: '许一帆' };
  let aliceChat: string;

  beforeAll(async () => {
    h = await startHarness({ app: { registry } });
    aliceChat = await h.addPerson(alice);
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => {
    h.emulator.reset();
  });

  const post = (body: string | Buffer, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${h.app.url}/webhook/event`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  describe('URL verification', () => {
    it('echoes a plain challenge', async () => {
      const r = await h.sender.challenge({ encrypted: false, challenge: 'plain-1' });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ challenge: 'plain-1' });
    });

    it('echoes an encrypted challenge', async () => {
      const r = await h.sender.challenge({ encrypted: true, challenge: 'enc-1' });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ challenge: 'enc-1' });
    });

    it('refuses a challenge with the wrong verification token', async () => {
      const r = await h.sender.challenge({ encrypted: true, token: 'not-the-token' });
      expect(r.status).toBe(401);
      expect(JSON.stringify(r.body)).not.toContain('challenge');
    });

    it('refuses a challenge on the card route with the wrong token too', async () => {
      const res = await fetch(`${h.app.url}/webhook/card`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ challenge: 'x', token: 'bad', type: 'url_verification' }) });
      expect(res.status).toBe(401);
    });
  });

  describe('signatures and replay', () => {
    it('refuses a bad signature with 401 and handles nothing', async () => {
      const r = await h.sender.sendMessage({ senderOpenId: alice.openId, chatId: aliceChat, chatType: 'p2p', text: '帮助' }, { signature: 'bad' });
      expect(r.status).toBe(401);
      const missingSig = await h.sender.sendMessage({ senderOpenId: alice.openId, chatId: aliceChat, chatType: 'p2p', text: '帮助' }, { signature: 'none' });
      expect(missingSig.status).toBe(401);
      await sleep(400);
      expect(h.emulator.messages({ sender: 'app' })).toHaveLength(0);
    });

    it('refuses a body changed after signing', async () => {
      const r = await h.sender.sendMessage({ senderOpenId: alice.openId, chatId: aliceChat, chatType: 'p2p', text: '帮助' }, { tamper: true });
      expect(r.status).toBe(401);
    });

    it('refuses an event older than the retry window, and a stale request timestamp', async () => {
      const eightHoursAgo = Date.now() - 8 * 3_600_000;
      // Lark keeps header.create_time on its retries; one from 8 h ago is a replay, whatever the request timestamp.
      const old = messageEvent({ ...h.sender.context(), nowMs: eightHoursAgo }, { senderOpenId: alice.openId, chatId: aliceChat, chatType: 'p2p', text: '帮助' });
      const oldEvent = await h.sender.deliver(old);
      expect(oldEvent.status).toBe(401);
      const oldRequest = await h.sender.sendMessage({ senderOpenId: alice.openId, chatId: aliceChat, chatType: 'p2p', text: '帮助' }, { timestamp: Math.floor(eightHoursAgo / 1000) });
      expect(oldRequest.status).toBe(401);
      await sleep(300);
      expect(h.emulator.messages({ sender: 'app' })).toHaveLength(0);
    });

    it('accepts a Lark retry six hours after the event', async () => {
      const sixHoursAgo = Date.now() - 6 * 3_600_000;
      const retried = messageEvent({ ...h.sender.context(), nowMs: sixHoursAgo }, { senderOpenId: alice.openId, chatId: aliceChat, chatType: 'p2p', text: '帮助' });
      const r = await h.sender.deliver(retried);
      expect(r.status).toBe(200);
      await h.emulator.waitForMessages(1, { sender: 'app', chatId: aliceChat });
    });
  });

  describe('messages', () => {
    it('answers the same message delivered four times exactly once', async () => {
      const first = await h.sender.sendMessage({ senderOpenId: alice.openId, chatId: aliceChat, chatType: 'p2p', text: '帮助' });
      expect(first.status).toBe(200);
      const { event_id } = first.envelope.header;
      const message_id = first.envelope.event.message as { message_id: string };
      // twice more with the same event id (Lark retries), once with a new event id (Lark's rare duplicate push)
      for (const eventId of [event_id, event_id, undefined]) {
        const again = await h.sender.sendMessage({ senderOpenId: alice.openId, chatId: aliceChat, chatType: 'p2p', text: '帮助', messageId: message_id.message_id, ...(eventId ? { eventId } : {}) });
        expect(again.status).toBe(200);
      }
      const replies = await h.emulator.waitForMessages(1, { sender: 'app', chatId: aliceChat });
      await sleep(600);
      expect(h.emulator.messages({ sender: 'app', chatId: aliceChat })).toHaveLength(1);
      expect(cardTitle(replies[0]!.content)).toBe('引航 · 帮助');
      expect(replies[0]!.rootId ?? replies[0]!.parentId).toBe(message_id.message_id);
    });

    it('answers unknown text with the help card, in Chinese and English', async () => {
      await h.sender.sendMessage({ senderOpenId: alice.openId, chatId: aliceChat, chatType: 'p2p', text: '今天天气怎么样' });
      const [reply] = await h.emulator.waitForMessages(1, { sender: 'app', chatId: aliceChat });
      const card = reply!.content as { schema: string; body: { elements: { tag: string; content?: string; i18n_content?: { en_us: string } }[] } };
      expectBilingualCard(card);
      const intro = card.body.elements[0]!;
      expect(intro.content).toContain('今天天气怎么样');
      expect(intro.i18n_content?.en_us).toContain('did not understand');
      expect(JSON.stringify(card)).toContain('"c":"help"');
    });

    it('ignores a group message that does not @ the bot, and answers one that does', async () => {
      h.emulator.addGroup({ chatId: 'oc_group_test_000000000001', name: '火炉镇青年群', memberOpenIds: [alice.openId] });
      const plain = await h.sender.sendMessage({ senderOpenId: alice.openId, chatId: 'oc_group_test_000000000001', chatType: 'group', text: '帮助' });
      expect(plain.status).toBe(200);
      // another person named like the bot is not the bot: mentions are matched by open_id
      const namesake = await h.sender.sendMessage({ senderOpenId: alice.openId, chatId: 'oc_group_test_000000000001', chatType: 'group', text: '@_user_1 帮助', mentions: [{ openId: 'ou_someone_else_0000000001', name: '引航' }] });
      expect(namesake.status).toBe(200);
      await sleep(600);
      expect(h.emulator.messages({ sender: 'app', chatId: 'oc_group_test_000000000001' })).toHaveLength(0);
      await h.sender.sendMessage({ senderOpenId: alice.openId, chatId: 'oc_group_test_000000000001', chatType: 'group', text: '@_user_1 帮助', mentions: [{ openId: h.emulator.botOpenId, name: '引航' }] });
      const [reply] = await h.emulator.waitForMessages(1, { sender: 'app', chatId: 'oc_group_test_000000000001' });
      expect(cardTitle(reply!.content)).toBe('引航 · 帮助');
    });

    it('apologises when a handler throws, and serves the next message', async () => {
      await h.sender.sendMessage({ senderOpenId: alice.openId, chatId: aliceChat, chatType: 'p2p', text: 'boom' });
      const [apology] = await h.emulator.waitForMessages(1, { sender: 'app', chatId: aliceChat });
      expect(cardTitle(apology!.content)).toBe('抱歉，出了点问题');
      await h.sender.sendMessage({ senderOpenId: alice.openId, chatId: aliceChat, chatType: 'p2p', text: 'help' });
      const both = await h.emulator.waitForMessages(2, { sender: 'app', chatId: aliceChat });
      expect(cardTitle(both[1]!.content)).toBe('引航 · 帮助');
      const health = await fetch(`${h.app.url}/healthz`);
      expect(health.status).toBe(200);
    });

    it('acknowledges an unknown event type with 200 and does nothing', async () => {
      const envelope = { schema: '2.0', header: { event_id: 'evt_unknown_1', token: h.lark.verificationToken, create_time: String(Date.now()), event_type: 'contact.user.updated_v3', tenant_key: 't', app_id: h.lark.appId }, event: {} };
      const r = await h.sender.deliver(envelope);
      expect(r.status).toBe(200);
    });

    it('runs a bot-menu click as the command named by its event key, once', async () => {
      const menu = v2Envelope(h.sender.context(), 'application.bot.menu_v6', { operator: { operator_id: { open_id: alice.openId } }, event_key: 'help', timestamp: Date.now() });
      expect((await h.sender.deliver(menu)).status).toBe(200);
      expect((await h.sender.deliver(menu)).status).toBe(200);
      const [reply] = await h.emulator.waitForMessages(1, { sender: 'app', receiveOpenId: alice.openId });
      expect(cardTitle(reply!.content)).toBe('引航 · 帮助');
      await sleep(500);
      expect(h.emulator.messages({ sender: 'app', receiveOpenId: alice.openId })).toHaveLength(1);
    });

    it('accepts a v1 envelope message', async () => {
      const v1 = h.sender.v1Event({ type: 'message', event: { open_id: alice.openId, open_message_id: 'om_v1_000000000000000001', open_chat_id: aliceChat, chat_type: 'private', msg_type: 'text', text_without_at_bot: 'help', is_mention: false } });
      const r = await h.sender.deliver(v1);
      expect(r.status).toBe(200);
      const [reply] = await h.emulator.waitForMessages(1, { sender: 'app', chatId: aliceChat });
      expect(cardTitle(reply!.content)).toBe('引航 · 帮助');
    });
  });

  describe('card callbacks', () => {
    it('runs a help-card button for the person who clicked, once per event id', async () => {
      await h.sender.sendMessage({ senderOpenId: alice.openId, chatId: aliceChat, chatType: 'p2p', text: '帮助' });
      const [card] = await h.emulator.waitForMessages(1, { sender: 'app', chatId: aliceChat });
      const click = await h.sender.clickCard({ operatorOpenId: alice.openId, openMessageId: card!.messageId, openChatId: aliceChat, value: { a: 'cmd', c: 'help' } });
      expect(click.status).toBe(200);
      expect(click.body).toMatchObject({ toast: { type: 'success', i18n: { zh_cn: expect.any(String), en_us: expect.any(String) } } });
      await h.emulator.waitForMessages(2, { sender: 'app', chatId: aliceChat });
      const replay = await h.sender.clickCard({ operatorOpenId: alice.openId, openMessageId: card!.messageId, openChatId: aliceChat, value: { a: 'cmd', c: 'help' }, eventId: click.envelope.header.event_id });
      expect(replay.status).toBe(200);
      expect(replay.body).toEqual({});
      await sleep(500);
      expect(h.emulator.messages({ sender: 'app', chatId: aliceChat })).toHaveLength(2);
    });

    it('answers a stale or unknown button with a warning toast', async () => {
      const r = await h.sender.clickCard({ operatorOpenId: alice.openId, openMessageId: 'om_x', openChatId: aliceChat, value: { a: 'no-such-action' } });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ toast: { type: 'warning' } });
    });
  });

  describe('bad bodies get a 4xx with a reason, never a 5xx', () => {
    const cases: [string, () => Promise<Response>, number][] = [
      ['empty', () => post(''), 400],
      ['not JSON', () => post('{"schema": "2.0", '), 400],
      ['an array', () => post('[1,2,3]'), 400],
      ['a string', () => post('"hello"'), 400],
      ['null', () => post('null'), 400],
      ['undecryptable', () => post(JSON.stringify({ encrypt: 'bm90IGEgcmVhbCBjaXBoZXJ0ZXh0IGF0IGFsbCEhISEhIQ==' })), 400],
      ['encrypt not a string', () => post(JSON.stringify({ encrypt: 42 })), 400],
      ['huge', () => post(Buffer.alloc(2 * 1024 * 1024, 'a')), 413],
      ['unsigned event', () => post(JSON.stringify({ schema: '2.0', header: { event_id: 'x', event_type: 'im.message.receive_v1', token: 't' }, event: {} })), 401],
    ];
    it.each(cases)('%s', async (_name, send, status) => {
      const res = await send();
      expect(res.status).toBe(status);
      const body = (await res.json()) as { error?: string };
      expect(body.error).toEqual(expect.any(String));
    });

    it('refuses an encrypted, signed envelope that is not a Lark event', async () => {
      const r = await h.sender.deliver({ hello: 'world' });
      expect(r.status).toBe(400);
    });

    it('refuses a signed message event without ids', async () => {
      const r = await h.sender.deliver({ schema: '2.0', header: { event_id: 'e-no-ids', token: h.lark.verificationToken, create_time: String(Date.now()), event_type: 'im.message.receive_v1' }, event: { message: {} } });
      expect(r.status).toBe(400);
    });

    it('refuses an event with the wrong verification token even when correctly signed', async () => {
      const r = await h.sender.deliver({ schema: '2.0', header: { event_id: 'e-bad-token', token: 'wrong', create_time: String(Date.now()), event_type: 'im.message.receive_v1' }, event: {} });
      expect(r.status).toBe(401);
    });

    it('keeps the encrypted-body path honest: a payload encrypted with another key is refused', async () => {
      const res = await post(JSON.stringify({ encrypt: encryptForLark('some other key', '{"type":"url_verification","challenge":"x","token":"y"}') }));
      expect(res.status).toBe(400);
    });
  });

  describe('operations', () => {
    it('reports ready with Postgres and Redis up, and exposes metrics', async () => {
      expect((await fetch(`${h.app.url}/readyz`)).status).toBe(200);
      const metrics = await (await fetch(`${h.app.url}/metrics`)).text();
      expect(metrics).toContain('yinhang_lark_events_total');
      expect(metrics).toMatch(/yinhang_lark_events_total\{type="im.message.receive_v1",outcome="queued"\} \d+/);
      expect(metrics).toContain('yinhang_handler_duration_seconds_bucket');
      expect(metrics).toContain('yinhang_outbox_depth');
      expect(metrics).toMatch(/yinhang_outbox_sends_total\{result="sent",code="0"\} \d+/);
    });

    it('has no console outside playground mode', async () => {
      expect((await fetch(`${h.app.url}/`)).status).toBe(404);
    });
  });
});
