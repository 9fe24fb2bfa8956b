import type { ExistingCadre } from './cadre-state';
import type { RosterError } from './roster-error';
import type { ParsedRoster, RosterRow } from './roster-types';
import type { Resolution } from './resolve-identities';

type Via = 'open_id' | 'mobile' | 'email';

/** A file row with its open_id (from the file or from Lark) and the database cadre it is (if any). */
export interface MatchedRow {
  row: RosterRow;
  openId: string | null;
  /** which column gave the open_id: errors about it point there */
  openIdFrom: Via | undefined;
  cadre: ExistingCadre | undefined;
}

export interface CadreIndex {
  byOpenId: Map<string, ExistingCadre>;
  byMobile: Map<string, ExistingCadre>;
  byEmail: Map<string, ExistingCadre>;
}

export function indexCadres(existing: ExistingCadre[]): CadreIndex {
  const index: CadreIndex = { byOpenId: new Map(), byMobile: new Map(), byEmail: new Map() };
  for (const c of existing) {
    if (c.openId) index.byOpenId.set(c.openId, c);
    if (c.mobile) index.byMobile.set(c.mobile, c);
    if (c.email) index.byEmail.set(c.email.toLowerCase(), c);
  }
  return index;
}

/**
 * Each row → its cadre: by open_id, else mobile, else email (SPEC's matching order). Refused: two rows that
 * turn out to be one Lark user or one cadre, and a row whose mobile/email belongs to a cadre with another open_id.
 */
export function matchRows(roster: ParsedRoster, resolved: Map<number, Resolution>, index: CadreIndex): { matched: MatchedRow[]; errors: RosterError[] } {
  const errors: RosterError[] = [];
  const header = (via: Via) => roster.columns.header[via] ?? via;
  const lineOfOpenId = new Map<string, number>();
  const lineOfCadre = new Map<number, number>();
  const matched: MatchedRow[] = [];
  for (const row of roster.rows) {
    const fromLark = resolved.get(row.line);
    const openId = row.openId ?? fromLark?.openId ?? null;
    const openIdFrom: Via | undefined = row.openId ? 'open_id' : fromLark?.via;
    if (openId) {
      const earlier = lineOfOpenId.get(openId);
      if (earlier !== undefined) {
        errors.push({ line: row.line, column: header(openIdFrom!), reason: `重复人员 duplicate person: Lark says this is the same user (${openId}) as line ${earlier}` });
        continue;
      }
      lineOfOpenId.set(openId, row.line);
    }
    let via: Via | undefined;
    let cadre: ExistingCadre | undefined;
    if (openId && (cadre = index.byOpenId.get(openId))) via = 'open_id';
    else if (row.mobile && (cadre = index.byMobile.get(row.mobile))) via = 'mobile';
    else if (row.email && (cadre = index.byEmail.get(row.email))) via = 'email';
    if (cadre && via) {
      const earlier = lineOfCadre.get(cadre.id);
      if (earlier !== undefined) {
        errors.push({ line: row.line, column: header(via), reason: `重复人员 duplicate person: this ${via} is ${cadre.name}'s in the database, the same cadre as line ${earlier}` });
        continue;
      }
      if (openId && cadre.openId && cadre.openId !== openId) {
        errors.push({
          line: row.line, column: header(via),
          reason: `身份冲突 identity conflict: this ${via} belongs to ${cadre.name} (${cadre.openId}) in the database, but this line is ${openId}`,
        });
        continue;
      }
      lineOfCadre.set(cadre.id, row.line);
    }
    matched.push({ row, openId, openIdFrom, cadre });
  }
  return { matched, errors };
}
