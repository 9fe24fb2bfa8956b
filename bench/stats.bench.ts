// `npm run bench -- stats`: the 统计 card over a district-sized data set (100,000 cadres, 50,000 pairs, 2 million
// weekly reports; bench/stats-seed.ts) in a fresh Postgres database, at the district and at one town, against
// a plain count(*) over the same tables measured in the same run. Needs DATABASE_URL. STATS_BENCH_SCALE=0.1
// seeds a tenth (a quick check of the bench itself); STATS_BENCH_ROUNDS sets the rounds (5).
// Writes what it prints to bench/results/stats.txt.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Kysely, PostgresDialect, sql, type LogEvent } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { createDb } from '../src/db/create-db';
import type { Database } from '../src/db/database';
import { migrateToLatest } from '../src/db/migrate';
import { StatsRepository } from '../src/db/repositories/stats-repository';
import { isoWeekOf, weekStart } from '../src/domain/iso-week';
import { localDate } from '../src/domain/local-date';
import { previousQuarter, quarterOf } from '../src/domain/quarter';
import { statsCard } from '../src/lark/cards/stats-cards';
import { parseLocalIso } from '../src/scheduler/local-time';
import { attendanceByUnit } from '../src/services/night-school-stats';
import { surveyTally } from '../src/services/secondment-survey';
import { seminarStats } from '../src/services/seminar-stats';
import { menteePoolCounts, statistics, windowWeeks } from '../src/services/statistics';
import { freshDatabaseUrl } from '../test/helpers/test-db';
import { BenchReport, interleaved, ms, summary, timed } from './bench-kit';
import { FULL, scaled, seedStats } from './stats-seed';

const TZ = 'Asia/Shanghai';
const GOAL_MS = 1000;
const ROUNDS = Number(process.env.STATS_BENCH_ROUNDS ?? 5);
const SCALE = Number(process.env.STATS_BENCH_SCALE ?? 1);
const logger = pino({ level: 'silent' });

const report = new BenchReport('stats');
const out = (line = '') => report.out(line);

/** A Kysely like createDb's (same type parsers) that reports every query it runs, for the per-query view and EXPLAIN. */
function loggingDb(url: string, log: (e: LogEvent) => void): { db: Kysely<Database>; pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: url, max: 2, options: '-c jit=off',
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 ? (v: string) => Number(v) : oid === 1082 ? (v: string) => v : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
  });
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log }), pool };
}

/**
 * What statistics() does, step by step with the same arguments, each step timed (median of 3): where the
 * card's time goes. The steps run one after another in one transaction, so each is timed alone.
 */
async function breakdown(db: Kysely<Database>, scopeId: number, isDistrict: boolean, now: Date): Promise<[string, number][]> {
  const repo = new StatsRepository();
  const today = localDate(now, TZ);
  const window = windowWeeks(today, TZ);
  const from = window[0]!.monday;
  const to = parseLocalIso(`${weekStart(isoWeekOf(today))}T00:00`, TZ)!;
  const quarter = previousQuarter(quarterOf(today));
  const rows: [string, number][] = [];
  await db.transaction().execute(async (tx) => {
    const scope = (await repo.unit(tx, scopeId))!;
    const children = await repo.children(tx, scope.unitId);
    const programs = await repo.programs(tx);
    const inScope = (p: string) => p === scope.path || p.startsWith(`${scope.path}/`);
    const stats = await statistics(tx, scopeId, now, TZ);
    const steps: [string, () => Promise<unknown>][] = [
      ['pairCounts (SQL)', () => repo.pairCounts(tx, scope, children)],
      ['forms (SQL)', () => repo.forms(tx, scope)],
      ['reportWeeks (SQL)', () => repo.reportWeeks(tx, scope, window, children)],
      ['ratings (SQL)', () => repo.ratings(tx, scope, quarter)],
      ['staffItems (SQL)', () => repo.staffItems(tx, scope)],
      [`menteePoolCounts × ${programs.length} programs (SQL)`, async () => { for (const p of programs) await menteePoolCounts(tx, scope, p.id); }],
      ['attendanceByUnit (SQL)', () => attendanceByUnit(tx, { from, to, unitPath: scope.path })],
      ['seminarStats (SQL)', () => seminarStats(tx, { from, to, unitPath: scope.path })],
      ['surveyTally (SQL + JS)', async () => { for (const p of programs) if (p.track === 'village_secondment') await surveyTally(tx, p.id, today, inScope); }],
      ['statsCard + JSON.stringify (JS)', async () => JSON.stringify(statsCard(stats, isDistrict))],
    ];
    for (const [label, fn] of steps) {
      const samples: number[] = [];
      for (let i = 0; i < 3; i++) samples.push(await timed(fn));
      rows.push([label, summary(samples).median]);
    }
  });
  return rows;
}

