import { registry } from '../../../handlers/index';
import { JobRunRepository, type JobRun } from '../../db/repositories/job-run-repository';
import { localDate } from '../../domain/local-date';
import { isWorkday } from '../../domain/work-calendar';
import type { JobDef } from '../../scheduler/job-def';
import { formatLocal } from '../../scheduler/local-time';
import { compileCron } from '../../scheduler/occurrences';
import type { AdminCommand } from '../admin-command';
import { usageError } from './admin-output';

/** `jobs`: every scheduled job with its schedule, its next occurrence and the last one recorded. */
export const jobs: AdminCommand = {
  usage: 'jobs',
  describe: 'list the scheduled jobs: schedule, calendar, catch-up window, next and last occurrence',
  async run(ctx, args) {
    if (args.length > 0) return usageError(ctx, 'jobs');
    const tz = ctx.config.timeZone;
    const runs = new JobRunRepository(ctx.db.db);
    if (registry.jobs.length === 0) ctx.out('No scheduled jobs.');
    for (const job of registry.jobs) {
      const next = nextRunnable(job, tz, new Date());
      const last = await runs.last(job.name);
      ctx.out(`${job.name}  ${describe(job)}`);
      ctx.out(`    cron ${job.cron} (${tz}) · calendar ${job.calendar} · catch-up ${duration(job.catchUpMs)}`);
      ctx.out(`    next ${next ? `${formatLocal(next, tz)} (${tz})` : 'none'}`);
      ctx.out(`    last ${last ? lastLine(last, tz) : 'never'}`);
    }
    return 0;
  },
};

export function describe(job: JobDef): string {
  return typeof job.describe === 'string' ? job.describe : `${job.describe.zh} / ${job.describe.en}`;
}

export function lastLine(run: JobRun, tz: string): string {
  const outcome = run.outcome === 'ran' ? `ran, ${run.recipients} recipient(s)` : run.outcome === 'skipped-not-workday' ? 'skipped: not a workday' : 'skipped: missed beyond the catch-up window';
  return `${formatLocal(run.scheduledFor, tz)} (${tz}) · ${outcome}${run.late ? ' · late' : ''} · by ${run.plannedBy}`;
}

/** The next occurrence that will run (a 'workdays' job passes over days off); the console shows the same. */
export function nextRunnable(job: JobDef, tz: string, after: Date): Date | undefined {
  const cron = compileCron(job.cron, tz);
  let t = cron.nextRun(after);
  for (let i = 0; t && i < 1000; i++, t = cron.nextRun(t)) {
    if (job.calendar === 'all' || isWorkday(localDate(t, tz))) return t;
  }
  return undefined;
}

function duration(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}
