import type { Kysely } from 'kysely';
import type { CadreCategory, Database, ProgramTrack } from '../db/database';
import { ProgramRepository, type BatchMembership } from '../db/repositories/program-repository';
import { DomainError } from '../domain/domain-error';
import type { Eligibility } from '../domain/eligibility';
import { inScope, judgeMembership, type Candidate, type PoolRole, type PoolVia, type Program } from '../domain/programs';
import { compareDates } from '../domain/calendar-date';

/**
 * Who is in which program, and why. A pool is computed, never stored: active cadres in the program's unit
 * subtree whose category fits (and, for mentees, who meet the program's rule on its start date, or on their
 * batch's start date when seconded), plus the organisation's explicit includes, minus its excludes.
 */

const programs = new ProgramRepository();

export interface PoolEntry {
  cadreId: number;
  openId: string | null;
  name: string;
  unitPath: string;
  category: CadreCategory;
  /** 'rule' or 'include': in the pool; the others appear only with includeIneligible */
  via: PoolVia;
  eligibility: Eligibility;
  batch?: BatchInfo;
}

export interface BatchInfo {
  number: number;
  startDate: string;
  endDate: string;
}

/** The mentor pool; with includeIneligible, also the candidates the rules turned away, each with the reason. */
export function mentorPool(tx: Kysely<Database>, programId: number, opts: { includeIneligible?: boolean } = {}): Promise<PoolEntry[]> {
  return pool(tx, programId, 'mentor', opts);
}

export function menteePool(tx: Kysely<Database>, programId: number, opts: PoolOptions = {}): Promise<PoolEntry[]> {
  return pool(tx, programId, 'mentee', opts);
}

export interface PoolOptions {
  includeIneligible?: boolean;
  /** only people in this unit's subtree (a town's statistics need not judge the whole district) */
  within?: string;
}

const under = (path: string, root: string) => path === root || path.startsWith(`${root}/`);

export async function pool(tx: Kysely<Database>, programId: number, role: PoolRole, opts: PoolOptions = {}): Promise<PoolEntry[]> {
  const program = await programs.findById(tx, programId);
  if (!program) throw new DomainError('not_found', { zh: `没有编号为 ${programId} 的项目`, en: `no program with id ${programId}` });
  return poolOf(tx, program, role, opts);
}

async function poolOf(tx: Kysely<Database>, program: Program, role: PoolRole, opts: PoolOptions): Promise<PoolEntry[]> {
  const overrides = new Map((await programs.overrides(tx, { programId: program.id })).filter((o) => o.role === role).map((o) => [o.cadreId, o.mode]));
  const categories = role === 'mentor' ? program.mentorCategories : program.menteeCategories;
  // The narrower of the program's scope and `within`; nobody when the two subtrees do not meet.
  const within = opts.within;
  const scope = within === undefined || under(program.unitPath, within) ? program.unitPath : under(within, program.unitPath) ? within : undefined;
  const inRules = scope === undefined ? [] : await programs.candidatesInScope(tx, scope, categories);
  const known = new Set(inRules.map((c) => c.cadreId));
  const extra = await programs.candidatesByIds(tx, [...overrides.keys()].filter((id) => !known.has(id)));
  const batches = role === 'mentee' ? batchByCadre(await programs.memberships(tx, { programId: program.id })) : new Map<number, BatchInfo>();
  const entries: PoolEntry[] = [];
  for (const person of [...inRules, ...extra]) {
    if (within !== undefined && !under(person.unitPath, within)) continue;
    const batch = batches.get(person.cadreId);
    const judged = judgeMembership(program, role, person, overrides.get(person.cadreId), batch);
    if (!judged.inPool && !opts.includeIneligible) continue;
    entries.push(entry(person, judged, batch));
  }
  return entries;
}

/**
 * One person's place in a pool, judged alone by the same rules: what a decision needs ("is the mentor who clicked
 * still in the pool?") without reading the whole pool, which at a district's size is thousands of people.
 * Undefined when they are not in it.
 */
export async function poolMember(tx: Kysely<Database>, programId: number, role: PoolRole, cadreId: number): Promise<PoolEntry | undefined> {
  const program = await programs.findById(tx, programId);
  if (!program) throw new DomainError('not_found', { zh: `没有编号为 ${programId} 的项目`, en: `no program with id ${programId}` });
  const [person] = await programs.candidatesByIds(tx, [cadreId]);
  if (!person) return undefined;
  const override = (await programs.overrides(tx, { programId, cadreId })).find((o) => o.role === role)?.mode;
  const batch = role === 'mentee' ? batchByCadre(await programs.memberships(tx, { programId, cadreId })).get(cadreId) : undefined;
  const judged = judgeMembership(program, role, person, override, batch);
  return judged.inPool ? entry(person, judged, batch) : undefined;
}

