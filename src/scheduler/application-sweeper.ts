import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import { sweepApplications } from '../services/applications';
import { PollingLoop } from './polling-loop';

/**
 * Nudges mentors about applications waiting too long and expires the ones past the program's limit.
 * Every instance runs it; the service's conditional updates let each application be nudged or expired once.
 */
export class ApplicationSweeper {
  private readonly loop: PollingLoop;

  constructor(private readonly o: { db: Kysely<Database>; logger: Logger; onQueued: () => void; everyMs?: number; now?: () => Date }) {
    this.loop = new PollingLoop({ name: 'application sweeper', step: () => this.sweep().then(() => false), pollMs: o.everyMs ?? 5 * 60_000, logger: o.logger });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  async sweep(): Promise<{ nudged: number; expired: number }> {
    const result = await this.o.db.transaction().execute((trx) => sweepApplications(trx, (this.o.now ?? (() => new Date()))()));
    if (result.nudged + result.expired > 0) {
      this.o.logger.info(result, 'applications nudged or expired');
      this.o.onQueued();
    }
    return result;
  }
}
