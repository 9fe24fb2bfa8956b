import { sql, type Kysely } from 'kysely';

// Frozen in time: 一人一策 plans and weekly progress reports (周报).

export async function up(db: Kysely<any>): Promise<void> {
  // When each program's weekly report prompt goes out (ISO weekday 1–7, local time HH:MM in TZ_NAME).
  await db.schema.alterTable('programs')
    .addColumn('report_weekday', 'integer', (c) => c.notNull().defaultTo(5).check(sql`report_weekday between 1 and 7`))
    .addColumn('report_time', 'text', (c) => c.notNull().defaultTo('16:00').check(sql`report_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`))
    .execute();

  // One plan per pair (一人一策): drafted by the mentee, confirmed (or edited) by the mentor.
  await db.schema
    .createTable('plans')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('pair_id', 'integer', (c) => c.notNull().unique().references('pairs.id'))
    // 行政领导型 / 业务骨干型
    .addColumn('target_profile', 'text', (c) => c.check(sql`target_profile in ('administrative_leader', 'professional_backbone')`))
    .addColumn('focus', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('methods', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft').check(sql`status in ('draft', 'confirmed')`))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_by', 'integer', (c) => c.references('cadres.id'))
    .addColumn('confirmed_by', 'integer', (c) => c.references('cadres.id'))
    .addColumn('confirmed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Concrete measures of a plan (参与重要工作谋划, 重要会议筹办, 重要任务落实 …), each with a due date and status.
  await db.schema
    .createTable('plan_items')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('plans.id'))
    .addColumn('measure', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull().check(sql`char_length(title) between 1 and 200`))
    .addColumn('due_date', 'date')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'done')`))
    .addColumn('done_at', 'timestamptz')
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`create index plan_items_plan_idx on plan_items (plan_id, position)`.execute(db);

  // One weekly report per pair and ISO week (in TZ_NAME), editable until the week closes; late ones are 补交.
  await db.schema
    .createTable('weekly_reports')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('pair_id', 'integer', (c) => c.notNull().references('pairs.id'))
    .addColumn('iso_week', 'text', (c) => c.notNull().check(sql`iso_week ~ '^[0-9]{4}-W[0-9]{2}$'`))
    .addColumn('learned', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('did', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('problems', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('next_week', 'text', (c) => c.notNull().defaultTo(''))
    // one-to-one tutoring: [{ date, topic, minutes }]
    .addColumn('tutoring', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('late', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('submitted_by', 'integer', (c) => c.notNull().references('cadres.id'))
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('weekly_reports_once', ['pair_id', 'iso_week'])
    .execute();

  // A mentor's reading of a report: 已阅, and a comment the mentee sees.
  await db.schema
    .createTable('report_reviews')
    .addColumn('report_id', 'integer', (c) => c.notNull().references('weekly_reports.id'))
    .addColumn('mentor_id', 'integer', (c) => c.notNull().references('cadres.id'))
    .addColumn('read_at', 'timestamptz')
    .addColumn('comment', 'text')
    .addColumn('commented_at', 'timestamptz')
    .addPrimaryKeyConstraint('report_reviews_pk', ['report_id', 'mentor_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['report_reviews', 'weekly_reports', 'plan_items', 'plans']) await db.schema.dropTable(table).execute();
  await db.schema.alterTable('programs').dropColumn('report_weekday').dropColumn('report_time').execute();
}
