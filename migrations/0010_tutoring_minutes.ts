import { sql, type Kysely } from 'kysely';

// Frozen in time: a report's tutoring minutes as a column the database keeps itself. Summing them from the
// JSON records was most of the 统计 tutoring figure (jsonb_array_elements over every report of the window); a
// generated column is right whichever code path writes the records.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create function tutoring_total(records jsonb) returns int language sql immutable parallel safe
    as $$ select coalesce(sum((r->>'minutes')::int), 0)::int from jsonb_array_elements(records) r $$`.execute(db);
  await sql`alter table weekly_reports add column tutoring_minutes int not null generated always as (tutoring_total(tutoring)) stored`.execute(db);
  // The window's reports by week now bring their minutes along, so reports and tutoring are one read of the
  // index alone; the partial index of reports with records served only the separate tutoring query.
  await sql`drop index weekly_reports_tutoring_idx`.execute(db);
  await sql`drop index weekly_reports_week_idx`.execute(db);
  await sql`create index weekly_reports_week_idx on weekly_reports (iso_week, pair_id) include (tutoring_minutes)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
