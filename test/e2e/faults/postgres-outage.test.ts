// Scenario 3 (reliability.md §7, "Postgres restart / crash"): the private Postgres crashes (`pg_ctl stop -m
// immediate`) under an instance that stays up, then comes back. While it is away the webhook cannot store events, so
// it answers 503 and Lark keeps them; Lark's retries after the restart are handled, each exactly once. The process
// survives its pool's broken connections (the pg Pool 'error' listener).
import { describe, expect, it } from 'vitest';
import { privateServersMissing } from '../../helpers/private-servers';
import { cardTitle, eventually, sleep } from '../../helpers/test-app';
import { readiness, repliesTo, startFaultWorld } from './fault-world';

const people = Array.from({ length: 5 }, (_, i) => ({ openId: `ou_pg_outage_${String(i).padStart(12, '0')}`, name: `干部${i}` }));
// Lark's retry schedule (15 s, 5 min, 1 h, 6 h), shortened.
const RETRY_DELAYS_MS = [1_000, 1_000, 1_500, 2_000, 3_000];

describe.skipIf(privateServersMissing())('Postgres crashes and comes back', () => {
  it('answers 503 with a reason while it is down, and handles Lark\'s retries exactly once after', async () => {
    const w = await startFaultWorld({ retryDelaysMs: RETRY_DELAYS_MS });
    const chats = await w.addPeople(people);
    const child = await w.spawnChild();
    const sender = w.emulator.connectApp({ webhookUrl: `${child.url}/webhook/event`, encryptKey: w.lark.encryptKey, verificationToken: w.lark.verificationToken });
    const say = (i: number, retry: boolean) => sender.sendMessage({ senderOpenId: people[i]!.openId, chatId: chats[people[i]!.openId]!, chatType: 'p2p', text: '帮助' }, { retry });
    // warm: the pool holds idle connections when the server goes away
    expect((await say(0, false)).status).toBe(200);
    await eventually(async () => (await w.outboxCounts()).sent === 1, 20_000, 'the first answer to be sent and marked');

    await w.pg.kill();
    const down = await readiness(child.url);
    expect(down.status).toBe(503);
    expect(down.reason).toMatch(/^postgres/);
    expect((await fetch(`${child.url}/healthz`)).status).toBe(200);

    // One push without Lark's retries, to read the refusal; the others with them.
    const refused = await say(1, false);
    expect(refused.status).toBe(503);
    expect(refused.body).toEqual({ error: expect.stringMatching(/unavailable/) });
    const retried = [2, 3, 4].map((i) => say(i, true));
    await sleep(1_500);
    expect((await readiness(child.url)).status).toBe(503);

    await w.pg.start();
    // Lark delivers the refused event again later: same bytes, same event_id.
    await eventually(async () => (await readiness(child.url)).status === 200, 15_000, '/readyz to say ready again');
    expect((await sender.deliver(refused.envelope)).status).toBe(200);
    const results = await Promise.all(retried);
    for (const r of results) {
      expect(r.history[0]!.status).toBe(503);
      expect(r.status).toBe(200);
    }

    const ids = [refused, ...results].map((r) => (r.envelope.event.message as { message_id: string }).message_id);
    await eventually(() => ids.every((id) => repliesTo(w.emulator, id).length > 0), 20_000, 'an answer to every retried event');
    await sleep(1_000); // a duplicate answer would arrive about now
    for (const id of ids) {
      const replies = repliesTo(w.emulator, id);
      expect(replies).toHaveLength(1);
      expect(cardTitle(replies[0]!.content)).toBe('引航 · 帮助');
    }
    expect(w.emulator.messages({ sender: 'app' })).toHaveLength(1 + ids.length);
    const inbox = await w.db.db.selectFrom('inbox').select(['status', 'attempts']).execute();
    expect(inbox).toHaveLength(1 + ids.length);
    expect(inbox.every((r) => r.status === 'done' && r.attempts === 1)).toBe(true);
    expect(await w.outboxCounts()).toEqual({ sent: 1 + ids.length });
    // the same process throughout: broken pool connections did not crash it
    expect(child.process.exitCode).toBeNull();
    expect(child.process.signalCode).toBeNull();
  }, 120_000);
});
