import { sql, type Kysely } from 'kysely';

// Frozen in time: the inbox and the outbox are taken in the order of these indexes, which hold only the rows still
// to do, so taking the next rows never reads the finished ones, whatever the planner believes. With statistics from
// before a burst (autovacuum's analyze waits for a tenth of a table to change; this machine runs without it) the
// inbox worker walked the primary key past every finished row for the oldest pending one — 1.1 s a time at 66,000
// rows, kept until the retention purge — and the dispatcher read its due-time index whole with a bitmap scan, dead
// entries of sent rows included (82,000 for 6 rows waiting: 0.43 s), and sorted by `seq`. Found by
// bench/growth.bench.ts's 100,000-event run; test/integration/db/queue-scans.test.ts keeps it so.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index inbox_pending_id_idx on inbox (id) where status = 'pending'`.execute(db);
  await sql`drop index inbox_pending_idx`.execute(db);
  await sql`create index outbox_queue_seq_idx on outbox (seq) where status in ('pending', 'sending')`.execute(db);
  await sql`drop index outbox_due_idx`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
