// Where a measured path spends its time, for bench/growth.bench.ts: the path run in the bench process on a
// Kysely that logs every query (same type parsers and settings as createDb), so the database's share, each query's time
// and its EXPLAIN can be set beside the path's total.
import { performance } from 'node:perf_hooks';
import { Kysely, PostgresDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import type { Database } from '../src/db/database';
import { summary } from './bench-kit';

export interface LoggedQuery { sql: string; parameters: readonly unknown[]; ms: number }

export interface PathProfile {
  totalMs: number;
  dbMs: number;
  queries: LoggedQuery[];
}

export class QueryLog {
  readonly db: Kysely<Database>;
  private readonly pool: pg.Pool;
  private log: LoggedQuery[] = [];

  constructor(url: string) {
    this.pool = new pg.Pool({
      // as createDb's pool: the bot's connections run without JIT
      connectionString: url, max: 2, options: '-c jit=off',
      types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 ? (v: string) => Number(v) : oid === 1082 ? (v: string) => v : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
    });
    // An idle connection cut by the database's drop at the end is not worth a crash.
    this.pool.on('error', () => undefined);
    this.db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: this.pool }),
      log: (e: LogEvent) => {
        if (e.level === 'query' && !/^\s*(begin|commit|rollback|savepoint|release)/i.test(e.query.sql)) {
          this.log.push({ sql: e.query.sql, parameters: e.query.parameters, ms: e.queryDurationMillis });
        }
      },
    });
  }

  /** `fn` in a transaction (rolled back when `rollback`), `times` times; the run with the median total. */
  async profile(fn: (tx: Kysely<Database>) => Promise<unknown>, opts: { times: number; rollback: boolean }): Promise<PathProfile> {
    const runs: PathProfile[] = [];
    for (let i = 0; i < opts.times; i++) {
      this.log = [];
      const t0 = performance.now();
      await this.db.transaction().execute(async (tx) => {
        await fn(tx);
        if (opts.rollback) throw new RolledBack();
      }).catch((err) => { if (!(err instanceof RolledBack)) throw err; });
      const totalMs = performance.now() - t0;
      runs.push({ totalMs, dbMs: this.log.reduce((n, q) => n + q.ms, 0), queries: this.log });
    }
    const median = summary(runs.map((r) => r.totalMs)).median;
    return runs.reduce((best, r) => (Math.abs(r.totalMs - median) < Math.abs(best.totalMs - median) ? r : best));
  }

  async explain(q: LoggedQuery): Promise<string[]> {
    const c = await this.pool.connect();
    try {
      await c.query('begin');
      const plan = await c.query(`explain (analyze, buffers) ${q.sql}`, q.parameters as unknown[]);
      return (plan.rows as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']);
    } finally {
      // EXPLAIN ANALYZE runs the statement: an update must not stay.
      await c.query('rollback').catch(() => undefined);
      c.release();
    }
  }

  close(): Promise<void> {
    return this.db.destroy();
  }
}

class RolledBack extends Error {}

/** Queries of one run grouped by their SQL text: count and total time. */
export function bySql(queries: LoggedQuery[]): Map<string, { count: number; ms: number; slowest: LoggedQuery }> {
  const out = new Map<string, { count: number; ms: number; slowest: LoggedQuery }>();
  for (const q of queries) {
    const g = out.get(q.sql);
    if (!g) out.set(q.sql, { count: 1, ms: q.ms, slowest: q });
    else { g.count++; g.ms += q.ms; if (q.ms > g.slowest.ms) g.slowest = q; }
  }
  return out;
}
