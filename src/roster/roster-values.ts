import type { CadreCategory } from '../db/database';
import type { Role } from '../domain/actor';
import type { CatalogueEntry } from './roster-types';

/** Parsers for single cell values. Each returns the stored form or a reason a person can act on. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const CATEGORIES: Record<CadreCategory, string> = {
  leader_member: '班子成员',
  young: '年轻干部',
  senior: '中老年干部',
  village: '村社干部',
  other: '其他',
};
const ROLES: Record<Role, string> = { admin: '管理员', leader: '主要领导' };

function lookup<T extends string>(table: Record<T, string>, value: string): T | undefined {
  const v = value.trim().toLowerCase();
  return (Object.entries(table) as [T, string][]).find(([code, zh]) => code === v || zh === v)?.[0];
}

const listing = (table: Record<string, string>) => Object.entries(table).map(([c, zh]) => `${c} ${zh}`).join(', ');

export function parseCategory(value: string): Parsed<CadreCategory> {
  const c = lookup(CATEGORIES, value);
  return c ? { ok: true, value: c } : { ok: false, reason: `未知类别 unknown category "${value.trim()}"; use one of: ${listing(CATEGORIES)}` };
}

export function parseRole(value: string): Parsed<Role> {
  const r = lookup(ROLES, value);
  return r ? { ok: true, value: r } : { ok: false, reason: `未知角色 unknown role "${value}"; use ${listing(ROLES)}` };
}

/** `a;b；c`: admins type the full-width semicolon as often as the ASCII one. Empty items are ignored. */
export function splitList(value: string): string[] {
  return value.split(/[;；]/).map((s) => s.trim()).filter((s) => s !== '');
}

/** Mainland numbers with or without +86, spaces and dashes allowed (Lark's batch_get_id takes either). */
export function parseMobile(value: string): Parsed<string> {
  const compact = value.trim().replace(/[\s\-()]/g, '');
  const m = compact.replace(/^\+86(?=1\d{10}$)/, '');
  return /^\+?\d{5,20}$/.test(m) ? { ok: true, value: m } : { ok: false, reason: `手机号格式错误 bad mobile number "${value.trim()}"` };
}

export function parseEmail(value: string): Parsed<string> {
  const e = value.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e) ? { ok: true, value: e } : { ok: false, reason: `邮箱格式错误 bad email "${value.trim()}"` };
}

/** Lark open_ids look like `ou_` followed by letters and digits. */
export function parseOpenId(value: string): Parsed<string> {
  const v = value.trim();
  return /^ou_[A-Za-z0-9_-]+$/.test(v) ? { ok: true, value: v } : { ok: false, reason: `飞书ID格式错误 bad open_id "${v}": expected ou_…` };
}

/** A unit path `武隆区/火炉镇/党政办`: segments trimmed, none empty. */
export function parseUnitPath(value: string): Parsed<string> {
  const segments = value.split('/').map((s) => s.trim());
  if (segments.some((s) => s === '')) return { ok: false, reason: `单位路径有空段 unit path "${value.trim()}" has an empty segment; write it from the top, e.g. 武隆区/火炉镇/党政办` };
  return { ok: true, value: segments.join('/') };
}

/** name_zh (exactly, case aside) or code → the catalogue item; only active abilities can be needs or strengths. */
export function catalogueLookup(catalogue: CatalogueEntry[]): (value: string) => Parsed<CatalogueEntry> {
  const byKey = new Map<string, CatalogueEntry>();
  for (const e of catalogue) {
    byKey.set(e.code.toLowerCase(), e);
    byKey.set(e.nameZh.trim().toLowerCase(), e);
  }
  return (value) => {
    const e = byKey.get(value.trim().toLowerCase());
    if (!e) return { ok: false, reason: `需求库中没有 not in the catalogue: "${value}"` };
    if (e.kind !== 'ability') return { ok: false, reason: `"${value}" 不是能力项 is a ${e.kind} in the catalogue, not an ability` };
    if (!e.active) return { ok: false, reason: `"${value}" 已停用 is retired from the catalogue` };
    return { ok: true, value: e };
  };
}
