import type { CadreState } from './cadre-state';
import type { CadreIndex, MatchedRow } from './match-cadres';
import type { RosterError } from './roster-error';
import type { ParsedRoster } from './roster-types';

/** A mobile or email to take away from a cadre before the updates, because another cadre gets it. */
export interface IdentityRelease {
  id: number;
  mobile: boolean;
  email: boolean;
}

/**
 * Mobiles and emails that move from one cadre to another. Both are unique in `cadres`, so the old holder
 * must let go first (the repository clears them before it writes the new values). A holder left with no
 * identity at all cannot let go (the `cadres_identity` check): then the database has this person twice,
 * once known only by this mobile/email, and the admin is told instead.
 */
export function takenIdentities(next: { m: MatchedRow; state: CadreState }[], index: CadreIndex, roster: ParsedRoster): { releases: IdentityRelease[]; errors: RosterError[] } {
  const releases = new Map<number, IdentityRelease & { by: { line: number; key: 'mobile' | 'email'; value: string }[] }>();
  for (const { m, state } of next) {
    for (const key of ['mobile', 'email'] as const) {
      const value = state[key];
      if (!value) continue;
      const holder = key === 'mobile' ? index.byMobile.get(value) : index.byEmail.get(value.toLowerCase());
      if (!holder || holder.id === m.cadre?.id) continue;
      const r = releases.get(holder.id) ?? { id: holder.id, mobile: false, email: false, by: [] };
      r[key] = true;
      r.by.push({ line: m.row.line, key, value });
      releases.set(holder.id, r);
    }
  }
  const errors: RosterError[] = [];
  const holders = new Map([...index.byMobile.values(), ...index.byEmail.values()].map((c) => [c.id, c]));
  for (const r of releases.values()) {
    const holder = holders.get(r.id)!;
    const keeps = holder.openId || (holder.mobile && !r.mobile) || (holder.email && !r.email);
    if (keeps) continue;
    for (const b of r.by) {
      errors.push({
        line: b.line, column: roster.columns.header[b.key] ?? b.key,
        reason: `身份冲突 identity conflict: ${b.value} is how the database knows ${holder.name} (a separate cadre without open_id); the same person seems to be there twice — leave this ${b.key} out of this line, or ask the maintainer to merge them`,
      });
    }
  }
  return { releases: [...releases.values()].map(({ id, mobile, email }) => ({ id, mobile, email })), errors };
}
