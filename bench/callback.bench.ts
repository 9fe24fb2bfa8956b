// `npm run bench -- callback`: how long a mentor waits when pressing 接受 on a mentee's application card while many
// others do the same (issue 10). Lark gives a card callback 3 s; the bot answers {} at 2.5 s and updates the card
// later, so anything near that is a failure the user sees.
//
// The real bot (startApp, in a child process on core 0) answers signed, encrypted card.action.trigger callbacks
// built in the loader (core 1): CONCURRENCY clicks in flight, each a distinct pending application, DECISIONS per
// round. Each click is the whole decision, synchronously, in one transaction: signature → inbox dedupe row →
// acceptApplication (the conditional status update, the pair formed under the mentor's capacity lock, the
// mentee's notice queued, audit) → the outcome card as the HTTP answer. Every DUP_EVERY-th click is pressed twice
// at once (a double click: a second event_id), which must still decide once. The bot's dispatcher and job
// scheduler are stopped: the notices wait in the outbox and Lark's 50 sends/s never enter the figure.
//
// Baseline, in the same rounds (ABAB…): express 5 + express.json() answering {} to the very same clicks at the same
// concurrency. Then the checks, from the answers and from the database: every decision took effect exactly once.
//
// Needs DATABASE_URL and REDIS_URL. CALLBACK_BENCH_ROUNDS (3), CALLBACK_BENCH_DECISIONS (1000 a round),
// CALLBACK_BENCH_CONCURRENCY (32). Writes what it prints to bench/results/callback.txt.
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import pino from 'pino';
import { createDb, type Db } from '../src/db/create-db';
import { LarkEmulator } from '../src/emulator/lark-emulator';
import { freshDatabaseUrl } from '../test/helpers/test-db';
import { ensureUnit } from '../test/helpers/people';
import { BenchReport, ms, summary, type Timing } from './bench-kit';
import { latencySummary, onInterrupt, startLoadGenerator, type LoadGenerator, type LoadResponse } from './load-generator';
import { withCpu, type ServerProcess } from './load-server';
import type { CallbackRequestArgs, Click } from './callback-requests';
import { cores, handledBy, int, larkApp, pct, pinSelf, startBaseline, startBenchBot, type LarkApp } from './webhook-rig';
import { teardown } from './teardown';

const ROUNDS = Number(process.env.CALLBACK_BENCH_ROUNDS ?? 3);
const DECISIONS = Number(process.env.CALLBACK_BENCH_DECISIONS ?? 1000);
const CONCURRENCY = Number(process.env.CALLBACK_BENCH_CONCURRENCY ?? 32);
const WARMUP_DECISIONS = Math.min(200, DECISIONS);
const DUP_EVERY = 10;
/** the program's mentor pool, which every acceptance loads to check the mentor is still in it */
const MENTORS = Number(process.env.CALLBACK_BENCH_MENTORS ?? 500);
const LARK_LIMIT_MS = 3000;
const BOT_DEADLINE_MS = 2500;
const REQUESTS = fileURLToPath(new URL('./callback-requests.ts', import.meta.url));
const logger = pino({ level: 'silent' });

interface Round { clicks: Click[]; double: boolean[] }
interface Sample { rps: number; first: ReturnType<typeof latencySummary>; over2500: number; over3000: number; cpuUs: number; dbUs: number; serverCpu: number; coreBusy: number }

const span = (t: Timing, f: (x: number) => string): string => `${f(t.median)} (${f(t.min)}–${f(t.max)})`;

/**
 * Seeds a program of MENTORS mentors with `total` pending applications between them, one per mentee, and each
 * mentor's capacity just what their applications need, so that their last acceptance fills them. Returns the
 * applications in order.
 */
