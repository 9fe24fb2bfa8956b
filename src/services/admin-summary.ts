import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { Actor } from '../domain/actor';
import { CadreRepository } from '../db/repositories/cadre-repository';
import type { AdminSummary } from '../lark/cards/admin-summary-card';
import { authorize } from './authorization';
import { programSummaries } from './programs';

const cadres = new CadreRepository();

export async function adminSummary(tx: Kysely<Database>, actor: Actor): Promise<AdminSummary> {
  authorize(actor, 'roster.view_summary');
  return { roster: await cadres.rosterCounts(tx), programs: await programSummaries(tx) };
}
