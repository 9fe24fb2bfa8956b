// `npm run bench -- fan-out`: one occurrence of the real weekly-report-prompt job (run through the job runner,
// as the scheduler or `npm run admin -- run-job` runs it) queues a 周报 card to each of 10,000 mentees; the bot's
// outbox dispatcher sends them to the Lark emulator, whose limits are Lark's scaled up ×10 (500/s and
// 10,000/min per app, 5/s per receiver as in Lark), with the bot's own send limits scaled alike. Measured for
// ONE bot process and for THREE (separate processes sharing Postgres and Redis), against a naive paced loop in
// one process (in-memory limiter, no database, no Redis) sending the same cards to the same emulator in the
// same run. Gates, counted at the emulator: nobody missing, nobody twice, 429s.
// Needs DATABASE_URL and REDIS_URL. FANOUT_BENCH_N (10000), FANOUT_BENCH_ROUNDS (1), FANOUT_BENCH_FACTOR (10).
// Writes what it prints to bench/results/fan-out.txt.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pino from 'pino';
import { registry } from '../handlers/index';
import { createDb } from '../src/db/create-db';
import { migrateToLatest } from '../src/db/migrate';
import { addDays, isoWeekday } from '../src/domain/iso-week';
import { localDate } from '../src/domain/local-date';
import { isWorkday } from '../src/domain/work-calendar';
import { LarkEmulator } from '../src/emulator/lark-emulator';
import { runOccurrence } from '../src/scheduler/job-runner';
import { parseLocalIso } from '../src/scheduler/local-time';
import { LARK_SEND_LIMITS, type SendLimits } from '../src/scheduler/outbox-dispatcher';
import type { RateWindow } from '../src/session/session-store';
import { spawnChildApp, type ChildApp } from '../test/helpers/spawn-child-app';
import { freshDatabaseUrl } from '../test/helpers/test-db';
import { BenchReport, summary, type Timing } from './bench-kit';
import { fanOutOpenId, seedFanOut } from './fan-out-seed';

const N = Number(process.env.FANOUT_BENCH_N ?? 10_000);
const ROUNDS = Number(process.env.FANOUT_BENCH_ROUNDS ?? 1);
const FACTOR = Number(process.env.FANOUT_BENCH_FACTOR ?? 10);
const TZ = 'Asia/Shanghai';
const JOB = 'weekly-report-prompt';
const MESSAGES_PATH = '/open-apis/im/v1/messages';
const NAIVE_SCRIPT = fileURLToPath(new URL('./fan-out-naive.ts', import.meta.url));
const logger = pino({ level: 'silent' });

// Lark: 50/s and 1000/min per app, 5/s per receiver (reliability.md §2.1). Scaled: the app windows only.
const EMULATOR_LIMITS = { appPerSecond: 50 * FACTOR, appPerMinute: 1000 * FACTOR, perReceiverPerSecond: 5 };
const SEND_LIMITS: SendLimits = {
  app: LARK_SEND_LIMITS.app.map((w) => ({ limit: w.limit * FACTOR, windowMs: w.windowMs })),
  perReceiver: LARK_SEND_LIMITS.perReceiver,
};
const LARK_WINDOWS: RateWindow[] = [{ limit: EMULATOR_LIMITS.appPerSecond, windowMs: 1_000 }, { limit: EMULATOR_LIMITS.appPerMinute, windowMs: 60_000 }];

/**
 * When the n-th send could happen at the earliest (ms after the first) for a sender that is never late, under
 * sliding windows "fewer than `limit` sends in (t − window, t]": send i waits for send i − limit to leave.
 */
function idealMs(n: number, windows: RateWindow[]): number {
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    let at = i > 0 ? t[i - 1]! : 0;
    for (const w of windows) if (i >= w.limit) at = Math.max(at, t[i - w.limit]! + w.windowMs);
    t.push(at);
  }
  return t[n - 1] ?? 0;
}

type Subject = 'naive' | 'bot×1' | 'bot×3';
const LABEL: Record<Subject, string> = {
  naive: 'baseline: naive paced loop, 1 process, no DB/Redis',
  'bot×1': 'bot, 1 instance (outbox + Redis limiter)',
  'bot×3': 'bot, 3 instances sharing Postgres + Redis',
};

