import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LarkEmulator } from '../../../src/emulator/lark-emulator';
import { createDb } from '../../../src/db/create-db';
import { migrateToLatest } from '../../../src/db/migrate';
import { OutboxRepository } from '../../../src/db/repositories/outbox-repository';
import { freshDatabaseUrl, quietLogger } from '../../helpers/test-db';
import { spawnChildApp, type ChildApp } from '../../helpers/spawn-child-app';
import { startHarness, eventually, type Harness } from '../../helpers/test-app';
import { missing, redisUrl } from '../../helpers/services';

// Lark's limits scaled up (and ours with them) so that 2,000 sends take seconds, not minutes.
const LIMITS = { appPerSecond: 2_000, appPerMinute: 100_000, perReceiverPerSecond: 5 };
const SEND_LIMITS = { app: [{ limit: 1_500, windowMs: 1_100 }], perReceiver: [{ limit: 4, windowMs: 1_100 }] };
const N = 2_000;

describe.skipIf(missing('postgres') || missing('redis'))('a fan-out of 2,000 messages survives a SIGKILL mid-way', () => {
  const lark = { appId: `cli_${randomBytes(8).toString('hex')}`, appSecret: 'secret', encryptKey: randomBytes(8).toString('hex'), verificationToken: randomBytes(8).toString('hex') };
  let emulator: LarkEmulator;
  let db: { url: string; drop(): Promise<void> };
  let child: ChildApp | undefined;
  let survivor: Harness | undefined;

  beforeAll(async () => {
    emulator = await LarkEmulator.start({ appId: lark.appId, appSecret: lark.appSecret, limits: LIMITS });
    for (let i = 0; i < N; i++) emulator.addUser({ openId: `ou_fan_${String(i).padStart(6, '0')}`, name: `干部${i}` });
    db = await freshDatabaseUrl();
    const d = await createDb({ databaseUrl: db.url, logger: quietLogger });
    await migrateToLatest(d.db);
    // What a job occurrence writes: one row per recipient, with its dedupe key, in one transaction.
    await new OutboxRepository(d.db).enqueue(d.db, Array.from({ length: N }, (_, i) => ({
      kind: 'send' as const, receiveIdType: 'open_id' as const, receiveId: `ou_fan_${String(i).padStart(6, '0')}`, msgType: 'text' as const,
      content: { text: `第 ${i} 条提醒` }, dedupeKey: `job:fan:2026-11-27T08:00:00.000Z:${i}`,
    })));
    await d.close();
  });
  afterAll(async () => {
    await child?.kill();
    await survivor?.close();
    await emulator?.close();
    await db?.drop();
  });

  it('delivers every message exactly once after a restart', async () => {
    child = await spawnChildApp({
      env: { LARK_APP_ID: lark.appId, LARK_APP_SECRET: lark.appSecret, LARK_ENCRYPT_KEY: lark.encryptKey, LARK_VERIFICATION_TOKEN: lark.verificationToken, LARK_DOMAIN: emulator.url, DATABASE_URL: db.url, REDIS_URL: redisUrl!, PORT: '0' },
      options: { sendLimits: SEND_LIMITS, outboxLeaseMs: 1_500 },
    });
    await eventually(() => emulator.messages({ sender: 'app' }).length >= 500, 60_000, '500 messages before the kill');
    await child.kill();
    child = undefined;
    const before = emulator.messages({ sender: 'app' }).length;
    expect(before).toBeLessThan(N);

    survivor = await startHarness({ emulator, lark, databaseUrl: db.url, app: { sendLimits: SEND_LIMITS, outboxLeaseMs: 1_500 } });
    await eventually(async () => {
      const counts = await new OutboxRepository(survivor!.app.db.db).statusCounts();
      return counts.sent === N ? counts : undefined;
    }, 90_000, `all ${N} outbox rows sent`);
    const delivered = emulator.messages({ sender: 'app' });
    expect(delivered).toHaveLength(N);
    expect(new Set(delivered.map((m) => m.uuid)).size).toBe(N);
    expect(new Set(delivered.map((m) => m.chatId)).size).toBe(N);
    // a message in flight at the kill was re-sent with the same uuid, never delivered twice
    const posts = emulator.requestLog.filter((r) => r.method === 'POST' && r.path === '/open-apis/im/v1/messages' && r.status === 200);
    expect(posts.length).toBeGreaterThanOrEqual(N);
  }, 180_000);
});
