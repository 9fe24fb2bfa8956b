// The webhook stores messages and menu clicks in group commits (src/db/repositories/inbox-batcher.ts): events that
// arrive together share one INSERT and one commit, and each is answered only after that commit. These tests watch
// InboxRepository.recordMany — the batcher's only write — to see the batches, and hold one in the writer when a
// test needs requests to pile up behind it (so that they land together in the next batch).
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { InboxRepository, type InboxEntry } from '../../../src/db/repositories/inbox-repository';
import { InboxBatcher } from '../../../src/db/repositories/inbox-batcher';
import { messageEvent } from '../../../src/emulator/lark-envelopes';
import type { AttemptRecord } from '../../../src/emulator/lark-event-sender';
import { eventually, sleep, startHarness, type Harness } from '../../helpers/test-app';
import { startFaultProxy, type FaultProxy } from '../../helpers/tcp-fault-proxy';
import { freshDatabaseUrl, openTestDb } from '../../helpers/test-db';
import { BACKENDS, databaseUrl, missing } from '../../helpers/services';

/** The batches the inbox writer was given (their dedupe keys), with a way to hold the next one until released. */
function watchBatches() {
  const original = InboxRepository.prototype.recordMany;
  const batches: string[][] = [];
  let gate: Promise<void> | undefined;
  vi.spyOn(InboxRepository.prototype, 'recordMany').mockImplementation(async function (this: InboxRepository, rows: readonly InboxEntry[]) {
    batches.push(rows.map((r) => r.dedupeKey));
    const held = gate;
    gate = undefined;
    if (held) await held;
    return original.call(this, rows);
  });
  const arrivals = vi.spyOn(InboxBatcher.prototype, 'record');
  return {
    batches,
    /** how many events have reached the batcher so far */
    arrived: () => arrivals.mock.calls.length,
    holdNext(): () => void {
      let open!: () => void;
      gate = new Promise((resolve) => (open = resolve));
      return () => open();
    },
  };
}

const messageIdOf = (r: { envelope: { event: Record<string, unknown> } }): string => (r.envelope.event.message as { message_id: string }).message_id;
const person = (tag: string, i: number) => ({ openId: `ou_gc_${tag}_${String(i).padStart(14, '0')}`, name: `批量${tag}${i}` });

async function outcomes(h: Harness): Promise<Record<string, number>> {
  const counted: Record<string, number> = {};
  for (const v of (await h.app.metrics.events.get()).values) if (v.labels.type === 'im.message.receive_v1') counted[String(v.labels.outcome)] = v.value;
  return counted;
}

afterEach(() => {
  vi.restoreAllMocks();
});

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`the inbox written in batches, on ${backend.name}`, () => {
    it('stores each key once, two copies in one statement included, and answers each caller', async () => {
      const db = await openTestDb(backend.name);
      try {
        const inbox = new InboxRepository(db.db);
        const entry = (key: string, eventId = `e_${key}`): InboxEntry => ({ dedupeKey: key, eventId, eventType: 'im.message.receive_v1', payloadJson: JSON.stringify({ key, 文: '引航' }), status: 'pending' });
        expect(await inbox.recordMany([entry('msg:a'), entry('msg:b'), entry('msg:a', 'e_a2')])).toEqual(new Set(['msg:a', 'msg:b']));
        expect(await inbox.recordMany([entry('msg:b'), entry('msg:c')])).toEqual(new Set(['msg:c']));
        expect(await inbox.recordMany([])).toEqual(new Set());

        const batcher = new InboxBatcher((rows) => inbox.recordMany(rows));
        const keys = ['msg:d', 'msg:a', 'msg:e', 'msg:d', 'msg:f'];
        expect(await Promise.all(keys.map((k) => batcher.record(entry(k))))).toEqual([true, false, true, false, true]);
        await batcher.close();
        const rows = await db.db.selectFrom('inbox').select(['dedupe_key', 'event_id', 'payload']).orderBy('id').execute();
        expect(rows.map((r) => r.dedupe_key)).toEqual(['msg:a', 'msg:b', 'msg:c', 'msg:d', 'msg:e', 'msg:f']);
        expect(rows[0]).toEqual({ dedupe_key: 'msg:a', event_id: 'e_msg:a', payload: { key: 'msg:a', 文: '引航' } });
      } finally {
        await db.close();
      }
    });
  });
}

