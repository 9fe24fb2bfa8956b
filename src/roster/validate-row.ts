import type { Role } from '../domain/actor';
import { IDENTITY_FIELDS, type ColumnMap, type RosterField } from './roster-columns';
import { parseRosterDate } from './roster-dates';
import type { RosterError } from './roster-error';
import type { Cell, TableRow } from './roster-table';
import type { RosterRow } from './roster-types';
import { catalogueLookup, parseCategory, parseEmail, parseMobile, parseOpenId, parseRole, parseUnitPath, splitList, type Parsed } from './roster-values';

export const MAX_NEEDS = 5;

export interface RowContext {
  columns: ColumnMap;
  findItem: ReturnType<typeof catalogueLookup>;
  today: string;
}

/** One data line → a RosterRow, or every problem the line has (an admin fixes a line once, not error by error). */
export interface RowIdentities {
  openId: string | null;
  mobile: string | null;
  email: string | null;
}

export function validateRow(row: TableRow, ctx: RowContext): { row?: RosterRow; identities: RowIdentities; errors: RosterError[] } {
  const errors: RosterError[] = [];
  const { index, header } = ctx.columns;
  const fail = (field: RosterField, reason: string) => errors.push({ line: row.line, column: header[field] ?? field, reason });
  const cell = (field: RosterField): Cell | undefined => {
    const i = index[field];
    return i === undefined ? undefined : (row.cells[i] ?? '');
  };
  const text = (field: RosterField): string | undefined => {
    const c = cell(field);
    return c === undefined ? undefined : c instanceof Date ? c.toISOString().slice(0, 10) : c.trim();
  };
  /** undefined: column absent; null: empty cell; else the parsed value (null again when invalid, error noted) */
  const optional = <T>(field: RosterField, parse: (v: string) => Parsed<T>): T | null | undefined => {
    const v = text(field);
    if (v === undefined) return undefined;
    if (v === '') return null;
    const p = parse(v);
    if (p.ok) return p.value;
    fail(field, p.reason);
    return null;
  };

  const openId = optional('open_id', parseOpenId) ?? null;
  const mobile = optional('mobile', parseMobile);
  const email = optional('email', parseEmail);
  if (IDENTITY_FIELDS.every((f) => (text(f) ?? '') === '')) {
    const first = IDENTITY_FIELDS.find((f) => index[f] !== undefined) ?? 'open_id';
    fail(first, '缺少身份 no identity: fill in at least one of open_id 飞书ID, mobile 手机, email 邮箱');
  }

  const name = text('name') ?? '';
  if (name === '') fail('name', '姓名为空 name is required');
  const unitText = text('unit') ?? '';
  let unitPath: string | undefined;
  if (unitText === '') fail('unit', '单位为空 unit is required');
  else unitPath = pick(parseUnitPath(unitText), (r) => fail('unit', r));
  const categoryText = text('category') ?? '';
  const category = categoryText === '' ? (fail('category', '类别为空 category is required'), undefined) : pick(parseCategory(categoryText), (r) => fail('category', r));

  const date = (field: 'birth_date' | 'hire_date'): string | null | undefined => {
    const c = cell(field);
    if (c === undefined) return undefined;
    if (typeof c === 'string' && c.trim() === '') return null;
    return pick(parseRosterDate(c, ctx.today), (r) => fail(field, r)) ?? null;
  };
  const birthDate = date('birth_date');
  const hireDate = date('hire_date');

  const roles = list<Role>('roles', (v) => pick(parseRole(v), (r) => fail('roles', r)));
  const strengths = items('strengths', '特长重复 duplicate strength');
  const needs = items('needs', '需求重复 duplicate need');
  const listed = splitList(text('needs') ?? '').length;
  if (listed > MAX_NEEDS) fail('needs', `需求最多 ${MAX_NEEDS} 项 at most ${MAX_NEEDS} needs (this line lists ${listed})`);

  const identities = { openId, mobile: mobile ?? null, email: email ?? null };
  if (errors.length > 0 || unitPath === undefined || category === undefined) return { identities, errors };
  return {
    identities,
    errors,
    row: { line: row.line, openId, mobile, email, name, unitPath, category, birthDate, hireDate, roles, strengths, needs },
  };

  function list<T>(field: RosterField, parse: (v: string) => T | undefined): T[] | undefined {
    const v = text(field);
    if (v === undefined) return undefined;
    const out: T[] = [];
    for (const part of splitList(v)) {
      const p = parse(part);
      if (p !== undefined && !out.includes(p)) out.push(p);
    }
    return out;
  }

  /** needs/strengths → item ids in the order written; a repeat (by name or by code) is an error */
  function items(field: 'needs' | 'strengths', duplicate: string): number[] | undefined {
    const v = text(field);
    if (v === undefined) return undefined;
    const ids: number[] = [];
    for (const part of splitList(v)) {
      const found = pick(ctx.findItem(part), (r) => fail(field, r));
      if (!found) continue;
      if (ids.includes(found.id)) fail(field, `${duplicate} "${part}" (${found.nameZh} ${found.code})`);
      else ids.push(found.id);
    }
    return ids;
  }
}

function pick<T>(p: Parsed<T>, onError: (reason: string) => void): T | undefined {
  if (p.ok) return p.value;
  onError(p.reason);
  return undefined;
}
