import { sql, type Kysely } from 'kysely';
import type { Database } from '../database';

export type DraftStatus = 'draft' | 'confirmed' | 'discarded';

export interface Draft {
  id: number;
  programId: number;
  createdBy: string;
  status: DraftStatus;
}

export interface DraftItem {
  menteeId: number;
  mentorId: number;
  score: number;
}

export interface Person {
  cadreId: number;
  openId: string | null;
  name: string;
  unitPath: string;
  active: boolean;
}

/**
 * What the organisation's assignment (组织指定) reads and writes beyond pairs themselves: drafts and
 * their rows, the avoid list, the pending applications an assignment overrides, and bulk look-ups
 * (needs, strengths, names) so that scoring a whole program costs a handful of queries, not one per person.
 */
export class AssignmentRepository {
  async createDraft(tx: Kysely<Database>, d: { programId: number; createdBy: string; items: DraftItem[] }): Promise<number> {
    const row = await tx.insertInto('assignment_drafts').values({ program_id: d.programId, created_by: d.createdBy }).returning('id').executeTakeFirstOrThrow();
    if (d.items.length > 0) {
      await tx.insertInto('assignment_draft_items').values(d.items.map((i) => ({ draft_id: row.id, mentee_id: i.menteeId, mentor_id: i.mentorId, score: i.score }))).execute();
    }
    return row.id;
  }

  /** Older open drafts of the program become 'discarded': only the newest proposal can be confirmed. */
  async discardOpenDrafts(tx: Kysely<Database>, programId: number): Promise<number[]> {
    const rows = await tx.updateTable('assignment_drafts').set({ status: 'discarded', decided_at: sql<Date>`now()` })
      .where('program_id', '=', programId).where('status', '=', 'draft').returning('id').execute();
    return rows.map((r) => r.id);
  }

  async findDraft(tx: Kysely<Database>, draftId: number): Promise<Draft | undefined> {
    const r = await tx.selectFrom('assignment_drafts').select(['id', 'program_id', 'created_by', 'status']).where('id', '=', draftId).executeTakeFirst();
    return r && { id: r.id, programId: r.program_id, createdBy: r.created_by, status: r.status };
  }

  /** The draft, its row locked for the rest of the transaction: an edit and a confirm are serialised. */
  async lockDraft(tx: Kysely<Database>, draftId: number): Promise<Draft | undefined> {
    const r = await tx.selectFrom('assignment_drafts').select(['id', 'program_id', 'created_by', 'status']).where('id', '=', draftId).forUpdate().executeTakeFirst();
    return r && { id: r.id, programId: r.program_id, createdBy: r.created_by, status: r.status };
  }

