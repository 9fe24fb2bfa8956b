// Scenario 1 (reliability.md §7, "kill mid fan-out"): two instances share the work of a 2,000-message fan-out and
// one is SIGKILLed mid-way, while its sends are in flight. What people notice: each gets the reminder once.
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { privateServersMissing } from '../../helpers/private-servers';
import { eventually, sleep } from '../../helpers/test-app';
import { enqueueFanOut, startFaultWorld, tally } from './fault-world';

// Lark's limits scaled up (and ours with them) so that 2,000 sends take seconds, not minutes.
const LIMITS = { appPerSecond: 2_000, appPerMinute: 100_000, perReceiverPerSecond: 5 };
const SEND_LIMITS = { app: [{ limit: 1_500, windowMs: 1_100 }], perReceiver: [{ limit: 4, windowMs: 1_100 }] };
const LEASE_MS = 3_000;
const N = 2_000;
const SENDS = '/open-apis/im/v1/messages';

describe.skipIf(privateServersMissing())('SIGKILL of one of two instances in the middle of a fan-out', () => {
  it('delivers every message exactly once, loses none and leaves no row behind', async () => {
    const w = await startFaultWorld({ limits: LIMITS });
    const openIds = Array.from({ length: N }, (_, i) => `ou_fan_${String(i).padStart(6, '0')}`);
    for (const [i, openId] of openIds.entries()) w.emulator.addUser({ openId, name: `干部${i}` });
    const options = { sendLimits: SEND_LIMITS, outboxLeaseMs: LEASE_MS };
    const [a, b] = await Promise.all([w.spawnChild({ options }), w.spawnChild({ options })]);

    const started = Date.now();
    await enqueueFanOut(w.db, openIds, 'fan:2026-11-27T08:00');
    await eventually(() => w.emulator.messages({ sender: 'app' }).length >= 500, 60_000, '500 messages before the kill');
    // Lark stores the next sends but holds its answers, so that A dies with sends on the wire: delivered, but A never
    // learns, and the rows stay claimed by A until their lease runs out. An instance has at most one batch (20) on the
    // wire, so once 21 are held, A's are among them.
    const held = w.emulator.messages({ sender: 'app' }).length;
    w.emulator.inject({ kind: 'hold-after-deliver', ms: 1_500, times: 60 });
    await eventually(() => w.emulator.messages({ sender: 'app' }).length >= held + 21, 30_000, 'sends of both instances held by Lark');
    await a.kill();
    const killedAt = Date.now();
    const deliveredBeforeKill = w.emulator.messages({ sender: 'app' }).length;
    expect(deliveredBeforeKill).toBeLessThan(N);
    const orphaned = await w.db.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'sending').where('locked_by', 'like', `%:${a.process.pid}:%`).executeTakeFirstOrThrow();
    expect(Number(orphaned.n)).toBeGreaterThan(0);

    const counts = await eventually(async () => {
      const c = await w.outboxCounts();
      return c.sent === N ? c : undefined;
    }, 90_000, `all ${N} outbox rows sent`);
    const finishedMs = Date.now() - started;
    // Nothing else: no row stuck in sending or pending, none failed or ambiguous.
    expect(counts).toEqual({ sent: N });
    expect(b.process.exitCode).toBeNull();
    await sleep(LEASE_MS / 2); // a late duplicate would show up here

    const delivered = w.emulator.messages({ sender: 'app' });
    const perChat = tally(delivered.map((m) => m.chatId));
    expect(perChat.size).toBe(N);
    expect([...perChat.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(openIds.map((id) => w.emulator.p2pChatId(id)))).toEqual(new Set(perChat.keys()));
    expect(new Set(delivered.map((m) => m.uuid)).size).toBe(N);
    // The sends A had on the wire were repeated by B with the same uuid; Lark kept one of each.
    const postsPerUuid = tally(w.emulator.requestLog.filter((r) => r.method === 'POST' && r.path === SENDS && r.status === 200).map((r) => r.uuid));
    expect(postsPerUuid.size).toBe(N);
    expect(Math.max(...postsPerUuid.values())).toBeLessThanOrEqual(2);
    expect([...postsPerUuid.values()].filter((n) => n === 2).length).toBeGreaterThan(0);
    const resent = await w.db.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('attempts', '>', 1).executeTakeFirstOrThrow();
    expect(Number(resent.n)).toBeGreaterThan(0);
    // Bounded delay: the orphans waited for their lease, not for an operator.
    expect(Date.now() - killedAt).toBeLessThan(60_000);
    const stuck = await sql<{ n: number }>`select count(*)::int as n from outbox where locked_by is not null`.execute(w.db.db);
    expect(stuck.rows[0]!.n).toBe(0);
    console.log(`[faults] fan-out: ${deliveredBeforeKill} delivered before the kill, ${orphaned.n} rows orphaned, all ${N} in ${finishedMs} ms`);
  }, 180_000);
});
