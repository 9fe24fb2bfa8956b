// `npm run bench -- growth`: does the bot slow down as the district grows? Two fresh databases, 1,000 and
// 100,000 cadres (bench/growth-seed.ts: the stats seed's district with every count proportional, plus
// applications), each with its own bot process and Lark emulator. Measured end to end, interleaved:
//   - `我的`: a signed, encrypted im.message.receive_v1 through the webhook → inbox → handler → outbox → the
//     reply arriving at the emulator;
//   - a card decision: a mentor's "接受" on a request (card.action.trigger through the webhook, answered inline)
//     → the callback's answer (toast and card) back at the emulator.
// The ratio 100,000 / 1,000 is the figure (aim ≤ 1.5×); over it, the service path is profiled query by query
// and the slowest queries EXPLAINed. Then the bot's resident memory over a run of 100,000 events.
// Needs DATABASE_URL and REDIS_URL. GROWTH_BENCH_ROUNDS (21), GROWTH_BENCH_SCALE (1: the big side's cadres
// × this), GROWTH_BENCH_EVENTS (100000), GROWTH_BENCH_MEMORY_S (90: the memory run's cap in seconds, 0 for
// none), GROWTH_BENCH_SMALL (1000). Writes bench/results/growth.txt.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pino from 'pino';
import { registry } from '../handlers/index';
import { createDb, type Db } from '../src/db/create-db';
import { migrateToLatest } from '../src/db/migrate';
import { CadreRepository } from '../src/db/repositories/cadre-repository';
import { localDate } from '../src/domain/local-date';
import { LarkEmulator } from '../src/emulator/lark-emulator';
import { LARK_SEND_LIMITS, type SendLimits } from '../src/scheduler/outbox-dispatcher';
import { acceptApplication } from '../src/services/applications';
import { meView } from '../src/services/me';
import { spawnChildApp, type ChildApp } from '../test/helpers/spawn-child-app';
import { freshDatabaseUrl } from '../test/helpers/test-db';
import { BenchReport, ms, summary, type Timing } from './bench-kit';
import { idleSchedulers } from './fan-out-seed';
import { bySql, QueryLog, type PathProfile } from './growth-query-log';
import { RssSampler, verdict } from './growth-rss';
import { seedGrowth, type GrowthSeeded } from './growth-seed';

const ROUNDS = Number(process.env.GROWTH_BENCH_ROUNDS ?? 21);
const SMALL = Number(process.env.GROWTH_BENCH_SMALL ?? 1_000);
const BIG = Math.max(2 * SMALL, Math.round(100_000 * Number(process.env.GROWTH_BENCH_SCALE ?? 1)));
const EVENTS = Number(process.env.GROWTH_BENCH_EVENTS ?? 100_000);
// The memory run stops sending after this many seconds (0: never), so the default run stays near five minutes
// on a busy 2-core machine, where the bot answers a few dozen events a second.
const MEMORY_S = Number(process.env.GROWTH_BENCH_MEMORY_S ?? 90);
const GOAL = 1.5;
const TZ = 'Asia/Shanghai';
const logger = pino({ level: 'silent' });
// Lark's limits ×20 in the emulator and in the bot alike: a 100,000-event run replies 100,000 times, which
// Lark's own 1,000/min would stretch over 100 minutes. Latency is not paced by them either way.
const FACTOR = 20;
const EMULATOR_LIMITS = { appPerSecond: 50 * FACTOR, appPerMinute: 1000 * FACTOR, perReceiverPerSecond: 5 };
const SEND_LIMITS: SendLimits = { app: LARK_SEND_LIMITS.app.map((w) => ({ limit: w.limit * FACTOR, windowMs: w.windowMs })), perReceiver: LARK_SEND_LIMITS.perReceiver };
// The RSS run: texts people send, in turn, from this many cadres (every 50th, so all units and categories);
// this many events unanswered at most. Not 我的: at 100,000 cadres it is the slow path measured above.
const TEXTS = ['周报', '帮助', '需求', '你好'];
const SENDERS = 2_000;
const IN_FLIGHT = 32;
const CHUNK = 10_000;

interface Side {
  label: string;
  url: string;
  db: Db;
  seeded: GrowthSeeded;
  emulator: LarkEmulator;
  lark: { appId: string; appSecret: string; encryptKey: string; verificationToken: string };
  child?: ChildApp;
}

const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

