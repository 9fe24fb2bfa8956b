import { mapHeader, type RosterField } from './roster-columns';
import { sortRosterErrors, type RosterError } from './roster-error';
import { isBlankCell, readRosterTable, type TableRow } from './roster-table';
import type { CatalogueEntry, ParsedRoster, RosterRow } from './roster-types';
import { catalogueLookup } from './roster-values';
import { validateRow, type RowIdentities } from './validate-row';

export interface RosterContext {
  /** the catalogue (all kinds, active or not: the errors say why an item cannot be used) */
  catalogue: CatalogueEntry[];
  /** 'YYYY-MM-DD' in the program's time zone; dates after it are refused */
  today: string;
}

export type RosterResult = { ok: true; roster: ParsedRoster } | { ok: false; errors: RosterError[] };

/** Bytes of a .csv or .xlsx → the validated roster, or every error in file order. No I/O besides decoding. */
export async function parseRoster(bytes: Uint8Array, fileName: string, ctx: RosterContext): Promise<RosterResult> {
  const table = await readRosterTable(bytes, fileName);
  if (!table.ok) return table;
  return validateRoster(table.rows, fileName, ctx);
}

/** The header row, then each data row, then duplicates across rows. Pure. */
export function validateRoster(rows: TableRow[], fileName: string, ctx: RosterContext): RosterResult {
  const [head, ...data] = rows;
  if (!head) return { ok: false, errors: [{ line: 1, column: '', reason: '文件为空 the file is empty: expected a header row and one line per person' }] };
  // a value to the right of the last header cell is a column without a header, not something to drop
  const width = Math.max(head.cells.length, ...data.map((r) => r.cells.length));
  const headerCells = Array.from({ length: width }, (_, i) => head.cells[i] ?? '').map((c) => (typeof c === 'string' ? c : c.toISOString().slice(0, 10)));
  const header = mapHeader(head.line, headerCells, (i) => data.some((r) => !isBlankCell(r.cells[i])));
  if (!header.ok) return { ok: false, errors: header.errors };
  if (data.length === 0) return { ok: false, errors: [{ line: head.line, column: '', reason: '只有表头 the file has a header row but no people' }] };

  const columns = header.columns;
  const rowCtx = { columns, findItem: catalogueLookup(ctx.catalogue), today: ctx.today };
  const errors: RosterError[] = [];
  const valid: RosterRow[] = [];
  const seen = { openId: new Map<string, number>(), mobile: new Map<string, number>(), email: new Map<string, number>() };
  const fieldOf: Record<keyof RowIdentities, RosterField> = { openId: 'open_id', mobile: 'mobile', email: 'email' };
  for (const r of data) {
    const checked = validateRow(r, rowCtx);
    errors.push(...checked.errors);
    let duplicate = false;
    for (const key of ['openId', 'mobile', 'email'] as const) {
      const value = checked.identities[key];
      if (value === null) continue;
      const earlier = seen[key].get(value);
      if (earlier === undefined) {
        seen[key].set(value, r.line);
        continue;
      }
      duplicate = true;
      const field = fieldOf[key];
      errors.push({ line: r.line, column: columns.header[field] ?? field, reason: `重复人员 duplicate person: same ${field} ${value} as line ${earlier}` });
    }
    if (checked.row && !duplicate) valid.push(checked.row);
  }
  if (errors.length > 0) return { ok: false, errors: sortRosterErrors(errors) };
  return { ok: true, roster: { fileName, columns, rows: valid } };
}
