// Scenario 6 (reliability.md §7, "graceful shutdown"): src/main.ts gets SIGTERM (a deploy) while Lark pushes a steady
// stream of messages. An event it answered 200 is Lark's promise to the user that it will be handled: each one is
// answered exactly once, by the stopping instance before it exits or by the next one after. Events it refused (503
// while draining, or no answer once it stopped listening) are Lark's to deliver again, to the next instance.
import { describe, expect, it } from 'vitest';
import { registry as defaultRegistry } from '../../../handlers/index';
import { card, markdown, t } from '../../../src/lark/cards/card-kit';
import type { Registry } from '../../../src/context';
import { privateServersMissing } from '../../helpers/private-servers';
import { cardTitle, eventually, sleep } from '../../helpers/test-app';
import { repliesTo, startFaultWorld, startTraffic } from './fault-world';

const people = Array.from({ length: 12 }, (_, i) => ({ openId: `ou_sigterm_${String(i).padStart(14, '0')}`, name: `干部${i}` }));

describe.skipIf(privateServersMissing())('SIGTERM under load', () => {
  it('loses no event it accepted: each is answered once, before the exit or by the next instance', async () => {
    const w = await startFaultWorld();
    const chats = await w.addPeople(people);
    const a = await w.spawnMain();
    const toA = w.emulator.connectApp({ webhookUrl: `${a.url}/webhook/event`, encryptKey: w.lark.encryptKey, verificationToken: w.lark.verificationToken });
    const traffic = startTraffic(toA, people.map((p) => ({ openId: p.openId, chatId: chats[p.openId]! })), { everyMs: 40, phase: 'up' });
    await eventually(() => traffic.results.filter((r) => r.status === 200).length >= 15, 30_000, '15 events accepted before the SIGTERM');
    const termAt = Date.now();
    const exitedAt = a.exited.then(() => Date.now());
    a.process.kill('SIGTERM');
    traffic.phase = 'stopping';
    await sleep(1_000);
    const results = await traffic.stop();
    const code = await a.exited;
    const exitMs = (await exitedAt) - termAt;
    expect(code).toBe(0);
    expect(a.logs().map((l) => l.msg)).toEqual(expect.arrayContaining(['signal received', 'stopped']));
    const answeredByA = new Set(w.emulator.messages({ sender: 'app' }).map((m) => m.parentId));

    const accepted = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status !== 200);
    // Only refusals Lark retries: 503 while draining, or no answer at all once the port is closed.
    expect(refused.every((r) => r.status === 503 || r.status === 0)).toBe(true);
    expect(refused.length).toBeGreaterThan(0);

    const b = await w.harness();
    // Lark delivers what was refused again; it reaches B now.
    for (const r of refused) expect((await b.sender.deliver(r.envelope)).status).toBe(200);
    const all = results.map((r) => r.messageId);
    await eventually(() => all.every((id) => repliesTo(w.emulator, id).length > 0), 30_000, 'an answer to every event');
    await sleep(1_000); // a duplicate answer would arrive about now
    const counts = all.map((id) => repliesTo(w.emulator, id).length);
    expect(counts.every((n) => n === 1)).toBe(true);
    expect(w.emulator.messages({ sender: 'app' })).toHaveLength(all.length);
    const inbox = await w.db.db.selectFrom('inbox').select(['status']).execute();
    expect(inbox).toHaveLength(all.length);
    expect(inbox.every((r) => r.status === 'done')).toBe(true);
    expect(await w.outboxCounts()).toEqual({ sent: all.length });
    const leftToB = accepted.filter((r) => !answeredByA.has(r.messageId)).length;
    console.log(`[faults] SIGTERM: ${results.length} pushes, ${accepted.length} accepted (${accepted.length - leftToB} answered by A, ${leftToB} left to B), ` +
      `${refused.length} refused and re-delivered; A exited in ${exitMs} ms`);
  }, 120_000);

  it('drains on stop: the handler under way finishes, its reply is kept and sent once', async () => {
    let started = false;
    const registry: Registry = {
      ...defaultRegistry,
      commands: [...defaultRegistry.commands, {
        name: 'slow', words: ['slow'], label: t('慢', 'Slow'), description: t('', ''),
        run: async (ctx) => {
          started = true;
          await sleep(1_500);
          ctx.reply(card({ title: t('慢慢来', 'Took a while'), elements: [markdown(t('好了', 'done'))] }));
        },
      }],
    };
    const w = await startFaultWorld();
    const user = people[0]!;
    const chatId = (await w.addPeople([user]))[user.openId]!;
    const first = await w.harness({ registry });
    await first.sender.sendMessage({ senderOpenId: user.openId, chatId, chatType: 'p2p', text: 'slow' });
    await eventually(() => started, 10_000, 'the slow handler to start');
    await first.app.stop();
    // The handler was not cut short: its event is done, with the reply it queued.
    expect(await w.db.db.selectFrom('inbox').select('status').execute()).toEqual([{ status: 'done' }]);
    await w.harness({ registry });
    const [reply] = await w.emulator.waitForMessages(1, { sender: 'app', chatId }, 20_000);
    expect(cardTitle(reply!.content)).toBe('慢慢来');
    await sleep(500);
    expect(w.emulator.messages({ sender: 'app', chatId })).toHaveLength(1);
    expect(await w.outboxCounts()).toEqual({ sent: 1 });
  }, 120_000);
});