async function openSide(cadres: number, now: Date, cleanup: (() => Promise<unknown>)[]): Promise<Side> {
  const fresh = await freshDatabaseUrl();
  cleanup.push(() => fresh.drop());
  const db = await createDb({ databaseUrl: fresh.url, logger });
  cleanup.push(() => db.close());
  await migrateToLatest(db.db);
  // one request per round, the warm-up's, and a spare for the profile (accepted there in transactions rolled back)
  const seeded = await seedGrowth(db.db, now, TZ, cadres, ROUNDS + 2);
  await idleSchedulers(db.db, registry.jobs);
  const lark = { appId: `cli_${randomBytes(8).toString('hex')}`, appSecret: randomBytes(12).toString('hex'), encryptKey: randomBytes(12).toString('hex'), verificationToken: randomBytes(12).toString('hex') };
  const emulator = await LarkEmulator.start({ appId: lark.appId, appSecret: lark.appSecret, botName: '引航', limits: EMULATOR_LIMITS });
  cleanup.push(() => emulator.close());
  // Everyone on the roster is in Lark: whatever the bot sends in the background reaches someone.
  for (const c of await db.db.selectFrom('cadres').select(['open_id', 'name']).where('open_id', 'is not', null).execute()) emulator.addUser({ openId: c.open_id!, name: c.name });
  return { label: `${cadres.toLocaleString('en-US')} cadres`, url: fresh.url, db, seeded, emulator, lark };
}

async function startBot(s: Side, live: Set<ChildApp>): Promise<ChildApp> {
  const child = await spawnChildApp({
    env: {
      LARK_APP_ID: s.lark.appId, LARK_APP_SECRET: s.lark.appSecret, LARK_ENCRYPT_KEY: s.lark.encryptKey, LARK_VERIFICATION_TOKEN: s.lark.verificationToken,
      LARK_DOMAIN: s.emulator.url, DATABASE_URL: s.url, REDIS_URL: process.env.REDIS_URL!, PORT: '0',
    },
    options: { sendLimits: SEND_LIMITS, sessionNamespace: `bench-growth-${randomBytes(4).toString('hex')}` },
  });
  live.add(child);
  s.emulator.connectApp({ webhookUrl: `${child.url}/webhook/event`, encryptKey: s.lark.encryptKey, verificationToken: s.lark.verificationToken });
  s.child = child;
  return child;
}

async function stopBot(s: Side, live: Set<ChildApp>): Promise<void> {
  if (!s.child) return;
  await s.child.kill();
  live.delete(s.child);
  delete s.child;
}

/**
 * Until the outbox has had nothing waiting for 5 s: what the bot sends on its own at start-up (batch notices,
 * queued by a loop that may still be gathering them when the first check runs) is out of the way.
 */
async function drained(s: Side, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  for (let quiet = 0; quiet < 10 && Date.now() - t0 < timeoutMs; await sleep(500)) {
    const n = await s.db.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', ['pending', 'sending']).executeTakeFirstOrThrow();
    quiet = Number(n.n) === 0 ? quiet + 1 : 0;
  }
  return Date.now() - t0;
}

