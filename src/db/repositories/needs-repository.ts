import type { Kysely } from 'kysely';
import type { Database } from '../database';

export interface Ability {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
  tracks: string[];
}

export interface RankedNeed extends Ability {
  rank: number;
}

/** A cadre's needs (ranked, at most five) and strengths, and the abilities they may choose from. */
export class NeedsRepository {
  /** Active abilities of the catalogue, in menu order: what a need or a strength may be. */
  async abilities(tx: Kysely<Database>): Promise<Ability[]> {
    const rows = await tx.selectFrom('catalogue_items').select(['id', 'code', 'name_zh', 'name_en', 'tracks'])
      .where('kind', '=', 'ability').where('active', '=', true).orderBy('sort').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, code: r.code, nameZh: r.name_zh, nameEn: r.name_en, tracks: r.tracks }));
  }

  async needsOf(tx: Kysely<Database>, cadreId: number): Promise<RankedNeed[]> {
    const rows = await tx.selectFrom('cadre_needs').innerJoin('catalogue_items', 'catalogue_items.id', 'cadre_needs.item_id')
      .select(['catalogue_items.id', 'code', 'name_zh', 'name_en', 'tracks', 'rank']).where('cadre_id', '=', cadreId).orderBy('rank').execute();
    return rows.map((r) => ({ id: r.id, code: r.code, nameZh: r.name_zh, nameEn: r.name_en, tracks: r.tracks, rank: r.rank }));
  }

  async strengthsOf(tx: Kysely<Database>, cadreId: number): Promise<Ability[]> {
    const rows = await tx.selectFrom('cadre_strengths').innerJoin('catalogue_items', 'catalogue_items.id', 'cadre_strengths.item_id')
      .select(['catalogue_items.id', 'code', 'name_zh', 'name_en', 'tracks']).where('cadre_id', '=', cadreId).orderBy('sort').execute();
    return rows.map((r) => ({ id: r.id, code: r.code, nameZh: r.name_zh, nameEn: r.name_en, tracks: r.tracks }));
  }

  /** Replace the ranked needs: itemIds[0] becomes rank 1. */
  async replaceNeeds(tx: Kysely<Database>, cadreId: number, itemIds: number[]): Promise<void> {
    await tx.deleteFrom('cadre_needs').where('cadre_id', '=', cadreId).execute();
    if (itemIds.length > 0) await tx.insertInto('cadre_needs').values(itemIds.map((itemId, i) => ({ cadre_id: cadreId, item_id: itemId, rank: i + 1 }))).execute();
  }

  async replaceStrengths(tx: Kysely<Database>, cadreId: number, itemIds: number[]): Promise<void> {
    await tx.deleteFrom('cadre_strengths').where('cadre_id', '=', cadreId).execute();
    if (itemIds.length > 0) await tx.insertInto('cadre_strengths').values(itemIds.map((itemId) => ({ cadre_id: cadreId, item_id: itemId }))).execute();
  }
}
