// `npm run bench -- webhook`: the bot's /webhook/event against baselines measured in the same run (issue 10,
// reliability.md §5.4 R1 and R2). Every request is a new im.message.receive_v1 event — its own event_id and
// message_id, created, encrypted and signed at the moment it is sent — so the bot's dedupe never short-cuts it.
//
//   bot    the real app (startApp, child process): raw body → signature → freshness → decrypt → token → INSERT
//          into the Postgres inbox → 200. Its inbox worker, dispatcher and job scheduler are stopped: the
//          figure is the acknowledgement path, which is what Lark's 3 s clock sees.
//   (a)    express 5 + express.json() answering {}: no verification, nothing stored.
//   (b)    express 5 + express.json() + @larksuiteoapi/node-sdk adaptExpress + EventDispatcher (Encrypt Key and
//          Verification Token set) with an empty handler: verifies and decrypts, stores nothing.
//   (c)    throughput only: the bot's own HTTP app and webhook handler with the inbox insert made a no-op, which
//          splits the bot's cost into its handler and its insert.
//   bot + inbox worker, latency only: the bot with its inbox worker running beside the webhook on the same
//          core, each event handled (a roster member sends 帮助, the reply is queued); the dispatcher stays
//          stopped. How much the production configuration takes from the acknowledgement path.
//
// Each server runs alone on core 0 (taskset), the loader on core 1 (bench/load-generator.ts). Two measures, in
// rounds taking the subjects in turn (ABAB…, the order reversed every other round):
//   throughput at saturation: CONNECTIONS requests in flight for SECONDS after a WARMUP; also the CPU each
//     request cost (the server's, plus its Postgres backends' for the bot), which other work on the machine
//     disturbs far less than req/s;
//   latency at a fixed rate every subject sustains (half the slowest one's saturated throughput, at most
//     400/s): p50/p99/max from the moment each request was due.
// Then the checks: no non-2xx, the baselines' handlers saw every request, the bot's inbox holds every event.
//
// Needs DATABASE_URL and REDIS_URL. WEBHOOK_BENCH_ROUNDS (3), WEBHOOK_BENCH_SECONDS (4), WEBHOOK_BENCH_WARMUP (2),
// WEBHOOK_BENCH_CONNECTIONS (50), WEBHOOK_BENCH_RATE (fixes the rate), WEBHOOK_BENCH_WORKER=0 leaves out the
// bot + worker subject. Writes what it prints to bench/results/webhook.txt.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import { createDb, type Db } from '../src/db/create-db';
import { LarkEmulator } from '../src/emulator/lark-emulator';
import { larkId } from '../src/emulator/lark-wire';
import { freshDatabaseUrl } from '../test/helpers/test-db';
import { addCadres } from '../test/helpers/people';
import { BenchReport, ms, summary, type Timing } from './bench-kit';
import { onInterrupt, startLoadGenerator, type LoadGenerator, type LoadJob } from './load-generator';
import { withCpu, type ServerProcess } from './load-server';
import type { WebhookRequestArgs } from './webhook-requests';
import { cores, handledBy, int, larkApp, pct, pinSelf, startBaseline, startBenchBot } from './webhook-rig';
import { teardown } from './teardown';

const ROUNDS = Number(process.env.WEBHOOK_BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.WEBHOOK_BENCH_SECONDS ?? 4);
const WARMUP = Number(process.env.WEBHOOK_BENCH_WARMUP ?? 2);
const CONNECTIONS = Number(process.env.WEBHOOK_BENCH_CONNECTIONS ?? 50);
const RATE = process.env.WEBHOOK_BENCH_RATE ? Number(process.env.WEBHOOK_BENCH_RATE) : undefined;
const WITH_WORKER = process.env.WEBHOOK_BENCH_WORKER !== '0';
const REQUESTS = fileURLToPath(new URL('./webhook-requests.ts', import.meta.url));
const ROSTER = 200;
const logger = pino({ level: 'silent' });

interface Subject {
  key: 'bare' | 'sdk' | 'nostore' | 'bot' | 'botWorker';
  label: string;
  server: ServerProcess;
  args: WebhookRequestArgs;
  /** the pids of its Postgres backends, whose CPU is part of what a request costs */
  backends?: () => Promise<number[]>;
  /** every request sent to it (warm-ups included), the 2xx among them, and the first thing that was not */
  sent: number;
  ok: number;
  problem?: string;
}

