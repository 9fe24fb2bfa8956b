import type { CadreCategory } from '../db/database';
import type { Role } from '../domain/actor';

/** A cadre's roster data: what an import writes and compares. Roles sorted, strengths sorted, needs by rank. */
export interface CadreState {
  openId: string | null;
  mobile: string | null;
  /** lower-cased */
  email: string | null;
  name: string;
  unitPath: string;
  category: CadreCategory;
  birthDate: string | null;
  hireDate: string | null;
  roles: Role[];
  needs: number[];
  strengths: number[];
}

/** A cadre already in the database (active or not). */
export interface ExistingCadre extends CadreState {
  id: number;
  active: boolean;
}

export const sameList = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function sameState(a: CadreState, b: CadreState): boolean {
  return (
    a.openId === b.openId && a.mobile === b.mobile && (a.email ?? '').toLowerCase() === (b.email ?? '').toLowerCase() &&
    a.name === b.name && a.unitPath === b.unitPath && a.category === b.category &&
    a.birthDate === b.birthDate && a.hireDate === b.hireDate &&
    sameList(a.roles, b.roles) && sameList(a.needs, b.needs) && sameList(a.strengths, b.strengths)
  );
}

export const sortedRoles = (roles: readonly Role[]): Role[] => [...new Set(roles)].sort();
export const sortedIds = (ids: readonly number[]): number[] => [...new Set(ids)].sort((a, b) => a - b);
