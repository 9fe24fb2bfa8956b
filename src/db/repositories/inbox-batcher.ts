import type { InboxEntry } from './inbox-repository';

/** Writes the rows in one statement and one commit; resolves with the dedupe keys stored now. */
export type WriteInboxRows = (rows: readonly InboxEntry[]) => Promise<ReadonlySet<string>>;

interface Waiter {
  entry: InboxEntry;
  resolve(stored: boolean): void;
  reject(err: unknown): void;
}

/**
 * Group commit for the webhook's inbox rows (issue 10): one INSERT and one commit — one fsync — for the events
 * that arrive together, instead of one each. Every caller still hears about its own row only once the batch has
 * committed, so a 200 is never sent for an event that is not durably stored.
 *
 * When a batch is written: at the end of the event-loop turn in which its first row arrived, or, if a batch is
 * being written then, at the end of the turn in which that one finished. There is no timer. A lone event (the
 * usual case: a district sends a few a second) waits for nothing; under load the rows that arrive while one batch
 * commits form the next, so batches grow with the load and the wait never exceeds one commit. One batch at a time:
 * more writers would only split the rows into more commits. At most `maxRows` rows a statement, which bounds its
 * size and how many requests one failure answers 503.
 */
export class InboxBatcher {
  private readonly maxRows: number;
  private waiting: Waiter[] = [];
  private writing: Promise<void> | undefined;
  private scheduled = false;
  private closed = false;

  constructor(private readonly writeRows: WriteInboxRows, opts: { maxRows?: number } = {}) {
    this.maxRows = opts.maxRows ?? 64;
  }

  /**
   * Resolves after the commit of the batch that carried the entry: true when stored now; false when its dedupe
   * key was stored before, by an earlier batch or by an earlier copy in the same one. Rejects with the write's
   * error when the batch failed (then no row of it was stored), and at once after close().
   */
  record(entry: InboxEntry): Promise<boolean> {
    if (this.closed) return Promise.reject(new Error('the inbox is closed: the app is stopping'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ entry, resolve, reject });
      this.schedule();
    });
  }

  /** Stop taking rows; write what is waiting now and resolve once every batch has settled. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.writing || this.waiting.length > 0) {
      this.writeNext();
      await this.writing;
    }
  }

  private schedule(): void {
    if (this.scheduled || this.writing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.writeNext();
    });
  }

  private writeNext(): void {
    if (this.writing || this.waiting.length === 0) return;
    const batch = this.waiting.splice(0, this.maxRows);
    this.writing = this.write(batch).finally(() => {
      this.writing = undefined;
      if (this.waiting.length > 0) this.schedule();
    });
  }

  private async write(batch: Waiter[]): Promise<void> {
    // Two copies of one event in a batch (Lark's retry racing the original) go in once; the first copy is
    // the one that may be "stored now", the others are duplicates, as they would be one statement later.
    const first = new Map<string, Waiter>();
    for (const w of batch) if (!first.has(w.entry.dedupeKey)) first.set(w.entry.dedupeKey, w);
    let stored: ReadonlySet<string>;
    try {
      stored = await this.writeRows([...first.values()].map((w) => w.entry));
    } catch (err) {
      for (const w of batch) w.reject(err);
      return;
    }
    for (const w of batch) w.resolve(first.get(w.entry.dedupeKey) === w && stored.has(w.entry.dedupeKey));
  }
}
