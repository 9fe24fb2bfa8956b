import type { CadreCategory, CatalogueKind } from '../db/database';
import type { Role } from '../domain/actor';
import type { ColumnMap } from './roster-columns';

/** A catalogue item as the roster sees it: needs and strengths may name it by name_zh or code. */
export interface CatalogueEntry {
  id: number;
  code: string;
  nameZh: string;
  kind: CatalogueKind;
  active: boolean;
}

/**
 * One valid person of the file. For an optional column, `undefined` means the column is not in the file
 * (the import leaves that data alone); `null` / `[]` means the cell is empty (the import clears it).
 */
export interface RosterRow {
  line: number;
  openId: string | null;
  mobile: string | null | undefined;
  /** lower-cased */
  email: string | null | undefined;
  name: string;
  /** segments trimmed and joined with '/' */
  unitPath: string;
  category: CadreCategory;
  birthDate: string | null | undefined;
  hireDate: string | null | undefined;
  roles: Role[] | undefined;
  /** catalogue item ids; needs in rank order (1 first) */
  strengths: number[] | undefined;
  needs: number[] | undefined;
}

export interface ParsedRoster {
  fileName: string;
  columns: ColumnMap;
  rows: RosterRow[];
}