/** `cpuUs`: CPU microseconds per request, the server's own plus its Postgres backends' (`dbUs`); warm-up included in both */
interface Sample { rps: number; p50: number; p99: number; max: number; serverCpu: number; coreBusy: number; loaderCpu: number; cpuUs: number; dbUs: number }

const span = (t: Timing, f: (x: number) => string): string => `${f(t.median)} (${f(t.min)}–${f(t.max)})`;
const ratio = (x: number): string => `${x.toFixed(2)}×`;

async function measure(loader: LoadGenerator, s: Subject, job: Omit<LoadJob, 'url' | 'requests'>): Promise<Sample> {
  const { result: r, serverCpu, coreBusy, serverSeconds, helperSeconds } = await withCpu(s.server.pid, cores.server ?? 0, () =>
    loader.run({ ...job, url: `${s.server.url}/webhook/event`, requests: { module: REQUESTS, args: s.args } }), s.backends);
  s.sent += r.sentTotal;
  s.ok += r.okTotal;
  if (r.okTotal !== r.sentTotal) s.problem ??= r.firstError ?? `statuses ${JSON.stringify(r.statuses)}`;
  return { rps: r.rps, p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max, serverCpu, coreBusy, loaderCpu: r.loaderCpu, cpuUs: ((serverSeconds + helperSeconds) / r.sentTotal) * 1e6, dbUs: (helperSeconds / r.sentTotal) * 1e6 };
}

async function pendingInbox(db: Db): Promise<number> {
  return Number((await sql<{ n: string }>`select count(*) as n from inbox where status = 'pending'`.execute(db.db)).rows[0]!.n);
}

