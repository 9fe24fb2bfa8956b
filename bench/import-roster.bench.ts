// `npm run bench -- import` (IMPORT_BENCH_ROWS sets the size): imports a generated roster of 10,000 people into a fresh
// PGlite and, when DATABASE_URL is set, a fresh Postgres database; prints the time of a first import
// (everyone created), a re-import (no changes) and an import where a tenth changed and a tenth left.
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { sql } from 'kysely';
import { createDb, type Db } from '../src/db/create-db';
import { migrateToLatest } from '../src/db/migrate';
import { importRoster } from '../src/services/import-roster';
import { freshDatabaseUrl } from '../test/helpers/test-db';

// Not argv: under `npm run bench -- <name>` the first argument is bench/run.ts's name filter.
const ROWS = Number(process.env.IMPORT_BENCH_ROWS ?? 10_000);
const logger = pino({ level: 'silent' });
const noLark = { resolveIds: async () => new Map<string, string>() };
const ABILITIES = ['政策理论', '调查研究', '科学决策', '应急处突', '群众工作', '推动发展', '乡村治理', '公文写作', 'word', 'excel'];
const CATEGORIES = ['leader_member', 'young', 'senior', 'village', 'other'];

/** 10,000 people in 10 towns × 20 offices; every one with a mobile, needs and strengths. */
function roster(rows: number, variant: 0 | 1): Buffer {
  const lines = ['open_id,mobile,name,unit,category,birth_date,hire_date,roles,strengths,needs'];
  for (let i = 0; i < rows; i++) {
    if (variant === 1 && i % 10 === 9) continue; // a tenth left
    const changed = variant === 1 && i % 10 === 3; // a tenth moved office
    const unit = `武隆区/镇${i % 10}/科室${(i + (changed ? 1 : 0)) % 20}`;
    const needs = [0, 1, 2].map((k) => ABILITIES[(i + k) % ABILITIES.length]).join(';');
    const strengths = ABILITIES[(i + 5) % ABILITIES.length];
    const year = 1965 + (i % 35);
    lines.push(`ou_bench_${i},139${String(i).padStart(8, '0')},干部${i},${unit},${CATEGORIES[i % 5]},${year}-0${1 + (i % 9)}-1${i % 10},2015-03-01,${i % 500 === 0 ? 'admin' : ''},${strengths},${needs}`);
  }
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

async function timed(db: Db, label: string, bytes: Buffer, baselineMs: number): Promise<void> {
  const t0 = performance.now();
  const report = await importRoster({ db: db.db, messenger: noLark, file: { name: 'bench.csv', bytes } });
  const ms = performance.now() - t0;
  if (!report.ok) throw new Error(`import failed: ${JSON.stringify(report.errors.slice(0, 3))}`);
  console.log(`  ${label.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(6)} s   ${(ms / baselineMs).toFixed(1).padStart(5)}× baseline   ${JSON.stringify(report.counts)}`);
}

/**
 * The baseline, measured in the same run on the same database: the rows alone, bulk-inserted into a
 * scratch table with one statement and no checks. The import's cost is reported as a multiple of it.
 */
async function baseline(db: Db, rows: number): Promise<number> {
  await sql`create temporary table bench_rows (open_id text, mobile text, name text, unit text, category text, birth date, hire date)`.execute(db.db);
  const data = Array.from({ length: rows }, (_, i) => ({ open_id: `ou_base_${i}`, mobile: `138${String(i).padStart(8, '0')}`, name: `干部${i}`, unit: `武隆区/镇${i % 10}`, category: 'young', birth: '1990-01-01', hire: '2015-03-01' }));
  const t0 = performance.now();
  await sql`insert into bench_rows select * from jsonb_to_recordset(${JSON.stringify(data)}::jsonb) as r(open_id text, mobile text, name text, unit text, category text, birth date, hire date)`.execute(db.db);
  const ms = performance.now() - t0;
  await sql`drop table bench_rows`.execute(db.db);
  console.log(`  ${'baseline: bare bulk insert'.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(6)} s`);
  return ms;
}

async function run(backend: string, db: Db): Promise<void> {
  console.log(`${backend}: ${ROWS} rows`);
  await migrateToLatest(db.db);
  const base = await baseline(db, ROWS);
  const first = roster(ROWS, 0);
  await timed(db, 'first import (all created)', first, base);
  await timed(db, 're-import (no changes)', first, base);
  await timed(db, 'a tenth moved, a tenth left', roster(ROWS, 1), base);
  await timed(db, 'back to the first file', first, base);
}

const lite = await createDb({ dataDir: 'memory://', logger });
try {
  await run('PGlite', lite);
} finally {
  await lite.close();
}
if (process.env.DATABASE_URL) {
  const fresh = await freshDatabaseUrl();
  const pg = await createDb({ databaseUrl: fresh.url, logger });
  try {
    await run('Postgres', pg);
  } finally {
    await pg.close();
    await fresh.drop();
  }
} else {
  console.log('Postgres: skipped (set DATABASE_URL)');
}
