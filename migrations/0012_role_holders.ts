import { sql, type Kysely } from 'kysely';

// Frozen in time: the admins and main leaders found by index. Who rates, approves and is told reads them on
// every to-do list; `role = any(roles)` read all 100,000 cadres each time (45 ms, bench/growth.bench.ts).

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index cadres_roles_idx on cadres using gin (roles)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are forward-only');
}
