import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../src/db/database';
import { formatRosterError } from '../../../src/roster/roster-error';
import { importRoster, type ImportReport } from '../../../src/services/import-roster';

export const TODAY = '2024-06-15';
export const noLark = { resolveIds: async () => new Map<string, string>() };

export function fixture(name: string): Buffer {
  return readFileSync(fileURLToPath(new URL(`../../fixtures/roster/${name}`, import.meta.url)));
}

export async function importText(db: Kysely<Database>, text: string | Buffer, name = 'roster.csv'): Promise<ImportReport> {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return importRoster({ db, messenger: noLark, file: { name, bytes }, today: TODAY });
}

/** The success report, or a failure with the errors in the message. */
export async function imported(db: Kysely<Database>, text: string | Buffer, name = 'roster.csv') {
  const r = await importText(db, text, name);
  if (!r.ok) throw new Error(`import failed:\n${r.errors.map(formatRosterError).join('\n')}`);
  return r;
}

/** Empties the people tables (the catalogue stays): one database serves a whole file of tests. */
export async function resetRoster(db: Kysely<Database>): Promise<void> {
  await sql`truncate cadre_needs, cadre_strengths, cadres, units, audit_log restart identity cascade`.execute(db);
}

export async function rowCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['units', 'cadres', 'cadre_needs', 'cadre_strengths', 'audit_log']) {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(t)}`.execute(db);
    out[t] = r.rows[0]!.n;
  }
  return out;
}

/** open_id → [name, unit path, category, birth, hire, roles, active] */
export async function cadresByOpenId(db: Kysely<Database>) {
  const rows = await db
    .selectFrom('cadres')
    .innerJoin('units', 'units.id', 'cadres.unit_id')
    .select(['open_id', 'mobile', 'email', 'cadres.name', 'units.path', 'category', 'birth_date', 'hire_date', 'roles', 'active', 'updated_at'])
    .orderBy('cadres.id')
    .execute();
  return new Map(rows.map((r) => [r.open_id ?? r.mobile ?? r.email, r]));
}

/** open_id → catalogue codes of the needs by rank (or of the strengths, sorted). */
export async function needCodes(db: Kysely<Database>, table: 'cadre_needs' | 'cadre_strengths' = 'cadre_needs'): Promise<Record<string, string[]>> {
  const rows = await sql<{ open_id: string; code: string }>`
    select c.open_id, i.code from ${sql.table(table)} n join cadres c on c.id = n.cadre_id join catalogue_items i on i.id = n.item_id
    order by c.open_id, ${table === 'cadre_needs' ? sql`n.rank` : sql`i.code`}`.execute(db);
  const out: Record<string, string[]> = {};
  for (const r of rows.rows) (out[r.open_id] ??= []).push(r.code);
  return out;
}
