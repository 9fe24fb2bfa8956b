import { sql, type Kysely } from 'kysely';

// Frozen in time: pairs (帮带对子), applications (志愿), organisational assignment drafts, and the
// secondment pre-survey.

export async function up(db: Kysely<any>): Promise<void> {
  // Program settings for pairing: 多带一 (co-mentors), and how long an application may wait.
  await db.schema.alterTable('programs')
    .addColumn('allow_co_mentors', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('application_nudge_days', 'integer', (c) => c.notNull().defaultTo(3).check(sql`application_nudge_days between 1 and 60`))
    .addColumn('application_expire_days', 'integer', (c) => c.notNull().defaultTo(7).check(sql`application_expire_days between 1 and 90`))
    .execute();

  // A mentor whose capacity differs from the program default (a popular mentor who takes five).
  await db.schema
    .createTable('mentor_capacity')
    .addColumn('program_id', 'integer', (c) => c.notNull().references('programs.id'))
    .addColumn('mentor_id', 'integer', (c) => c.notNull().references('cadres.id'))
    .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity between 0 and 50`))
    .addPrimaryKeyConstraint('mentor_capacity_pk', ['program_id', 'mentor_id'])
    .execute();

  // One mentee with one or more mentors inside one program. Ended pairs stay: history and statistics.
  await db.schema
    .createTable('pairs')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('program_id', 'integer', (c) => c.notNull().references('programs.id'))
    .addColumn('mentee_id', 'integer', (c) => c.notNull().references('cadres.id'))
    .addColumn('batch_id', 'integer', (c) => c.references('secondment_batches.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active', 'ended')`))
    // how it came about: the mentee applied and a mentor accepted, the organisation assigned, a village cadre claimed
    .addColumn('formed_by', 'text', (c) => c.notNull().check(sql`formed_by in ('application', 'assignment', 'claim')`))
    .addColumn('formed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('ended_at', 'timestamptz')
    .addColumn('end_reason', 'text', (c) => c.check(sql`end_reason in ('completed', 'rematched', 'left')`))
    .addCheckConstraint('pairs_end', sql`(status = 'active') = (ended_at is null)`)
    .execute();
  // A mentee has at most one active pair per program: the database, not the code, guarantees it.
  await sql`create unique index pairs_one_active on pairs (program_id, mentee_id) where status = 'active'`.execute(db);

  await db.schema
    .createTable('pair_mentors')
    .addColumn('pair_id', 'integer', (c) => c.notNull().references('pairs.id'))
    .addColumn('mentor_id', 'integer', (c) => c.notNull().references('cadres.id'))
    .addColumn('lead', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('added_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('pair_mentors_pk', ['pair_id', 'mentor_id'])
    .execute();
  await sql`create unique index pair_mentors_one_lead on pair_mentors (pair_id) where lead`.execute(db);
  await sql`create index pair_mentors_mentor_idx on pair_mentors (mentor_id)`.execute(db);

  // A mentee's ranked choices (志愿), up to three open at once; mentees never see each other's.
  await db.schema
    .createTable('applications')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('program_id', 'integer', (c) => c.notNull().references('programs.id'))
    .addColumn('mentee_id', 'integer', (c) => c.notNull().references('cadres.id'))
    .addColumn('mentor_id', 'integer', (c) => c.notNull().references('cadres.id'))
    .addColumn('rank', 'integer', (c) => c.notNull().check(sql`rank between 1 and 3`))
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending', 'accepted', 'declined', 'withdrawn', 'expired')`))
    .addColumn('decline_reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('nudged_at', 'timestamptz')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('pair_id', 'integer', (c) => c.references('pairs.id'))
    .execute();
  await sql`create unique index applications_open_mentor on applications (program_id, mentee_id, mentor_id) where status = 'pending'`.execute(db);
  await sql`create unique index applications_open_rank on applications (program_id, mentee_id, rank) where status = 'pending'`.execute(db);
  await sql`create index applications_mentor_idx on applications (mentor_id, status)`.execute(db);

  // People the organisation does not want paired (a conflict of interest, a relative).
  await db.schema
    .createTable('pair_avoid')
    .addColumn('program_id', 'integer', (c) => c.notNull().references('programs.id'))
    .addColumn('mentee_id', 'integer', (c) => c.notNull().references('cadres.id'))
    .addColumn('mentor_id', 'integer', (c) => c.notNull().references('cadres.id'))
    .addPrimaryKeyConstraint('pair_avoid_pk', ['program_id', 'mentee_id', 'mentor_id'])
    .execute();

  // A proposed assignment the admin reviews before anything is sent.
  await db.schema
    .createTable('assignment_drafts')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('program_id', 'integer', (c) => c.notNull().references('programs.id'))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft').check(sql`status in ('draft', 'confirmed', 'discarded')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('decided_at', 'timestamptz')
    .execute();
  await db.schema
    .createTable('assignment_draft_items')
    .addColumn('draft_id', 'integer', (c) => c.notNull().references('assignment_drafts.id'))
    .addColumn('mentee_id', 'integer', (c) => c.notNull().references('cadres.id'))
    .addColumn('mentor_id', 'integer', (c) => c.notNull().references('cadres.id'))
    .addColumn('score', 'real', (c) => c.notNull())
    .addPrimaryKeyConstraint('assignment_draft_items_pk', ['draft_id', 'mentee_id'])
    .execute();

  // 摸排: what a village cadre of a batch most wants to learn, ranked, plus free text.
  await db.schema
    .createTable('survey_responses')
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('secondment_batches.id'))
    .addColumn('cadre_id', 'integer', (c) => c.notNull().references('cadres.id'))
    .addColumn('choices', sql`text[]`, (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('survey_responses_pk', ['batch_id', 'cadre_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['survey_responses', 'assignment_draft_items', 'assignment_drafts', 'pair_avoid', 'applications', 'pair_mentors', 'pairs', 'mentor_capacity']) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('programs').dropColumn('allow_co_mentors').dropColumn('application_nudge_days').dropColumn('application_expire_days').execute();
}