async function seed(db: Db, total: number): Promise<{ clicks: Click[]; programId: number; mentors: number; capacity: number }> {
  const town = await ensureUnit(db.db, '武隆区/火炉镇');
  const office = await ensureUnit(db.db, '武隆区/火炉镇/党政办');
  const mentors = Math.min(MENTORS, total);
  const capacity = Math.ceil(total / mentors);
  const { id: programId } = await db.db.insertInto('programs').values({
    code: 'bench', track: 'young_mentoring', name_zh: '导师引航', name_en: 'Mentoring', start_date: '2023-02-01', end_date: null, unit_id: town,
    default_capacity: capacity, mentor_categories: ['leader_member'], mentee_categories: ['young'], mentee_rule: 'young_cadre',
  }).returning('id').executeTakeFirstOrThrow();
  await sql`insert into cadres (open_id, name, unit_id, category, roles, birth_date, hire_date)
    select 'ou_mentor' || lpad(g::text, 26, '0'), '导师' || g, ${office}, 'leader_member', '{}', '1970-01-01', '2000-01-01' from generate_series(1, ${mentors}) g`.execute(db.db);
  await sql`insert into cadres (open_id, name, unit_id, category, roles, birth_date, hire_date)
    select 'ou_mentee' || lpad(g::text, 26, '0'), '学员' || g, ${office}, 'young', '{}', '1995-05-05', '2015-01-01' from generate_series(1, ${total}) g`.execute(db.db);
  // Mentee k applies to mentor k mod M: consecutive clicks are different mentors, and each mentor's
  // applications are spread over the run.
  await sql`insert into applications (program_id, mentee_id, mentor_id, rank, reason)
    select ${programId}, e.id, m.id, 1, '想向您学习'
    from (select id, row_number() over (order by id) - 1 as k from cadres where category = 'young') e
    join (select id, row_number() over (order by id) - 1 as k from cadres where category = 'leader_member') m on m.k = e.k % ${mentors}`.execute(db.db);
  const rows = await db.db.selectFrom('applications').innerJoin('cadres', 'cadres.id', 'applications.mentor_id')
    .select(['applications.id', 'cadres.open_id']).where('applications.program_id', '=', programId).orderBy('applications.id').execute();
  return { clicks: rows.map((r) => ({ operatorOpenId: r.open_id!, applicationId: r.id })), programId, mentors, capacity };
}

/** A round's click list: each decision once, every DUP_EVERY-th followed at once by a second press of the same button. */
function round(decisions: Click[]): Round {
  const clicks: Click[] = [];
  const double: boolean[] = [];
  decisions.forEach((c, i) => {
    clicks.push(c);
    double.push(false);
    if (i % DUP_EVERY === DUP_EVERY - 1) {
      clicks.push(c);
      double.push(true);
    }
  });
  return { clicks, double };
}

interface Tally { sent: number; ok: number; problem?: string; responses: { click: Click; second: boolean; r: LoadResponse }[] }

async function measure(loader: LoadGenerator, server: ServerProcess, lark: LarkApp, rnd: Round, tally: Tally, backends?: () => Promise<number[]>): Promise<Sample> {
  const args: CallbackRequestArgs = { appId: lark.appId, encryptKey: lark.encryptKey, verificationToken: lark.verificationToken, clicks: rnd.clicks };
  const { result: r, serverCpu, coreBusy, serverSeconds, helperSeconds } = await withCpu(server.pid, cores.server ?? 0, () => loader.run({
    url: `${server.url}/webhook/card`, requests: { module: REQUESTS, args }, mode: 'closed', connections: CONCURRENCY, count: rnd.clicks.length, keepResponses: true,
  }), backends);
  tally.sent += r.sentTotal;
  tally.ok += r.okTotal;
  if (r.okTotal !== r.sentTotal) tally.problem ??= r.firstError ?? `statuses ${JSON.stringify(r.statuses)}`;
  const responses = r.responses!;
  for (const x of responses) tally.responses.push({ click: rnd.clicks[x.index]!, second: rnd.double[x.index]!, r: x });
  const first = responses.filter((x) => !rnd.double[x.index]).map((x) => x.ms);
  const all = responses.map((x) => x.ms);
  return {
    rps: r.rps, first: latencySummary(first), over2500: all.filter((x) => x > BOT_DEADLINE_MS).length, over3000: all.filter((x) => x > LARK_LIMIT_MS).length,
    cpuUs: ((serverSeconds + helperSeconds) / r.sentTotal) * 1e6, dbUs: (helperSeconds / r.sentTotal) * 1e6, serverCpu, coreBusy,
  };
}

