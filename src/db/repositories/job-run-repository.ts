import type { Kysely } from 'kysely';
import type { Database } from '../database';

/**
 * job_runs: one row per occurrence of a scheduled job, (job, scheduled_for) unique. Inserting the row is how
 * an instance wins the occurrence (ON CONFLICT DO NOTHING: exactly one inserter ever wins, not just for a
 * lease). An occurrence that was deliberately not run is recorded too, so that every instance moves past
 * it and the reason is logged once: `recipients` < 0 marks those (the 0001 schema has no status column).
 */
export const SKIPPED_TOO_LATE = -1;
export const SKIPPED_NOT_WORKDAY = -2;

export type JobRunOutcome = 'ran' | 'skipped-too-late' | 'skipped-not-workday';

export interface JobRun {
  id: number;
  job: string;
  scheduledFor: Date;
  plannedBy: string;
  late: boolean;
  /** messages queued; 0 for a run that sent nothing */
  recipients: number;
  outcome: JobRunOutcome;
  createdAt: Date;
}

type Row = { id: number | string; job: string; scheduled_for: Date; planned_by: string; late: boolean; recipients: number; created_at: Date };

function toRun(r: Row): JobRun {
  const outcome: JobRunOutcome = r.recipients === SKIPPED_TOO_LATE ? 'skipped-too-late' : r.recipients === SKIPPED_NOT_WORKDAY ? 'skipped-not-workday' : 'ran';
  return {
    id: Number(r.id), job: r.job, scheduledFor: new Date(r.scheduled_for), plannedBy: r.planned_by, late: r.late,
    recipients: outcome === 'ran' ? r.recipients : 0, outcome, createdAt: new Date(r.created_at),
  };
}

export class JobRunRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Try to take the occurrence, in the caller's transaction. Returns the new row's id, or undefined when
   * another instance (or an earlier run) has it. A concurrent uncommitted insert of the same occurrence makes
   * this wait for that transaction: its commit means "taken", its rollback lets this one win.
   */
  async claim(trx: Kysely<Database>, o: { job: string; scheduledFor: Date; plannedBy: string; late: boolean; recipients?: number }): Promise<number | undefined> {
    const row = await trx
      .insertInto('job_runs')
      .values({ job: o.job, scheduled_for: o.scheduledFor, planned_by: o.plannedBy, late: o.late, recipients: o.recipients ?? 0 })
      .onConflict((oc) => oc.columns(['job', 'scheduled_for']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return row ? Number(row.id) : undefined;
  }

  async setRecipients(trx: Kysely<Database>, id: number, recipients: number): Promise<void> {
    await trx.updateTable('job_runs').set({ recipients }).where('id', '=', id).execute();
  }

  /** The latest recorded occurrence (run or skipped): catch-up looks for occurrences after it. */
  async last(job: string): Promise<JobRun | undefined> {
    const row = await this.db.selectFrom('job_runs').selectAll().where('job', '=', job).orderBy('scheduled_for', 'desc').limit(1).executeTakeFirst();
    return row ? toRun(row) : undefined;
  }

  async find(job: string, scheduledFor: Date): Promise<JobRun | undefined> {
    const row = await this.db.selectFrom('job_runs').selectAll().where('job', '=', job).where('scheduled_for', '=', scheduledFor).executeTakeFirst();
    return row ? toRun(row) : undefined;
  }

  async list(job: string, limit = 100): Promise<JobRun[]> {
    const rows = await this.db.selectFrom('job_runs').selectAll().where('job', '=', job).orderBy('scheduled_for', 'asc').limit(limit).execute();
    return rows.map(toRun);
  }
}
