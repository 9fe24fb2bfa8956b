import { sql, type Kysely } from 'kysely';
import type { Database } from '../database';
import type { Role } from '../../domain/actor';
import type { CadreState, ExistingCadre } from '../../roster/cadre-state';
import type { IdentityRelease } from '../../roster/taken-identities';
import type { CatalogueEntry } from '../../roster/roster-types';

/**
 * The roster import's reads and writes. Every write is one statement for all rows: the rows travel as one
 * jsonb parameter expanded with jsonb_to_recordset, so 10,000 people cost a handful of round trips (and
 * stay far from Postgres' 65,535-parameter limit), on a pool and on PGlite alike.
 */
export class RosterRepository {
  async catalogue(db: Kysely<Database>): Promise<CatalogueEntry[]> {
    const rows = await db.selectFrom('catalogue_items').select(['id', 'code', 'name_zh', 'kind', 'active']).execute();
    return rows.map((r) => ({ id: r.id, code: r.code, nameZh: r.name_zh, kind: r.kind, active: r.active }));
  }

  /** Mobiles and (lower-cased) emails of cadres that already have an open_id. */
  async linkedIdentities(db: Kysely<Database>): Promise<Set<string>> {
    const rows = await db.selectFrom('cadres').select(['mobile', 'email']).where('open_id', 'is not', null).execute();
    return new Set(rows.flatMap((r) => [r.mobile, r.email?.toLowerCase()].filter((x): x is string => !!x)));
  }

