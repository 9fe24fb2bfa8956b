import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as lark from '@larksuiteoapi/node-sdk';
import type { LarkEmulator } from '../../../src/emulator/lark-emulator';
import { card2, failure, sdkClient, startEmulator } from './helpers';

describe('LarkEmulator Open API through the real SDK Client', () => {
  let emu: LarkEmulator;
  let client: lark.Client;
  beforeAll(async () => {
    // Limits are exercised in limits-faults.test.ts; here they would only make the test timing-dependent.
    emu = await startEmulator({ botName: 'Yinhang', limits: { perReceiverPerSecond: 1000 } });
    emu.addUser({ openId: 'ou_alice', name: '李明', enName: 'Alice', email: 'alice@huolu.gov', userId: 'u_alice' });
    emu.addUser({ openId: 'ou_bob', name: 'Bob' });
    emu.addGroup({ chatId: 'oc_group', name: 'Mentors', memberOpenIds: ['ou_alice', 'ou_bob'] });
    client = sdkClient(emu);
  });
  afterAll(() => emu.close());

  it('issues tenant tokens and guards every other route', async () => {
    const post = (body: unknown) => fetch(`${emu.url}/open-apis/auth/v3/tenant_access_token/internal`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const ok = await post({ app_id: emu.appId, app_secret: 'secret' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ code: 0, msg: 'ok', tenant_access_token: expect.stringMatching(/^t-/), expire: 7200 });
    const bad = await post({ app_id: emu.appId, app_secret: 'nope' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 10014 });
    const missing = await fetch(`${emu.url}/open-apis/bot/v3/info`);
    expect([missing.status, ((await missing.json()) as { code: number }).code]).toEqual([400, 99991661]);
    const invalid = await fetch(`${emu.url}/open-apis/bot/v3/info`, { headers: { authorization: 'Bearer t-forged' } });
    expect([invalid.status, ((await invalid.json()) as { code: number }).code]).toEqual([400, 99991663]);
  });

  it('answers bot info with `bot` at the top level', async () => {
    const res = await client.request<{ code: number; bot: { open_id: string; app_name: string } }>({ method: 'GET', url: '/open-apis/bot/v3/info' });
    expect(res).toMatchObject({ code: 0, bot: { open_id: emu.botOpenId, app_name: 'Yinhang', activate_status: 2 } });
  });

  it('sends a card to an open_id into the p2p chat, and a text to a group', async () => {
    const res = await client.im.message.create({ params: { receive_id_type: 'open_id' }, data: { receive_id: 'ou_alice', msg_type: 'interactive', content: JSON.stringify(card2('hello')) } });
    expect(res.code).toBe(0);
    expect(res.data).toMatchObject({ message_id: expect.stringMatching(/^om_/), chat_id: emu.p2pChatId('ou_alice'), msg_type: 'interactive', sender: { sender_type: 'app' } });
    const text = await client.im.message.create({ params: { receive_id_type: 'chat_id' }, data: { receive_id: 'oc_group', msg_type: 'text', content: JSON.stringify({ text: 'hi all' }) } });
    expect(text.data?.chat_id).toBe('oc_group');
    const byEmail = await client.im.message.create({ params: { receive_id_type: 'email' }, data: { receive_id: 'alice@huolu.gov', msg_type: 'text', content: '{"text":"by email"}' } });
    expect(byEmail.data?.chat_id).toBe(emu.p2pChatId('ou_alice'));

    const toAlice = emu.messages({ receiveOpenId: 'ou_alice' });
    expect(toAlice.map((m) => m.content)).toEqual([card2('hello'), { text: 'by email' }]);
    expect(toAlice[0]).toMatchObject({ sender: 'app', chatType: 'p2p', msgType: 'interactive', messageId: res.data?.message_id });
    expect(emu.messages({ chatId: 'oc_group' })).toHaveLength(1);
  });

  it('replies into the message chat and patches shared cards', async () => {
    const sent = await client.im.message.create({ params: { receive_id_type: 'open_id' }, data: { receive_id: 'ou_bob', msg_type: 'interactive', content: JSON.stringify(card2('v1')) } });
    const id = sent.data?.message_id ?? '';
    const reply = await client.im.message.reply({ path: { message_id: id }, data: { msg_type: 'text', content: '{"text":"a reply"}' } });
    expect(reply.data).toMatchObject({ chat_id: sent.data?.chat_id, root_id: id, parent_id: id });

    const before = emu.messages({ receiveOpenId: 'ou_bob' })[0];
    await client.im.message.patch({ path: { message_id: id }, data: { content: JSON.stringify(card2('v2')) } });
    const after = emu.messages({ receiveOpenId: 'ou_bob' })[0];
    expect(after?.content).toEqual(card2('v2'));
    expect(after?.version).toBeGreaterThan(before?.version ?? Infinity);

    const textId = reply.data?.message_id ?? '';
    expect(await failure(client.im.message.patch({ path: { message_id: textId }, data: { content: JSON.stringify(card2('x')) } }))).toMatchObject({ status: 400, code: 230001 });
    expect((await failure(client.im.message.patch({ path: { message_id: id }, data: { content: '{"elements":[]}' } }))).code).toBe(230099);
    expect((await failure(client.im.message.patch({ path: { message_id: 'om_missing' }, data: { content: JSON.stringify(card2('x')) } }))).code).toBe(230011);
  });

  it('rejects unknown receivers and messages with Lark codes', async () => {
    const send = (type: 'open_id' | 'chat_id', id: string) => client.im.message.create({ params: { receive_id_type: type }, data: { receive_id: id, msg_type: 'text', content: '{"text":"x"}' } });
    expect(await failure(send('open_id', 'ou_nobody'))).toMatchObject({ status: 400, code: 230013 });
    expect(await failure(send('chat_id', 'oc_nowhere'))).toMatchObject({ status: 400, code: 230002 });
    expect(await failure(client.im.message.reply({ path: { message_id: 'om_nope' }, data: { msg_type: 'text', content: '{"text":"x"}' } }))).toMatchObject({ status: 400, code: 230011 });
  });

  it('the same uuid twice delivers once and answers the original message_id', async () => {
    const send = () => client.im.message.create({ params: { receive_id_type: 'chat_id' }, data: { receive_id: 'oc_group', msg_type: 'text', content: '{"text":"once"}', uuid: 'outbox-42' } });
    const before = emu.messages({ chatId: 'oc_group' }).length;
    const a = await send();
    const b = await send();
    expect(b.data?.message_id).toBe(a.data?.message_id);
    expect(emu.messages({ chatId: 'oc_group' })).toHaveLength(before + 1);
    expect(emu.requestLog.filter((r) => r.uuid === 'outbox-42').map((r) => r.status)).toEqual([200, 200]);
  });

  it('checks cards and text sizes with the right codes', async () => {
    const sendCard = (c: unknown) => client.im.message.create({ params: { receive_id_type: 'open_id' }, data: { receive_id: 'ou_alice', msg_type: 'interactive', content: JSON.stringify(c) } });
    expect(await failure(sendCard({ ...card2('x'), schema: '1.0' }))).toMatchObject({ status: 400, code: 230099 });
    expect((await failure(sendCard(card2('x'.repeat(31_000))))).code).toBe(230025);
    const submit = { tag: 'button', name: 'go', form_action_type: 'submit' };
    const unnamed = await failure(sendCard({ schema: '2.0', body: { elements: [{ tag: 'form', name: 'f', elements: [{ tag: 'input' }, submit] }] } }));
    expect(unnamed).toMatchObject({ code: 230099, msg: expect.stringContaining('input has no name') });
    const noSubmit = await failure(sendCard({ schema: '2.0', body: { elements: [{ tag: 'form', name: 'f', elements: [{ tag: 'input', name: 'a' }] }] } }));
    expect(noSubmit).toMatchObject({ code: 230099, msg: expect.stringContaining('submit') });
    const bigText = client.im.message.create({ params: { receive_id_type: 'open_id' }, data: { receive_id: 'ou_alice', msg_type: 'text', content: JSON.stringify({ text: 'x'.repeat(151 * 1024) }) } });
    expect((await failure(bigText)).code).toBe(230025);
  });
});