  /**
   * draft → confirmed | discarded, only if still a draft: of two admins (or a double click) exactly one
   * gets true; the other waits for the first to commit, re-reads the row and gets false.
   */
  async decideDraft(tx: Kysely<Database>, draftId: number, to: 'confirmed' | 'discarded'): Promise<boolean> {
    const r = await tx.updateTable('assignment_drafts').set({ status: to, decided_at: sql<Date>`now()` })
      .where('id', '=', draftId).where('status', '=', 'draft').executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async items(tx: Kysely<Database>, draftId: number): Promise<DraftItem[]> {
    const rows = await tx.selectFrom('assignment_draft_items').select(['mentee_id', 'mentor_id', 'score']).where('draft_id', '=', draftId).orderBy('mentee_id').execute();
    return rows.map((r) => ({ menteeId: r.mentee_id, mentorId: r.mentor_id, score: Number(r.score) }));
  }

  async dropItem(tx: Kysely<Database>, draftId: number, menteeId: number): Promise<boolean> {
    const r = await tx.deleteFrom('assignment_draft_items').where('draft_id', '=', draftId).where('mentee_id', '=', menteeId).executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  }

  async setItem(tx: Kysely<Database>, draftId: number, item: DraftItem): Promise<boolean> {
    const r = await tx.updateTable('assignment_draft_items').set({ mentor_id: item.mentorId, score: item.score })
      .where('draft_id', '=', draftId).where('mentee_id', '=', item.menteeId).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Mentees with an active pair in the program. */
  async pairedMentees(tx: Kysely<Database>, programId: number): Promise<Set<number>> {
    const rows = await tx.selectFrom('pairs').select('mentee_id').where('program_id', '=', programId).where('status', '=', 'active').execute();
    return new Set(rows.map((r) => r.mentee_id));
  }

  /** `menteeId:mentorId` of the pairs the organisation does not want (a conflict of interest, a relative). */
  async avoided(tx: Kysely<Database>, programId: number): Promise<Set<string>> {
    const rows = await tx.selectFrom('pair_avoid').select(['mentee_id', 'mentor_id']).where('program_id', '=', programId).execute();
    return new Set(rows.map((r) => `${r.mentee_id}:${r.mentor_id}`));
  }

  /** `menteeId:mentorId` → rank of the mentees' pending applications in the program. */
  async pendingRanks(tx: Kysely<Database>, programId: number): Promise<Map<string, number>> {
    const rows = await tx.selectFrom('applications').select(['mentee_id', 'mentor_id', 'rank']).where('program_id', '=', programId).where('status', '=', 'pending').execute();
    return new Map(rows.map((r) => [`${r.mentee_id}:${r.mentor_id}`, r.rank]));
  }

  /** Need codes of each cadre, most wanted first. */
  async needCodes(tx: Kysely<Database>, cadreIds: number[]): Promise<Map<number, string[]>> {
    if (cadreIds.length === 0) return new Map();
    const rows = await tx.selectFrom('cadre_needs').innerJoin('catalogue_items', 'catalogue_items.id', 'cadre_needs.item_id')
      .select(['cadre_id', 'code']).where('cadre_id', 'in', cadreIds).orderBy('cadre_id').orderBy('rank').execute();
    return group(rows.map((r) => [r.cadre_id, r.code]));
  }

  async strengthCodes(tx: Kysely<Database>, cadreIds: number[]): Promise<Map<number, string[]>> {
    if (cadreIds.length === 0) return new Map();
    const rows = await tx.selectFrom('cadre_strengths').innerJoin('catalogue_items', 'catalogue_items.id', 'cadre_strengths.item_id')
      .select(['cadre_id', 'code']).where('cadre_id', 'in', cadreIds).orderBy('cadre_id').orderBy('sort').execute();
    return group(rows.map((r) => [r.cadre_id, r.code]));
  }

  /** Names, open_ids and units, whether or not they are still on the roster (a draft row may outlive them). */
  async people(tx: Kysely<Database>, cadreIds: number[]): Promise<Map<number, Person>> {
    if (cadreIds.length === 0) return new Map();
    const rows = await tx.selectFrom('cadres').innerJoin('units', 'units.id', 'cadres.unit_id')
      .select(['cadres.id', 'cadres.open_id', 'cadres.name', 'units.path', 'cadres.active']).where('cadres.id', 'in', [...new Set(cadreIds)]).execute();
    return new Map(rows.map((r) => [r.id, { cadreId: r.id, openId: r.open_id, name: r.name, unitPath: r.path, active: r.active }]));
  }

  /** The mentee's secondment batch in the program, if any: a pair of a secondment program carries it. */
  async batchOf(tx: Kysely<Database>, programId: number, cadreId: number): Promise<number | null> {
    const r = await tx.selectFrom('batch_members').innerJoin('secondment_batches', 'secondment_batches.id', 'batch_members.batch_id')
      .select('secondment_batches.id').where('secondment_batches.program_id', '=', programId).where('batch_members.cadre_id', '=', cadreId)
      .orderBy('secondment_batches.number').executeTakeFirst();
    return r?.id ?? null;
  }
}

function group(pairs: [number, string][]): Map<number, string[]> {
  const map = new Map<number, string[]>();
  for (const [id, code] of pairs) {
    const list = map.get(id);
    if (list) list.push(code);
    else map.set(id, [code]);
  }
  return map;
}
