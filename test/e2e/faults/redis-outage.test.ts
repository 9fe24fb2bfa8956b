// Scenario 2 (reliability.md §7, "Redis restart"): the private redis-server is killed under traffic and started
// again. Redis holds sessions, rate buckets and the 429 pause; none of it may stop the bot from answering: dedupe is
// Postgres's inbox, the buckets fall back to a local limiter. /readyz tells the load balancer what is going on.
import { describe, expect, it } from 'vitest';
import { privateServersMissing } from '../../helpers/private-servers';
import { cardTitle, eventually, sleep } from '../../helpers/test-app';
import { readiness, repliesTo, startFaultWorld, startTraffic } from './fault-world';

const people = Array.from({ length: 16 }, (_, i) => ({ openId: `ou_redis_outage_${String(i).padStart(10, '0')}`, name: `干部${i}` }));

describe.skipIf(privateServersMissing())('Redis killed and restarted under traffic', () => {
  it('keeps answering every message exactly once, says it is not ready while Redis is down, and ready after', async () => {
    const w = await startFaultWorld({ retryDelaysMs: [500, 1_000, 2_000] });
    const chats = await w.addPeople(people);
    const child = await w.spawnChild();
    const sender = w.emulator.connectApp({ webhookUrl: `${child.url}/webhook/event`, encryptKey: w.lark.encryptKey, verificationToken: w.lark.verificationToken });
    expect(await readiness(child.url)).toEqual({ status: 200 });

    const traffic = startTraffic(sender, people.map((p) => ({ openId: p.openId, chatId: chats[p.openId]! })), { everyMs: 200, phase: 'before', retry: true });
    await sleep(1_000);
    await w.redis.kill();
    traffic.phase = 'down';
    const down = await eventually(async () => {
      const r = await readiness(child.url);
      return r.status === 503 ? r : undefined;
    }, 20_000, '/readyz to say not ready');
    expect(down.reason).toMatch(/^redis/);

    // Lark pushes one message twice while Redis is away (a retry after a lost answer): Postgres still dedupes.
    const dup = await sender.sendMessage({ senderOpenId: people[0]!.openId, chatId: chats[people[0]!.openId]!, chatType: 'p2p', text: '帮助' });
    expect(dup.status).toBe(200);
    expect((await sender.deliver(dup.envelope)).status).toBe(200);
    const dupId = (dup.envelope.event.message as { message_id: string }).message_id;

    await sleep(2_000);
    // Answered while Redis is still down, not merely once it is back.
    const sentWhileDown = traffic.results.filter((r) => r.phase === 'down').map((r) => r.messageId).concat(dupId);
    expect(sentWhileDown.length).toBeGreaterThan(5);
    await eventually(() => sentWhileDown.every((id) => repliesTo(w.emulator, id).length > 0), 20_000, 'answers to the messages sent while Redis is down');
    expect((await readiness(child.url)).status).toBe(503);

    await w.redis.start();
    traffic.phase = 'after';
    await eventually(async () => (await readiness(child.url)).status === 200, 15_000, '/readyz to say ready again');
    await sleep(1_000);
    const results = await traffic.stop();

    // Every push accepted, none refused: only a push that timed out on this busy machine (0) may have needed Lark's retry.
    expect(results.filter((r) => r.status !== 200 || ![200, 0].includes(r.firstStatus))).toEqual([]);
    expect(new Set(results.map((r) => r.phase))).toEqual(new Set(['before', 'down', 'after']));
    const all = [...results.map((r) => r.messageId), dupId];
    await eventually(() => all.every((id) => repliesTo(w.emulator, id).length > 0), 20_000, 'an answer to every message');
    await sleep(1_000); // a duplicate answer would arrive about now
    const counts = all.map((id) => repliesTo(w.emulator, id).length);
    expect(counts.every((n) => n === 1)).toBe(true);
    expect(new Set(all.map((id) => cardTitle(repliesTo(w.emulator, id)[0]!.content)))).toEqual(new Set(['引航 · 帮助']));
    expect(w.emulator.messages({ sender: 'app' })).toHaveLength(all.length);
    expect(await w.outboxCounts()).toEqual({ sent: all.length });
    // no crash: the same process answered throughout
    expect(child.process.exitCode).toBeNull();
    expect(child.process.signalCode).toBeNull();
    const lag = (phase: string): number => Math.max(...results.filter((r) => r.phase === phase).map((r) => repliesTo(w.emulator, r.messageId)[0]!.createdAt - r.sentAt));
    console.log(`[faults] redis outage: ${all.length} messages, slowest answer before ${lag('before')} ms, while down ${lag('down')} ms, after ${lag('after')} ms`);
    // People notice a bot that takes ten seconds (each Redis call once waited a second for a reconnect, several per
    // send round); once the outage is known the calls fail at once and fall back. Generous for a loaded machine.
    expect(lag('down')).toBeLessThan(5_000);
  }, 120_000);
});
