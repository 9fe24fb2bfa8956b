// Scenario 5 (reliability.md §7, "replay"): someone who captured yesterday's push from Lark sends it again. It is
// correctly signed — the signature covers the timestamp, so a replay must keep yesterday's — and it is refused: no
// handler runs, nothing is stored, nobody gets a message.
import { describe, expect, it } from 'vitest';
import { registry as defaultRegistry } from '../../../handlers/index';
import { card, markdown, t } from '../../../src/lark/cards/card-kit';
import { LarkEventSender } from '../../../src/emulator/lark-event-sender';
import type { Registry } from '../../../src/context';
import { privateServersMissing } from '../../helpers/private-servers';
import { eventually, sleep } from '../../helpers/test-app';
import { startFaultWorld } from './fault-world';

const DAY_MS = 24 * 3_600_000;
const user = { openId: 'ou_replay_user_00000000001', name: '韩若溪' };

describe.skipIf(privateServersMissing())('an event replayed a day later', () => {
  it('is refused with 401 before any handler runs, and nothing is stored', async () => {
    const handled: string[] = [];
    const registry: Registry = {
      ...defaultRegistry,
      commands: [...defaultRegistry.commands, {
        name: 'transfer', words: ['转账'], label: t('转账', 'Transfer'), description: t('', ''),
        run: async (ctx) => {
          handled.push(ctx.event.eventId);
          ctx.reply(card({ title: t('已办理', 'Done'), elements: [markdown(t('好', 'ok'))] }));
        },
      }],
    };
    const w = await startFaultWorld();
    const chatId = (await w.addPeople([user]))[user.openId]!;
    const h = await w.harness({ registry });
    const webhookUrl = `${h.app.url}/webhook/event`;
    // Lark's side as it was yesterday: the same app, keys and signing, a clock a day behind.
    const yesterday = new LarkEventSender({
      webhookUrl, appId: w.lark.appId, encryptKey: w.lark.encryptKey, verificationToken: w.lark.verificationToken, now: () => Date.now() - DAY_MS,
    });
    const message = { senderOpenId: user.openId, chatId, chatType: 'p2p' as const, text: '转账' };

    const replay = await yesterday.sendMessage(message);
    expect(replay.status).toBe(401);
    expect(replay.body).toEqual({ error: expect.stringMatching(/stale|older/) });
    expect(Number(replay.history[0]!.timestamp)).toBeLessThan(Date.now() / 1000 - DAY_MS / 1000 + 60);
    // Defence in depth: signed afresh (which only Lark could do), yesterday's event still shows its age (create_time).
    const resigned = await yesterday.sendMessage(message, { timestamp: Math.floor(Date.now() / 1000) });
    expect(resigned.status).toBe(401);
    expect(resigned.body).toEqual({ error: expect.stringMatching(/older/) });

    await sleep(500);
    expect(handled).toEqual([]);
    expect(await w.db.db.selectFrom('inbox').selectAll().execute()).toEqual([]);
    expect(await w.db.db.selectFrom('outbox').selectAll().execute()).toEqual([]);
    expect(w.emulator.messages({ sender: 'app' })).toEqual([]);

    // The same message pushed today goes through: the refusal above was about its age, nothing else.
    const today = await h.sender.sendMessage(message);
    expect(today.status).toBe(200);
    await eventually(() => handled.length === 1, 20_000, 'the handler to run for today\'s push');
    await w.emulator.waitForMessages(1, { sender: 'app', chatId }, 20_000);
  }, 60_000);
});