const outboxRows = async (s: Side): Promise<number> =>
  Number((await s.db.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

/** `我的` end to end: typed in Lark → the reply card stored by the emulator. */
async function meOnce(s: Side, i: number): Promise<number> {
  const openId = s.seeded.meOpenIds[i % s.seeded.meOpenIds.length]!;
  const filter = { receiveOpenId: openId, sender: 'app' as const };
  const before = s.emulator.messages(filter).length;
  const t0 = performance.now();
  const said = await s.emulator.say(openId, '我的');
  if (!said.delivered) throw new Error(`我的 not delivered to the bot: ${said.status} ${said.reason ?? ''}`);
  const replies = await s.emulator.waitForMessages(before + 1, filter, 120_000);
  const t = performance.now() - t0;
  if (replies.at(-1)!.msgType !== 'interactive') throw new Error('我的 was not answered with a card');
  return t;
}

/** A mentor's "接受" on a request card → the callback's answer. */
async function acceptOnce(s: Side, i: number): Promise<number> {
  const a = s.seeded.accepts[i];
  if (!a) throw new Error(`only ${s.seeded.accepts.length} requests were seeded for the accept rounds`);
  const t0 = performance.now();
  const r = await s.emulator.sender!.clickCard({
    operatorOpenId: a.mentorOpenId, openMessageId: `om_bench_app_${a.applicationId}`, openChatId: s.emulator.p2pChatId(a.mentorOpenId),
    value: { a: 'app.accept', id: a.applicationId }, formValue: { reason: '' }, name: 'accept',
  });
  const t = performance.now() - t0;
  const toast = (r.body as { toast?: { type?: string; content?: string } } | undefined)?.toast;
  if (r.status !== 200 || toast?.type !== 'success') throw new Error(`accept ${a.applicationId}: HTTP ${r.status}, toast ${JSON.stringify(toast)}`);
  return t;
}

async function profiles(s: Side, log: QueryLog, today: string): Promise<{ me: PathProfile; accept: PathProfile }> {
  const cadres = new CadreRepository();
  const meActor = (await cadres.findActor(s.db.db, s.seeded.meOpenIds[0]!))!;
  // The last seeded request is left over from the rounds: accepted here in transactions that roll back.
  const spare = s.seeded.accepts.at(-1)!;
  const mentor = (await cadres.findActor(s.db.db, spare.mentorOpenId))!;
  const me = await log.profile((tx) => meView(tx, meActor, today), { times: 3, rollback: true });
  const accept = await log.profile((tx) => acceptApplication(tx, mentor, spare.applicationId), { times: 3, rollback: true });
  return { me, accept };
}

async function run(): Promise<void> {
  const report = new BenchReport('growth');
  const now = new Date();
  const today = localDate(now, TZ);
  const cleanup: (() => Promise<unknown>)[] = [];
  const live = new Set<ChildApp>();
  let closed: Promise<void> | undefined;
  const close = () => (closed ??= (async () => {
    for (const c of live) await c.kill().catch(() => undefined);
    for (const c of cleanup.reverse()) await c().catch((err) => console.error('cleanup failed:', err));
  })());
  // Ctrl-C or a kill (`timeout`): no child process and no database left behind either.
  const interrupted = () => { void close().finally(() => process.exit(130)); };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    report.out(`growth benchmark — ${now.toISOString()}`);
    report.machine();
    report.out(`${SMALL.toLocaleString('en-US')} against ${BIG.toLocaleString('en-US')} cadres; ${ROUNDS} rounds after one warm-up, the two sizes in turn; then ${EVENTS.toLocaleString('en-US')} events for the memory run`);
    report.out(`emulator and bot: Lark's limits ×${FACTOR}`);
    report.out();

    const small = await openSide(SMALL, now, cleanup);
    const big = await openSide(BIG, now, cleanup);
    for (const s of [small, big]) {
      report.out(`${s.label}: seeded in ${s.seeded.seconds.toFixed(1)} s (not a measured figure): ${Object.entries(s.seeded.rows).map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', ')}`);
    }
    for (const s of [small, big]) {
      await startBot(s, live);
      const waited = await drained(s, 300_000);
      report.out(`${s.label}: bot up; its ${await outboxRows(s)} start-up sends (secondment batch notices) out of the way after ${(waited / 1000).toFixed(1)} s`);
    }
    report.out();

    // Warm-up (not counted), then rounds alternating which size goes first.
    const samples: Record<'me' | 'accept', Record<'small' | 'big', number[]>> = { me: { small: [], big: [] }, accept: { small: [], big: [] } };
    for (const s of [small, big]) await meOnce(s, 0);
    for (const s of [small, big]) await acceptOnce(s, 0);
    for (let r = 1; r <= ROUNDS; r++) {
      const order: ['small' | 'big', Side][] = r % 2 ? [['small', small], ['big', big]] : [['big', big], ['small', small]];
      for (const [k, s] of order) samples.me[k].push(await meOnce(s, r));
      for (const [k, s] of order) samples.accept[k].push(await acceptOnce(s, r));
    }
    const t: Record<'me' | 'accept', Record<'small' | 'big', Timing>> = {
      me: { small: summary(samples.me.small), big: summary(samples.me.big) },
      accept: { small: summary(samples.accept.small), big: summary(samples.accept.big) },
    };
    const ratio = (p: 'me' | 'accept') => t[p].big.median / t[p].small.median;
    const span = (x: Timing) => `${ms(x.median)} (${ms(x.min)}–${ms(x.max)})`;
    const names = { me: '我的: message → reply at the emulator', accept: '接受 a request: click → callback answer' };
    report.table([
      ['end to end, median (min–max)', small.label, big.label, 'big / small', `≤ ${GOAL}×`],
      ...(['me', 'accept'] as const).map((p) => [names[p], span(t[p].small), span(t[p].big), `${ratio(p).toFixed(2)}×`, ratio(p) <= GOAL ? 'yes' : 'NO']),
    ]);

    // The service path alone, query by query (median of 3, in transactions that roll back).
    report.out();
    report.out('the service path alone (meView / acceptApplication in the bench process, median of 3): total = database + JS');
    const logs = { small: new QueryLog(small.url), big: new QueryLog(big.url) };
    cleanup.push(() => logs.small.close(), () => logs.big.close());
    const prof = { small: await profiles(small, logs.small, today), big: await profiles(big, logs.big, today) };
    const line = (p: PathProfile) => `${ms(p.totalMs)} = ${ms(p.dbMs)} in ${p.queries.length} queries + ${ms(Math.max(0, p.totalMs - p.dbMs))} JS`;
    report.table([
      ['', small.label, big.label, 'big / small'],
      ...(['me', 'accept'] as const).map((p) => [p === 'me' ? 'meView' : 'acceptApplication', line(prof.small[p]), line(prof.big[p]), `${(prof.big[p].totalMs / prof.small[p].totalMs).toFixed(2)}×`]),
    ]);
    for (const p of ['me', 'accept'] as const) {
      const sm = bySql(prof.small[p].queries);
      const bg = [...bySql(prof.big[p].queries).entries()].sort((a, b) => b[1].ms - a[1].ms);
      report.out();
      report.out(`${p === 'me' ? 'meView' : 'acceptApplication'}: the slowest queries at ${big.label} (time × count), beside ${small.label}`);
      for (const [text, g] of bg.slice(0, 6)) {
        const s0 = sm.get(text);
        report.out(`  ${ms(g.ms).padStart(9)} ×${g.count}  vs ${s0 ? ms(s0.ms) : '—'}  ${text.replace(/\s+/g, ' ').trim().slice(0, 150)}`);
      }
      if (ratio(p) > GOAL) {
        // The two costliest in all and the two slowest single executions. EXPLAIN ANALYZE runs the statement
        // outside the path's transaction: reads only.
        const reads = bg.filter(([q]) => /^\s*(select|with)\b/i.test(q) && !/\b(insert|update|delete)\b|pg_advisory/i.test(q));
        const picked = new Map([...reads.slice(0, 2), ...[...reads].sort((a, b) => b[1].slowest.ms - a[1].slowest.ms).slice(0, 2)]);
        for (const [text, g] of picked) {
          report.out();
          report.out(`EXPLAIN (ANALYZE, BUFFERS) at ${big.label} (×${g.count}, slowest ${ms(g.slowest.ms)} in the path): ${text.replace(/\s+/g, ' ').trim().slice(0, 200)}`);
          for (const l of await logs.big.explain(g.slowest)) report.out(`  ${l}`);
        }
      }
    }

    // Memory: a fresh bot on the big database, EVENTS messages through the webhook.
    report.out();
    for (const s of [small, big]) await stopBot(s, live);
    await rssRun(big, live, report);

    report.out();
    await report.finish();
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await close();
  }
}

/**
 * EVENTS p2p messages (TEXTS in turn, from SENDERS cadres) signed and encrypted through the webhook, at most
 * IN_FLIGHT unanswered, stopping early at MEMORY_S seconds; every one is answered by a reply, so the replies at
 * the emulator say how far the bot got. The emulator forgets its traffic after every CHUNK (its memory is not
 * the bot's).
 */
async function rssRun(s: Side, live: Set<ChildApp>, report: BenchReport): Promise<void> {
  const child = await startBot(s, live);
  await drained(s, 120_000);
  s.emulator.reset();
  const senders = (await s.db.db.selectFrom('cadres').select('open_id').where('active', '=', true).where('open_id', 'is not', null)
    .where(sql<boolean>`cardinality(roles) = 0`).where(sql<boolean>`id % 50 = 7`).orderBy('id').limit(SENDERS).execute()).map((r) => r.open_id!);
  // An event is answered once a reply to its message arrived (周报 answers a mentee of two pairs twice).
  let replied = 0;
  let scanned = 0;
  let failedPushes = 0;
  const answered = new Set<string>();
  const refresh = () => {
    const log = s.emulator.requestLog;
    for (; scanned < log.length; scanned++) {
      const r = log[scanned]!;
      const m = r.status === 200 ? /\/im\/v1\/messages\/([^/]+)\/reply$/.exec(r.path) : null;
      if (m && !answered.has(m[1]!)) { answered.add(m[1]!); replied++; }
    }
  };
  const pushes = new Set<Promise<void>>();
  const push = (k: number) => {
    const p = s.emulator.say(senders[k % senders.length]!, TEXTS[k % TEXTS.length]!).then((r) => { if (!r.delivered) failedPushes++; }, () => { failedPushes++; })
      .finally(() => pushes.delete(p));
    pushes.add(p);
  };
  /** Send up to `count` events from number `from` on (none after `deadline`); returns how many, all answered. */
  const events = async (from: number, count: number, deadline: number): Promise<number> => {
    const base = replied;
    let sent = 0;
    let last = { replied, at: Date.now() };
    for (;;) {
      refresh();
      if (replied !== last.replied) last = { replied, at: Date.now() };
      if (Date.now() - last.at > 60_000) throw new Error(`the bot stalled: ${replied - base} of ${sent} answered, ${failedPushes} pushes failed`);
      const open = sent < count && Date.now() < deadline;
      if (!open && replied - base >= sent) break;
      if (open && sent - (replied - base) < IN_FLIGHT) { push(from + sent); sent++; continue; }
      await sleep(2);
    }
    await Promise.all(pushes);
    // Between chunks: every answer is in, so the emulator can forget (its messages, log, uuids).
    s.emulator.reset();
    scanned = 0;
    answered.clear();
    return sent;
  };

  report.out(`memory of the bot process (${s.label}): up to ${EVENTS.toLocaleString('en-US')} messages (${TEXTS.join(' / ')} in turn, from ${senders.length.toLocaleString('en-US')} cadres, ≤ ${IN_FLIGHT} unanswered) after 500 to warm up`);
  // Warm-up: code paths compiled, pools filled, caches primed.
  await events(0, 500, Infinity);
  replied = 0;
  const sampler = new RssSampler(child.process.pid!, () => replied);
  const t0 = performance.now();
  const deadline = MEMORY_S > 0 ? Date.now() + MEMORY_S * 1000 : Infinity;
  let done = 0;
  while (done < EVENTS && Date.now() < deadline) {
    done += await events(done, Math.min(CHUNK, EVENTS - done), deadline);
    const rss = sampler.samples.map((x) => x.rssMb);
    // As it goes, so that a run cut short still says something.
    report.out(`  ${done.toLocaleString('en-US')} answered after ${((performance.now() - t0) / 1000).toFixed(0)} s; RSS now ${rss.at(-1)!.toFixed(0)} MB, peak so far ${Math.max(...rss).toFixed(0)} MB`);
  }
  const seconds = (performance.now() - t0) / 1000;
  const running = sampler.samples.length;
  await sleep(5_000);
  sampler.stop();
  const inbox = await s.db.db.selectFrom('inbox').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();

  const v = verdict(sampler.samples.slice(0, running), done, sampler.samples.at(-1)!.rssMb);
  report.out(`  ${done.toLocaleString('en-US')} messages: ${done < EVENTS ? `stopped at the ${MEMORY_S} s cap, short of the ${EVENTS.toLocaleString('en-US')} asked (GROWTH_BENCH_MEMORY_S=0: no cap)` : 'all asked'}; ` +
    `${seconds.toFixed(0)} s, ${(done / seconds).toFixed(0)} events/s end to end; webhook pushes not acknowledged: ${failedPushes}; inbox ${inbox.map((r) => `${r.status} ${Number(r.n).toLocaleString('en-US')}`).join(', ')}`);
  report.table([
    ['RSS (MB)', 'start', 'at 25%', 'at 50%', 'at 75%', 'at 100%', 'peak', 'end (5 s idle)', 'first third → last third (medians)', 'slope', 'flat'],
    ['bot process', v.startMb.toFixed(0), ...v.quarters.map((q) => q.toFixed(0)), v.peakMb.toFixed(0), v.endMb.toFixed(0),
      `${v.firstThirdMb.toFixed(0)} → ${v.lastThirdMb.toFixed(0)}`, `${v.slopeMbPer10k.toFixed(1)} MB / 10k events`, v.flat ? 'yes' : 'NO: grows with the work'],
  ]);
  report.out(`  (${sampler.samples.length} samples, one a second; "flat": the median of the last third of the run above the first third's by less than 10% or 30 MB, whichever is more)`);
}

if (process.env.DATABASE_URL && process.env.REDIS_URL) await run();
else console.log('growth: skipped (set DATABASE_URL and REDIS_URL)');
