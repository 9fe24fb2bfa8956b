import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { OutboxRepository, fileMessage, type OutboxMessage } from '../db/repositories/outbox-repository';
import { JobRunRepository, SKIPPED_NOT_WORKDAY } from '../db/repositories/job-run-repository';
import { localDate } from '../domain/local-date';
import { hasYear, isWorkday } from '../domain/work-calendar';
import type { Logger } from '../logger';
import { jobMessageKey, type JobContext, type JobDef } from './job-def';
import { isLate } from './occurrences';

export interface OccurrenceDeps {
  db: Kysely<Database>;
  timeZone: string;
  /** recorded as job_runs.planned_by */
  instanceId: string;
  logger: Logger;
  now: () => Date;
  /** after a commit that queued messages: wake the outbox dispatcher */
  onQueued?: () => void;
}

export type OccurrenceResult =
  | { status: 'ran'; id: number; recipients: number; late: boolean }
  /** another instance, or an earlier run, has this occurrence */
  | { status: 'taken' }
  | { status: 'not-workday'; date: string };

// Postgres allows 65535 bind parameters per statement; an outbox row takes 8.
const ENQUEUE_CHUNK = 1000;
const warnedYears = new Set<number>();

/**
 * Run one occurrence of `job`, at most once across every instance and every retry: the job_runs row, the
 * job's own changes and its outbox rows share one transaction. A job that throws rolls all of it back (and the
 * error propagates), so the occurrence is free for the next wake of any instance.
 */
export async function runOccurrence(deps: OccurrenceDeps, job: JobDef, scheduledFor: Date): Promise<OccurrenceResult> {
  const runs = new JobRunRepository(deps.db);
  const late = isLate(scheduledFor, deps.now());
  const log = deps.logger.child({ job: job.name, scheduledFor: scheduledFor.toISOString() });

  if (job.calendar === 'workdays') {
    const date = localDate(scheduledFor, deps.timeZone);
    const year = Number(date.slice(0, 4));
    if (!hasYear(year) && !warnedYears.has(year)) {
      warnedYears.add(year);
      log.warn({ year }, 'no holiday data for this year (chinese-days): treating Monday to Friday as workdays; update chinese-days');
    }
    if (!isWorkday(date)) {
      // Recorded, so every instance moves past it and says so once.
      const id = await deps.db.transaction().execute((trx) =>
        runs.claim(trx, { job: job.name, scheduledFor, plannedBy: deps.instanceId, late, recipients: SKIPPED_NOT_WORKDAY }));
      if (id !== undefined) log.info({ date }, 'not a workday (statutory holiday or weekend): occurrence skipped');
      return id === undefined ? { status: 'taken' } : { status: 'not-workday', date };
    }
  }

  const result = await deps.db.transaction().execute(async (trx): Promise<OccurrenceResult> => {
    const id = await runs.claim(trx, { job: job.name, scheduledFor, plannedBy: deps.instanceId, late });
    if (id === undefined) return { status: 'taken' };
    const queued: OutboxMessage[] = [];
    const ctx: JobContext = {
      job: job.name, scheduledFor, late, tx: trx, now: deps.now, timeZone: deps.timeZone, log,
      send(openId, card, key) {
        queued.push({ kind: 'send', receiveIdType: 'open_id', receiveId: openId, msgType: 'interactive', content: card, dedupeKey: jobMessageKey(job.name, scheduledFor, key), jobRunId: id });
      },
      sendFile(openId, file, key) {
        queued.push(fileMessage(openId, file, { dedupeKey: jobMessageKey(job.name, scheduledFor, key), jobRunId: id }));
      },
    };
    await job.run(ctx);
    const outbox = new OutboxRepository(trx);
    let recipients = 0;
    for (let i = 0; i < queued.length; i += ENQUEUE_CHUNK) recipients += await outbox.enqueue(trx, queued.slice(i, i + ENQUEUE_CHUNK));
    if (recipients > 0) await runs.setRecipients(trx, id, recipients);
    return { status: 'ran', id, recipients, late };
  });
  if (result.status === 'ran') {
    log.info({ recipients: result.recipients, late }, late ? 'job ran late (catch-up)' : 'job ran');
    if (result.recipients > 0) deps.onQueued?.();
  }
  return result;
}
