import type { RosterError } from './roster-error';

/** The columns of the roster file (SPEC.md "Roster file"): English name first, then the Chinese one. */
export const ROSTER_FIELDS = {
  open_id: '飞书ID',
  mobile: '手机',
  email: '邮箱',
  name: '姓名',
  unit: '单位',
  category: '类别',
  birth_date: '出生日期',
  hire_date: '入职日期',
  roles: '角色',
  strengths: '特长',
  needs: '需求',
} as const;

export type RosterField = keyof typeof ROSTER_FIELDS;

const REQUIRED: readonly RosterField[] = ['name', 'unit', 'category'];
export const IDENTITY_FIELDS: readonly RosterField[] = ['open_id', 'mobile', 'email'];

const BY_HEADER = new Map<string, RosterField>(
  (Object.entries(ROSTER_FIELDS) as [RosterField, string][]).flatMap(([en, zh]) => [[en, en], [zh.toLowerCase(), en]]),
);

const KNOWN = (Object.entries(ROSTER_FIELDS) as [RosterField, string][]).map(([en, zh]) => `${en} ${zh}`).join(', ');

/** Where each field sits in a record and how its header is spelled in the file (errors quote that spelling). */
export interface ColumnMap {
  index: Partial<Record<RosterField, number>>;
  header: Partial<Record<RosterField, string>>;
}

export function describeField(field: RosterField): string {
  return `${field} ${ROSTER_FIELDS[field]}`;
}

/**
 * The header row → a column map. Names are trimmed and compared case-insensitively; every unknown or
 * repeated column is an error (a silently dropped column would lose data the admin meant to import).
 * `blankColumnHasData(i)` lets a header cell left empty pass when nothing is written below it (the
 * trailing empty columns spreadsheets like to export).
 */
export function mapHeader(
  line: number,
  cells: string[],
  blankColumnHasData: (index: number) => boolean,
): { ok: true; columns: ColumnMap } | { ok: false; errors: RosterError[] } {
  const errors: RosterError[] = [];
  const columns: ColumnMap = { index: {}, header: {} };
  cells.forEach((raw, i) => {
    const written = raw.trim();
    if (written === '') {
      if (blankColumnHasData(i)) errors.push({ line, column: `#${i + 1}`, reason: '列名为空 this column has values but no header' });
      return;
    }
    const field = BY_HEADER.get(written.toLowerCase());
    if (!field) {
      errors.push({ line, column: written, reason: `未知列 unknown column; 可用的列 known columns: ${KNOWN}` });
      return;
    }
    const seen = columns.index[field];
    if (seen !== undefined) {
      errors.push({ line, column: written, reason: `重复的列 duplicate column: column ${seen + 1} (${columns.header[field]}) is already ${describeField(field)}` });
      return;
    }
    columns.index[field] = i;
    columns.header[field] = written;
  });
  for (const field of REQUIRED) {
    if (columns.index[field] === undefined) errors.push({ line, column: describeField(field), reason: '缺少必需的列 required column is missing' });
  }
  if (IDENTITY_FIELDS.every((f) => columns.index[f] === undefined)) {
    errors.push({ line, column: 'open_id 飞书ID', reason: '缺少身份列 the file needs at least one of the columns open_id 飞书ID, mobile 手机, email 邮箱' });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, columns };
}