// Real Postgres and Redis, like webhook-http.test.ts: on PGlite, which runs in this process beside the sender and the
// worker, a hundred events at once overrun Lark's 3 s whether they are batched or not.
describe.skipIf(missing('postgres') || missing('redis'))('webhook events stored in group commits', () => {
  let h: Harness;
  const people = Array.from({ length: 25 }, (_, i) => person('many', i));
  const chats: Record<string, string> = {};

  beforeAll(async () => {
    // Lark's retries, shortened: on a loaded CI machine a hundred pushes at once can outlast the sender's 3 s, and
    // then Lark pushes again; the retry must find the event stored (a duplicate), never store or handle it twice.
    h = await startHarness({ retryDelaysMs: [1_000, 2_000, 3_000] });
    for (const p of people) chats[p.openId] = await h.addPerson(p);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('stores many concurrent events once each, in shared batches, answers each 200 and handles each once', async () => {
    const w = watchBatches();
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => {
      const p = people[i % people.length]!;
      return h.sender.sendMessage({ senderOpenId: p.openId, chatId: chats[p.openId]!, chatType: 'p2p', text: '帮助' }, { retry: true });
    }));
    expect(results.filter((r) => r.status !== 200).map((r) => r.history)).toEqual([]);
    const ids = results.map(messageIdOf);
    expect(new Set(ids).size).toBe(100);

    // every event went through the batcher (a retried one again), and some shared a commit
    expect([...new Set(w.batches.flat())].sort()).toEqual(ids.map((id) => `msg:${id}`).sort());
    expect(Math.max(...w.batches.map((b) => b.length))).toBeGreaterThan(1);
    expect(w.batches.length).toBeLessThan(w.batches.flat().length);
    const keys = ids.map((id) => `msg:${id}`);
    const rows = await h.app.db.db.selectFrom('inbox').select('dedupe_key').where('dedupe_key', 'in', keys).execute();
    expect(rows).toHaveLength(100);

    // handled once each: every row done at its first attempt, one reply queued for each message
    const done = async () => (await h.app.db.db.selectFrom('inbox').select(['status', 'attempts']).where('dedupe_key', 'in', keys).execute())
      .filter((r) => r.status === 'done').length === 100;
    await eventually(done, 30_000, 'the worker to handle the 100 events');
    const handled = await h.app.db.db.selectFrom('inbox').select('attempts').where('dedupe_key', 'in', keys).execute();
    expect(handled.every((r) => r.attempts === 1)).toBe(true);
    const replies = await h.app.db.db.selectFrom('outbox').select('target').where('kind', '=', 'reply').where('target', 'in', ids).execute();
    expect(replies.map((r) => r.target).sort()).toEqual([...ids].sort());
  }, 60_000);

  it('recognises the same event sent twice at once, in one batch: one stored, the other a duplicate, handled once', async () => {
    // nothing of the last test still on its way (a late retry would join the batches watched here)
    await sleep(7_000);
    const w = watchBatches();
    const [alice, bob] = [people[0]!, people[1]!];
    // Bob's message holds the writer, so Alice's two copies wait behind it and travel together in the next batch.
    const before = await outcomes(h);
    const release = w.holdNext();
    const blocker = h.sender.sendMessage({ senderOpenId: bob.openId, chatId: chats[bob.openId]!, chatType: 'p2p', text: '帮助' });
    await eventually(() => w.batches.length === 1, 5_000, 'the first batch to reach the writer');
    const arrived = w.arrived();
    const envelope = messageEvent(h.sender.context(), { senderOpenId: alice.openId, chatId: chats[alice.openId]!, chatType: 'p2p', text: '帮助' });
    const copies = Promise.all([h.sender.deliver(envelope), h.sender.deliver(envelope)]);
    await eventually(() => w.arrived() === arrived + 2, 5_000, 'both copies to reach the batcher');
    release();

    const [first, second] = await copies;
    expect([first.status, second.status]).toEqual([200, 200]);
    expect((await blocker).status).toBe(200);
    const messageId = messageIdOf({ envelope });
    const key = `msg:${messageId}`;
    expect(w.batches).toEqual([[`msg:${messageIdOf(await blocker)}`], [key]]);
    const after = await outcomes(h);
    // Bob's and one copy of Alice's stored; the other copy answered as a duplicate
    expect((after.queued ?? 0) - (before.queued ?? 0)).toBe(2);
    expect((after.duplicate ?? 0) - (before.duplicate ?? 0)).toBe(1);
    expect(await h.app.db.db.selectFrom('inbox').select('dedupe_key').where('dedupe_key', '=', key).execute()).toHaveLength(1);

    // handled once: its row done at the first attempt, one reply queued
    await eventually(async () => (await new InboxRepository(h.app.db.db).statusOf(key)) === 'done', 10_000, 'the worker to handle Alice\'s message');
    expect(await h.app.db.db.selectFrom('inbox').select('attempts').where('dedupe_key', '=', key).execute()).toEqual([{ attempts: 1 }]);
    expect(await h.app.db.db.selectFrom('outbox').select('target').where('kind', '=', 'reply').where('target', '=', messageId).execute()).toHaveLength(1);
  }, 30_000);
});

