import { sql, type Kysely, type Selectable } from 'kysely';
import type { CatalogueItemsTable, CatalogueKind, Database, TrackCode } from '../database';
import type { CatalogueItem } from '../../domain/catalogue';

export interface NewCatalogueItem {
  code: string;
  kind: CatalogueKind;
  tracks: TrackCode[];
  nameZh: string;
  nameEn: string;
  /** default: after the last item */
  sort?: number;
}

function toItem(row: Selectable<CatalogueItemsTable>): CatalogueItem {
  return {
    id: row.id, code: row.code, kind: row.kind, tracks: row.tracks as TrackCode[],
    nameZh: row.name_zh, nameEn: row.name_en, sort: row.sort, active: row.active,
  };
}

/** The needs/strengths menu (菜单化需求库). Nothing is ever deleted: cadres may hold a retired item. */
export class CatalogueRepository {
  /** Active items in menu order, optionally of one kind and/or offered on one track. */
  async listActive(tx: Kysely<Database>, filter: { kind?: CatalogueKind; track?: TrackCode } = {}): Promise<CatalogueItem[]> {
    let q = tx.selectFrom('catalogue_items').selectAll().where('active', '=', true);
    if (filter.kind) q = q.where('kind', '=', filter.kind);
    // `= any(tracks)`: kysely turns a JS array operand into a value list, which `@>` cannot take.
    if (filter.track) q = q.where(sql<boolean>`${filter.track} = any(tracks)`);
    return (await q.orderBy('sort').orderBy('id').execute()).map(toItem);
  }

  /** Every item, retired ones too (the admin's list). */
  async listAll(tx: Kysely<Database>): Promise<CatalogueItem[]> {
    return (await tx.selectFrom('catalogue_items').selectAll().orderBy('sort').orderBy('id').execute()).map(toItem);
  }

  /**
   * The item a person means by `key`: its code (case-insensitive) or its exact Chinese name. Retired items
   * are found only when asked for, so new needs cannot pick them but old data can still be read.
   */
  async findByCodeOrName(tx: Kysely<Database>, key: string, opts: { includeRetired?: boolean } = {}): Promise<CatalogueItem | undefined> {
    return (await this.resolve(tx, [key], opts)).get(key);
  }

  /** Many keys at once (a roster import): key → item, for the keys that name one. */
  async resolve(tx: Kysely<Database>, keys: string[], opts: { includeRetired?: boolean } = {}): Promise<Map<string, CatalogueItem>> {
    const wanted = [...new Set(keys.map((k) => k.trim()).filter(Boolean))];
    const found = new Map<string, CatalogueItem>();
    if (wanted.length === 0) return found;
    let q = tx
      .selectFrom('catalogue_items')
      .selectAll()
      .where((eb) => eb.or([eb('code', 'in', wanted.map((k) => k.toLowerCase())), eb('name_zh', 'in', wanted)]));
    if (!opts.includeRetired) q = q.where('active', '=', true);
    const items = (await q.execute()).map(toItem);
    for (const key of keys) {
      const k = key.trim();
      const item = items.find((i) => i.code === k.toLowerCase()) ?? items.find((i) => i.nameZh === k);
      if (item) found.set(key, item);
    }
    return found;
  }

  /** Items whose code or Chinese name is already taken (retired ones included: names stay unique forever). */
  async clashes(tx: Kysely<Database>, code: string, nameZh: string): Promise<CatalogueItem[]> {
    const rows = await tx.selectFrom('catalogue_items').selectAll().where((eb) => eb.or([eb('code', '=', code), eb('name_zh', '=', nameZh)])).execute();
    return rows.map(toItem);
  }

  async add(tx: Kysely<Database>, item: NewCatalogueItem): Promise<CatalogueItem> {
    const sort = item.sort ?? ((await tx.selectFrom('catalogue_items').select((eb) => eb.fn.max('sort').as('max')).executeTakeFirst())?.max ?? 0) + 10;
    const row = await tx
      .insertInto('catalogue_items')
      .values({ code: item.code, kind: item.kind, tracks: item.tracks, name_zh: item.nameZh, name_en: item.nameEn, sort })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toItem(row);
  }

  async rename(tx: Kysely<Database>, code: string, names: { nameZh?: string; nameEn?: string }): Promise<CatalogueItem | undefined> {
    const row = await tx
      .updateTable('catalogue_items')
      .set({ ...(names.nameZh ? { name_zh: names.nameZh } : {}), ...(names.nameEn ? { name_en: names.nameEn } : {}) })
      .where('code', '=', code)
      .returningAll()
      .executeTakeFirst();
    return row ? toItem(row) : undefined;
  }

  /** active=false; returns the item as it was before, or undefined when the code is unknown. */
  async retire(tx: Kysely<Database>, code: string): Promise<CatalogueItem | undefined> {
    const before = await tx.selectFrom('catalogue_items').selectAll().where('code', '=', code).forUpdate().executeTakeFirst();
    if (!before) return undefined;
    await tx.updateTable('catalogue_items').set({ active: false }).where('id', '=', before.id).execute();
    return toItem(before);
  }

  /** How many cadres hold the item as a need or a strength. */
  async holders(tx: Kysely<Database>, itemId: number): Promise<{ needs: number; strengths: number }> {
    const needs = await tx.selectFrom('cadre_needs').select((eb) => eb.fn.countAll<number>().as('n')).where('item_id', '=', itemId).executeTakeFirstOrThrow();
    const strengths = await tx.selectFrom('cadre_strengths').select((eb) => eb.fn.countAll<number>().as('n')).where('item_id', '=', itemId).executeTakeFirstOrThrow();
    return { needs: Number(needs.n), strengths: Number(strengths.n) };
  }
}
