import { inTransaction } from '../db/in-transaction';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { AuditRepository } from '../db/repositories/audit-repository';
import { CatalogueRepository } from '../db/repositories/catalogue-repository';
import { DomainError } from '../domain/domain-error';
import { requireCatalogueCode, requireKind, requireName, requireTracks, type CatalogueItem } from '../domain/catalogue';

/** Admin changes to the needs menu. Each runs in one transaction with its audit row. */

const catalogue = new CatalogueRepository();
const audit = new AuditRepository();

export async function addCatalogueItem(
  db: Kysely<Database>,
  input: { code: string; kind: string; tracks: string; nameZh: string; nameEn: string },
  actor: string,
): Promise<CatalogueItem> {
  const code = requireCatalogueCode(input.code.trim());
  const kind = requireKind(input.kind.trim());
  const tracks = requireTracks(input.tracks);
  const nameZh = requireName('中文名 name_zh', input.nameZh);
  const nameEn = requireName('English name', input.nameEn);
  return inTransaction(db, async (trx) => {
    const clash = await catalogue.clashes(trx, code, nameZh);
    const sameCode = clash.find((c) => c.code === code);
    if (sameCode) throw conflict(`代码 “${code}” 已被 “${sameCode.nameZh}” 使用${sameCode.active ? '' : '（已停用）'}`, `code "${code}" is already used by "${sameCode.nameEn}"${sameCode.active ? '' : ' (retired)'}`);
    const sameName = clash.find((c) => c.nameZh === nameZh);
    if (sameName) throw conflict(`名称 “${nameZh}” 已存在（代码 ${sameName.code}${sameName.active ? '' : '，已停用'}）`, `the name "${nameZh}" already exists (code ${sameName.code}${sameName.active ? '' : ', retired'})`);
    const item = await catalogue.add(trx, { code, kind, tracks, nameZh, nameEn });
    await audit.record(trx, { actor, action: 'catalogue.add', target: code, detail: { kind, tracks, nameZh, nameEn } });
    return item;
  });
}

export async function renameCatalogueItem(db: Kysely<Database>, code: string, names: { nameZh: string; nameEn?: string }, actor: string): Promise<CatalogueItem> {
  const nameZh = requireName('中文名 name_zh', names.nameZh);
  const nameEn = names.nameEn ? requireName('English name', names.nameEn) : undefined;
  return inTransaction(db, async (trx) => {
    const other = (await catalogue.clashes(trx, '', nameZh)).find((c) => c.code !== code);
    if (other) throw conflict(`名称 “${nameZh}” 已被代码 ${other.code} 使用`, `the name "${nameZh}" is already used by code ${other.code}`);
    const item = await catalogue.rename(trx, code, { nameZh, ...(nameEn ? { nameEn } : {}) });
    if (!item) throw notFound(code);
    await audit.record(trx, { actor, action: 'catalogue.rename', target: code, detail: { nameZh, nameEn } });
    return item;
  });
}

/** Retire an item: it leaves the menu, and cadres who hold it keep it. */
export async function retireCatalogueItem(
  db: Kysely<Database>,
  code: string,
  actor: string,
): Promise<{ item: CatalogueItem; alreadyRetired: boolean; holders: { needs: number; strengths: number } }> {
  return inTransaction(db, async (trx) => {
    const before = await catalogue.retire(trx, code.trim());
    if (!before) throw notFound(code);
    const holders = await catalogue.holders(trx, before.id);
    if (before.active) await audit.record(trx, { actor, action: 'catalogue.retire', target: before.code, detail: holders });
    return { item: { ...before, active: false }, alreadyRetired: !before.active, holders };
  });
}

function conflict(zh: string, en: string): DomainError {
  return new DomainError('conflict', { zh, en });
}

function notFound(code: string): DomainError {
  return new DomainError('not_found', { zh: `需求库中没有代码 “${code}”（用 catalogue list 查看）`, en: `no catalogue item with code "${code}" (see catalogue list)` });
}
