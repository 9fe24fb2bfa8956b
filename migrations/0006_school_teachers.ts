import { sql, type Kysely } from 'kysely';

// Frozen in time: designated night-school teachers, pausing and ending a series, telling teachers their ratings
// once, and seminars that are changed or cancelled.

export async function up(db: Kysely<any>): Promise<void> {
  // People an admin designated to run a night school of their own (besides admins and the teachers of active series).
  await db.schema
    .createTable('school_teachers')
    .addColumn('cadre_id', 'integer', (c) => c.primaryKey().references('cadres.id'))
    .addColumn('designated_by', 'text', (c) => c.notNull())
    .addColumn('designated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // A paused series has active = false; paused_at tells one pause from the next (the notices' dedupe keys).
  await db.schema.alterTable('school_series').addColumn('paused_at', 'timestamptz').execute();

  // Why a session is cancelled: resuming a series reopens only the sessions its pause cancelled.
  await db.schema
    .alterTable('school_sessions')
    .addColumn('cancel_reason', 'text', (c) => c.check(sql`cancel_reason in ('holiday', 'paused', 'ended')`))
    .execute();
  await sql`update school_sessions set cancel_reason = 'holiday' where status = 'cancelled'`.execute(db);
  // Set once, in the transaction that queues the teacher's rating summary: the summary goes out once.
  await db.schema.alterTable('school_sessions').addColumn('ratings_told_at', 'timestamptz').execute();

  // Each change of a scheduled seminar bumps revision (the change notices' dedupe keys); a cancellation keeps its reason.
  await db.schema.alterTable('seminars').addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('seminars').addColumn('cancel_reason', 'text').execute();
  await db.schema.alterTable('seminars').addColumn('cancelled_at', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['cancelled_at', 'cancel_reason', 'revision']) await db.schema.alterTable('seminars').dropColumn(column).execute();
  for (const column of ['ratings_told_at', 'cancel_reason']) await db.schema.alterTable('school_sessions').dropColumn(column).execute();
  await db.schema.alterTable('school_series').dropColumn('paused_at').execute();
  await db.schema.dropTable('school_teachers').execute();
}