async function run(): Promise<void> {
  const report = new BenchReport('webhook');
  const lark = larkApp();
  const unpin = pinSelf();
  const { processes, connections, databases, undoAll } = teardown(unpin);
  const forget = onInterrupt(undoAll);
  try {
    report.out(`webhook benchmark — ${new Date().toISOString()}`);
    report.machine(cores.note);
    report.out(`${ROUNDS} rounds; throughput: ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${SECONDS} s measured; latency: a fixed rate (open loop), 1 s warm-up + ${SECONDS} s measured`);

    const emulator = await LarkEmulator.start({ appId: lark.appId, appSecret: lark.appSecret, botName: '引航' });
    connections.push(() => emulator.close());
    const database = async (): Promise<string> => {
      const fresh = await freshDatabaseUrl();
      databases.push(() => fresh.drop());
      return fresh.url;
    };
    const redisUrl = process.env.REDIS_URL!;
    const namespace = `bench${randomBytes(4).toString('hex')}`;
    const ackUrl = await database();
    const workerUrl = WITH_WORKER ? await database() : undefined;
    const loader = await startLoadGenerator({ cpu: cores.loader });
    processes.push(() => loader.close());
    const started = async (p: Promise<ServerProcess>): Promise<ServerProcess> => {
      const server = await p;
      processes.push(() => server.stop());
      return server;
    };
    const [bare, sdk, nostore, bot, botWorker] = await Promise.all([
      started(startBaseline('bare', lark)),
      started(startBaseline('sdk', lark)),
      started(startBaseline('nostore', lark)),
      started(startBenchBot({ lark, larkUrl: emulator.url, databaseUrl: ackUrl, redisUrl, sessionNamespace: `${namespace}a`, pause: ['inbox', 'outbox', 'jobs'] })),
      workerUrl ? started(startBenchBot({ lark, larkUrl: emulator.url, databaseUrl: workerUrl, redisUrl, sessionNamespace: `${namespace}w`, pause: ['outbox', 'jobs'] })) : undefined,
    ]);
    const open = async (url: string): Promise<Db> => {
      const db = await createDb({ databaseUrl: url, logger, poolSize: 2 });
      connections.push(() => db.close());
      return db;
    };
    const ackDb = await open(ackUrl);
    const workerDb = workerUrl ? await open(workerUrl) : undefined;

    // Strangers for the acknowledgement path (it looks nobody up); roster members for the worker, who
    // handles what they send.
    const strangers = Array.from({ length: ROSTER }, () => ({ openId: larkId('ou_'), chatId: larkId('oc_') }));
    const roster = Array.from({ length: ROSTER }, (_, i) => ({ openId: `ou_bench${String(i).padStart(4, '0')}`.padEnd(35, '0'), name: `压测${i}` }));
    if (workerDb) await addCadres(workerDb.db, roster.map((p) => ({ ...p, category: 'young' as const })));
    for (const p of roster) emulator.addUser(p);
    const args = (senders: WebhookRequestArgs['senders']): WebhookRequestArgs => ({ ...lark, senders, text: '帮助' });
    const backendsOf = (db: Db) => async (): Promise<number[]> =>
      (await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`.execute(db.db)).rows.map((r) => r.pid);
    const subjects: Subject[] = [
      { key: 'bare', label: '(a) express 5 + express.json → {}', server: bare, args: args(strangers), sent: 0, ok: 0 },
      { key: 'sdk', label: '(b) express 5 + node-sdk adaptExpress', server: sdk, args: args(strangers), sent: 0, ok: 0 },
      { key: 'nostore', label: '(c) bot\'s handler, insert → no-op', server: nostore, args: args(strangers), sent: 0, ok: 0 },
      { key: 'bot', label: 'bot /webhook/event (ack path)', server: bot, args: args(strangers), backends: backendsOf(ackDb), sent: 0, ok: 0 },
    ];
    const worker: Subject | undefined = botWorker && workerDb
      ? { key: 'botWorker', label: 'bot + inbox worker on its core', server: botWorker, args: args(roster.map((p) => ({ openId: p.openId, chatId: emulator.p2pChatId(p.openId) }))), backends: backendsOf(workerDb), sent: 0, ok: 0 }
      : undefined;
    const setting = async (name: string): Promise<string> => (await sql<{ v: string }>`select current_setting(${name}) as v`.execute(ackDb.db)).rows[0]!.v;
    report.out(`Postgres ${await setting('server_version')} (synchronous_commit ${await setting('synchronous_commit')}, fsync ${await setting('fsync')}), Redis at REDIS_URL`);
    report.out();

    const inTurn = <T>(list: T[], round: number): T[] => (round % 2 === 0 ? list : [...list].reverse());
    const line = (round: number, what: string, s: Subject, x: Sample, extra = ''): void => report.out(
      `  r${round + 1} ${what.padEnd(9)} ${s.label.padEnd(38)} ${`${int(x.rps)} req/s`.padStart(11)}  p50 ${ms(x.p50).padStart(7)}  p99 ${ms(x.p99).padStart(7)}  max ${ms(x.max).padStart(7)}  ${`${int(x.cpuUs)} µs`.padStart(8)} CPU/req${s.backends ? ` (PG ${int(x.dbUs)})` : ''}  server ${pct(x.serverCpu)} · core ${pct(x.coreBusy)} · loader ${pct(x.loaderCpu)}${extra}`);

    report.out('each measurement. CPU/req: the server\'s CPU time per request, plus its Postgres backends\' for the bot; server: its CPU as a');
    report.out('share of its core; core: how busy that core was with anything (others\' work included); loader: the loader\'s own CPU use.');
    const throughput: Record<string, Sample[]> = {};
    for (let r = 0; r < ROUNDS; r++) {
      for (const s of inTurn(subjects, r)) {
        const x = await measure(loader, s, { mode: 'closed', connections: CONNECTIONS, durationMs: SECONDS * 1000, warmupMs: WARMUP * 1000 });
        (throughput[s.key] ??= []).push(x);
        line(r, 'saturated', s, x);
      }
    }
    const stat = (of: Record<string, Sample[]>, k: string, f: (x: Sample) => number): Timing => summary(of[k]!.map(f));
    // A load every subject can take here and now: half the slowest one's saturated throughput, at most 400/s.
    const rate = RATE ?? Math.max(50, Math.min(400, Math.floor(Math.min(...subjects.map((s) => stat(throughput, s.key, (x) => x.rps).median)) / 2 / 50) * 50));
    report.out(`fixed load for the latency rounds: ${rate} req/s (${RATE ? 'WEBHOOK_BENCH_RATE' : 'half the slowest subject\'s median saturated throughput, in steps of 50, at most 400'})`);
    const latency: Record<string, Sample[]> = {};
    const drains: { events: number; seconds: number }[] = [];
    // (c) only splits the bot's cost; its latency would add little and take time.
    const latencySubjects = [...subjects.filter((s) => s.key !== 'nostore'), ...(worker ? [worker] : [])];
    for (let r = 0; r < ROUNDS; r++) {
      for (const s of inTurn(latencySubjects, r)) {
        const before = s.sent;
        const t0 = performance.now();
        const x = await measure(loader, s, { mode: 'open', rate, connections: CONNECTIONS, durationMs: SECONDS * 1000, warmupMs: 1000 });
        let extra = '';
        if (s === worker) {
          // Let the worker finish its backlog before the next subject has the core.
          while ((await pendingInbox(workerDb!)) > 0) await new Promise((resolve) => setTimeout(resolve, 100));
          const seconds = (performance.now() - t0) / 1000;
          drains.push({ events: s.sent - before, seconds });
          extra = `  (all ${int(s.sent - before)} handled ${Math.max(0, seconds - SECONDS - 1).toFixed(1)} s after the load ended)`;
        }
        (latency[s.key] ??= []).push(x);
        line(r, `${rate}/s`, s, x, extra);
      }
    }

    // Ratios taken round by round against the same round's baseline, then their median and spread.
    const perRound = (of: Record<string, Sample[]>, a: string, b: string, f: (x: Sample) => number): Timing =>
      summary(of[a]!.map((x, i) => f(x) / f(of[b]![i]!)));
    const cores1 = (x: Sample): number => 1e6 / x.cpuUs;

    report.out();
    report.out(`throughput at saturation (${CONNECTIONS} connections), median (min–max) of ${ROUNDS} rounds, ratios taken within each round:`);
    report.table([
      ['subject', 'req/s', '× (a)', '× (b)', 'p99', 'CPU/req', 'req per CPU-s', '× (a)', '× (b)'],
      ...subjects.map((s) => [
        s.label, span(stat(throughput, s.key, (x) => x.rps), int), span(perRound(throughput, s.key, 'bare', (x) => x.rps), (v) => v.toFixed(2)),
        span(perRound(throughput, s.key, 'sdk', (x) => x.rps), (v) => v.toFixed(2)), ms(stat(throughput, s.key, (x) => x.p99).median),
        `${int(stat(throughput, s.key, (x) => x.cpuUs).median)} µs${s.backends ? ` (PG ${int(stat(throughput, s.key, (x) => x.dbUs).median)})` : ''}`, int(stat(throughput, s.key, cores1).median),
        span(perRound(throughput, s.key, 'bare', cores1), (v) => v.toFixed(2)), span(perRound(throughput, s.key, 'sdk', cores1), (v) => v.toFixed(2)),
      ]),
    ]);
    report.out(`(server CPU share while saturated, median: ${subjects.map((s) => `${s.key} ${pct(stat(throughput, s.key, (x) => x.serverCpu).median)}`).join(', ')}; core 0 busy ${pct(summary(Object.values(throughput).flat().map((x) => x.coreBusy)).median)})`);
    report.out();
    report.out(`latency at ${rate} req/s (open loop, from when each request was due), median (min–max) of ${ROUNDS} rounds:`);
    report.table([
      ['subject', 'p50', 'p99', 'max', 'p99 × (a)', 'p99 × (b)', 'CPU/req'],
      ...latencySubjects.map((s) => [
        s.label, span(stat(latency, s.key, (x) => x.p50), ms), span(stat(latency, s.key, (x) => x.p99), ms), span(stat(latency, s.key, (x) => x.max), ms),
        span(perRound(latency, s.key, 'bare', (x) => x.p99), (v) => v.toFixed(1)), span(perRound(latency, s.key, 'sdk', (x) => x.p99), (v) => v.toFixed(1)),
        `${int(stat(latency, s.key, (x) => x.cpuUs).median)} µs${s.backends ? ` (PG ${int(stat(latency, s.key, (x) => x.dbUs).median)})` : ''}`,
      ]),
    ]);
    if (drains.length) {
      report.out(`bot + inbox worker: each round's ${int(drains[0]!.events)} events acknowledged and handled (a reply queued for each) at ${span(summary(drains.map((d) => d.events / d.seconds)), int)} events/s, load and drain together`);
    }

    const rps = perRound(throughput, 'bot', 'sdk', (x) => x.rps);
    const cpu = perRound(throughput, 'bot', 'sdk', cores1);
    report.out();
    report.out(`bot / (a) bare express: throughput ${span(perRound(throughput, 'bot', 'bare', (x) => x.rps), ratio)}, per CPU-second ${span(perRound(throughput, 'bot', 'bare', cores1), ratio)}, p99 at ${rate}/s ${span(perRound(latency, 'bot', 'bare', (x) => x.p99), ratio)}`);
    report.out(`bot / (b) Lark SDK:     throughput ${span(rps, ratio)}, per CPU-second ${span(cpu, ratio)}, p99 at ${rate}/s ${span(perRound(latency, 'bot', 'sdk', (x) => x.p99), ratio)}`);
    report.out(`(c) / (b), the bot's handler without its insert against the SDK: throughput ${span(perRound(throughput, 'nostore', 'sdk', (x) => x.rps), ratio)}, per CPU-second ${span(perRound(throughput, 'nostore', 'sdk', cores1), ratio)}`);
    report.out(`bot / (c), what storing each event costs: throughput ${span(perRound(throughput, 'bot', 'nostore', (x) => x.rps), ratio)}, per CPU-second ${span(perRound(throughput, 'bot', 'nostore', cores1), ratio)}`);
    report.out(`goal "faster than the SDK while doing more": ${rps.median > 1 && cpu.median > 1 ? 'MET' : 'NOT MET'} (median ratios: throughput ${ratio(rps.median)}, requests per CPU-second ${ratio(cpu.median)})`);
    report.out();
    report.out('checks:');
    let failed = false;
    const check = (ok: boolean, text: string): void => {
      failed ||= !ok;
      report.out(`  ${ok ? 'ok  ' : 'FAIL'} ${text}`);
    };
    for (const s of [...subjects, ...(worker ? [worker] : [])]) check(s.ok === s.sent, `${s.label}: ${int(s.sent - s.ok)} of ${int(s.sent)} requests not 2xx or unanswered${s.problem ? ` (first: ${s.problem})` : ''}`);
    const bareSaw = await handledBy(bare);
    check(bareSaw === subjects[0]!.ok, `(a) handler ran ${int(bareSaw)} times for ${int(subjects[0]!.ok)} answered requests`);
    const sdkSaw = await handledBy(sdk);
    check(sdkSaw === subjects[1]!.ok, `(b) SDK handler ran ${int(sdkSaw)} times for ${int(subjects[1]!.ok)} 200s (it answers 200 to a bad signature too; equal means every event verified)`);
    const nostoreSaw = await handledBy(nostore);
    check(nostoreSaw === subjects[2]!.ok, `(c) reached the (no-op) insert ${int(nostoreSaw)} times for ${int(subjects[2]!.ok)} 200s`);
    const inbox = async (db: Db): Promise<{ rows: number; distinct: number; done: number }> => (await sql<{ rows: string; distinct: string; done: string }>`
      select count(*) as rows, count(distinct event_id) as distinct, count(*) filter (where status = 'done') as done
      from inbox where event_type = 'im.message.receive_v1'`.execute(db.db)).rows.map((r) => ({ rows: Number(r.rows), distinct: Number(r.distinct), done: Number(r.done) }))[0]!;
    const ackRows = await inbox(ackDb);
    check(ackRows.rows === subjects[3]!.ok && ackRows.distinct === ackRows.rows, `bot inbox holds ${int(ackRows.rows)} events (${int(ackRows.distinct)} distinct event_ids) for ${int(subjects[3]!.ok)} acknowledged`);
    if (worker && workerDb) {
      const w = await inbox(workerDb);
      const replies = Number((await sql<{ n: string }>`select count(*) as n from outbox`.execute(workerDb.db)).rows[0]!.n);
      check(w.rows === worker.ok && w.done === w.rows, `bot + worker: inbox holds ${int(w.rows)} events for ${int(worker.ok)} acknowledged, ${int(w.done)} handled; ${int(replies)} replies queued`);
    }
    report.out(failed ? 'SOME CHECKS FAILED: the figures above are not trustworthy' : 'all checks passed');
    report.out();
    await report.finish();
  } finally {
    forget();
    await undoAll();
  }
}

if (process.env.DATABASE_URL && process.env.REDIS_URL) await run();
else console.log('webhook: skipped (set DATABASE_URL and REDIS_URL)');
