import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { registry as defaultRegistry } from '../../../handlers/index';
import { card, markdown, t } from '../../../src/lark/cards/card-kit';
import type { JobDef } from '../../../src/scheduler/job-def';
import { JobRunRepository, type JobRun } from '../../../src/db/repositories/job-run-repository';
import { LarkEmulator } from '../../../src/emulator/lark-emulator';
import { freshDatabaseUrl } from '../../helpers/test-db';
import { startHarness, eventually, type Harness } from '../../helpers/test-app';

export const HOUR = 3_600_000;

/** A clock the tests move by hand: every instance of a cluster reads the same one. */
export class TestClock {
  constructor(private at: Date) {}
  readonly now = (): Date => this.at;
  set(iso: string): void {
    this.at = new Date(iso);
  }
}

export interface LogLine { level: number; msg: string; [k: string]: unknown }

/** A job that sends one card to everyone on the roster whose open_id starts with `prefix`. */
export function fanOutJob(o: { name: string; cron: string; calendar?: JobDef['calendar']; catchUpMs: number; prefix: string; failWhile?: () => boolean }): JobDef {
  return {
    name: o.name, describe: 'test fan-out', cron: o.cron, calendar: o.calendar ?? 'all', catchUpMs: o.catchUpMs,
    async run(ctx) {
      const people = await ctx.tx.selectFrom('cadres').select('open_id').where('open_id', 'like', `${o.prefix}%`).orderBy('id').execute();
      for (const p of people) {
        ctx.send(p.open_id!, card({ title: t('定时提醒', 'Scheduled reminder'), elements: [markdown(t(`时间 ${ctx.scheduledFor.toISOString()}`, `at ${ctx.scheduledFor.toISOString()}`))] }), p.open_id!);
      }
      if (o.failWhile?.()) throw new Error('the job broke after queuing its messages');
    },
  };
}

/**
 * N instances of one deployment: one database (made here), one Redis, one emulator, one clock, one log.
 * Instances can be added later (a restart after an outage).
 */
export class Cluster {
  readonly instances: Harness[] = [];
  readonly logs: LogLine[] = [];
  emulator!: LarkEmulator;
  private db!: { url: string; drop(): Promise<void> };
  private readonly lark = { appId: `cli_${randomBytes(8).toString('hex')}`, appSecret: 'secret', encryptKey: randomBytes(8).toString('hex'), verificationToken: randomBytes(8).toString('hex') };
  private readonly logger = pino({ level: 'debug' }, { write: (s: string) => void this.logs.push(JSON.parse(s) as LogLine) });

  constructor(readonly clock: TestClock, readonly jobs: JobDef[]) {}

  async start(n: number): Promise<this> {
    this.emulator = await LarkEmulator.start({ appId: this.lark.appId, appSecret: this.lark.appSecret, botName: '引航' });
    this.db = await freshDatabaseUrl();
    await Promise.all(Array.from({ length: n }, () => this.addInstance()));
    return this;
  }

  async addInstance(): Promise<Harness> {
    const h = await startHarness({
      emulator: this.emulator, databaseUrl: this.db.url, lark: this.lark,
      app: { now: this.clock.now, logger: this.logger, registry: { ...defaultRegistry, jobs: this.jobs } },
    });
    this.instances.push(h);
    return h;
  }

  get first(): Harness {
    return this.instances[0]!;
  }

  async addPeople(prefix: string, n: number): Promise<string[]> {
    const ids = Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`.padEnd(28, '0'));
    for (const [i, openId] of ids.entries()) await this.first.addPerson({ openId, name: `定时${i}` });
    return ids;
  }

  /** Every instance plans a round at the same moment. */
  wakeAll() {
    return Promise.all(this.instances.map((h) => h.app.scheduler.tick())).then((rounds) => rounds.flat());
  }

  runs(job: string): Promise<JobRun[]> {
    return new JobRunRepository(this.first.app.db.db).list(job);
  }

  outboxRows(job?: string) {
    let q = this.first.app.db.db.selectFrom('outbox').select(['id', 'receive_id', 'dedupe_key', 'job_run_id', 'status']);
    if (job) q = q.where('dedupe_key', 'like', `job:${job}:%`);
    return q.execute();
  }

  /** Waits until no outbox row is waiting, then returns what the emulator got from the app. */
  async delivered() {
    await eventually(async () => (await this.first.app.db.db.selectFrom('outbox').select('id').where('status', 'in', ['pending', 'sending']).execute()).length === 0, 15_000, 'the outbox to drain');
    return this.emulator.messages({ sender: 'app' });
  }

  lines(level: 'warn' | 'info' | 'error', includes: string): LogLine[] {
    const n = { info: 30, warn: 40, error: 50 }[level];
    return this.logs.filter((l) => l.level === n && l.msg.includes(includes));
  }

  async close(): Promise<void> {
    for (const h of this.instances.splice(0).reverse()) await h.close();
    await this.emulator?.close();
    await this.db?.drop();
  }
}
