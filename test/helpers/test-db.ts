import { randomBytes } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { createDb, type Db } from '../../src/db/create-db';
import { migrateToLatest } from '../../src/db/migrate';
import { databaseUrl } from './services';

export const quietLogger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** A brand-new database on the DATABASE_URL server, so test files never see each other's rows. */
export async function freshDatabaseUrl(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!databaseUrl) throw new Error('freshDatabaseUrl needs DATABASE_URL');
  const name = `yinhang_t_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** A migrated database on the given backend; close() also drops a Postgres one. */
export async function openTestDb(backend: 'postgres' | 'pglite'): Promise<Db> {
  if (backend === 'pglite') {
    const db = await createDb({ dataDir: 'memory://', logger: quietLogger });
    await migrateToLatest(db.db);
    return db;
  }
  const fresh = await freshDatabaseUrl();
  const db = await createDb({ databaseUrl: fresh.url, logger: quietLogger });
  await migrateToLatest(db.db);
  return { ...db, close: async () => { await db.close(); await fresh.drop(); } };
}