async function run(): Promise<void> {
  const size = SCALE === 1 ? FULL : scaled(SCALE);
  const now = new Date();
  const fresh = await freshDatabaseUrl();
  const pg0 = await createDb({ databaseUrl: fresh.url, logger });
  try {
    await migrateToLatest(pg0.db);
    const db = pg0.db;
    const version = (await sql<{ v: string }>`select current_setting('server_version') as v`.execute(db)).rows[0]!.v;
    out(`stats card benchmark — ${now.toISOString()} (today ${localDate(now, TZ)} in ${TZ})`);
    out(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GB; PostgreSQL ${version} (default settings); Node ${process.version}`);
    out(`scale ${SCALE}, ${ROUNDS} rounds after one warm-up; load average at the start ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} (other work on the machine slows every figure, the ratios less)`);
    out();

    const t0 = performance.now();
    const seeded = await seedStats(db, now, TZ, size);
    const seedSeconds = (performance.now() - t0) / 1000;
    const size2 = (await sql<{ mb: number }>`select (pg_total_relation_size('weekly_reports') / 1048576)::int as mb`.execute(db)).rows[0]!.mb;
    out(`seeded in ${seedSeconds.toFixed(1)} s (not a measured figure): ${seeded.steps.map(([s, t]) => `${s} ${t.toFixed(1)} s`).join(' · ')}`);
    out(`rows: ${Object.entries(seeded.rows).map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', ')}; weekly_reports ${size2} MB with indexes`);
    out();

    const baseline = () => sql`select (select count(*) from cadres) as cadres, (select count(*) from pairs) as pairs,
      (select count(*) from pair_mentors) as pair_mentors, (select count(*) from weekly_reports) as weekly_reports`.execute(db);
    let cardBytes = 0;
    // As the handler runs it: the queries side by side on the reader pool (HandlerContext.reader).
    const card = async (unitId: number, isDistrict: boolean) => {
      const json = JSON.stringify(statsCard(await statistics(pg0.reader, unitId, now, TZ), isDistrict));
      if (isDistrict) cardBytes = Buffer.byteLength(json);
    };
    // The same inside one transaction, where the queries take turns on its connection (PGlite, the CLI).
    const inOneTransaction = (unitId: number, isDistrict: boolean) => db.transaction().execute(async (tx) => JSON.stringify(statsCard(await statistics(tx, unitId, now, TZ), isDistrict)));
    const subjects = {
      'baseline: count(*) of cadres, pairs, pair_mentors, weekly_reports (one round trip)': baseline,
      'statistics() + statsCard(), district 武隆区': () => card(seeded.districtId, true),
      [`statistics() + statsCard(), town ${seeded.townName}`]: () => card(seeded.townId, false),
      'the district card in one transaction (queries in turn)': () => inOneTransaction(seeded.districtId, true),
    };
    const t = await interleaved(subjects, ROUNDS);
    const base = Object.values(t)[0]!.median;
    const width = Math.max(...Object.keys(t).map((k) => k.length)) + 2;
    out(`${'what'.padEnd(width)}${'median'.padStart(10)}${'min–max'.padStart(20)}${'× baseline'.padStart(12)}`);
    for (const [name, x] of Object.entries(t)) {
      out(`${name.padEnd(width)}${ms(x.median).padStart(10)}${`${ms(x.min)}–${ms(x.max)}`.padStart(20)}${`${(x.median / base).toFixed(1)}×`.padStart(12)}`);
    }
    const district = Object.values(t)[1]!;
    out();
    out(`district card: median ${(district.median / 1000).toFixed(2)} s against the goal of ${GOAL_MS / 1000} s — ${district.median <= GOAL_MS ? 'within it' : `OVER by ${((district.median - GOAL_MS) / 1000).toFixed(2)} s`}`);
    out(`card JSON at the district: ${(cardBytes / 1024).toFixed(1)} KB (Lark's limit: 30 KB)`);

    for (const [scopeId, isDistrict, label] of [[seeded.districtId, true, 'district'], [seeded.townId, false, `town ${seeded.townName}`]] as const) {
      out();
      out(`where the time goes, ${label} (each step of statistics() alone, median of 3):`);
      const rows = await breakdown(db, scopeId, isDistrict, now);
      const sum = rows.filter(([name]) => !name.startsWith(' ')).reduce((n, [, x]) => n + x, 0);
      for (const [name, x] of rows) out(`  ${name.padEnd(48)}${ms(x).padStart(10)}${name.startsWith(' ') ? '' : `${Math.round((100 * x) / sum)}%`.padStart(6)}`);
      const top = rows.filter(([name]) => !name.startsWith(' ')).sort((a, b) => b[1] - a[1]).slice(0, 3);
      out(`  the steps add up to ${ms(sum)}; the largest: ${top.map(([name, x]) => `${name.replace(/ \(.*\)$/, '')} ${Math.round((100 * x) / sum)}%`).join(', ')}`);
    }

    // Every query of one district card with its time, from a logging connection; EXPLAIN ANALYZE of the
    // slowest when the card is over the goal.
    const log: LogEvent[] = [];
    const logging = loggingDb(fresh.url, (e) => { log.push(e); });
    try {
      await logging.db.transaction().execute(async (tx) => statsCard(await statistics(tx, seeded.districtId, now, TZ), true));
      const queries = log.filter((e) => e.level === 'query' && !/^(begin|commit)/i.test(e.query.sql));
      const total = queries.reduce((n, e) => n + e.queryDurationMillis, 0);
      const slow = [...queries].sort((a, b) => b.queryDurationMillis - a.queryDurationMillis);
      out();
      out(`district card: ${queries.length} queries, ${ms(total)} in the database; the slowest:`);
      for (const e of slow.slice(0, 6)) out(`  ${ms(e.queryDurationMillis).padStart(8)}  ${e.query.sql.replace(/\s+/g, ' ').trim().slice(0, 110)}`);
      if (district.median > GOAL_MS) {
        out();
        out('EXPLAIN (ANALYZE, BUFFERS) of the three slowest:');
        for (const e of slow.slice(0, 3)) {
          const plan = await logging.pool.query(`explain (analyze, buffers) ${e.query.sql}`, e.query.parameters as unknown[]);
          out();
          out(`-- ${e.query.sql.replace(/\s+/g, ' ').trim().slice(0, 160)}`);
          for (const r of plan.rows as { 'QUERY PLAN': string }[]) out(r['QUERY PLAN']);
        }
      }
    } finally {
      await logging.db.destroy();
    }

    out();
    await report.finish();
  } finally {
    await pg0.close();
    await fresh.drop();
  }
}

if (process.env.DATABASE_URL) await run();
else console.log('stats: skipped (set DATABASE_URL)');
