import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { EvaluationRepository, type Evaluation, type RoleHolder } from '../db/repositories/evaluation-repository';

/**
 * Who rates, who approves and who is told, decided from the roster at the moment of asking (a card carries
 * ids only). "The admins / main leaders of the mentee's unit" are the role holders of the nearest unit, going
 * up the tree from the mentee's unit (an office has no leader of its own: the town's leaders decide).
 */

const repo = new EvaluationRepository();

async function nearest(tx: Kysely<Database>, role: 'admin' | 'leader', unitId: number): Promise<RoleHolder[]> {
  const chain = await repo.unitChain(tx, unitId);
  const holders = await repo.roleHolders(tx, role, chain);
  for (const id of chain) {
    const here = holders.filter((h) => h.unitId === id);
    if (here.length > 0) return here;
  }
  return [];
}

/** The main leaders who decide ratings of pairs whose mentee is in `unitId`; empty when none is on the roster. */
export function leadersFor(tx: Kysely<Database>, unitId: number): Promise<RoleHolder[]> {
  return nearest(tx, 'leader', unitId);
}

/** The admins responsible for a unit; every admin when no admin sits on the unit's path. */
export async function adminsFor(tx: Kysely<Database>, unitId: number): Promise<RoleHolder[]> {
  const near = await nearest(tx, 'admin', unitId);
  return near.length > 0 ? near : repo.roleHolders(tx, 'admin');
}

/** The program's own assessor when it names one (and they are still on the roster), else the unit's admins. */
export async function assessorsFor(tx: Kysely<Database>, e: Pick<Evaluation, 'programAssessorId' | 'menteeUnitId'>): Promise<RoleHolder[]> {
  if (e.programAssessorId !== null) {
    const c = await repo.cadre(tx, e.programAssessorId);
    if (c?.active) return [{ cadreId: c.cadreId, name: c.name, openId: c.openId, unitId: c.unitId }];
  }
  return adminsFor(tx, e.menteeUnitId);
}
