import { describe, expect, it } from 'vitest';
import { InboxBatcher } from '../../../src/db/repositories/inbox-batcher';
import type { InboxEntry } from '../../../src/db/repositories/inbox-repository';

const entry = (key: string): InboxEntry => ({ dedupeKey: key, eventId: `e_${key}`, eventType: 'im.message.receive_v1', payloadJson: JSON.stringify({ key }), status: 'pending' });
/** Let the event loop go round: a batch due "at the end of this turn" has been handed to the writer after it. */
const turn = async (): Promise<void> => {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
};

/**
 * A writer standing in for InboxRepository.recordMany: it keeps every batch it is given and lets the test decide
 * when each commits (or fails). Like the database, it stores a key once.
 */
function fakeWriter() {
  const stored = new Set<string>();
  const batches: { keys: string[]; commit(): void; fail(err: Error): void }[] = [];
  const write = (rows: readonly InboxEntry[]): Promise<ReadonlySet<string>> => new Promise((resolve, reject) => {
    batches.push({
      keys: rows.map((r) => r.dedupeKey),
      commit: () => {
        const now = new Set(rows.map((r) => r.dedupeKey).filter((k) => !stored.has(k)));
        for (const k of now) stored.add(k);
        resolve(now);
      },
      fail: reject,
    });
  });
  return { write, batches, stored };
}

/** Whether a promise has settled yet, without waiting for it. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  p.then(() => (done = true), () => (done = true));
  await turn();
  return done;
}

describe('InboxBatcher', () => {
  it('writes the rows of one event-loop turn in one batch, and answers each only after its commit', async () => {
    const w = fakeWriter();
    const b = new InboxBatcher(w.write);
    const answers = ['a', 'b', 'c'].map((k) => b.record(entry(k)));
    expect(w.batches).toHaveLength(0);
    await turn();
    expect(w.batches.map((x) => x.keys)).toEqual([['a', 'b', 'c']]);
    expect(await settled(answers[0]!)).toBe(false);
    w.batches[0]!.commit();
    expect(await Promise.all(answers)).toEqual([true, true, true]);
  });

  it('writes a lone row at the end of its turn: no timer to wait for', async () => {
    const w = fakeWriter();
    const b = new InboxBatcher(w.write);
    const answer = b.record(entry('alone'));
    await turn();
    expect(w.batches.map((x) => x.keys)).toEqual([['alone']]);
    w.batches[0]!.commit();
    expect(await answer).toBe(true);
  });

  it('gathers what arrives while a batch commits into the next one, one batch at a time', async () => {
    const w = fakeWriter();
    const b = new InboxBatcher(w.write);
    const first = b.record(entry('a'));
    await turn();
    const later = [b.record(entry('b')), b.record(entry('c'))];
    await turn();
    const last = b.record(entry('d'));
    await turn();
    expect(w.batches.map((x) => x.keys)).toEqual([['a']]);
    w.batches[0]!.commit();
    expect(await first).toBe(true);
    await turn();
    expect(w.batches.map((x) => x.keys)).toEqual([['a'], ['b', 'c', 'd']]);
    w.batches[1]!.commit();
    expect(await Promise.all([...later, last])).toEqual([true, true, true]);
  });

  it('puts at most maxRows rows in a statement; the rest follow in order', async () => {
    const w = fakeWriter();
    const b = new InboxBatcher(w.write, { maxRows: 64 });
    const keys = Array.from({ length: 150 }, (_, i) => `k${i}`);
    const answers = keys.map((k) => b.record(entry(k)));
    await turn();
    for (let i = 0; i < 3; i++) {
      expect(w.batches).toHaveLength(i + 1);
      w.batches[i]!.commit();
      await turn();
    }
    expect(w.batches.map((x) => x.keys.length)).toEqual([64, 64, 22]);
    expect(w.batches.flatMap((x) => x.keys)).toEqual(keys);
    expect((await Promise.all(answers)).every(Boolean)).toBe(true);
  });

  it('writes two copies of one key in a batch once: the first is stored now, the other a duplicate', async () => {
    const w = fakeWriter();
    w.stored.add('old');
    const b = new InboxBatcher(w.write);
    const answers = ['x', 'old', 'x', 'y', 'x'].map((k) => b.record(entry(k)));
    await turn();
    expect(w.batches[0]!.keys).toEqual(['x', 'old', 'y']);
    w.batches[0]!.commit();
    expect(await Promise.all(answers)).toEqual([true, false, false, true, false]);
    // and in a later batch too
    const again = b.record(entry('y'));
    await turn();
    w.batches[1]!.commit();
    expect(await again).toBe(false);
  });

  it('fails every request of a failed batch with its error; the next batch is written as usual', async () => {
    const w = fakeWriter();
    const b = new InboxBatcher(w.write);
    const doomed = ['a', 'b', 'a'].map((k) => b.record(entry(k)));
    await turn();
    const next = b.record(entry('c'));
    const down = new Error('connect ECONNREFUSED');
    w.batches[0]!.fail(down);
    const outcomes = await Promise.allSettled(doomed);
    expect(outcomes).toEqual([{ status: 'rejected', reason: down }, { status: 'rejected', reason: down }, { status: 'rejected', reason: down }]);
    expect(w.stored.size).toBe(0);
    await turn();
    expect(w.batches[1]!.keys).toEqual(['c']);
    w.batches[1]!.commit();
    expect(await next).toBe(true);
    // Lark's retry of a failed event is new to the inbox
    const retried = b.record(entry('a'));
    await turn();
    w.batches[2]!.commit();
    expect(await retried).toBe(true);
  });

  it('close() writes what waits, settles the batch in flight, and refuses rows after it', async () => {
    const w = fakeWriter();
    const b = new InboxBatcher(w.write);
    const inFlight = b.record(entry('a'));
    await turn();
    const waiting = b.record(entry('b'));
    const closed = b.close();
    await expect(b.record(entry('c'))).rejects.toThrow(/closed/);
    expect(await settled(closed)).toBe(false);
    w.batches[0]!.commit();
    await turn();
    expect(w.batches.map((x) => x.keys)).toEqual([['a'], ['b']]);
    expect(await settled(closed)).toBe(false);
    w.batches[1]!.fail(new Error('pool is closing'));
    await closed;
    expect(await inFlight).toBe(true);
    await expect(waiting).rejects.toThrow('pool is closing');
  });

  it('close() with nothing waiting resolves at once', async () => {
    const w = fakeWriter();
    const b = new InboxBatcher(w.write);
    await b.close();
    expect(w.batches).toHaveLength(0);
  });
});
