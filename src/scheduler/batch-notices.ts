import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { OutboxRepository } from '../db/repositories/outbox-repository';
import { localDate } from '../domain/local-date';
import { batchNotices, candidateBatches } from '../services/secondment-notices';
import type { Logger } from '../logger';
import { PollingLoop } from './polling-loop';

export interface BatchNoticesOptions {
  db: Kysely<Database>;
  outbox: OutboxRepository;
  /** the programs' calendar: a batch opens on its start date there (Asia/Shanghai by default) */
  timeZone: string;
  logger: Logger;
  /** called after a commit that queued messages (wakes the outbox dispatcher) */
  onQueued: () => void;
  now?: () => Date;
  pollMs?: number;
}

/**
 * Secondment batch notices (挂职锻炼: opening on the start date, closing the day after the end date). Every
 * instance runs this loop; the per-batch lock and the outbox dedupe keys make each notice go out once.
 * Each batch is its own transaction, so one bad batch does not hold back the others.
 */
export class BatchNotices {
  private readonly loop: PollingLoop;
  private readonly now: () => Date;

  constructor(private readonly o: BatchNoticesOptions) {
    this.now = o.now ?? (() => new Date());
    // A minute is precise enough for "on the start date"; the round is a single indexed query when idle.
    this.loop = new PollingLoop({ name: 'batch notices', step: async () => { await this.tick(); return false; }, pollMs: o.pollMs ?? 60_000, logger: o.logger });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One round over the batches that need attention today; returns how many messages it queued. */
  async tick(): Promise<number> {
    const today = localDate(this.now(), this.o.timeZone);
    let queued = 0;
    for (const batch of await candidateBatches(this.o.db, today)) {
      const r = await this.o.db.transaction().execute((trx) => batchNotices(trx, this.o.outbox, batch, today));
      if (r.queued > 0 || r.pairsEnded > 0) this.o.logger.info({ batchId: batch.batchId, today, ...r }, 'batch notices');
      if (r.queued > 0) this.o.onQueued();
      queued += r.queued;
    }
    return queued;
  }
}