describe.skipIf(missing('postgres'))('a batch during a Postgres outage (fault proxy)', () => {
  let h: Harness;
  let proxy: FaultProxy;
  let drop: () => Promise<void>;
  const people = Array.from({ length: 6 }, (_, i) => person('outage', i));
  const chats: Record<string, string> = {};

  beforeAll(async () => {
    const fresh = await freshDatabaseUrl();
    drop = fresh.drop;
    const target = new URL(databaseUrl!);
    proxy = await startFaultProxy(target.hostname, Number(target.port || 5432));
    const proxied = new URL(fresh.url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    // Lark's retries (15 s, 5 min, 1 h, 6 h), shortened.
    h = await startHarness({ databaseUrl: proxied.toString(), retryDelaysMs: [1_000, 1_000, 2_000, 3_000] });
    for (const p of people) chats[p.openId] = await h.addPerson(p);
  });
  afterAll(async () => {
    await h?.close();
    await proxy?.close();
    await drop?.();
  });

  it('answers every request of the failed batch 503 with a reason; Lark\'s retries are then stored and handled once', async () => {
    const say = (i: number, retry: boolean, onAttempt?: (a: AttemptRecord) => void) =>
      h.sender.sendMessage({ senderOpenId: people[i]!.openId, chatId: chats[people[i]!.openId]!, chatType: 'p2p', text: '帮助' }, { retry, ...(onAttempt ? { onAttempt } : {}) });
    // warm: the pool holds idle connections when the link is cut
    const warm = await say(0, false);
    expect(warm.status).toBe(200);
    await eventually(() => h.emulator.messages({ sender: 'app' }).length === 1, 10_000, 'the answer to the first message');

    const w = watchBatches();
    const before = await outcomes(h);
    // The first event holds the writer while the others arrive, so that they fail together in one batch.
    const release = w.holdNext();
    const firstAttempts: number[] = [];
    const record = (a: AttemptRecord): void => {
      if (a.attempt === 1) firstAttempts.push(a.status);
    };
    const blocker = say(1, true, record);
    await eventually(() => w.batches.length === 1, 5_000, 'the first batch to reach the writer');
    await proxy.cut();
    const arrived = w.arrived();
    const retried = [2, 3, 4].map((i) => say(i, true, record));
    // one push without Lark's retries, to read the refusal
    const refusedOnce = say(5, false, record);
    await eventually(() => w.arrived() === arrived + 4, 5_000, 'the four events to reach the batcher');
    release();

    const refused = await refusedOnce;
    expect(refused.status).toBe(503);
    expect(refused.body).toEqual({ error: expect.stringMatching(/unavailable/) });
    await eventually(() => firstAttempts.length === 5, 5_000, 'the first attempt of every push to be answered');
    expect(firstAttempts).toEqual([503, 503, 503, 503, 503]);
    // the held one alone, then the four that arrived behind it, together
    expect(w.batches.slice(0, 2).map((b) => b.length)).toEqual([1, 4]);
    expect(((await outcomes(h)).unavailable ?? 0) - (before.unavailable ?? 0)).toBe(5);

    await proxy.restore();
    // Lark delivers the refused event again later: same bytes, same event_id.
    expect((await h.sender.deliver(refused.envelope)).status).toBe(200);
    const results = [await blocker, ...(await Promise.all(retried))];
    for (const r of results) {
      expect(r.history[0]!.status).toBe(503);
      expect(r.status).toBe(200);
    }

    const ids = [...results, refused].map(messageIdOf);
    const rows = await h.app.db.db.selectFrom('inbox').select(['dedupe_key']).where('dedupe_key', 'in', ids.map((id) => `msg:${id}`)).execute();
    expect(rows).toHaveLength(5);
    const replied = (id: string) => h.emulator.messages({ sender: 'app' }).filter((m) => m.parentId === id);
    await eventually(() => ids.every((id) => replied(id).length > 0), 20_000, 'an answer to every retried event');
    await sleep(600); // a duplicate answer would arrive about now
    for (const id of ids) expect(replied(id)).toHaveLength(1);
  }, 60_000);
});

describe.skipIf(missing('postgres'))('stopping the app with a batch in the writer', () => {
  it('waits for that batch before closing the pool: the event is stored, and the next instance handles it once', async () => {
    const h = await startHarness();
    let next: Harness | undefined;
    try {
      const alice = person('stop', 0);
      const chat = await h.addPerson(alice);
      const w = watchBatches();
      const release = w.holdNext();
      const pending = h.sender.sendMessage({ senderOpenId: alice.openId, chatId: chat, chatType: 'p2p', text: '帮助' });
      await eventually(() => w.batches.length === 1, 5_000, 'the batch to reach the writer');

      let stopped = false;
      const stopping = h.app.stop().then(() => (stopped = true));
      await sleep(500);
      expect(stopped).toBe(false);
      release();
      await stopping;
      // Usually the connection was closed under the request before its batch committed (no answer: Lark delivers
      // again); either way the event made it into the inbox before the pool closed.
      const answer = await pending;
      expect([0, 200]).toContain(answer.status);
      const messageId = messageIdOf(answer);

      next = await startHarness({ emulator: h.emulator, lark: h.lark, databaseUrl: h.databaseUrl! });
      const stored = await next.app.db.db.selectFrom('inbox').select('status').where('dedupe_key', '=', `msg:${messageId}`).execute();
      expect(stored).toHaveLength(1);
      expect((await next.sender.deliver(answer.envelope)).status).toBe(200);
      const replies = () => h.emulator.messages({ sender: 'app' }).filter((m) => m.parentId === messageId);
      await eventually(() => replies().length > 0, 10_000, 'the reply from the next instance');
      await sleep(500);
      expect(replies()).toHaveLength(1);
    } finally {
      await next?.close();
      await h.close();
    }
  }, 30_000);
});
