import { sql, type Kysely } from 'kysely';
import type { CadreCategory, Database } from '../database';
import type { Actor, Role } from '../../domain/actor';

/**
 * Cadres as the rest of the code sees them. The roster import has its own write path
 * (roster-repository.ts); this file answers "who is this" and "who are they".
 */
export class CadreRepository {
  /** The active cadre with this open_id, or undefined: a stranger, or someone who has left. */
  async findActor(tx: Kysely<Database>, openId: string): Promise<Actor | undefined> {
    const row = await tx
      .selectFrom('cadres')
      .innerJoin('units', 'units.id', 'cadres.unit_id')
      .select(['cadres.id', 'cadres.open_id', 'cadres.name', 'cadres.category', 'cadres.unit_id', 'cadres.roles', 'units.path'])
      .where('cadres.open_id', '=', openId)
      .where('cadres.active', '=', true)
      .executeTakeFirst();
    if (!row || !row.open_id) return undefined;
    return {
      cadreId: row.id, openId: row.open_id, name: row.name, category: row.category,
      unitId: row.unit_id, unitPath: row.path, roles: row.roles.filter((r): r is Role => r === 'admin' || r === 'leader'),
    };
  }

  /** Name, open_id, unit and whether they are still on the roster: enough to address someone. */
  async brief(tx: Kysely<Database>, cadreId: number): Promise<{ name: string; openId: string | null; unitPath: string; active: boolean } | undefined> {
    const r = await tx.selectFrom('cadres').innerJoin('units', 'units.id', 'cadres.unit_id').select(['cadres.name', 'cadres.open_id', 'units.path', 'cadres.active'])
      .where('cadres.id', '=', cadreId).executeTakeFirst();
    return r && { name: r.name, openId: r.open_id, unitPath: r.path, active: r.active };
  }

  /** Names by open_id (or chat id, which matches nobody), for lists that show people. */
  async namesByOpenIds(tx: Kysely<Database>, openIds: string[]): Promise<Map<string, string>> {
    if (openIds.length === 0) return new Map();
    const rows = await tx.selectFrom('cadres').select(['open_id', 'name']).where('open_id', 'in', openIds).execute();
    return new Map(rows.map((r) => [r.open_id!, r.name]));
  }

  /** Names of the active admins, for "whom to contact". */
  async adminNames(tx: Kysely<Database>): Promise<string[]> {
    const rows = await tx.selectFrom('cadres').select('name').where('active', '=', true).where(sql<boolean>`roles @> array['admin']::text[]`).orderBy('name').limit(5).execute();
    return rows.map((r) => r.name);
  }

  /** Active people by category, units, and how many have left: the admin's roster summary. */
  async rosterCounts(tx: Kysely<Database>): Promise<{ byCategory: Partial<Record<CadreCategory, number>>; active: number; inactive: number; units: number }> {
    const rows = await tx.selectFrom('cadres').select(['category', 'active', (eb) => eb.fn.countAll<number>().as('n')]).groupBy(['category', 'active']).execute();
    const units = await tx.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const byCategory: Partial<Record<CadreCategory, number>> = {};
    let active = 0;
    let inactive = 0;
    for (const r of rows) {
      const n = Number(r.n);
      if (r.active) {
        byCategory[r.category] = (byCategory[r.category] ?? 0) + n;
        active += n;
      } else inactive += n;
    }
    return { byCategory, active, inactive, units: Number(units.n) };
  }
}
