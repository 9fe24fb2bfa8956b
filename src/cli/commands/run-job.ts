import { registry } from '../../../handlers/index';
import { JobRunRepository } from '../../db/repositories/job-run-repository';
import { runOccurrence } from '../../scheduler/job-runner';
import { formatLocal, parseLocalIso } from '../../scheduler/local-time';
import { compileCron, isOccurrence } from '../../scheduler/occurrences';
import type { AdminCommand } from '../admin-command';
import { cliActor, usageError } from './admin-output';
import { lastLine } from './jobs';

const USAGE = 'run-job <name> [--at <ISO time>]';

/**
 * `run-job <name> [--at <time>]`: one occurrence, now or of the given time, exactly as the scheduler runs it
 * (the same job_runs row decides, so it runs once even against running bots and a second run-job).
 * The messages it queues are sent by a running bot's outbox dispatcher.
 */
export const runJob: AdminCommand = {
  usage: USAGE,
  describe: 'run one occurrence of a job now (or of the given time, e.g. --at 2024-10-11T16:00 in the program\'s time zone); once only',
  async run(ctx, args) {
    const names = `jobs: ${registry.jobs.map((j) => j.name).join(', ') || '(none)'}`;
    const [name, ...rest] = args;
    const job = registry.jobs.find((j) => j.name === name);
    if (!name || !job) return usageError(ctx, USAGE, name ? `unknown job "${name}"; ${names}` : names);
    const tz = ctx.config.timeZone;
    let scheduledFor = new Date(Math.floor(Date.now() / 1000) * 1000);
    if (rest.length > 0) {
      const at = rest[0] === '--at' && rest.length === 2 ? parseLocalIso(rest[1]!, tz) : undefined;
      if (!at) return usageError(ctx, USAGE, rest[0] === '--at' && rest[1] ? `not an ISO time: ${rest[1]}` : undefined);
      scheduledFor = at;
    }
    const when = `${formatLocal(scheduledFor, tz)} (${tz}, ${scheduledFor.toISOString()})`;
    if (rest.length > 0 && !isOccurrence(compileCron(job.cron, tz), scheduledFor)) {
      ctx.out(`note: ${when} is not one of ${job.name}'s scheduled times (${job.cron}); running it as an extra occurrence`);
    }
    try {
      const result = await runOccurrence({ db: ctx.db.db, timeZone: tz, instanceId: cliActor(), logger: ctx.logger, now: () => new Date() }, job, scheduledFor);
      if (result.status === 'ran') {
        ctx.out(`Ran ${job.name} for ${when}${result.late ? ' (late)' : ''}: queued ${result.recipients} message(s)${result.recipients > 0 ? '; a running bot sends them' : ''}.`);
      } else if (result.status === 'not-workday') {
        ctx.out(`${job.name} runs on workdays only and ${result.date} is not one: skipped (recorded).`);
      } else {
        const run = await new JobRunRepository(ctx.db.db).find(job.name, scheduledFor);
        ctx.out(`${job.name} for ${when} already ran; nothing written.${run ? `\n    ${lastLine(run, tz)}` : ''}`);
      }
      return 0;
    } catch (err) {
      ctx.err(`${job.name} failed, nothing was written: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    }
  },
};
