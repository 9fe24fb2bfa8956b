import { sql, type Kysely } from 'kysely';

// Frozen in time: the night school (干部夜校, 每周一训) and the quarterly exchange seminars (季度交流研讨会).

export async function up(db: Kysely<any>): Promise<void> {
  // A weekly series: same day, time and place; its audience is a program, a unit (subtree) or chosen people.
  await db.schema
    .createTable('school_series')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('weekday', 'integer', (c) => c.notNull().check(sql`weekday between 1 and 7`))
    .addColumn('start_time', 'text', (c) => c.notNull().check(sql`start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`))
    .addColumn('duration_minutes', 'integer', (c) => c.notNull().defaultTo(90).check(sql`duration_minutes between 15 and 480`))
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('audience_kind', 'text', (c) => c.notNull().check(sql`audience_kind in ('program', 'unit', 'people')`))
    .addColumn('audience_program_id', 'integer', (c) => c.references('programs.id'))
    .addColumn('audience_unit_id', 'integer', (c) => c.references('units.id'))
    .addColumn('teacher_id', 'integer', (c) => c.notNull().references('cadres.id'))
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date')
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('school_audience')
    .addColumn('series_id', 'integer', (c) => c.notNull().references('school_series.id'))
    .addColumn('cadre_id', 'integer', (c) => c.notNull().references('cadres.id'))
    .addPrimaryKeyConstraint('school_audience_pk', ['series_id', 'cadre_id'])
    .execute();

  // One evening of a series: its topic, materials and teacher may differ week to week.
  await db.schema
    .createTable('school_sessions')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('series_id', 'integer', (c) => c.notNull().references('school_series.id'))
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('materials_url', 'text')
    .addColumn('teacher_id', 'integer', (c) => c.notNull().references('cadres.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('scheduled').check(sql`status in ('scheduled', 'closed', 'cancelled')`))
    .addColumn('closed_at', 'timestamptz')
    .addUniqueConstraint('school_sessions_once', ['series_id', 'starts_at'])
    .execute();

  // Per person and session: 报名, 请假 (with a reason), 签到; absent without leave is a no-show. Then a rating.
  await db.schema
    .createTable('school_attendance')
    .addColumn('session_id', 'integer', (c) => c.notNull().references('school_sessions.id'))
    .addColumn('cadre_id', 'integer', (c) => c.notNull().references('cadres.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('registered', 'leave', 'present', 'absent')`))
    .addColumn('leave_reason', 'text')
    .addColumn('checked_in_at', 'timestamptz')
    .addColumn('marked_by', 'integer', (c) => c.references('cadres.id'))
    .addColumn('rating', 'integer', (c) => c.check(sql`rating between 1 and 5`))
    .addColumn('comment', 'text')
    .addColumn('rated_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('school_attendance_pk', ['session_id', 'cadre_id'])
    .execute();

  // A program's quarterly exchange seminar, where pairs show their results (晾晒工作业绩).
  await db.schema
    .createTable('seminars')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('program_id', 'integer', (c) => c.notNull().references('programs.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('scheduled').check(sql`status in ('scheduled', 'held', 'cancelled')`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('seminar_entries')
    .addColumn('seminar_id', 'integer', (c) => c.notNull().references('seminars.id'))
    .addColumn('pair_id', 'integer', (c) => c.notNull().references('pairs.id'))
    .addColumn('achievements', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('link', 'text')
    .addColumn('submitted_by', 'integer', (c) => c.references('cadres.id'))
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('presented', 'boolean', (c) => c.notNull().defaultTo(false))
    .addPrimaryKeyConstraint('seminar_entries_pk', ['seminar_id', 'pair_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['seminar_entries', 'seminars', 'school_attendance', 'school_sessions', 'school_audience', 'school_series']) {
    await db.schema.dropTable(table).execute();
  }
}
