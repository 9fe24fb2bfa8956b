import { afterEach, describe, expect, it } from 'vitest';
import { OutboxRepository, type OutboxMessage } from '../../../src/db/repositories/outbox-repository';
import { startHarness, eventually, type Harness } from '../../helpers/test-app';
import { missing } from '../../helpers/services';

const users = Array.from({ length: 6 }, (_, i) => ({ openId: `ou_outbox_user_${String(i).padStart(10, '0')}`, name: `用户${i}` }));

function messagesFor(count: number): OutboxMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    kind: 'send', receiveIdType: 'open_id', receiveId: users[i % users.length]!.openId, msgType: 'text', content: { text: `第${i}条` },
  }));
}

async function enqueue(h: Harness, messages: OutboxMessage[]): Promise<void> {
  await new OutboxRepository(h.app.db.db).enqueue(h.app.db.db, messages);
  h.app.dispatcher.wake();
}

async function allSettled(h: Harness, count: number, timeoutMs = 20_000): Promise<Record<string, number>> {
  const outbox = new OutboxRepository(h.app.db.db);
  return eventually(async () => {
    const counts = await outbox.statusCounts();
    return (counts.sent ?? 0) + (counts.failed ?? 0) === count ? counts : undefined;
  }, timeoutMs, `${count} outbox rows to settle`);
}

/** Every message arrived exactly once, and each person's arrived in the order they were queued. */
function expectDeliveredOnceInOrder(h: Harness, count: number): void {
  const delivered = h.emulator.messages({ sender: 'app' });
  expect(delivered).toHaveLength(count);
  expect(new Set(delivered.map((m) => m.uuid)).size).toBe(count);
  for (const u of users) {
    const texts = h.emulator.messages({ sender: 'app', receiveOpenId: u.openId }).map((m) => Number((m.content as { text: string }).text.replace(/\D/g, '')));
    expect(texts).toEqual([...texts].sort((a, b) => a - b));
  }
}

describe.skipIf(missing('postgres') || missing('redis'))('outbox delivery against the emulator', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('delivers every message exactly once through a storm of 429s, pausing instead of counting failures', async () => {
    h = await startHarness();
    for (const u of users) h.emulator.addUser(u);
    h.emulator.inject({ kind: 'status', status: 429, resetSeconds: 1, times: 8, path: /\/open-apis\/im\/v1\/messages/ });
    await enqueue(h, messagesFor(30));
    expect(await allSettled(h, 30)).toEqual({ sent: 30 });
    expectDeliveredOnceInOrder(h, 30);
    expect(h.emulator.requestLog.filter((r) => r.status === 429)).toHaveLength(8);
    // a rate-limit wait is not an attempt: every row was sent on its first real try
    const attempts = await h.app.db.db.selectFrom('outbox').select('attempts').execute();
    expect(attempts.every((a) => a.attempts === 1)).toBe(true);
  });

  it('keeps within Lark limits stricter than its own pace, with no message lost or doubled', async () => {
    // The emulator allows 10/s per app and 2/s per person: far below what the dispatcher would send.
    h = await startHarness({ limits: { appPerSecond: 10, appPerMinute: 1000, perReceiverPerSecond: 2 } });
    for (const u of users) h.emulator.addUser(u);
    await enqueue(h, messagesFor(36));
    expect(await allSettled(h, 36, 30_000)).toEqual({ sent: 36 });
    expectDeliveredOnceInOrder(h, 36);
    const limited = h.emulator.requestLog.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
  });

  it('paces itself with the shared buckets so that Lark never has to say 429', async () => {
    // Our buckets sit under the emulator's limits over longer windows, as LARK_SEND_LIMITS do under Lark's,
    // so that the time between taking a token and the request's arrival never tips a window over. The margin
    // (half a second) is wide because a loaded CI machine can hold a request that long; a 100 ms margin once saw
    // a 429 there.
    h = await startHarness({ limits: { appPerSecond: 10, perReceiverPerSecond: 3 }, app: { sendLimits: { app: [{ limit: 8, windowMs: 1_500 }], perReceiver: [{ limit: 2, windowMs: 1_500 }] } } });
    for (const u of users) h.emulator.addUser(u);
    await enqueue(h, messagesFor(24));
    expect(await allSettled(h, 24, 20_000)).toEqual({ sent: 24 });
    expectDeliveredOnceInOrder(h, 24);
    expect(h.emulator.requestLog.filter((r) => r.status === 429)).toHaveLength(0);
  });

  it('retries server errors and dropped connections with the same uuid, delivering once', async () => {
    h = await startHarness();
    for (const u of users) h.emulator.addUser(u);
    h.emulator.inject({ kind: 'status', status: 503, times: 2, path: /\/open-apis\/im\/v1\/messages/ });
    h.emulator.inject({ kind: 'reset-after-deliver', times: 2 });
    await enqueue(h, messagesFor(6));
    expect(await allSettled(h, 6, 20_000)).toEqual({ sent: 6 });
    expectDeliveredOnceInOrder(h, 6);
  });

  it('records a permanent failure with its Lark code and does not retry it', async () => {
    h = await startHarness();
    h.emulator.addUser(users[0]!);
    await enqueue(h, [
      { kind: 'send', receiveIdType: 'open_id', receiveId: 'ou_nobody_in_this_tenant_01', msgType: 'text', content: { text: '不存在的人' } },
      { kind: 'send', receiveIdType: 'open_id', receiveId: users[0]!.openId, msgType: 'text', content: { text: '第0条' } },
    ]);
    expect(await allSettled(h, 2)).toEqual({ sent: 1, failed: 1 });
    const failed = await h.app.db.db.selectFrom('outbox').select(['last_code', 'attempts', 'last_error']).where('status', '=', 'failed').executeTakeFirstOrThrow();
    expect(failed.last_code).toBe(230013);
    expect(failed.attempts).toBe(1);
    const metrics = await (await fetch(`${h.app.url}/metrics`)).text();
    expect(metrics).toMatch(/yinhang_outbox_sends_total\{result="failed",code="230013"\} 1/);
  });

  it('answers in the chat when the message it replies to was withdrawn', async () => {
    h = await startHarness();
    h.emulator.addUser(users[0]!);
    const chatId = h.emulator.p2pChatId(users[0]!.openId);
    await enqueue(h, [{ kind: 'reply', target: 'om_withdrawn_000000000000001', receiveIdType: 'chat_id', receiveId: chatId, msgType: 'text', content: { text: '第0条' } }]);
    expect(await allSettled(h, 1)).toEqual({ sent: 1 });
    const [message] = h.emulator.messages({ sender: 'app', chatId });
    expect(message?.content).toEqual({ text: '第0条' });
  });

  it('keeps one person under the 5-per-second limit when they get many messages at once', async () => {
    h = await startHarness();
    h.emulator.addUser(users[0]!);
    await enqueue(h, Array.from({ length: 16 }, (_, i) => ({ kind: 'send' as const, receiveIdType: 'open_id' as const, receiveId: users[0]!.openId, msgType: 'text' as const, content: { text: `第${i}条` } })));
    expect(await allSettled(h, 16, 20_000)).toEqual({ sent: 16 });
    expect(h.emulator.requestLog.filter((r) => r.status === 429)).toHaveLength(0);
    const times = h.emulator.messages({ sender: 'app', receiveOpenId: users[0]!.openId }).map((m) => m.createdAt);
    for (let i = 5; i < times.length; i++) expect(times[i]! - times[i - 5]!).toBeGreaterThanOrEqual(1_000);
  });
});