export interface CadreProgram {
  programId: number;
  code: string;
  nameZh: string;
  nameEn: string;
  track: ProgramTrack;
  role: 'mentor' | 'mentee';
  eligibility: Eligibility;
  batch?: BatchInfo;
  /** the program's term relative to onDate */
  status: 'upcoming' | 'running' | 'ended';
}

/**
 * The active programs a cadre takes part in, or could by category and unit but the rules turn away
 * (eligibility.eligible false, with the reason): what the bot's "我的 me" card shows.
 */
export async function programsForCadre(tx: Kysely<Database>, cadreId: number, onDate: string): Promise<CadreProgram[]> {
  const [person] = await programs.candidatesByIds(tx, [cadreId]);
  if (!person) return [];
  const overrides = await programs.overrides(tx, { cadreId });
  const memberships = await programs.memberships(tx, { cadreId });
  const result: CadreProgram[] = [];
  for (const program of await programs.list(tx, { activeOnly: true })) {
    for (const role of ['mentor', 'mentee'] as const) {
      const override = overrides.find((o) => o.programId === program.id && o.role === role)?.mode;
      const categories = role === 'mentor' ? program.mentorCategories : program.menteeCategories;
      if (!override && !(inScope(program.unitPath, person.unitPath) && categories.includes(person.category))) continue;
      const batch = role === 'mentee' ? batchByCadre(memberships.filter((m) => m.programId === program.id)).get(cadreId) : undefined;
      const judged = judgeMembership(program, role, person, override, batch);
      result.push({
        programId: program.id, code: program.code, nameZh: program.nameZh, nameEn: program.nameEn, track: program.track, role,
        eligibility: eligibilityOf(judged), status: termStatus(program, onDate), ...(batch ? { batch } : {}),
      });
    }
  }
  return result;
}

export interface ProgramSummary {
  programId: number;
  code: string;
  nameZh: string;
  nameEn: string;
  track: ProgramTrack;
  active: boolean;
  startDate: string;
  endDate: string | null;
  unitPath: string;
  defaultCapacity: number;
  mentorPoolSize: number;
  /** mentees the rule was applied to: category and scope, plus includes, minus excludes */
  menteeCandidates: number;
  /** the mentee pool: candidates who meet the rule, plus includes */
  eligibleMentees: number;
  /** mentors × default capacity: how many mentees the pool can take */
  capacity: number;
  batches: (BatchInfo & { members: number })[];
}

/** One line per program for the admin summary card and `npm run admin -- programs`. */
export async function programSummaries(tx: Kysely<Database>): Promise<ProgramSummary[]> {
  const out: ProgramSummary[] = [];
  for (const p of await programs.list(tx)) {
    const mentors = await poolOf(tx, p, 'mentor', {});
    const mentees = (await poolOf(tx, p, 'mentee', { includeIneligible: true })).filter((e) => e.via !== 'excluded' && e.via !== 'inactive');
    const members = await programs.memberships(tx, { programId: p.id });
    out.push({
      programId: p.id, code: p.code, nameZh: p.nameZh, nameEn: p.nameEn, track: p.track, active: p.active, startDate: p.startDate, endDate: p.endDate,
      unitPath: p.unitPath, defaultCapacity: p.defaultCapacity, mentorPoolSize: mentors.length, menteeCandidates: mentees.length,
      eligibleMentees: mentees.filter((e) => e.via === 'rule' || e.via === 'include').length, capacity: mentors.length * p.defaultCapacity,
      batches: (await programs.batches(tx, p.id)).map((b) => ({ number: b.number, startDate: b.startDate, endDate: b.endDate, members: members.filter((m) => m.batchId === b.id).length })),
    });
  }
  return out;
}

export function termStatus(program: Pick<Program, 'startDate' | 'endDate'>, onDate: string): CadreProgram['status'] {
  if (compareDates(onDate, program.startDate) < 0) return 'upcoming';
  if (program.endDate !== null && compareDates(onDate, program.endDate) > 0) return 'ended';
  return 'running';
}

function batchByCadre(memberships: BatchMembership[]): Map<number, BatchInfo> {
  // A cadre serves in one batch per program (assignToBatch moves them); the first wins if data says otherwise.
  const map = new Map<number, BatchInfo>();
  for (const m of memberships) if (!map.has(m.cadreId)) map.set(m.cadreId, { number: m.number, startDate: m.startDate, endDate: m.endDate });
  return map;
}

function eligibilityOf(j: Eligibility): Eligibility {
  return { eligible: j.eligible, status: j.status, reasons: j.reasons, missing: j.missing };
}

function entry(person: Candidate, judged: ReturnType<typeof judgeMembership>, batch: BatchInfo | undefined): PoolEntry {
  return {
    cadreId: person.cadreId, openId: person.openId, name: person.name, unitPath: person.unitPath, category: person.category,
    via: judged.via, eligibility: eligibilityOf(judged), ...(batch ? { batch } : {}),
  };
}