interface Run {
  /** first to last accepted send at the emulator */
  makespanMs: number;
  /** messages queued (job committed, or loop started) → first accepted send */
  startMs: number;
  /** time of the k-th accepted send after the first, k = the configured per-minute count (or N) */
  burstMs: number;
  jobMs: number;
  accepted: number;
  rejected429: number;
  delivered: number;
  distinctUuids: number;
  lost: number;
  twice: number;
  foreign: number;
  dbSent: number | undefined;
}

async function run(): Promise<void> {
  const report = new BenchReport('fan-out');
  const job = registry.jobs.find((j) => j.name === JOB);
  if (!job) throw new Error(`no job ${JOB}`);
  // The first minute's worth of the configured per-minute window: how fast the bot sends while nothing but the
  // per-second window holds it back.
  const longest = SEND_LIMITS.app.reduce((a, b) => (b.windowMs > a.windowMs ? b : a));
  const burstCount = Math.min(N, longest.limit);
  const ideal = { lark: idealMs(N, LARK_WINDOWS), configured: idealMs(N, SEND_LIMITS.app), burst: idealMs(burstCount, SEND_LIMITS.app) };
  const rate = (ms: number) => (N - 1) / (ms / 1000);

  report.out(`fan-out benchmark — ${new Date().toISOString()}`);
  report.machine();
  report.out(`N = ${N.toLocaleString('en-US')} recipients (one 周报 card each, job ${JOB} through the job runner); ${ROUNDS} round(s), the subjects in turn`);
  report.out(`emulator (Lark ×${FACTOR}): ${EMULATOR_LIMITS.appPerSecond}/s and ${EMULATOR_LIMITS.appPerMinute.toLocaleString('en-US')}/min per app, ${EMULATOR_LIMITS.perReceiverPerSecond}/s per receiver`);
  report.out(`bot and baseline (LARK_SEND_LIMITS ×${FACTOR}): app ${SEND_LIMITS.app.map((w) => `${w.limit}/${w.windowMs} ms`).join(' and ')}, per receiver ${SEND_LIMITS.perReceiver.map((w) => `${w.limit}/${w.windowMs} ms`).join(' and ')}`);
  report.out(`fastest possible, first to last send: ${(ideal.lark / 1000).toFixed(1)} s under the emulator's limits (${rate(ideal.lark).toFixed(0)} msg/s), ` +
    `${(ideal.configured / 1000).toFixed(1)} s under the configured ones (${rate(ideal.configured).toFixed(0)} msg/s)`);
  report.out();

  const lark = { appId: `cli_${randomBytes(8).toString('hex')}`, appSecret: randomBytes(12).toString('hex'), encryptKey: randomBytes(12).toString('hex'), verificationToken: randomBytes(12).toString('hex') };
  const fresh = await freshDatabaseUrl();
  const db = await createDb({ databaseUrl: fresh.url, logger });
  const emulator = await LarkEmulator.start({ appId: lark.appId, appSecret: lark.appSecret, limits: EMULATOR_LIMITS });
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'fan-out-bench-'));
  const live = new Set<{ kill(): Promise<void> }>();
  let closed: Promise<void> | undefined;
  const close = () => (closed ??= (async () => {
    for (const c of live) await c.kill().catch(() => undefined);
    await emulator.close();
    await db.close();
    await fresh.drop();
    await rm(tmp, { recursive: true, force: true });
  })());
  // Ctrl-C or a kill (`timeout`): no child process and no database left behind either.
  const interrupted = () => { void close().finally(() => process.exit(130)); };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    await migrateToLatest(db.db);
    await seedFanOut(db.db, N, registry.jobs);
    const recipients = Array.from({ length: N }, (_, i) => fanOutOpenId(i));
    for (const [i, openId] of recipients.entries()) emulator.addUser({ openId, name: `干部${i + 1}` });

    // Workday Fridays, newest first: one occurrence per measured run (each run's cards are new rows).
    const fridays: Date[] = [];
    for (let d = localDate(new Date(), TZ); fridays.length < 3 * ROUNDS + 1; d = addDays(d, -1)) {
      if (isoWeekday(d) === 5 && isWorkday(d) && d < localDate(new Date(), TZ)) fridays.push(parseLocalIso(`${d}T16:00`, TZ)!);
    }

    /** The job's occurrence: its outbox rows, committed. */
    const occurrence = async (): Promise<{ jobRunId: number; ms: number }> => {
      const t0 = Date.now();
      const r = await runOccurrence({ db: db.db, timeZone: TZ, instanceId: 'bench', logger, now: () => new Date() }, job, fridays.shift()!);
      if (r.status !== 'ran' || r.recipients !== N) throw new Error(`the job queued ${r.status === 'ran' ? r.recipients : r.status}, expected ${N}`);
      return { jobRunId: r.id, ms: Date.now() - t0 };
    };

    const measure = async (jobRunId: number, startedAt: number, jobMs: number): Promise<Run> => {
      const ids = new Set((await db.db.selectFrom('outbox').select('id').where('job_run_id', '=', jobRunId).execute()).map((r) => r.id));
      const posts = emulator.requestLog.filter((r) => r.method === 'POST' && r.path === MESSAGES_PATH);
      const accepted = posts.filter((r) => r.status === 200).map((r) => r.at).sort((a, b) => a - b);
      const chatOwner = new Map(emulator.chats().filter((c) => c.chatType === 'p2p').map((c) => [c.chatId, c.memberOpenIds[0]!]));
      const delivered = emulator.messages({ sender: 'app' });
      const per = new Map<string, number>();
      for (const m of delivered) { const who = chatOwner.get(m.chatId) ?? m.chatId; per.set(who, (per.get(who) ?? 0) + 1); }
      const counts = await db.db.selectFrom('outbox').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('job_run_id', '=', jobRunId).groupBy('status').execute();
      return {
        makespanMs: accepted.length ? accepted.at(-1)! - accepted[0]! : NaN,
        startMs: accepted.length ? accepted[0]! - startedAt : NaN,
        burstMs: accepted.length >= burstCount ? accepted[burstCount - 1]! - accepted[0]! : NaN,
        jobMs,
        accepted: accepted.length,
        rejected429: posts.filter((r) => r.status === 429).length,
        delivered: delivered.length,
        distinctUuids: new Set(delivered.map((m) => m.uuid)).size,
        lost: recipients.filter((r) => !per.has(r)).length,
        twice: recipients.reduce((n, r) => n + Math.max(0, (per.get(r) ?? 0) - 1), 0),
        foreign: delivered.filter((m) => !m.uuid || !ids.has(m.uuid)).length,
        dbSent: Number(counts.find((c) => c.status === 'sent')?.n ?? 0),
      };
    };

    /** Until the emulator accepted `n` sends, plus a second for any straggler (a duplicate would show). */
    const untilAccepted = async (n: number, timeoutMs: number): Promise<void> => {
      const t0 = Date.now();
      let seen = 0;
      while (Date.now() - t0 < timeoutMs) {
        seen = emulator.requestLog.reduce((k, r) => k + (r.status === 200 && r.path === MESSAGES_PATH ? 1 : 0), 0);
        if (seen >= n) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      await new Promise((r) => setTimeout(r, 1_000));
    };
    const timeoutMs = 3 * ideal.configured + 60_000;

    const naive = async (): Promise<Run> => {
      const { jobRunId, ms } = await occurrence();
      const rows = await db.db.selectFrom('outbox').select(['id', 'receive_id', 'msg_type', 'content']).where('job_run_id', '=', jobRunId).orderBy('seq').execute();
      const rowsFile = path.join(tmp, `rows-${jobRunId}.json`);
      await writeFile(rowsFile, JSON.stringify(rows.map((r) => ({ id: r.id, receiveId: r.receive_id, msgType: r.msg_type, content: r.content }))));
      // The loop sends these itself: the outbox rows are only where the cards came from.
      await db.db.updateTable('outbox').set({ status: 'sent', sent_at: sql<Date>`now()` }).where('job_run_id', '=', jobRunId).execute();
      const child = spawn(process.execPath, ['--import', 'tsx', NAIVE_SCRIPT], {
        env: { ...process.env, FANOUT_NAIVE: JSON.stringify({ lark: { ...lark, domain: emulator.url }, limits: SEND_LIMITS, rowsFile, inFlight: 20 }) },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const handle = { kill: () => killChild(child) };
      live.add(handle);
      try {
        const lines = lineReader(child);
        // tsx compiles the loop as it loads: slow on a busy machine.
        await lines.waitFor('READY', 60_000);
        // Forget the loop's token fetch: only its sends are measured.
        emulator.reset();
        const startedAt = Date.now();
        child.stdin!.write('go\n');
        await lines.waitFor('DONE', timeoutMs);
        await new Promise((r) => setTimeout(r, 1_000));
        return { ...(await measure(jobRunId, startedAt, ms)), dbSent: undefined };
      } finally {
        await handle.kill();
        live.delete(handle);
      }
    };

    const bots = async (instances: number): Promise<Run> => {
      const namespace = `bench-fanout-${randomBytes(4).toString('hex')}`;
      const env = {
        LARK_APP_ID: lark.appId, LARK_APP_SECRET: lark.appSecret, LARK_ENCRYPT_KEY: lark.encryptKey, LARK_VERIFICATION_TOKEN: lark.verificationToken,
        LARK_DOMAIN: emulator.url, DATABASE_URL: fresh.url, REDIS_URL: process.env.REDIS_URL!, PORT: '0',
      };
      const children: ChildApp[] = [];
      try {
        // Each in `live` as soon as it is up, so a sibling failing to start leaves nothing behind.
        await Promise.all(Array.from({ length: instances }, async () => {
          const c = await spawnChildApp({ env, options: { sendLimits: SEND_LIMITS, sessionNamespace: namespace } });
          children.push(c);
          live.add(c);
        }));
        emulator.reset();
        const { jobRunId, ms } = await occurrence();
        const startedAt = Date.now();
        await untilAccepted(N, timeoutMs);
        const x = await measure(jobRunId, startedAt, ms);
        // A run that timed out leaves rows behind: the next run's bots must not send them.
        await db.db.updateTable('outbox').set({ status: 'failed', last_error: 'bench: run over' }).where('job_run_id', '=', jobRunId).where('status', 'in', ['pending', 'sending']).execute();
        return x;
      } finally {
        for (const c of children) { await c.kill(); live.delete(c); }
      }
    };

    const subjects: [Subject, () => Promise<Run>][] = [['naive', naive], ['bot×1', () => bots(1)], ['bot×3', () => bots(3)]];
    const runs: Record<Subject, Run[]> = { naive: [], 'bot×1': [], 'bot×3': [] };
    for (let r = 0; r < ROUNDS; r++) {
      // Each round starts one subject later, so drift on the machine hits all of them alike.
      for (let k = 0; k < subjects.length; k++) {
        const [name, fn] = subjects[(r + k) % subjects.length]!;
        const x = await fn();
        runs[name].push(x);
        report.out(`round ${r + 1}, ${LABEL[name]}: ${x.accepted} sends accepted in ${(x.makespanMs / 1000).toFixed(1)} s (job ${(x.jobMs / 1000).toFixed(1)} s, first send after ${x.startMs} ms), ` +
          `${x.rejected429} × 429, delivered ${x.delivered}, lost ${x.lost}, twice ${x.twice}; load ${os.loadavg()[0]!.toFixed(1)}`);
      }
    }

    const s = (name: Subject, f: (x: Run) => number): Timing => summary(runs[name].map(f));
    const cell = (t: Timing, fmt: (x: number) => string) => (ROUNDS > 1 ? `${fmt(t.median)} (${fmt(t.min)}–${fmt(t.max)})` : fmt(t.median));
    const sec = (x: number) => `${(x / 1000).toFixed(1)} s`;
    const frac = (x: number) => x.toFixed(2);
    const naiveRate = s('naive', (x) => rate(x.makespanMs)).median;
    report.out();
    report.table([
      ['', 'first → last send', 'msg/s', "of Lark's allowance", 'of configured', '× baseline', `first ${burstCount.toLocaleString('en-US')} (ideal ${sec(ideal.burst)})`, 'first send after'],
      ...(['naive', 'bot×1', 'bot×3'] as Subject[]).map((name) => [
        LABEL[name],
        cell(s(name, (x) => x.makespanMs), sec),
        cell(s(name, (x) => rate(x.makespanMs)), (x) => x.toFixed(0)),
        // 0 at best when all N fit in the first window's burst: no limit binds, so no fraction of one.
        ideal.lark > 0 ? cell(s(name, (x) => ideal.lark / x.makespanMs), frac) : '—',
        ideal.configured > 0 ? cell(s(name, (x) => ideal.configured / x.makespanMs), frac) : '—',
        `${(s(name, (x) => rate(x.makespanMs)).median / naiveRate).toFixed(2)}×`,
        cell(s(name, (x) => x.burstMs), sec),
        cell(s(name, (x) => x.startMs), (x) => `${x.toFixed(0)} ms`),
      ]),
    ]);
    report.out();
    report.out('gates, counted at the emulator (every run):');
    report.table([
      ['', 'accepted', 'delivered', 'distinct uuids', 'lost', 'twice', 'not from the job', '429s', '429 ≤ 1%', 'outbox sent', 'verdict'],
      ...(['naive', 'bot×1', 'bot×3'] as Subject[]).flatMap((name) => runs[name].map((x, i) => {
        const ok = x.lost === 0 && x.twice === 0 && x.foreign === 0 && x.delivered === N && x.distinctUuids === N && x.rejected429 <= 0.01 * x.accepted && (x.dbSent === undefined || x.dbSent === N);
        return [`${LABEL[name]}${ROUNDS > 1 ? ` #${i + 1}` : ''}`, String(x.accepted), String(x.delivered), String(x.distinctUuids), String(x.lost), String(x.twice), String(x.foreign),
          String(x.rejected429), x.rejected429 <= 0.01 * x.accepted ? 'yes' : 'NO', x.dbSent === undefined ? '—' : String(x.dbSent), ok ? 'PASS' : 'FAIL'];
      })),
    ]);
    const r3 = ['bot×1', 'bot×3'].map((name) => `${name} ${(s(name as Subject, (x) => rate(x.makespanMs)).median / naiveRate).toFixed(2)}`);
    report.out();
    report.out(`R3 (reliability.md §5.4: pipeline rate / naive loop rate, target ≥ 0.9): ${r3.join(', ')}`);
    await report.finish();
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await close();
  }
}

function killChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Lines of a child's stdout; waitFor resolves on the first line starting with `prefix` (or fails on exit). */
function lineReader(child: ChildProcess): { waitFor(prefix: string, timeoutMs: number): Promise<string> } {
  const lines: string[] = [];
  let buffer = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let i;
    while ((i = buffer.indexOf('\n')) >= 0) { lines.push(buffer.slice(0, i)); buffer = buffer.slice(i + 1); }
    for (const l of listeners) l();
  });
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  return {
    waitFor: (prefix, timeoutMs) => new Promise((resolve, reject) => {
      const check = () => {
        const hit = lines.find((l) => l.startsWith(prefix));
        if (hit) { done(); resolve(hit); }
      };
      const onExit = () => { done(); reject(new Error(`the baseline process exited before "${prefix}": ${stderr.slice(-2000)}`)); };
      const timer = setTimeout(() => { done(); reject(new Error(`no "${prefix}" from the baseline process within ${timeoutMs} ms: ${stderr.slice(-2000)}`)); }, timeoutMs);
      const done = () => { clearTimeout(timer); listeners.delete(check); child.off('exit', onExit); };
      listeners.add(check);
      child.once('exit', onExit);
      check();
    }),
  };
}

if (process.env.DATABASE_URL && process.env.REDIS_URL) await run();
else console.log('fan-out: skipped (set DATABASE_URL and REDIS_URL)');
