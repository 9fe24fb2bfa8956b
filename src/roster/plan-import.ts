import { sameList, sameState, sortedIds, sortedRoles, type CadreState, type ExistingCadre } from './cadre-state';
import { indexCadres, matchRows, type MatchedRow } from './match-cadres';
import { takenIdentities, type IdentityRelease } from './taken-identities';
import { sortRosterErrors, type RosterError } from './roster-error';
import type { ParsedRoster } from './roster-types';
import type { Resolution } from './resolve-identities';

export interface CadreUpdate {
  id: number;
  state: CadreState;
  /** false: only needs/strengths or the active flag change; the cadre row itself stays as it is */
  rowChanged: boolean;
  needsChanged: boolean;
  strengthsChanged: boolean;
}

export interface ImportPlan {
  creates: CadreState[];
  updates: CadreUpdate[];
  reactivate: number[];
  deactivate: number[];
  releases: IdentityRelease[];
  counts: { created: number; updated: number; unchanged: number; deactivated: number; reactivated: number };
  unresolved: { line: number; name: string; identity: string }[];
  unitPaths: string[];
}

/**
 * The whole import as data: who is created, updated, reactivated, deactivated, left alone. Pure, so the
 * transaction only writes what this decided. Errors here are identity clashes with the database.
 */
export function planImport(roster: ParsedRoster, resolved: Map<number, Resolution>, existing: ExistingCadre[]): { ok: true; plan: ImportPlan } | { ok: false; errors: RosterError[] } {
  const index = indexCadres(existing);
  const { matched, errors } = matchRows(roster, resolved, index);
  const next = matched.map((m) => ({ m, state: nextState(m) }));
  const taken = takenIdentities(next, index, roster);
  errors.push(...taken.errors);
  if (errors.length > 0) return { ok: false, errors: sortRosterErrors(errors) };

  const plan: ImportPlan = {
    creates: [], updates: [], reactivate: [], deactivate: [], releases: taken.releases,
    counts: { created: 0, updated: 0, unchanged: 0, deactivated: 0, reactivated: 0 }, unresolved: [],
    unitPaths: [...new Set(matched.map((m) => m.row.unitPath))],
  };
  for (const { m, state } of next) {
    if (!state.openId) plan.unresolved.push({ line: m.row.line, name: m.row.name, identity: (state.mobile ?? state.email)! });
    const c = m.cadre;
    if (!c) {
      plan.creates.push(state);
      plan.counts.created++;
      continue;
    }
    const needsChanged = !sameList(state.needs, c.needs);
    const strengthsChanged = !sameList(state.strengths, c.strengths);
    const rowChanged = !sameState({ ...state, needs: c.needs, strengths: c.strengths }, c);
    const changed = rowChanged || needsChanged || strengthsChanged;
    if (changed) plan.updates.push({ id: c.id, state, rowChanged, needsChanged, strengthsChanged });
    // each person of the file is counted once: someone who comes back counts as reactivated, changed or not
    if (!c.active) {
      plan.reactivate.push(c.id);
      plan.counts.reactivated++;
    } else if (changed) plan.counts.updated++;
    else plan.counts.unchanged++;
  }
  const claimed = new Set(matched.flatMap((m) => (m.cadre ? [m.cadre.id] : [])));
  plan.deactivate = existing.filter((c) => c.active && !claimed.has(c.id)).map((c) => c.id);
  plan.counts.deactivated = plan.deactivate.length;
  return { ok: true, plan };
}

/** The file's values where its columns are; what the database has where a column is absent. */
function nextState({ row, openId, cadre }: MatchedRow): CadreState {
  const keep = <T>(fromFile: T | undefined, stored: T | undefined, otherwise: T): T => (fromFile !== undefined ? fromFile : (stored ?? otherwise));
  return {
    // an open_id once learned is never dropped: a row that gives only a mobile keeps the cadre linked
    openId: openId ?? cadre?.openId ?? null,
    mobile: keep(row.mobile, cadre?.mobile, null),
    email: keep(row.email, cadre?.email, null),
    name: row.name,
    unitPath: row.unitPath,
    category: row.category,
    birthDate: keep(row.birthDate, cadre?.birthDate, null),
    hireDate: keep(row.hireDate, cadre?.hireDate, null),
    roles: row.roles !== undefined ? sortedRoles(row.roles) : (cadre?.roles ?? []),
    needs: keep(row.needs, cadre?.needs, []),
    strengths: row.strengths !== undefined ? sortedIds(row.strengths) : (cadre?.strengths ?? []),
  };
}
