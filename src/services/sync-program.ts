import type { Kysely } from 'kysely';
import type { Database, ProgramTrack } from '../db/database';
import { AuditRepository } from '../db/repositories/audit-repository';
import { PeopleLookupRepository } from '../db/repositories/people-lookup-repository';
import { ProgramRepository, type ProgramPatch } from '../db/repositories/program-repository';
import { DomainError } from '../domain/domain-error';
import { requireBatchFits, requireCapacity, requireProgramCode, requireTerm } from '../domain/program-rules';
import { TRACKS, type Program } from '../domain/programs';

/** A program as a file describes it (demo/programs.json): the state to reach, not the steps. */
export interface ProgramDefinition {
  code: string;
  track: ProgramTrack;
  nameZh: string;
  nameEn: string;
  /** unit path of the scope, e.g. '武隆区/火炉镇' */
  unit: string;
  startDate: string;
  endDate: string | null;
  defaultCapacity: number;
  /** secondment only; members by open_id */
  batches?: { number: number; startDate: string; endDate: string; members: string[] }[];
}

export interface SyncResult {
  code: string;
  action: 'created' | 'updated' | 'unchanged';
  changes: string[];
}

const programs = new ProgramRepository();
const people = new PeopleLookupRepository();
const audit = new AuditRepository();

/**
 * Bring one program (and its batches) to the described state inside `trx`: create it, change what differs,
 * or do nothing, so running it again is a no-op. Categories and rule come from the track (TRACKS).
 * Batches not in the description are left alone, but must not overlap the described ones. Explicit pool
 * overrides (program-member) are the organisation's decisions and are left alone too.
 */
export async function syncProgram(trx: Kysely<Database>, def: ProgramDefinition, actor: string): Promise<SyncResult> {
  requireProgramCode(def.code);
  requireTerm(def.startDate, def.endDate);
  const capacity = requireCapacity(def.defaultCapacity);
  const unit = await programs.unitByPath(trx, def.unit);
  if (!unit) throw invalid(`没有单位 “${def.unit}”（名册导入会建立单位）`, `unknown unit path "${def.unit}" (the roster import creates units)`);
  const track = TRACKS[def.track];
  const wanted = {
    nameZh: def.nameZh, nameEn: def.nameEn, startDate: def.startDate, endDate: def.endDate, unitId: unit.id, defaultCapacity: capacity, active: true,
    mentorCategories: track.mentorCategories, menteeCategories: track.menteeCategories, menteeRule: track.menteeRule,
  };

  const changes: string[] = [];
  let program = await programs.findByCode(trx, def.code);
  let action: SyncResult['action'] = 'unchanged';
  if (!program) {
    await programs.create(trx, { code: def.code, track: def.track, ...wanted });
    action = 'created';
    changes.push(`created ${def.code} (${def.nameZh})`);
  } else {
    if (program.track !== def.track) throw new DomainError('conflict', { zh: `项目 ${def.code} 已存在，但属于 ${program.track}`, en: `program ${def.code} exists with track ${program.track}, not ${def.track}` });
    const patch = differences(program, wanted);
    if (Object.keys(patch).length > 0) {
      await programs.update(trx, program.id, patch);
      changes.push(`${def.code}: ${Object.keys(patch).map((k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)).join(', ')} reset to the demo's`);
    }
  }
  program = (await programs.findByCode(trx, def.code))!;
  changes.push(...(await syncBatches(trx, program, def.batches ?? [])));
  if (action === 'unchanged' && changes.length > 0) action = 'updated';
  if (changes.length > 0) await audit.record(trx, { actor, action: 'program.sync', target: def.code, detail: { changes } });
  return { code: def.code, action, changes };
}

