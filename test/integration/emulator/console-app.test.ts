import { createDecipheriv, createHash } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type * as lark from '@larksuiteoapi/node-sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LarkEmulator } from '../../../src/emulator/lark-emulator';
import { card2, sdkClient, startEmulator } from './helpers';

const ENCRYPT_KEY = 'console-test-key';
const VTOKEN = 'console-vtoken';

// A miniature bot: checks the signature over raw bytes, decrypts, echoes messages through the SDK, answers card
// clicks with a toast and a new card, then uses the callback token for a delayed update — the loop the playground runs.
describe('LarkEmulator user side: say, click and the /_emulator console API', () => {
  let emu: LarkEmulator;
  let client: lark.Client;
  let app: Server;
  const events: Array<Record<string, any>> = [];
  let failNext = 0;
  let badCard = false;
  // The app's own Open API calls after it answered; each test waits for them before the next reset.
  const pending = new Set<Promise<unknown>>();
  const appErrors: unknown[] = [];
  const later = (call: () => Promise<unknown>, delayMs = 0): void => {
    const p = new Promise((r) => setTimeout(r, delayMs)).then(call).catch((err: unknown) => { appErrors.push(err); });
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };

  beforeAll(async () => {
    emu = await startEmulator({ botName: 'Yinhang', retryDelaysMs: [50], limits: { perReceiverPerSecond: 1000 } });
    emu.addUser({ openId: 'ou_a', name: 'Alice' });
    emu.addUser({ openId: 'ou_b', name: 'Bob' });
    emu.addGroup({ chatId: 'oc_team', name: 'Team', memberOpenIds: ['ou_a', 'ou_b'] });
    client = sdkClient(emu);
    const web = express();
    web.post('/lark', express.raw({ type: '*/*' }), (req, res) => {
      const sig = createHash('sha256').update(`${req.get('x-lark-request-timestamp')}${req.get('x-lark-request-nonce')}${ENCRYPT_KEY}`).update(req.body as Buffer).digest('hex');
      if (sig !== req.get('x-lark-signature')) { res.status(401).end(); return; }
      if (failNext > 0) { failNext -= 1; res.status(500).end(); return; }
      const payload = JSON.parse(decrypt(JSON.parse((req.body as Buffer).toString()).encrypt)) as Record<string, any>;
      if (payload.header?.token !== VTOKEN) { res.status(401).end(); return; }
      events.push(payload);
      if (payload.header.event_type === 'im.message.receive_v1') {
        res.json({});
        const { message_id: id, content } = payload.event.message;
        later(() => client.im.message.reply({ path: { message_id: id }, data: { msg_type: 'text', content: JSON.stringify({ text: `echo: ${JSON.parse(content).text}` }) } }));
        return;
      }
      const { token } = payload.event;
      res.json({ toast: { type: 'success', content: 'Got it' }, card: { type: 'raw', data: badCard ? { elements: [] } : card2('decided') } });
      // Delayed update only after the callback was answered (delay-update doc: earlier updates fail or revert).
      if (!badCard) later(() => client.request({ method: 'POST', url: '/open-apis/interactive/v1/card/update', data: { token, card: card2('later') } }), 20);
    });
    app = web.listen(0, '127.0.0.1');
    await new Promise((r) => app.once('listening', r));
    emu.connectApp({ webhookUrl: `http://127.0.0.1:${(app.address() as AddressInfo).port}/lark`, encryptKey: ENCRYPT_KEY, verificationToken: VTOKEN });
  });
  afterAll(async () => {
    await Promise.allSettled([...pending]);
    expect(appErrors).toEqual([]);
    await emu.close();
    await new Promise<void>((r) => { app.closeAllConnections(); app.close(() => r()); });
  });
  beforeEach(async () => {
    await Promise.allSettled([...pending]);
    expect(appErrors).toEqual([]);
    events.length = 0; failNext = 0; badCard = false; emu.reset();
  });

  const api = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const res = await fetch(`${emu.url}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  it('a p2p message reaches the app, and its reply lands in the same chat', async () => {
    const said = await emu.say('ou_a', '你好');
    expect(said).toMatchObject({ delivered: true, status: 200, chatId: emu.p2pChatId('ou_a') });
    const chat = await emu.waitForMessages(2, { chatId: said.chatId });
    expect(chat.map((m) => [m.sender, m.content])).toEqual([['user', { text: '你好' }], ['app', { text: 'echo: 你好' }]]);
    expect(chat[1]?.parentId).toBe(said.messageId);
    expect(events[0]?.event).toMatchObject({ sender: { sender_id: { open_id: 'ou_a' } }, message: { message_id: said.messageId, chat_type: 'p2p' } });
  });

  it('"@bot" in a group becomes a real mention; a group message without it is not delivered', async () => {
    const quiet = await emu.say('ou_b', 'just chatting', 'oc_team');
    expect(quiet).toMatchObject({ delivered: false, reason: 'group message without @bot' });
    const said = await emu.say('ou_b', '@bot help', 'oc_team');
    expect(said.delivered).toBe(true);
    const message = events.at(-1)?.event.message;
    expect(events).toHaveLength(1);
    expect(message).toMatchObject({ chat_type: 'group', chat_id: 'oc_team', content: '{"text":"@_user_1 help"}' });
    expect(message.mentions).toEqual([expect.objectContaining({ key: '@_user_1', name: 'Yinhang', id: expect.objectContaining({ open_id: emu.botOpenId }) })]);
    const group = await emu.waitForMessages(3, { chatId: 'oc_team' });
    expect(group[1]).toMatchObject({ sender: 'user', mentions: [{ key: '@_user_1', openId: emu.botOpenId, name: 'Yinhang' }] });
    expect(group[2]?.content).toEqual({ text: 'echo: @_user_1 help' });
  });

  it('a failed push is retried like Lark, with the same message', async () => {
    failNext = 1;
    const said = await emu.say('ou_a', 'retry me');
    expect(said).toMatchObject({ delivered: false, status: 500 });
    const chat = await emu.waitForMessages(2, { chatId: said.chatId });
    expect(chat[1]?.content).toEqual({ text: 'echo: retry me' });
    expect(events.map((e) => e.event.message.message_id)).toEqual([said.messageId]);
  });

  it('drives the same flow over HTTP, with a version cursor for new and updated messages', async () => {
    const { body: p2p } = await api('GET', '/_emulator/p2p/ou_b');
    const first = await api('GET', `/_emulator/chats/${p2p.chatId}/messages`);
    expect(first.body.messages).toEqual([]);
    const said = await api('POST', '/_emulator/users/ou_b/say', { text: 'ping' });
    expect(said.body).toMatchObject({ delivered: true, chatId: p2p.chatId });
    await emu.waitForMessages(2, { chatId: p2p.chatId });
    const next = await api('GET', `/_emulator/chats/${p2p.chatId}/messages?after=${first.body.cursor}`);
    expect(next.body.messages.map((m: { content: unknown }) => m.content)).toEqual([{ text: 'ping' }, { text: 'echo: ping' }]);
    const again = await api('GET', `/_emulator/chats/${p2p.chatId}/messages?after=${next.body.cursor}`);
    expect(again.body.messages).toEqual([]);
    expect((await api('GET', '/_emulator/users')).body.users.map((u: { openId: string }) => u.openId)).toEqual(['ou_a', 'ou_b']);
    expect((await api('POST', '/_emulator/users/ou_nobody/say', { text: 'x' })).status).toBe(404);
  });

  it('a click sends card.action.trigger, applies the answered card, returns the toast, and honours the token', async () => {
    const sent = await client.im.message.create({ params: { receive_id_type: 'open_id' }, data: { receive_id: 'ou_a', msg_type: 'interactive', content: JSON.stringify(card2('pending')) } });
    const id = sent.data?.message_id ?? '';
    const res = await api('POST', `/_emulator/messages/${id}/click`, { openId: 'ou_a', value: { action: 'approve', request: 7 }, formValue: { reason: 'ok' } });
    expect(res.body).toEqual({ ok: true, status: 200, cardUpdated: true, toast: { type: 'success', content: 'Got it' } });
    expect(events[0]?.event).toMatchObject({ operator: { open_id: 'ou_a' }, action: { value: { action: 'approve', request: 7 }, form_value: { reason: 'ok' } }, context: { open_message_id: id } });
    expect(emu.messages({ receiveOpenId: 'ou_a' })[0]?.content).toEqual(card2('decided'));
    await until(() => JSON.stringify(emu.messages({ receiveOpenId: 'ou_a' })[0]?.content) === JSON.stringify(card2('later')));
    expect(emu.requestLog.filter((r) => r.path === '/open-apis/interactive/v1/card/update').map((r) => r.code)).toEqual([0]);
  });

  it('a malformed card in the callback answer is reported (200672) and not applied', async () => {
    badCard = true;
    const sent = await client.im.message.create({ params: { receive_id_type: 'open_id' }, data: { receive_id: 'ou_b', msg_type: 'interactive', content: JSON.stringify(card2('pending')) } });
    const result = await emu.click(sent.data?.message_id ?? '', { openId: 'ou_b', value: { x: 1 } });
    expect(result).toMatchObject({ ok: false, errorCode: 200672, cardUpdated: false });
    expect(emu.messages({ receiveOpenId: 'ou_b' })[0]?.content).toEqual(card2('pending'));
  });

  it('waitForMessages fails with a list of what it saw', async () => {
    await emu.say('ou_a', 'only one');
    await emu.waitForMessages(2, { receiveOpenId: 'ou_a' });
    await expect(emu.waitForMessages(3, { receiveOpenId: 'ou_a' }, 100)).rejects.toThrow(/wanted 3 .* saw 2[\s\S]*user text[\s\S]*echo: only one/);
  });
});

async function until(cond: () => boolean, timeoutMs = 2_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function decrypt(encrypted: string): string {
  const key = createHash('sha256').update(ENCRYPT_KEY).digest();
  const buf = Buffer.from(encrypted, 'base64');
  const d = createDecipheriv('aes-256-cbc', key, buf.subarray(0, 16));
  return Buffer.concat([d.update(buf.subarray(16)), d.final()]).toString('utf8');
}
