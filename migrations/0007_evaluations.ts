import { sql, type Kysely } from 'kysely';

// Frozen in time: the quarterly evaluation (效果测评), the leaders' approval (审批) and the staff-meeting items
// that follow two consecutive 优秀 or 不合格.

export async function up(db: Kysely<any>): Promise<void> {
  // When a program's evaluation opens (the Nth working day after the quarter ends) and who rates its pairs
  // (null: the admins nearest the mentee's unit).
  await db.schema.alterTable('programs')
    .addColumn('eval_open_workday', 'integer', (c) => c.notNull().defaultTo(1).check(sql`eval_open_workday between 1 and 20`))
    .addColumn('eval_assessor_id', 'integer', (c) => c.references('cadres.id'))
    .execute();

  // One per pair and quarter, opened by the job with its evidence. The mentee's unit is kept from the opening,
  // so a later move in the roster does not hand a running approval to another unit's leaders.
  await db.schema
    .createTable('evaluations')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('pair_id', 'integer', (c) => c.notNull().references('pairs.id'))
    .addColumn('program_id', 'integer', (c) => c.notNull().references('programs.id'))
    .addColumn('quarter', 'text', (c) => c.notNull().check(sql`quarter ~ '^[0-9]{4}Q[1-4]$'`))
    .addColumn('mentee_unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('evidence', 'jsonb', (c) => c.notNull())
    // open: waiting for the assessor; pending: a revision waits for a leader; returned: sent back to the
    // assessor; approved: an approved rating stands (a correction may be pending on top of it).
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'pending', 'returned', 'approved')`))
    .addColumn('mentor_self', 'text')
    .addColumn('mentee_self', 'text')
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('evaluations_once', ['pair_id', 'quarter'])
    .execute();
  await sql`create index evaluations_status_idx on evaluations (status, quarter)`.execute(db);

  // Leaders decide a batch of submitted ratings from one card; every copy of the card shows the same batch.
  await db.schema
    .createTable('approval_batches')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('quarter', 'text', (c) => c.notNull())
    .addColumn('leader_unit_id', 'integer', (c) => c.notNull().references('units.id'))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('cadres.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Every rating ever proposed: never deleted. A return, a withdrawal or a later correction adds a revision.
  await db.schema
    .createTable('evaluation_revisions')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('evaluation_id', 'integer', (c) => c.notNull().references('evaluations.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('rating', 'text', (c) => c.notNull().check(sql`rating in ('excellent', 'good', 'pass', 'fail')`))
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    // set when the revision corrects an approved rating
    .addColumn('correction_reason', 'text')
    .addColumn('assessor_id', 'integer', (c) => c.notNull().references('cadres.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending').check(sql`status in ('pending', 'approved', 'returned', 'withdrawn', 'superseded')`))
    .addColumn('batch_id', 'integer', (c) => c.notNull().references('approval_batches.id'))
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('decided_by', 'integer', (c) => c.references('cadres.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('return_reason', 'text')
    .addColumn('last_nudged_on', 'date')
    .addColumn('escalated_at', 'timestamptz')
    .addUniqueConstraint('evaluation_revisions_number', ['evaluation_id', 'revision'])
    .execute();
  // At most one revision of an evaluation waits for a leader at any time.
  await sql`create unique index evaluation_revisions_one_pending on evaluation_revisions (evaluation_id) where status = 'pending'`.execute(db);
  await sql`create index evaluation_revisions_batch_idx on evaluation_revisions (batch_id)`.execute(db);

  // 经验交流 after two consecutive 优秀, 检讨发言 after two consecutive 不合格. A correction that breaks the streak
  // voids an open item (with the reason), it never deletes it.
  await db.schema
    .createTable('staff_meeting_items')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('mentor_id', 'integer', (c) => c.notNull().references('cadres.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('share', 'self_criticism')`))
    .addColumn('first_quarter', 'text', (c) => c.notNull())
    .addColumn('last_quarter', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'done', 'void')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('done_on', 'date')
    .addColumn('done_by', 'integer', (c) => c.references('cadres.id'))
    .addColumn('void_reason', 'text')
    .addColumn('voided_at', 'timestamptz')
    .execute();
  await sql`create unique index staff_meeting_items_once on staff_meeting_items (mentor_id, kind, last_quarter) where status <> 'void'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
