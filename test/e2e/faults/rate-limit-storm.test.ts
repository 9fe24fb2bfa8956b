// Scenario 4 (reliability.md §7, "Lark 429 storm"): in the middle of a fan-out, Lark answers every send with 429 and
// `x-ogw-ratelimit-reset` for a few seconds. The fleet (two instances sharing Redis) pauses for as long as Lark asks
// instead of hammering it; nothing is counted as a failed attempt and everything is delivered once the storm is over.
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { privateServersMissing } from '../../helpers/private-servers';
import { eventually, sleep } from '../../helpers/test-app';
import { enqueueFanOut, startFaultWorld, tally } from './fault-world';

const LIMITS = { appPerSecond: 1_000, appPerMinute: 100_000, perReceiverPerSecond: 5 };
const SEND_LIMITS = { app: [{ limit: 800, windowMs: 1_100 }], perReceiver: [{ limit: 4, windowMs: 1_100 }] };
const N = 600;
const STORM_MS = 4_000;
const RESET_S = 2;
const SENDS = '/open-apis/im/v1/messages';

describe.skipIf(privateServersMissing())('a storm of 429s from Lark during a fan-out', () => {
  it('pauses the whole fleet as Lark asks, counts no failure, and delivers everything once', async () => {
    const w = await startFaultWorld({ limits: LIMITS });
    const openIds = Array.from({ length: N }, (_, i) => `ou_storm_${String(i).padStart(8, '0')}`);
    for (const [i, openId] of openIds.entries()) w.emulator.addUser({ openId, name: `干部${i}` });
    const app = { sendLimits: SEND_LIMITS, outboxLeaseMs: 5_000 };
    await Promise.all([w.harness(app), w.harness(app)]);

    await enqueueFanOut(w.db, openIds, 'storm:2026-11-27T08:00');
    await eventually(() => w.emulator.messages({ sender: 'app' }).length >= 100, 30_000, '100 messages before the storm');
    const stormStart = Date.now();
    w.emulator.inject({ kind: 'status', status: 429, resetSeconds: RESET_S, times: 1_000_000, path: /^\/open-apis\/im\/v1\/messages$/ });
    await sleep(STORM_MS);
    w.emulator.clearFaults();
    const stormEnd = Date.now();

    await eventually(async () => ((await w.outboxCounts()).sent === N ? true : undefined), 60_000, `all ${N} rows sent`);
    expect(await w.outboxCounts()).toEqual({ sent: N });
    await sleep(500);

    // Everyone got the message once.
    const perChat = tally(w.emulator.messages({ sender: 'app' }).map((m) => m.chatId));
    expect(perChat.size).toBe(N);
    expect([...perChat.values()].every((n) => n === 1)).toBe(true);
    // A rate limit is not an attempt: no row used more than the one attempt that succeeded.
    const attempts = await sql<{ max: number }>`select max(attempts)::int as max from outbox`.execute(w.db.db);
    expect(attempts.rows[0]!.max).toBe(1);

    // Pausing, not hammering: after the first 429 the fleet starts nothing new until Lark's reset has passed; what
    // still arrives was already on its way (at most a batch of 20 per instance). Across the storm, the 429s stay
    // within those batches once per reset. Unpaced, the fleet would send hundreds in either measure.
    const sends = w.emulator.requestLog.filter((r) => r.method === 'POST' && r.path === SENDS).map((r) => ({ ...r, arrived: r.at - (r.ms ?? 0) }));
    const limited = sends.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    const first429 = Math.min(...limited.map((r) => r.at));
    const duringPause = sends.filter((r) => r.arrived > first429 + 500 && r.arrived < first429 + RESET_S * 1000 - 200);
    const windows = Math.ceil(STORM_MS / (RESET_S * 1000)) + 1;
    console.log(`[faults] 429 storm: ${limited.length} answered 429 in ${stormEnd - stormStart} ms; ${duringPause.length} sends inside the first pause; ` +
      `${sends.filter((r) => r.arrived >= stormStart && r.arrived <= stormEnd).length} sends during the storm`);
    expect(duringPause.length).toBeLessThanOrEqual(2 * 20);
    expect(limited.length).toBeLessThanOrEqual(windows * 2 * 20);
  }, 120_000);
});
