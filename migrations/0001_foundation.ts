import { sql, type Kysely } from 'kysely';

// Frozen in time: this file describes the schema as it was when written and never imports src/.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('units')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('parent_id', 'integer', (c) => c.references('units.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    // '武隆区/火炉镇/党政办': the whole path is the natural key the roster uses
    .addColumn('path', 'text', (c) => c.notNull().unique())
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('cadres')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('open_id', 'text', (c) => c.unique())
    .addColumn('mobile', 'text')
    .addColumn('email', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('category', 'text', (c) =>
      c.notNull().check(sql`category in ('leader_member', 'young', 'senior', 'village', 'other')`),
    )
    .addColumn('birth_date', 'date')
    .addColumn('hire_date', 'date')
    .addColumn('roles', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    // A cadre who leaves is deactivated, never deleted: history and statistics keep them.
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('cadres_unit_idx').on('cadres').column('unit_id').execute();

  // Every inbound Lark event, stored before it is acknowledged. dedupe_key is `msg:<message_id>` for
  // messages (Lark: dedupe im.message.receive_v1 on message_id, not event_id) and `evt:<event_id>` otherwise.
  await db.schema
    .createTable('inbox')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'done', 'failed', 'inline')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('processed_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .execute();
  await sql`create index inbox_pending_idx on inbox (received_at) where status = 'pending'`.execute(db);

  await db.schema
    .createTable('job_runs')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('scheduled_for', 'timestamptz', (c) => c.notNull())
    .addColumn('planned_by', 'text', (c) => c.notNull())
    .addColumn('late', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('recipients', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('job_runs_once', ['job', 'scheduled_for'])
    .execute();

  // Everything the bot sends. The row id is sent as Lark's `uuid`, so a re-send after a crash between
  // "sent" and "marked" is deduplicated by Lark (one success per uuid per hour).
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // Queue order. created_at cannot order rows written in one transaction (they share now()).
    .addColumn('seq', 'bigserial', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('send', 'reply', 'patch', 'card_update')`))
    .addColumn('receive_id_type', 'text')
    .addColumn('receive_id', 'text')
    .addColumn('target', 'text')
    .addColumn('msg_type', 'text', (c) => c.notNull())
    .addColumn('content', 'jsonb', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('job_run_id', 'bigint', (c) => c.references('job_runs.id'))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`status in ('pending', 'sending', 'sent', 'failed', 'ambiguous')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('first_attempt_at', 'timestamptz')
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'timestamptz')
    .addColumn('lark_message_id', 'text')
    .addColumn('last_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .execute();
  await sql`create index outbox_due_idx on outbox (next_attempt_at) where status in ('pending', 'sending')`.execute(db);
  // Head-of-line per receiver: a row may go only when no earlier row to the same person or chat is waiting.
  await sql`create index outbox_receiver_idx on outbox (receive_id, seq) where status in ('pending', 'sending')`.execute(db);

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('actor', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('detail', 'jsonb')
    .addColumn('event_id', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['audit_log', 'outbox', 'job_runs', 'inbox', 'cadres', 'units']) {
    await db.schema.dropTable(table).execute();
  }
}
