import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { EvaluationRepository, type Evaluation, type RoleHolder } from '../db/repositories/evaluation-repository';

/**
 * Who rates, who approves and who is told, decided from the roster at the moment of asking (a card carries
 * ids only). "The admins / main leaders of the mentee's unit" are the role holders of the nearest unit, going
 * up the tree from the mentee's unit (an office has no leader of its own: the town's leaders decide).
 */

const repo = new EvaluationRepository();

/** The unit tree read once: every unit's id, and any unit's chain, itself first, then each ancestor. */
interface UnitTree {
  unitIds: number[];
  chainOf(unitId: number): number[];
}

async function unitTree(tx: Kysely<Database>): Promise<UnitTree> {
  const units = await repo.unitPaths(tx);
  const pathOf = new Map(units.map((u) => [u.id, u.path]));
  const idOf = new Map(units.map((u) => [u.path, u.id]));
  return {
    unitIds: units.map((u) => u.id),
    chainOf(unitId) {
      const chain: number[] = [];
      for (let path = pathOf.get(unitId); path !== undefined; path = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : undefined) {
        const id = idOf.get(path);
        if (id !== undefined) chain.push(id);
      }
      return chain;
    },
  };
}

/** Any unit's chain ('…/火炉镇/党政办' → '…/火炉镇' → '武隆区'), from the unit tree read once. */
export async function unitChains(tx: Kysely<Database>): Promise<(unitId: number) => number[]> {
  return (await unitTree(tx)).chainOf;
}

/**
 * The role's holders nearest up the tree from any unit, worked out in memory (a list of to-dos asks this for every
 * unit its evaluations sit in).
 */
function nearestOf(chainOf: UnitTree['chainOf'], holders: RoleHolder[]): (unitId: number) => RoleHolder[] {
  const at = new Map<number, RoleHolder[]>();
  for (const h of holders) at.set(h.unitId, [...(at.get(h.unitId) ?? []), h]);
  return (unitId) => {
    for (const id of chainOf(unitId)) {
      const here = at.get(id);
      if (here) return here;
    }
    return [];
  };
}

/** The main leaders who decide ratings of pairs whose mentee is in `unitId`; empty when none is on the roster. */
export async function leadersFor(tx: Kysely<Database>, unitId: number): Promise<RoleHolder[]> {
  return (await peopleOf(tx)).leadersFor(unitId);
}

/** The admins responsible for a unit; every admin when no admin sits on the unit's path. */
export async function adminsFor(tx: Kysely<Database>, unitId: number): Promise<RoleHolder[]> {
  return (await peopleOf(tx)).adminsFor(unitId);
}

export interface People {
  leadersFor(unitId: number): RoleHolder[];
  adminsFor(unitId: number): RoleHolder[];
  /** The units whose admins include this cadre: where they rate the pairs a program leaves to the admins. */
  unitsAdministeredBy(cadreId: number): number[];
  assessorsFor(e: Pick<Evaluation, 'programAssessorId' | 'menteeUnitId'>): Promise<RoleHolder[]>;
}

/** Who rates, approves and is told for any number of evaluations, from one reading of the roster's roles. */
export async function peopleOf(tx: Kysely<Database>): Promise<People> {
  const [tree, leaderHolders, adminHolders] = await Promise.all([unitTree(tx), repo.roleHolders(tx, 'leader'), repo.roleHolders(tx, 'admin')]);
  const leadersNear = nearestOf(tree.chainOf, leaderHolders);
  const adminsNear = nearestOf(tree.chainOf, adminHolders);
  const adminsFor = (unitId: number) => {
    const near = adminsNear(unitId);
    return near.length > 0 ? near : adminHolders;
  };
  const named = new Map<number, Promise<RoleHolder | undefined>>();
  return {
    leadersFor: leadersNear,
    adminsFor,
    unitsAdministeredBy: (cadreId) => tree.unitIds.filter((u) => adminsFor(u).some((a) => a.cadreId === cadreId)),
    async assessorsFor(e) {
      if (e.programAssessorId !== null) {
        const id = e.programAssessorId;
        if (!named.has(id)) named.set(id, repo.cadre(tx, id).then((c) => (c?.active ? { cadreId: c.cadreId, name: c.name, openId: c.openId, unitId: c.unitId } : undefined)));
        const assessor = await named.get(id);
        if (assessor) return [assessor];
      }
      return adminsFor(e.menteeUnitId);
    },
  };
}

/** The program's own assessor when it names one (and they are still on the roster), else the unit's admins. */
export async function assessorsFor(tx: Kysely<Database>, e: Pick<Evaluation, 'programAssessorId' | 'menteeUnitId'>): Promise<RoleHolder[]> {
  return (await peopleOf(tx)).assessorsFor(e);
}
