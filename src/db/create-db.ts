import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database';
import type { Logger } from '../logger';

export interface Db {
  db: Kysely<Database>;
  /**
   * For read-only work heavy enough to run several queries at once (统计), outside any transaction: a small pool
   * of its own, so those queries never wait for connections that open transactions hold (a handler holds one
   * while it waits for them). PGlite has one connection: there it is `db`, and the queries take turns.
   */
  reader: Kysely<Database>;
  /** 'postgres' over a pool, or 'pglite' embedded in this process (one connection, serialised) */
  backend: 'postgres' | 'pglite';
  close(): Promise<void>;
}

// Both backends hand back the same JS types: int8 ids as numbers (they stay far below 2^53) and
// `date` columns as 'YYYY-MM-DD' strings, never a Date shifted by the server's time zone.
const INT8 = 20;
const DATE = 1082;

export async function createDb(opts: { databaseUrl?: string; dataDir?: string; logger: Logger; poolSize?: number }): Promise<Db> {
  if (opts.databaseUrl) {
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pgPool(opts.databaseUrl, opts.poolSize ?? 10, opts.logger) }) });
    const reader = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pgPool(opts.databaseUrl, READERS, opts.logger) }) });
    return { db, reader, backend: 'postgres', close: async () => { await Promise.all([db.destroy(), reader.destroy()]); } };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGliteDialect } = await import('kysely-pglite-dialect');
  const dataDir = opts.dataDir === 'memory://' || opts.dataDir === undefined ? undefined : opts.dataDir;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir ? { dataDir, parsers: { [DATE]: (v: string) => v } } : { parsers: { [DATE]: (v: string) => v } });
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return { db, reader: db, backend: 'pglite', close: () => db.destroy() };
}

// 统计's independent queries at once: a few lanes already use the cores of a small database server; more would
// only queue inside it.
const READERS = 3;

function pgPool(connectionString: string, max: number, logger: Logger): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    connectionTimeoutMillis: 5_000,
    application_name: 'yinhang',
    // JIT compilation costs 80–300 ms on every large statistics query (bench/README.md) and saves nothing on
    // the short transactional ones the bot mostly runs.
    options: '-c jit=off',
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8) return (v: string) => Number(v);
        if (oid === DATE) return (v: string) => v;
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client's error (server restart, network cut) is emitted on the pool; without a listener
  // Node would crash the whole process. The next query gets a fresh connection.
  pool.on('error', (err) => logger.warn({ err }, 'postgres idle connection lost'));
  // A connection held between queries (an open transaction) that breaks emits 'error' on the client
  // itself, where the pool no longer listens; the query in progress fails anyway, so log and move on.
  pool.on('connect', (client) => client.on('error', (err) => logger.warn({ err }, 'postgres connection lost')));
  return pool;
}
