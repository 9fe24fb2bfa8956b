import type { Cron } from 'croner';
import { JobRunRepository, SKIPPED_TOO_LATE } from '../db/repositories/job-run-repository';
import type { JobDef } from './job-def';
import { runOccurrence, type OccurrenceDeps, type OccurrenceResult } from './job-runner';
import { compileCron, planOccurrences } from './occurrences';

export interface JobSchedulerOptions extends OccurrenceDeps {
  jobs: JobDef[];
  /** longest sleep between rounds even when no occurrence is near (covers clock jumps and lost timers) */
  maxSleepMs?: number;
}

export interface RoundEntry {
  job: string;
  scheduledFor: Date;
  result?: OccurrenceResult;
  error?: unknown;
}

/**
 * Wakes at each job's next cron time (a plain timer from croner's next run; node-cron's own "distributed"
 * mode cannot guarantee once, see notes/reliability.md §1.2) and, on every wake, in every instance, plans what
 * is due: each occurrence after the last recorded one and inside the job's catch-up window runs once (the
 * job_runs row decides who), older ones are recorded as skipped with one warning. The wake only says "look
 * now"; correctness comes from Postgres, so a wake too many, too few or in every instance at once is harmless.
 */
export class JobScheduler {
  private readonly crons = new Map<string, Cron>();
  private readonly runs: JobRunRepository;
  private chain: Promise<unknown> = Promise.resolve();
  private active = false;
  private loopDone: Promise<void> = Promise.resolve();
  private cutSleep: (() => void) | undefined;

  constructor(private readonly o: JobSchedulerOptions) {
    for (const job of o.jobs) {
      if (this.crons.has(job.name)) throw new Error(`two jobs are named ${job.name}`);
      try {
        this.crons.set(job.name, compileCron(job.cron, o.timeZone));
      } catch (err) {
        throw new Error(`job ${job.name}: bad cron "${job.cron}": ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    this.runs = new JobRunRepository(o.db);
  }

  get jobs(): readonly JobDef[] {
    return this.o.jobs;
  }

  /** Catch up at once, then wake at every next occurrence. */
  start(): void {
    if (this.active || this.o.jobs.length === 0) return;
    this.active = true;
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    this.active = false;
    this.cutSleep?.();
    await this.loopDone;
  }

  /** One planning round over every job (rounds of one instance never overlap; instances race safely). */
  tick(): Promise<RoundEntry[]> {
    const round = this.chain.then(() => this.round());
    this.chain = round.catch(() => undefined);
    return round;
  }

  /** The earliest next occurrence of any job after `after`. */
  nextWake(after: Date): Date | undefined {
    let best: Date | undefined;
    for (const cron of this.crons.values()) {
      const t = cron.nextRun(after);
      if (t && (!best || t < best)) best = t;
    }
    return best;
  }

  private async round(): Promise<RoundEntry[]> {
    const entries: RoundEntry[] = [];
    for (const job of this.o.jobs) {
      const now = this.o.now();
      const last = await this.runs.last(job.name);
      const plan = planOccurrences({ cron: this.crons.get(job.name)!, now, catchUpMs: job.catchUpMs, last: last?.scheduledFor });
      if (plan.missed) {
        const m = plan.missed;
        // One row for the newest missed occurrence moves every instance past the whole range; its winner warns.
        const id = await this.o.db.transaction().execute((trx) =>
          this.runs.claim(trx, { job: job.name, scheduledFor: m.last, plannedBy: this.o.instanceId, late: true, recipients: SKIPPED_TOO_LATE }));
        if (id !== undefined) {
          this.o.logger.warn(
            { job: job.name, missed: m.count, capped: m.capped, first: m.first.toISOString(), last: m.last.toISOString(), catchUpMs: job.catchUpMs },
            `job ${job.name}: ${m.capped ? 'at least ' : ''}${m.count} occurrence(s) from ${m.first.toISOString()} to ${m.last.toISOString()} were missed while no instance ran and are older than the catch-up window: skipped`,
          );
        }
      }
      for (const scheduledFor of plan.due) {
        try {
          entries.push({ job: job.name, scheduledFor, result: await runOccurrence(this.o, job, scheduledFor) });
        } catch (error) {
          // Rolled back: the occurrence is free again. Stop here, so a newer occurrence does not supersede it.
          this.o.logger.error({ err: error, job: job.name, scheduledFor: scheduledFor.toISOString() }, `job ${job.name} failed; the next wake tries it again`);
          entries.push({ job: job.name, scheduledFor, error });
          break;
        }
      }
    }
    return entries;
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (this.active) {
      try {
        await this.tick();
        if (failures > 0) this.o.logger.info('job scheduler recovered');
        failures = 0;
      } catch (err) {
        // Usually the database is away: log once, then back off.
        if (failures === 0) this.o.logger.error({ err }, 'job scheduler round failed; backing off');
        failures += 1;
      }
      if (this.active) await this.sleep(failures > 0 ? Math.min(30_000, 500 * 2 ** failures) : this.msToNextWake());
    }
  }

  private msToNextWake(): number {
    const now = this.o.now();
    const next = this.nextWake(now);
    const max = this.o.maxSleepMs ?? 60_000;
    // A few ms past the occurrence, so the round sees it as due even if the timer fires a little early.
    return next ? Math.max(0, Math.min(max, next.getTime() - now.getTime() + 20)) : max;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.cutSleep = done;
    });
  }
}