const outcome = (body: string): string => {
  try {
    const b = JSON.parse(body) as { toast?: { type?: string }; card?: unknown };
    return b.toast?.type ? `${b.toast.type}${b.card ? '+card' : ''}` : b.card ? 'card' : Object.keys(b).length === 0 ? '{}' : 'other';
  } catch {
    return `not JSON: ${body.slice(0, 80)}`;
  }
};

async function run(): Promise<void> {
  const report = new BenchReport('callback');
  const lark = larkApp();
  const unpin = pinSelf();
  const { processes, connections, databases, undoAll } = teardown(unpin);
  const forget = onInterrupt(undoAll);
  try {
    report.out(`card callback benchmark — ${new Date().toISOString()}`);
    report.machine(cores.note);
    const emulator = await LarkEmulator.start({ appId: lark.appId, appSecret: lark.appSecret, botName: '引航' });
    connections.push(() => emulator.close());
    const fresh = await freshDatabaseUrl();
    databases.push(() => fresh.drop());
    const loader = await startLoadGenerator({ cpu: cores.loader });
    processes.push(() => loader.close());
    const started = async (p: Promise<ServerProcess>): Promise<ServerProcess> => {
      const server = await p;
      processes.push(() => server.stop());
      return server;
    };
    const [bot, bare] = await Promise.all([
      started(startBenchBot({ lark, larkUrl: emulator.url, databaseUrl: fresh.url, redisUrl: process.env.REDIS_URL!, sessionNamespace: `bench${randomBytes(4).toString('hex')}`, pause: ['outbox', 'jobs'] })),
      started(startBaseline('bare', lark)),
    ]);
    const db = await createDb({ databaseUrl: fresh.url, logger, poolSize: 2 });
    connections.unshift(() => db.close());

    const total = WARMUP_DECISIONS + ROUNDS * DECISIONS;
    const seeded = await seed(db, total);
    const warmup = round(seeded.clicks.slice(0, WARMUP_DECISIONS));
    const rounds = Array.from({ length: ROUNDS }, (_, r) => round(seeded.clicks.slice(WARMUP_DECISIONS + r * DECISIONS, WARMUP_DECISIONS + (r + 1) * DECISIONS)));
    report.out(`${ROUNDS} rounds of ${int(DECISIONS)} decisions (+ ${int(rounds[0]!.clicks.length - DECISIONS)} second presses, every ${DUP_EVERY}th) at ${CONCURRENCY} in flight, after ${WARMUP_DECISIONS} warm-up decisions`);
    report.out(`one program, ${int(seeded.mentors)} mentors in its pool (capacity ${seeded.capacity} each), ${int(total)} mentees each with one pending application; the bot's dispatcher and job scheduler stopped`);
    report.out();

    const backends = async (): Promise<number[]> =>
      (await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`.execute(db.db)).rows.map((r) => r.pid);
    const botTally: Tally = { sent: 0, ok: 0, responses: [] };
    const bareTally: Tally = { sent: 0, ok: 0, responses: [] };
    const subjects = [
      { key: 'bare', label: 'express 5 + express.json → {}', server: bare, tally: bareTally, backends: undefined },
      { key: 'bot', label: 'bot: 接受 on an application', server: bot, tally: botTally, backends },
    ] as const;
    await measure(loader, bot, lark, warmup, botTally, backends);
    await measure(loader, bare, lark, warmup, { sent: 0, ok: 0, responses: [] });
    const samples: Record<string, Sample[]> = { bare: [], bot: [] };
    const bareSawBefore = await handledBy(bare);
    report.out('each round (latency of the first press of each button; server = its CPU as a share of its core; core = how busy that core was):');
    for (let r = 0; r < ROUNDS; r++) {
      for (const s of r % 2 === 0 ? subjects : [...subjects].reverse()) {
        const x = await measure(loader, s.server, lark, rounds[r]!, s.tally, s.backends);
        samples[s.key]!.push(x);
        report.out(`  r${r + 1} ${s.label.padEnd(31)} ${`${int(x.rps)} clicks/s`.padStart(14)}  p50 ${ms(x.first.p50).padStart(7)}  p99 ${ms(x.first.p99).padStart(7)}  max ${ms(x.first.max).padStart(7)}  >2.5 s ${x.over2500}  ${`${int(x.cpuUs)} µs`.padStart(9)} CPU/click${s.backends ? ` (PG ${int(x.dbUs)})` : ''}  server ${pct(x.serverCpu)} · core ${pct(x.coreBusy)}`);
      }
    }

    const stat = (k: string, f: (x: Sample) => number): Timing => summary(samples[k]!.map(f));
    const perRound = (f: (x: Sample) => number): Timing => summary(samples.bot!.map((x, i) => f(x) / f(samples.bare![i]!)));
    report.out();
    report.out(`${CONCURRENCY} clicks in flight, median (min–max) of ${ROUNDS} rounds; latency of the first press of each button:`);
    report.table([
      ['subject', 'clicks/s', 'p50', 'p99', 'max', '> 2.5 s', '> 3 s', 'CPU/click'],
      ...subjects.map((s) => [
        s.label, span(stat(s.key, (x) => x.rps), int), span(stat(s.key, (x) => x.first.p50), ms), span(stat(s.key, (x) => x.first.p99), ms), span(stat(s.key, (x) => x.first.max), ms),
        String(samples[s.key]!.reduce((n, x) => n + x.over2500, 0)), String(samples[s.key]!.reduce((n, x) => n + x.over3000, 0)), `${int(stat(s.key, (x) => x.cpuUs).median)} µs${s.backends ? ` (PG ${int(stat(s.key, (x) => x.dbUs).median)})` : ''}`,
      ]),
    ]);
    const p99 = stat('bot', (x) => x.first.p99);
    const max = stat('bot', (x) => x.first.max);
    report.out();
    report.out(`decision p99 ${ms(p99.median)} (${ms(p99.min)}–${ms(p99.max)}) = ${pct(p99.median / LARK_LIMIT_MS)} of Lark's 3 s; worst of all ${ms(max.max)} = ${pct(max.max / LARK_LIMIT_MS)}`);
    report.out(`bot / bare express at the same concurrency: p50 ${span(perRound((x) => x.first.p50), (v) => `${v.toFixed(0)}×`)}, p99 ${span(perRound((x) => x.first.p99), (v) => `${v.toFixed(0)}×`)}, clicks/s ${span(perRound((x) => x.rps), (v) => `${v.toFixed(3)}×`)}`);

    // What each press got back, and what the database says happened.
    report.out();
    report.out('checks:');
    let failed = false;
    const check = (ok: boolean, text: string): void => {
      failed ||= !ok;
      report.out(`  ${ok ? 'ok  ' : 'FAIL'} ${text}`);
    };
    check(botTally.ok === botTally.sent, `bot: ${int(botTally.sent - botTally.ok)} of ${int(botTally.sent)} clicks not 200 or unanswered${botTally.problem ? ` (first: ${botTally.problem})` : ''}`);
    check(bareTally.ok === bareTally.sent, `bare express: ${int(bareTally.sent - bareTally.ok)} of ${int(bareTally.sent)} clicks not 200 or unanswered${bareTally.problem ? ` (first: ${bareTally.problem})` : ''}`);
    check((await handledBy(bare)) - bareSawBefore === bareTally.ok, `bare express: its handler ran for every one of the ${int(bareTally.ok)} measured clicks`);
    const byApplication = new Map<number, string[]>();
    const kinds = new Map<string, number>();
    for (const { click, second, r } of botTally.responses) {
      const o = outcome(r.body);
      byApplication.set(click.applicationId, [...(byApplication.get(click.applicationId) ?? []), o]);
      const key = `${second ? 'second press' : 'first press'} → ${o}`;
      kinds.set(key, (kinds.get(key) ?? 0) + 1);
    }
    report.out(`  answers: ${[...kinds].sort().map(([k, n]) => `${k} ${int(n)}`).join(', ')}`);
    const decided = byApplication.size;
    const once = [...byApplication.values()].filter((o) => o.filter((x) => x === 'success+card').length === 1).length;
    check(once === decided, `${int(once)} of ${int(decided)} applications answered "已接受" exactly once, to one of their presses`);
    const doubles = [...byApplication.values()].filter((o) => o.length === 2);
    check(doubles.every((o) => o.includes('warning')), `the other press of each of the ${int(doubles.length)} double clicks was answered with a warning (already accepted)`);
    const ids = [...byApplication.keys()];
    const q = async (query: RawBuilder<unknown>): Promise<number> => Number(((await query.execute(db.db)).rows[0] as { n: string }).n);
    const accepted = await q(sql`select count(*) as n from applications where id = any(${ids}) and status = 'accepted' and pair_id is not null`);
    check(accepted === decided, `database: ${int(accepted)} of ${int(decided)} applications accepted and linked to their pair`);
    const pairs = await q(sql`select count(*) as n from pairs where program_id = ${seeded.programId} and formed_by = 'application' and status = 'active'`);
    const mentorsPerPair = await q(sql`select count(*) as n from pair_mentors pm join pairs p on p.id = pm.pair_id where p.program_id = ${seeded.programId}`);
    const twice = await q(sql`select count(*) as n from (select mentee_id from pairs where program_id = ${seeded.programId} group by mentee_id having count(*) > 1) x`);
    check(pairs === decided && mentorsPerPair === decided && twice === 0, `database: ${int(pairs)} pairs formed (${int(mentorsPerPair)} mentor links), ${twice} mentees paired twice`);
    const overfull = await q(sql`select count(*) as n from (select pm.mentor_id from pair_mentors pm join pairs p on p.id = pm.pair_id where p.program_id = ${seeded.programId} and p.status = 'active' group by pm.mentor_id having count(*) > ${seeded.capacity}) x`);
    const full = await q(sql`select count(*) as n from (select pm.mentor_id from pair_mentors pm join pairs p on p.id = pm.pair_id where p.program_id = ${seeded.programId} and p.status = 'active' group by pm.mentor_id having count(*) = ${seeded.capacity}) x`);
    check(overfull === 0, `database: ${overfull} mentors over their capacity of ${seeded.capacity} (${int(full)} filled it exactly)`);
    const audits = await q(sql`select count(*) as n from audit_log where action = 'application.accept'`);
    const notices = await q(sql`select count(distinct receive_id) as n from outbox where kind = 'send'`);
    const noticeRows = await q(sql`select count(*) as n from outbox where kind = 'send'`);
    check(audits === decided && notices === decided && noticeRows === decided, `database: ${int(audits)} acceptances audited, ${int(noticeRows)} notices queued for ${int(notices)} mentees`);
    const inbox = await q(sql`select count(*) as n from inbox where event_type = 'card.action.trigger' and status = 'inline'`);
    check(inbox === botTally.sent, `database: ${int(inbox)} clicks recorded in the inbox for ${int(botTally.sent)} sent (each its own event_id)`);
    report.out(failed ? 'SOME CHECKS FAILED: the figures above are not trustworthy' : 'all checks passed');
    report.out();
    await report.finish();
  } finally {
    forget();
    await undoAll();
  }
}

if (process.env.DATABASE_URL && process.env.REDIS_URL) await run();
else console.log('callback: skipped (set DATABASE_URL and REDIS_URL)');
