import { sql, type Kysely } from 'kysely';
import type { CatalogueKind, Database, ProgramTrack, TargetProfile } from '../database';

export interface PlanPair {
  pairId: number;
  programId: number;
  programNameZh: string;
  programNameEn: string;
  track: ProgramTrack;
  active: boolean;
  formedAt: Date;
  mentee: { cadreId: number; name: string; openId: string | null };
  mentors: { cadreId: number; name: string; openId: string | null }[];
}

export interface PlanItem {
  id: number;
  position: number;
  measure: string;
  title: string;
  dueDate: string | null;
  status: 'open' | 'done';
}

export interface Plan {
  id: number;
  pairId: number;
  targetProfile: TargetProfile | null;
  focus: string[];
  methods: string[];
  status: 'draft' | 'confirmed';
  version: number;
  confirmedBy: number | null;
  items: PlanItem[];
}

export interface CatalogueOption {
  code: string;
  nameZh: string;
  nameEn: string;
  tracks: string[];
}

export interface PlanFields {
  targetProfile: TargetProfile | null;
  focus: string[];
  methods: string[];
  items: { measure: string; title: string; dueDate: string | null }[];
}

/** 一人一策 plans (one per pair) and their measures; who may change them is the service's decision. */
export class PlanRepository {
  async pair(tx: Kysely<Database>, pairId: number): Promise<PlanPair | undefined> {
    const p = await tx.selectFrom('pairs').innerJoin('programs', 'programs.id', 'pairs.program_id').innerJoin('cadres as mentee', 'mentee.id', 'pairs.mentee_id')
      .select(['pairs.id', 'pairs.program_id', 'programs.name_zh', 'programs.name_en', 'programs.track', 'pairs.status', 'pairs.formed_at', 'mentee.id as mentee_id', 'mentee.name as mentee_name', 'mentee.open_id as mentee_open_id'])
      .where('pairs.id', '=', pairId).executeTakeFirst();
    if (!p) return undefined;
    const mentors = await tx.selectFrom('pair_mentors').innerJoin('cadres', 'cadres.id', 'pair_mentors.mentor_id')
      .select(['cadres.id', 'cadres.name', 'cadres.open_id']).where('pair_mentors.pair_id', '=', pairId)
      .orderBy('pair_mentors.lead', 'desc').orderBy('pair_mentors.added_at').execute();
    return {
      pairId: p.id, programId: p.program_id, programNameZh: p.name_zh, programNameEn: p.name_en, track: p.track, active: p.status === 'active', formedAt: p.formed_at,
      mentee: { cadreId: p.mentee_id, name: p.mentee_name, openId: p.mentee_open_id },
      mentors: mentors.map((m) => ({ cadreId: m.id, name: m.name, openId: m.open_id })),
    };
  }

  async planOf(tx: Kysely<Database>, pairId: number): Promise<Plan | undefined> {
    const p = await tx.selectFrom('plans').selectAll().where('pair_id', '=', pairId).executeTakeFirst();
    if (!p) return undefined;
    const items = await tx.selectFrom('plan_items').select(['id', 'position', 'measure', 'title', sql<string | null>`to_char(due_date, 'YYYY-MM-DD')`.as('due'), 'status'])
      .where('plan_id', '=', p.id).orderBy('position').orderBy('id').execute();
    return {
      id: p.id, pairId: p.pair_id, targetProfile: p.target_profile, focus: p.focus, methods: p.methods, status: p.status, version: p.version, confirmedBy: p.confirmed_by,
      items: items.map((i) => ({ id: i.id, position: i.position, measure: i.measure, title: i.title, dueDate: i.due, status: i.status })),
    };
  }

  /** Statuses of the plans of these pairs (pairs without a plan are absent), for 我的. */
  async statuses(tx: Kysely<Database>, pairIds: number[]): Promise<Map<number, 'draft' | 'confirmed'>> {
    if (pairIds.length === 0) return new Map();
    const rows = await tx.selectFrom('plans').select(['pair_id', 'status']).where('pair_id', 'in', pairIds).execute();
    return new Map(rows.map((r) => [r.pair_id, r.status]));
  }

  /** Active catalogue items of one kind, in menu order. */
  async catalogue(tx: Kysely<Database>, kind: CatalogueKind): Promise<CatalogueOption[]> {
    const rows = await tx.selectFrom('catalogue_items').select(['code', 'name_zh', 'name_en', 'tracks'])
      .where('kind', '=', kind).where('active', '=', true).orderBy('sort').orderBy('id').execute();
    return rows.map((r) => ({ code: r.code, nameZh: r.name_zh, nameEn: r.name_en, tracks: r.tracks }));
  }

