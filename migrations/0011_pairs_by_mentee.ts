import { sql, type Kysely } from 'kysely';

// Frozen in time: a cadre's pairs as mentee, ended ones included (我的 and the pair lists). Without it each such
// lookup read every pair: 70 ms at 50,000 pairs (bench/growth.bench.ts), and growing with the district.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index pairs_mentee_idx on pairs (mentee_id)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