  /** Two imports at once would each deactivate the other's people; the second waits for the first. */
  async lock(trx: Kysely<Database>): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtext('yinhang.roster_import'))`.execute(trx);
  }

  /** Every cadre, active or not, with unit path, needs (by rank) and strengths. */
  async existingCadres(trx: Kysely<Database>): Promise<ExistingCadre[]> {
    const rows = await trx
      .selectFrom('cadres')
      .innerJoin('units', 'units.id', 'cadres.unit_id')
      .select(['cadres.id', 'open_id', 'mobile', 'email', 'cadres.name', 'units.path', 'category', 'birth_date', 'hire_date', 'roles', 'active'])
      .execute();
    const needs = await trx.selectFrom('cadre_needs').select(['cadre_id', 'item_id']).orderBy('cadre_id').orderBy('rank').execute();
    const strengths = await trx.selectFrom('cadre_strengths').select(['cadre_id', 'item_id']).orderBy('cadre_id').orderBy('item_id').execute();
    const group = (list: { cadre_id: number; item_id: number }[]) => {
      const m = new Map<number, number[]>();
      for (const r of list) m.set(r.cadre_id, [...(m.get(r.cadre_id) ?? []), r.item_id]);
      return m;
    };
    const needsOf = group(needs);
    const strengthsOf = group(strengths);
    return rows.map((r) => ({
      id: r.id, openId: r.open_id, mobile: r.mobile, email: r.email, name: r.name, unitPath: r.path, category: r.category,
      birthDate: r.birth_date, hireDate: r.hire_date, active: r.active,
      roles: r.roles.filter((x): x is Role => x === 'admin' || x === 'leader').sort(),
      needs: needsOf.get(r.id) ?? [], strengths: strengthsOf.get(r.id) ?? [],
    }));
  }

  /** Unit paths (and all their ancestors) → ids, creating the missing ones top-down. Units are never deleted. */
  async ensureUnits(trx: Kysely<Database>, paths: string[]): Promise<{ ids: Map<string, number>; created: number }> {
    const all = new Set<string>();
    for (const p of paths) p.split('/').forEach((_, i, parts) => all.add(parts.slice(0, i + 1).join('/')));
    const ids = new Map<string, number>();
    const found = await trx.selectFrom('units').select(['id', 'path']).where(sql<boolean>`path in (select jsonb_array_elements_text(${JSON.stringify([...all])}::jsonb))`).execute();
    for (const u of found) ids.set(u.path, u.id);
    const missing = [...all].filter((p) => !ids.has(p));
    let created = 0;
    const maxDepth = Math.max(-1, ...missing.map((p) => p.split('/').length - 1));
    for (let depth = 0; depth <= maxDepth; depth++) {
      const level = missing.filter((p) => p.split('/').length - 1 === depth);
      if (level.length === 0) continue;
      const values = level.map((p) => {
        const parts = p.split('/');
        return { parent_id: depth === 0 ? null : ids.get(parts.slice(0, -1).join('/'))!, name: parts[depth]!, path: p, depth };
      });
      const inserted = await trx.insertInto('units').values(values).onConflict((oc) => oc.column('path').doNothing()).returning(['id', 'path']).execute();
      created += inserted.length;
      for (const u of inserted) ids.set(u.path, u.id);
      const raced = level.filter((p) => !ids.has(p));
      if (raced.length > 0) for (const u of await trx.selectFrom('units').select(['id', 'path']).where('path', 'in', raced).execute()) ids.set(u.path, u.id);
    }
    return { ids, created };
  }

  /** Clear mobiles/emails that move to another cadre, so the unique indexes never see them twice. */
  async releaseIdentities(trx: Kysely<Database>, releases: IdentityRelease[]): Promise<void> {
    if (releases.length === 0) return;
    await sql`update cadres c set mobile = case when v.mobile then null else c.mobile end, email = case when v.email then null else c.email end, updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(releases)}::jsonb) as v(id int, mobile boolean, email boolean) where c.id = v.id`.execute(trx);
  }

  async updateCadres(trx: Kysely<Database>, updates: { id: number; state: CadreState }[], unitIds: Map<string, number>): Promise<void> {
    if (updates.length === 0) return;
    const json = JSON.stringify(updates.map((u) => ({ id: u.id, ...columnsOf(u.state, unitIds) })));
    await sql`update cadres c set open_id = v.open_id, mobile = v.mobile, email = v.email, name = v.name, unit_id = v.unit_id, category = v.category,
        birth_date = v.birth_date, hire_date = v.hire_date, roles = v.roles, updated_at = now()
      from jsonb_to_recordset(${json}::jsonb) as v(id int, ${RECORD}) where c.id = v.id`.execute(trx);
  }

  /** Inserts the new cadres and returns their ids in input order. */
  async insertCadres(trx: Kysely<Database>, states: CadreState[], unitIds: Map<string, number>): Promise<number[]> {
    if (states.length === 0) return [];
    const json = JSON.stringify(states.map((s) => columnsOf(s, unitIds)));
    const { rows } = await sql<{ id: number; open_id: string | null; mobile: string | null; email: string | null }>`
      insert into cadres (open_id, mobile, email, name, unit_id, category, birth_date, hire_date, roles)
      select open_id, mobile, email, name, unit_id, category, birth_date, hire_date, roles from jsonb_to_recordset(${json}::jsonb) as v(${RECORD})
      returning id, open_id, mobile, email`.execute(trx);
    // RETURNING order is not promised; every new cadre has a unique identity to find it by.
    const idOf = new Map(rows.map((r) => [identityKey(r.open_id, r.mobile, r.email), r.id]));
    return states.map((s) => idOf.get(identityKey(s.openId, s.mobile, s.email))!);
  }

  async setActive(trx: Kysely<Database>, ids: number[], active: boolean): Promise<void> {
    if (ids.length === 0) return;
    await sql`update cadres set active = ${active}, updated_at = now() where id in (select (jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))::int)`.execute(trx);
  }

  /** Replaces the needs of these cadres; rank = position in the list (1 = most wanted). */
  async replaceNeeds(trx: Kysely<Database>, entries: { cadreId: number; itemIds: number[] }[]): Promise<void> {
    await this.replace(trx, 'cadre_needs', entries, true);
  }

  async replaceStrengths(trx: Kysely<Database>, entries: { cadreId: number; itemIds: number[] }[]): Promise<void> {
    await this.replace(trx, 'cadre_strengths', entries, false);
  }

  private async replace(trx: Kysely<Database>, table: 'cadre_needs' | 'cadre_strengths', entries: { cadreId: number; itemIds: number[] }[], ranked: boolean): Promise<void> {
    if (entries.length === 0) return;
    const ids = JSON.stringify(entries.map((e) => e.cadreId));
    await sql`delete from ${sql.table(table)} where cadre_id in (select (jsonb_array_elements_text(${ids}::jsonb))::int)`.execute(trx);
    const rows = entries.flatMap((e) => e.itemIds.map((item_id, i) => ({ cadre_id: e.cadreId, item_id, rank: i + 1 })));
    if (rows.length === 0) return;
    const json = JSON.stringify(rows);
    if (ranked) await sql`insert into cadre_needs (cadre_id, item_id, rank) select cadre_id, item_id, rank from jsonb_to_recordset(${json}::jsonb) as v(cadre_id int, item_id int, rank int)`.execute(trx);
    else await sql`insert into cadre_strengths (cadre_id, item_id) select cadre_id, item_id from jsonb_to_recordset(${json}::jsonb) as v(cadre_id int, item_id int)`.execute(trx);
  }
}

const RECORD = sql.raw('open_id text, mobile text, email text, name text, unit_id int, category text, birth_date date, hire_date date, roles text[]');

function columnsOf(s: CadreState, unitIds: Map<string, number>) {
  const unitId = unitIds.get(s.unitPath);
  if (unitId === undefined) throw new Error(`unit ${s.unitPath} was not created`);
  return {
    open_id: s.openId, mobile: s.mobile, email: s.email, name: s.name, unit_id: unitId, category: s.category,
    birth_date: s.birthDate, hire_date: s.hireDate, roles: s.roles,
  };
}

function identityKey(openId: string | null, mobile: string | null, email: string | null): string {
  return openId ? `o:${openId}` : mobile ? `m:${mobile}` : `e:${(email ?? '').toLowerCase()}`;
}