  /** Every catalogue name by code, retired ones too, so an old plan still reads well. */
  async names(tx: Kysely<Database>): Promise<Map<string, { nameZh: string; nameEn: string }>> {
    const rows = await tx.selectFrom('catalogue_items').select(['code', 'name_zh', 'name_en']).execute();
    return new Map(rows.map((r) => [r.code, { nameZh: r.name_zh, nameEn: r.name_en }]));
  }

  /** Version 1 of a pair's plan; undefined when someone created it a moment ago (the unique pair_id said so). */
  async create(tx: Kysely<Database>, pairId: number, f: PlanFields, by: number, confirmed: boolean): Promise<number | undefined> {
    const row = await tx.insertInto('plans').values({
      pair_id: pairId, target_profile: f.targetProfile, focus: f.focus, methods: f.methods, updated_by: by,
      status: confirmed ? 'confirmed' : 'draft', confirmed_by: confirmed ? by : null, confirmed_at: confirmed ? sql<Date>`now()` : null,
    }).onConflict((oc) => oc.column('pair_id').doNothing()).returning('id').executeTakeFirst();
    if (!row) return undefined;
    await this.writeItems(tx, row.id, f.items);
    return row.id;
  }

  /** Compare-and-set on version: false when the plan changed since the card was drawn. */
  async update(tx: Kysely<Database>, planId: number, version: number, f: PlanFields, by: number, confirmed: boolean): Promise<boolean> {
    const r = await tx.updateTable('plans').set({
      target_profile: f.targetProfile, focus: f.focus, methods: f.methods, updated_by: by, updated_at: sql<Date>`now()`,
      version: sql<number>`version + 1`, status: confirmed ? 'confirmed' : 'draft',
      confirmed_by: confirmed ? by : null, confirmed_at: confirmed ? sql<Date>`now()` : null,
    }).where('id', '=', planId).where('version', '=', version).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await this.writeItems(tx, planId, f.items);
    return true;
  }

  /** Draft → confirmed at this version; false when stale or already confirmed. */
  async confirm(tx: Kysely<Database>, planId: number, version: number, by: number): Promise<boolean> {
    const r = await tx.updateTable('plans').set({
      status: 'confirmed', confirmed_by: by, confirmed_at: sql<Date>`now()`, version: sql<number>`version + 1`, updated_at: sql<Date>`now()`,
    }).where('id', '=', planId).where('version', '=', version).where('status', '=', 'draft').executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /**
   * Items keep their id per row (position), so done/undo buttons on cards already sent stay valid; a row
   * whose measure or title changed is a new task and opens again.
   */
  private async writeItems(tx: Kysely<Database>, planId: number, items: PlanFields['items']): Promise<void> {
    const existing = await tx.selectFrom('plan_items').select(['id', 'position', 'measure', 'title']).where('plan_id', '=', planId).execute();
    for (const [i, item] of items.entries()) {
      const position = i + 1;
      const old = existing.find((e) => e.position === position);
      if (!old) {
        await tx.insertInto('plan_items').values({ plan_id: planId, position, measure: item.measure, title: item.title, due_date: item.dueDate }).execute();
      } else {
        const same = old.measure === item.measure && old.title === item.title;
        await tx.updateTable('plan_items').set({ measure: item.measure, title: item.title, due_date: item.dueDate, ...(same ? {} : { status: 'open' as const, done_at: null }) })
          .where('id', '=', old.id).execute();
      }
    }
    const gone = existing.filter((e) => e.position > items.length).map((e) => e.id);
    if (gone.length > 0) await tx.deleteFrom('plan_items').where('id', 'in', gone).execute();
  }

  async itemPair(tx: Kysely<Database>, itemId: number): Promise<{ pairId: number; status: 'open' | 'done'; title: string } | undefined> {
    const r = await tx.selectFrom('plan_items').innerJoin('plans', 'plans.id', 'plan_items.plan_id')
      .select(['plans.pair_id', 'plan_items.status', 'plan_items.title']).where('plan_items.id', '=', itemId).executeTakeFirst();
    return r && { pairId: r.pair_id, status: r.status, title: r.title };
  }

  /** Conditional, so a double click changes it once: true when this call changed the status. */
  async setItemStatus(tx: Kysely<Database>, itemId: number, done: boolean): Promise<boolean> {
    const r = await tx.updateTable('plan_items')
      .set(done ? { status: 'done', done_at: sql<Date>`now()` } : { status: 'open', done_at: null })
      .where('id', '=', itemId).where('status', '=', done ? 'open' : 'done').executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
