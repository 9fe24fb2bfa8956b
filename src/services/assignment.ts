import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { AssignmentRepository, type Person } from '../db/repositories/assignment-repository';
import { AuditRepository } from '../db/repositories/audit-repository';
import { CadreRepository } from '../db/repositories/cadre-repository';
import { PairRepository } from '../db/repositories/pair-repository';
import { ProgramRepository } from '../db/repositories/program-repository';
import type { Actor } from '../domain/actor';
import { DomainError } from '../domain/domain-error';
import type { Program } from '../domain/programs';
import { assignableProgram, loadCandidates } from './assignment-candidates';
import { authorize } from './authorization';
import { endPair, formPair } from './pairing';
import { poolMember } from './programs';
import { withdrawForAssignment } from './applications';
import type { AssignProgramLine } from '../lark/cards/assign-cards';

/**
 * 组织指定: the organisation pairs a mentee with a mentor directly, and that overrides choices (双向选择 +
 * 组织指定). The mentee's pending applications in the program are withdrawn; an existing pair with another
 * mentor ends as 'rematched'. Capacity is formPair's: full without an explicit override is refused, and
 * the refusal undoes everything (the handler's savepoint).
 */

const repo = new AssignmentRepository();
const pairs = new PairRepository();
const programs = new ProgramRepository();
const cadres = new CadreRepository();
const audit = new AuditRepository();

export interface Placement {
  program: Pick<Program, 'id' | 'nameZh' | 'nameEn'>;
  pairId: number;
  mentee: Person;
  mentor: Person;
  load: number;
  capacity: number;
  /** the pair the mentee had before, ended as 'rematched', and its mentors */
  ended?: { pairId: number; mentors: Person[] };
  /** the mentee's applications the assignment withdrew, with the mentors they were addressed to */
  withdrawn: { applicationId: number; rank: number; mentor: Person }[];
}

const conflict = (zh: string, en: string, detail?: Record<string, unknown>): DomainError => new DomainError('conflict', { zh, en }, detail);

/**
 * Pair `mentee` with `mentor` in `program` by assignment. With `rematch`, a pair with another mentor ends
 * first; without, a mentee who is already paired is refused (a draft row that went stale).
 */
export async function place(
  tx: Kysely<Database>,
  p: { program: Program; mentee: Person; mentor: Person; overrideCapacity: boolean; rematch: boolean },
): Promise<Placement> {
  const { program, mentee, mentor } = p;
  const existing = await pairs.activePairOf(tx, program.id, mentee.cadreId);
  if (existing?.mentorIds.includes(mentor.cadreId)) {
    throw conflict(`${mentor.name}已经是${mentee.name}的导师，无需重复指定。`, `${mentor.name} already mentors ${mentee.name}; nothing to assign.`, { reason: 'same_mentor' });
  }
  let ended: Placement['ended'];
  if (existing) {
    if (!p.rematch) throw conflict(`${mentee.name}已经有导师了。`, `${mentee.name} already has a mentor.`, { reason: 'paired' });
    await endPair(tx, existing.pairId, 'rematched');
    const people = await repo.people(tx, existing.mentorIds);
    ended = { pairId: existing.pairId, mentors: existing.mentorIds.flatMap((id) => people.get(id) ?? []) };
  }
  const formed = await formPair(tx, {
    programId: program.id, menteeId: mentee.cadreId, mentorId: mentor.cadreId, formedBy: 'assignment',
    overrideCapacity: p.overrideCapacity, batchId: await repo.batchOf(tx, program.id, mentee.cadreId), names: { mentor: mentor.name, mentee: mentee.name },
  });
  const closed = await withdrawForAssignment(tx, program.id, mentee);
  const addressed = await repo.people(tx, closed.map((c) => c.mentorId));
  return {
    program: { id: program.id, nameZh: program.nameZh, nameEn: program.nameEn }, pairId: formed.pairId, mentee, mentor,
    load: formed.load, capacity: formed.capacity, ...(ended ? { ended } : {}),
    withdrawn: closed.flatMap((c) => { const m = addressed.get(c.mentorId); return m ? [{ applicationId: c.id, rank: c.rank, mentor: m }] : []; }),
  };
}

