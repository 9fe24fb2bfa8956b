import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { Bilingual, Card } from '../lark/cards/card-kit';
import type { Logger } from '../logger';
import type { OutboxFile } from '../db/repositories/outbox-repository';

/**
 * A scheduled behaviour (handlers/jobs/*.ts), registered in handlers/index.ts under `jobs`.
 * The scheduler runs each occurrence of `cron` once across all instances: the instance that inserts the
 * occurrence's job_runs row runs `run` in that row's transaction, so the run's changes and the messages it
 * sends commit together with the row, or not at all (and then the occurrence is tried again).
 */
export interface JobDef {
  /** stable key: job_runs.job, the outbox dedupe keys and `npm run admin -- run-job <name>` use it */
  name: string;
  describe: string | Bilingual;
  /**
   * 5 fields (minute precision) or 6 (with seconds first), read in the program's time zone (config.timeZone,
   * Asia/Shanghai). Day-of-month and day-of-week combine with OR, as in Vixie cron.
   */
  cron: string;
  /** 'workdays': occurrences on days off (China's statutory holidays, weekends not made up) are skipped */
  calendar: 'all' | 'workdays';
  /**
   * How late an occurrence may still run after no instance was up at its time. Older ones are skipped
   * (one warning). A reminder for an event already past is noise, so keep this short for reminders.
   */
  catchUpMs: number;
  run(ctx: JobContext): Promise<void>;
}

export interface JobContext {
  job: string;
  /** the occurrence: the cron time this run stands for (also for run-job --at) */
  scheduledFor: Date;
  /** run later than its time (catch-up after an outage, or run-job for a past time) */
  late: boolean;
  /** the occurrence's transaction: do every change through it */
  tx: Kysely<Database>;
  /**
   * Queue a card to someone's p2p chat. `key` tells this occurrence's messages apart (usually the recipient):
   * the outbox dedupe key is `job:<name>:<scheduledFor ISO>:<key>`, so a key queues at most one message.
   */
  send(openId: string, card: Card, key: string): void;
  /** Queue a file message the same way (same dedupe key scheme: use a key apart from the cards' keys). */
  sendFile(openId: string, file: OutboxFile, key: string): void;
  now: () => Date;
  /** the program's time zone, the one the cron is read in */
  timeZone: string;
  log: Logger;
}

/** The outbox dedupe key of one message of one occurrence. */
export function jobMessageKey(job: string, scheduledFor: Date, key: string): string {
  return `job:${job}:${scheduledFor.toISOString()}:${key}`;
}
