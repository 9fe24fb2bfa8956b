import { sql, type Kysely } from 'kysely';

// Frozen in time: indexes for 统计 over a window of ISO weeks (bench/stats.bench.ts: 2 million reports). The
// unique (pair_id, iso_week) index cannot find one week's reports without reading all of them.

export async function up(db: Kysely<any>): Promise<void> {
  // The window's reports by week (reports handed in), read from the index alone.
  await sql`create index weekly_reports_week_idx on weekly_reports (iso_week, pair_id)`.execute(db);
  // Only the reports with tutoring records (about one in five), with the records, for the tutoring minutes. A
  // report holds at most two records of a 100-character topic (weekly-reports.ts), well inside an index entry.
  await sql`create index weekly_reports_tutoring_idx on weekly_reports (iso_week) include (pair_id, tutoring) where jsonb_array_length(tutoring) > 0`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