export interface AssignInput {
  programId: unknown;
  menteeOpenId: string;
  mentorOpenId: string;
  overrideCapacity: boolean;
}

/** One assignment from the 指定 card's form. */
export async function assignPair(tx: Kysely<Database>, actor: Actor, input: AssignInput, opts: { eventId?: string } = {}): Promise<Placement> {
  const program = await assignableProgram(tx, actor, input.programId);
  if (!input.menteeOpenId || !input.mentorOpenId) throw new DomainError('invalid_input', { zh: '请同时选择培养对象和导师。', en: 'Please choose both a mentee and a mentor.' });
  const mentee = await person(tx, input.menteeOpenId, { zh: '培养对象', en: 'mentee' });
  const mentor = await person(tx, input.mentorOpenId, { zh: '导师', en: 'mentor' });
  if (mentee.cadreId === mentor.cadreId) throw new DomainError('invalid_input', { zh: '培养对象和导师不能是同一个人。', en: 'The mentee and the mentor cannot be the same person.' });
  if (!(await poolMember(tx, program.id, 'mentor', mentor.cadreId))) throw notInPool(program, mentor, 'mentor');
  if (!(await poolMember(tx, program.id, 'mentee', mentee.cadreId))) throw notInPool(program, mentee, 'mentee');
  if ((await repo.avoided(tx, program.id)).has(`${mentee.cadreId}:${mentor.cadreId}`)) {
    throw conflict(`组织已设定${mentee.name}与${mentor.name}回避结对，不能指定。`, `The organisation has set ${mentee.name} and ${mentor.name} to avoid being paired; this cannot be assigned.`, { reason: 'avoid' });
  }
  const placed = await place(tx, { program, mentee, mentor, overrideCapacity: input.overrideCapacity, rematch: true });
  await audit.record(tx, {
    actor: actor.openId, action: 'pair.assign', target: `pair:${placed.pairId}`, ...(opts.eventId ? { eventId: opts.eventId } : {}),
    detail: {
      programId: program.id, mentee: { cadreId: mentee.cadreId, name: mentee.name }, mentor: { cadreId: mentor.cadreId, name: mentor.name },
      overrideCapacity: input.overrideCapacity, load: placed.load, capacity: placed.capacity, endedPairId: placed.ended?.pairId ?? null,
      withdrawnApplications: placed.withdrawn.map((w) => w.applicationId),
    },
  });
  return placed;
}

async function person(tx: Kysely<Database>, openId: string, role: { zh: string; en: string }): Promise<Person> {
  const a = await cadres.findActor(tx, openId);
  if (!a) throw new DomainError('not_found', { zh: `所选${role.zh}不在引航名册中，或已离开。`, en: `The chosen ${role.en} is not on the Yinhang roster, or has left.` });
  return { cadreId: a.cadreId, openId: a.openId, name: a.name, unitPath: a.unitPath, active: true };
}

function notInPool(program: Program, who: Person, role: 'mentor' | 'mentee'): DomainError {
  const r = role === 'mentor' ? { zh: '导师', en: 'mentor' } : { zh: '培养对象', en: 'mentee' };
  return new DomainError('not_eligible', {
    zh: `${who.name}不在“${program.nameZh}”的${r.zh}名单中。如确需指定，请先在“调整名单”中把其纳入${r.zh}名单。`,
    en: `${who.name} is not in the ${r.en} pool of "${program.nameEn}". To assign them, include them as a ${r.en} first (Adjust pools).`,
  }, { reason: 'not_in_pool', role });
}

export type AssignOverviewProgram = AssignProgramLine;

/** The 指定 card: every running program with its pools, unpaired mentees and free places. */
export async function assignOverview(tx: Kysely<Database>, actor: Actor): Promise<AssignOverviewProgram[]> {
  authorize(actor, 'pairs.assign');
  const out: AssignOverviewProgram[] = [];
  for (const program of await programs.list(tx, { activeOnly: true })) {
    const c = await loadCandidates(tx, program);
    out.push({
      programId: program.id, nameZh: program.nameZh, nameEn: program.nameEn, mentors: c.mentors.length, mentees: c.menteePool.length,
      unpaired: c.unpaired.length, freePlaces: c.mentors.reduce((s, m) => s + Math.max(0, m.capacity - m.load), 0),
    });
  }
  return out;
}
