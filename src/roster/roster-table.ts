import { decodeUtf8, parseCsv } from './csv-parser';
import type { RosterError } from './roster-error';
import { readXlsx } from './xlsx-reader';

/** A cell as the file gives it: text, or (only from .xlsx) a real date cell. */
export type Cell = string | Date;

/** One non-blank line of the file with its physical line (CSV) or sheet row (xlsx) number. */
export interface TableRow {
  line: number;
  cells: Cell[];
}

export type TableResult = { ok: true; rows: TableRow[] } | { ok: false; errors: RosterError[] };

export function isBlankCell(c: Cell | undefined): boolean {
  return c === undefined || (typeof c === 'string' && c.trim() === '');
}

/** The file's rows, blank lines dropped. The kind of file is decided by its name, as the CLI usage says. */
export async function readRosterTable(bytes: Uint8Array, fileName: string): Promise<TableResult> {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) {
    const sheet = await readXlsx(bytes);
    if (!sheet.ok) return { ok: false, errors: [{ line: 1, column: '', reason: sheet.reason }] };
    return { ok: true, rows: sheet.rows.filter((r) => !r.cells.every(isBlankCell)) };
  }
  if (!lower.endsWith('.csv')) {
    return { ok: false, errors: [{ line: 1, column: '', reason: `不支持的文件类型 unsupported file type "${fileName}": use .csv (UTF-8) or .xlsx` }] };
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return { ok: false, errors: [{ line: decoded.line, column: '', reason: decoded.reason }] };
  const csv = parseCsv(decoded.text);
  if (!csv.ok) return { ok: false, errors: [{ line: csv.line, column: '', reason: csv.reason }] };
  return { ok: true, rows: csv.records.filter((r) => !r.fields.every(isBlankCell)).map((r) => ({ line: r.line, cells: r.fields })) };
}
