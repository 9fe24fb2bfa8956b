import express, { type Router } from 'express';
import { registry } from '../../handlers/index';
import { nextRunnable } from '../cli/commands/jobs';
import { runJob } from '../cli/commands/run-job';
import type { Config } from '../config';
import type { Db } from '../db/create-db';
import { ConsoleRepository } from '../db/repositories/console-repository';
import { JobRunRepository, type JobRun } from '../db/repositories/job-run-repository';
import { OutboxRepository } from '../db/repositories/outbox-repository';
import type { LarkEmulator } from '../emulator/lark-emulator';
import type { Logger } from '../logger';
import { jobMessageKey } from '../scheduler/job-def';
import { formatLocal, parseLocalIso } from '../scheduler/local-time';
import { DEMO_GROUP_NAME, syncDemoDirectory } from './demo-group';

export interface ConsoleApiDeps {
  emulator: LarkEmulator;
  db: Db;
  config: Readonly<Config>;
  logger: Logger;
  /** after a job queued messages: let the outbox dispatcher send them now */
  wake: () => void;
}

const repo = new ConsoleRepository();

/**
 * The console's questions to the bot's side, under /console-api/app: who is on the roster, which jobs are
 * scheduled, run one (through `run-job` itself, so once-only holds here too), and the outbox for the inspector.
 */
export function createConsoleApi(deps: ConsoleApiDeps): Router {
  const { emulator, db, config } = deps;
  const tz = config.timeZone;
  const router = express.Router();

  router.get('/roster', async (_req, res) => {
    const people = await repo.roster(db.db);
    syncDemoDirectory(emulator, people.map((p) => ({ openId: p.openId, name: p.name })));
    const group = emulator.chats().find((c) => c.chatType === 'group' && c.name === DEMO_GROUP_NAME);
    res.json({
      people, timeZone: tz, bot: { openId: emulator.botOpenId, name: emulator.botName },
      ...(group ? { group: { chatId: group.chatId, name: group.name, memberOpenIds: group.memberOpenIds } } : {}),
    });
  });

  router.get('/jobs', async (_req, res) => {
    const runs = new JobRunRepository(db.db);
    const now = new Date();
    const jobs = [];
    for (const job of registry.jobs) {
      const next = nextRunnable(job, tz, now);
      const last = await runs.last(job.name);
      jobs.push({
        name: job.name, describe: typeof job.describe === 'string' ? { zh: job.describe, en: job.describe } : job.describe,
        cron: job.cron, calendar: job.calendar,
        next: next ? { at: next.toISOString(), local: formatLocal(next, tz) } : null,
        last: last ? runView(last, tz) : null,
      });
    }
    res.json({ timeZone: tz, now: { at: now.toISOString(), local: formatLocal(now, tz) }, jobs });
  });

  // The admin command itself, with its output captured: the console shows the same words an admin would read.
  router.post('/jobs/:name/run', express.json({ limit: '4kb' }), async (req, res) => {
    const at = (req.body as { at?: unknown } | undefined)?.at;
    const args = typeof at === 'string' && at.trim() !== '' ? [req.params.name, '--at', at.trim()] : [req.params.name];
    const out: string[] = [];
    const err: string[] = [];
    const exitCode = await runJob.run({ config, db, logger: deps.logger, out: (l) => out.push(l), err: (l) => err.push(l) }, args);
    deps.wake();
    const job = registry.jobs.find((j) => j.name === req.params.name);
    const scheduledFor = typeof at === 'string' ? parseLocalIso(at, tz) : undefined;
    const run = job && scheduledFor ? await new JobRunRepository(db.db).find(job.name, scheduledFor) : undefined;
    const queued = job && scheduledFor ? await repo.outboxByKeyPrefix(db.db, jobMessageKey(job.name, scheduledFor, ''), 200) : [];
    res.status(exitCode === 2 ? 400 : 200).json({ exitCode, out, err, ...(run ? { run: runView(run, tz) } : {}), queued });
  });

  router.get('/outbox', async (req, res) => {
    const limit = Math.min(Math.max(Number(req.query.limit) || 50, 1), 500);
    const [rows, counts] = await Promise.all([repo.recentOutbox(db.db, limit), new OutboxRepository(db.db).statusCounts()]);
    res.json({ rows, counts });
  });

  return router;
}

function runView(run: JobRun, tz: string) {
  return { scheduledFor: run.scheduledFor.toISOString(), local: formatLocal(run.scheduledFor, tz), outcome: run.outcome, recipients: run.recipients, late: run.late, plannedBy: run.plannedBy };
}

