import type { CatalogueKind, TrackCode } from '../db/database';
import { DomainError } from './domain-error';

/**
 * The menu of needs and strengths (菜单化需求库): abilities a cadre can lack or offer, the measures of the
 * young-cadre track, and the learning methods. Items are retired, never deleted, because cadres may hold them.
 */
export interface CatalogueItem {
  id: number;
  code: string;
  kind: CatalogueKind;
  tracks: TrackCode[];
  nameZh: string;
  nameEn: string;
  sort: number;
  active: boolean;
}

export const CATALOGUE_KINDS: readonly CatalogueKind[] = ['ability', 'measure', 'method'];
export const TRACK_CODES: readonly TrackCode[] = ['young', 'reverse', 'village'];

export function isTrackCode(v: string): v is TrackCode {
  return (TRACK_CODES as readonly string[]).includes(v);
}

function invalid(zh: string, en: string): DomainError {
  return new DomainError('invalid_input', { zh, en });
}

export function requireCatalogueCode(code: string): string {
  if (!/^[a-z][a-z0-9_]{1,39}$/.test(code)) throw invalid(`代码 “${code}” 无效：以小写字母开头，只用小写字母、数字和 _`, `code "${code}" is invalid: start with a lower-case letter; use lower-case letters, digits and _`);
  return code;
}

export function requireKind(kind: string): CatalogueKind {
  if (!(CATALOGUE_KINDS as readonly string[]).includes(kind)) throw invalid(`未知类型 “${kind}”，应为 ${CATALOGUE_KINDS.join(' / ')}`, `unknown kind "${kind}": use ${CATALOGUE_KINDS.join(', ')}`);
  return kind as CatalogueKind;
}

/** 'young;reverse' → ['young', 'reverse']; at least one, each known, no repeats. */
export function requireTracks(list: string): TrackCode[] {
  const parts = list.split(/[;,；，]/).map((s) => s.trim()).filter(Boolean);
  const unknown = parts.filter((p) => !isTrackCode(p));
  if (parts.length === 0 || unknown.length > 0) {
    throw invalid(`未知项目线 “${unknown.join(';') || list}”，应为 ${TRACK_CODES.join(' / ')}（用 ; 分隔）`, `unknown track "${unknown.join(';') || list}": use ${TRACK_CODES.join(', ')} separated by ;`);
  }
  return [...new Set(parts)] as TrackCode[];
}

export function requireName(field: string, value: string): string {
  const v = value.trim();
  if (!v || v.length > 40) throw invalid(`${field} 不能为空且不超过 40 个字`, `${field} must be 1 to 40 characters`);
  return v;
}
