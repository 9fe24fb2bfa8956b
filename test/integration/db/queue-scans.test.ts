import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kysely, PostgresDialect, sql, type LogEvent } from 'kysely';
import pg from 'pg';
import type { Database } from '../../../src/db/database';
import { migrateToLatest } from '../../../src/db/migrate';
import { InboxRepository } from '../../../src/db/repositories/inbox-repository';
import { OutboxRepository } from '../../../src/db/repositories/outbox-repository';
import { missing } from '../../helpers/services';
import { freshDatabaseUrl } from '../../helpers/test-db';

/**
 * The inbox worker and the dispatcher take their next rows many times a second, from tables that keep every
 * finished row until the retention purge. Taking the next rows must not read the finished ones, even when the
 * planner's statistics are from before they finished (autovacuum's analyze comes after a tenth of a table has
 * changed, or never where it is off, as on this machine). Before migration 0013 the inbox walked its primary key
 * past every finished row and the outbox visited every row its queue index had ever held: 1.1 s and 0.43 s a
 * time after 66,000 events in bench/growth.bench.ts.
 */
describe.skipIf(missing('postgres'))('taking the next inbox and outbox rows does not read the finished ones (postgres)', () => {
  const FINISHED = 20_000;
  let fresh: Awaited<ReturnType<typeof freshDatabaseUrl>>;
  let pool: pg.Pool;
  let db: Kysely<Database>;
  const logged: { sql: string; parameters: readonly unknown[] }[] = [];

  /** Buffers (shared, hit or read) the statement touches, run in a transaction that is rolled back. */
  async function buffersOf(q: { sql: string; parameters: readonly unknown[] }): Promise<number> {
    const c = await pool.connect();
    try {
      await c.query('begin');
      const r = await c.query(`explain (analyze, buffers, format json) ${q.sql}`, q.parameters as unknown[]);
      const plan = (r.rows[0]['QUERY PLAN'] as { Plan: Record<string, number> }[])[0]!.Plan;
      return (plan['Shared Hit Blocks'] ?? 0) + (plan['Shared Read Blocks'] ?? 0);
    } finally {
      await c.query('rollback');
      c.release();
    }
  }

  /** The statement a repository call runs, as Kysely sent it. */
  async function statementOf(call: () => Promise<unknown>, pattern: RegExp): Promise<{ sql: string; parameters: readonly unknown[] }> {
    logged.length = 0;
    await call();
    const q = logged.find((e) => pattern.test(e.sql));
    if (!q) throw new Error(`no statement matching ${pattern}`);
    return q;
  }

  beforeAll(async () => {
    fresh = await freshDatabaseUrl();
    pool = new pg.Pool({ connectionString: fresh.url, max: 3 });
    db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool }),
      log: (e: LogEvent) => { if (e.level === 'query') logged.push({ sql: e.query.sql, parameters: e.query.parameters }); },
    });
    await migrateToLatest(db);
    // As the bot leaves them: every inbox row stored pending, then done; every outbox row pending, sending, sent.
    // The statistics are those of the busy moment before, when everything was still to do: autovacuum's analyze
    // runs after a fifth of a table has changed, or not at all where it is off.
    await sql`insert into inbox (dedupe_key, event_id, event_type, payload, status)
              select 'msg:' || i, 'e' || i, 'im.message.receive_v1', '{}'::jsonb, 'pending' from generate_series(1, ${FINISHED}) i`.execute(db);
    await sql`insert into outbox (kind, receive_id_type, receive_id, msg_type, content)
              select 'send', 'open_id', 'ou_' || (i % 500), 'text', '{"text":"x"}'::jsonb from generate_series(1, ${FINISHED}) i`.execute(db);
    await sql`analyze inbox, outbox`.execute(db);
    await sql`update inbox set status = 'done', processed_at = now()`.execute(db);
    await sql`update outbox set status = 'sending', locked_by = 'i1', locked_until = now() + interval '1 minute'`.execute(db);
    await sql`update outbox set status = 'sent', sent_at = now(), locked_by = null, locked_until = null`.execute(db);
    // and a few still to do
    const inbox = new InboxRepository(db);
    for (let i = 0; i < 3; i++) await inbox.record({ dedupeKey: `msg:new${i}`, eventId: `new${i}`, eventType: 'im.message.receive_v1', payloadJson: '{}', status: 'pending' });
    await new OutboxRepository(db).enqueue(db, [1, 2, 3].map((i) => ({ kind: 'send' as const, receiveIdType: 'open_id' as const, receiveId: `ou_new${i}`, msgType: 'text' as const, content: { text: '你好' } })));
  });
  afterAll(async () => {
    await db?.destroy();
    await fresh?.drop();
  });

  it('the inbox worker reads the pending rows only', async () => {
    const q = await statementOf(() => db.transaction().execute((trx) => new InboxRepository(db).lockNextPending(trx)), /from "inbox"/);
    // the index pages the finished rows' entries still fill (58 here), not the table (27,954 before migration 0013)
    expect(await buffersOf(q)).toBeLessThan(1_000);
  });

  it('the dispatcher reads the due rows only', async () => {
    const q = await statementOf(() => new OutboxRepository(db).claimDue('i1', 20, 60_000), /update outbox/);
    // 112–179 here; 26,454 before migration 0013
    expect(await buffersOf(q)).toBeLessThan(1_000);
  });
});
