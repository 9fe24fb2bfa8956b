// SIGKILL while one message is being handled or answered (reliability.md §7, "kill" scenarios, at the scale of one
// event): another instance finishes the work, and the person gets exactly one answer.
import { describe, expect, it } from 'vitest';
import { registry as defaultRegistry } from '../../../handlers/index';
import { card, markdown, t } from '../../../src/lark/cards/card-kit';
import type { Registry } from '../../../src/context';
import { privateServersMissing } from '../../helpers/private-servers';
import { cardTitle, eventually, sleep } from '../../helpers/test-app';
import { startFaultWorld } from './fault-world';

// The survivor knows `hang` as a quick command: the message a killed instance was handling gets answered by it.
const survivorRegistry: Registry = {
  ...defaultRegistry,
  commands: [
    ...defaultRegistry.commands,
    { name: 'hang', words: ['hang'], label: t('挂起', 'Hang'), description: t('', ''), run: async (ctx) => ctx.reply(card({ title: t('已处理', 'Handled'), elements: [markdown(t('好', 'ok'))] })) },
  ],
};
const user = { openId: 'ou_crash_user_000000000001', name: '陆晨曦' };

describe.skipIf(privateServersMissing())('a killed instance loses nothing and repeats nothing', () => {
  it('an event a killed instance was handling is handled once, by another instance', async () => {
    const w = await startFaultWorld();
    const chatId = (await w.addPeople([user]))[user.openId]!;
    const child = await w.spawnChild({ hang: true });
    const sender = w.emulator.connectApp({ webhookUrl: `${child.url}/webhook/event`, encryptKey: w.lark.encryptKey, verificationToken: w.lark.verificationToken });
    const sent = await sender.sendMessage({ senderOpenId: user.openId, chatId, chatType: 'p2p', text: 'hang' });
    expect(sent.status).toBe(200);
    await child.waitFor('HANDLING');
    await child.kill();

    const survivor = await w.harness({ registry: survivorRegistry });
    const [reply] = await w.emulator.waitForMessages(1, { sender: 'app', chatId }, 20_000);
    expect(cardTitle(reply!.content)).toBe('已处理');
    await sleep(800);
    expect(w.emulator.messages({ sender: 'app', chatId })).toHaveLength(1);
    // The killed instance's transaction never committed: the event was handled once, in one attempt.
    const row = await survivor.app.db.db.selectFrom('inbox').select(['status', 'attempts']).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'done', attempts: 1 });
  }, 120_000);

  it('a reply sent by an instance killed before it could mark it is not sent twice', async () => {
    const w = await startFaultWorld();
    const chatId = (await w.addPeople([user]))[user.openId]!;
    // The first send is stored by "Lark" but its answer is held back; the instance dies waiting for it.
    w.emulator.inject({ kind: 'hold-after-deliver', ms: 30_000, times: 1 });
    const child = await w.spawnChild({ options: { outboxLeaseMs: 1_500 } });
    const sender = w.emulator.connectApp({ webhookUrl: `${child.url}/webhook/event`, encryptKey: w.lark.encryptKey, verificationToken: w.lark.verificationToken });
    await sender.sendMessage({ senderOpenId: user.openId, chatId, chatType: 'p2p', text: '帮助' });
    await w.emulator.waitForMessages(1, { sender: 'app', chatId }, 20_000);
    await child.kill();

    const survivor = await w.harness({ outboxLeaseMs: 1_500 });
    const sent = await eventually(async () => {
      const rows = await survivor.app.db.db.selectFrom('outbox').select(['status', 'attempts', 'id']).execute();
      return rows.length === 1 && rows[0]!.status === 'sent' ? rows[0] : undefined;
    }, 15_000, 'the outbox row to be marked sent by the survivor');
    expect(sent.attempts).toBe(2);
    const posts = w.emulator.requestLog.filter((r) => r.method === 'POST' && r.path.includes('/reply'));
    expect(posts).toHaveLength(2);
    expect(new Set(posts.map((p) => p.uuid))).toEqual(new Set([sent.id]));
    expect(w.emulator.messages({ sender: 'app', chatId })).toHaveLength(1);
  }, 120_000);
});