async function syncBatches(trx: Kysely<Database>, program: Program, defs: NonNullable<ProgramDefinition['batches']>): Promise<string[]> {
  if (defs.length === 0) return [];
  if (program.track !== 'village_secondment') throw invalid(`项目 ${program.code} 不是挂职锻炼项目，不能有批次`, `program ${program.code} is not a secondment program and cannot have batches`);
  const changes: string[] = [];
  const existing = await programs.batches(trx, program.id);
  const extras = existing.filter((b) => !defs.some((d) => d.number === b.number));
  for (const d of defs) requireBatchFits(d, [...defs, ...extras], program);

  const ids = new Map<number, number>();
  for (const d of defs) {
    const found = existing.find((b) => b.number === d.number);
    if (!found) {
      ids.set(d.number, await programs.addBatch(trx, program.id, d));
      changes.push(`${program.code}: added batch ${d.number} (${d.startDate} – ${d.endDate})`);
    } else {
      ids.set(d.number, found.id);
      if (found.startDate !== d.startDate || found.endDate !== d.endDate) {
        await programs.updateBatch(trx, found.id, d);
        changes.push(`${program.code}: batch ${d.number} now ${d.startDate} – ${d.endDate}`);
      }
    }
  }

  const current = await programs.memberships(trx, { programId: program.id });
  const wanted = new Map<number, number>(); // cadreId → batch number
  const names = new Map<number, string>();
  for (const d of defs) {
    for (const openId of d.members) {
      const [person] = (await people.find(trx, openId)).filter((p) => p.openId === openId);
      if (!person) throw invalid(`第 ${d.number} 批的成员 ${openId} 不在名册中`, `batch ${d.number} member ${openId} is not an active cadre on the roster`);
      if (wanted.has(person.cadreId)) throw invalid(`${openId} 被分在两个批次`, `${openId} is listed in two batches`);
      wanted.set(person.cadreId, d.number);
      names.set(person.cadreId, person.name);
    }
  }
  // Described batches hold exactly the described members; someone listed elsewhere is moved, not removed.
  const leaving = current.filter((m) => ids.get(m.number) === m.batchId && !wanted.has(m.cadreId));
  const leavers = await programs.candidatesByIds(trx, leaving.map((m) => m.cadreId));
  for (const m of leaving) {
    await programs.removeFromBatch(trx, m.batchId, m.cadreId);
    changes.push(`${program.code}: batch ${m.number} −${leavers.find((l) => l.cadreId === m.cadreId)?.name ?? m.cadreId}`);
  }
  for (const [cadreId, number] of wanted) {
    if (current.some((m) => m.cadreId === cadreId && m.number === number)) continue;
    await programs.assignToBatch(trx, program.id, ids.get(number)!, cadreId);
    changes.push(`${program.code}: batch ${number} +${names.get(cadreId)}`);
  }
  return changes;
}

function differences(p: Program, w: Required<Omit<ProgramPatch, 'allowCoMentors' | 'nudgeDays' | 'expireDays' | 'reportWeekday' | 'reportTime' | 'evalOpenWorkday' | 'evalAssessorId'>>): ProgramPatch {
  const patch: ProgramPatch = {};
  if (p.nameZh !== w.nameZh) patch.nameZh = w.nameZh;
  if (p.nameEn !== w.nameEn) patch.nameEn = w.nameEn;
  if (p.startDate !== w.startDate) patch.startDate = w.startDate;
  if (p.endDate !== w.endDate) patch.endDate = w.endDate;
  if (p.unitId !== w.unitId) patch.unitId = w.unitId;
  if (p.defaultCapacity !== w.defaultCapacity) patch.defaultCapacity = w.defaultCapacity;
  if (p.active !== w.active) patch.active = w.active;
  if (p.mentorCategories.join() !== w.mentorCategories.join()) patch.mentorCategories = w.mentorCategories;
  if (p.menteeCategories.join() !== w.menteeCategories.join()) patch.menteeCategories = w.menteeCategories;
  if (p.menteeRule !== w.menteeRule) patch.menteeRule = w.menteeRule;
  return patch;
}

function invalid(zh: string, en: string): DomainError {
  return new DomainError('invalid_input', { zh, en });
}
