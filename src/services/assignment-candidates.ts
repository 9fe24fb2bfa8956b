import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { AssignmentRepository } from '../db/repositories/assignment-repository';
import { NeedsRepository } from '../db/repositories/needs-repository';
import { PairRepository } from '../db/repositories/pair-repository';
import { ProgramRepository } from '../db/repositories/program-repository';
import { proposalScore } from '../domain/assignment-score';
import { DomainError } from '../domain/domain-error';
import { matchScore } from '../domain/match-score';
import type { Program } from '../domain/programs';
import type { Bilingual } from '../lark/cards/card-kit';
import type { Actor } from '../domain/actor';
import { authorize } from './authorization';
import { menteePool, mentorPool, type PoolEntry } from './programs';
import { rowId } from '../domain/row-id';

/**
 * Everything the organisation's assignment needs to know about one program, loaded in a fixed number of
 * queries: the pools, who is paired, each mentor's load and capacity, the avoid list, past pairs, pending
 * applications, needs and strengths. Shared by the single assignment and the whole-program proposal.
 */

const repo = new AssignmentRepository();
const pairs = new PairRepository();
const programs = new ProgramRepository();
const needsRepo = new NeedsRepository();

export interface MentorSlot extends PoolEntry {
  load: number;
  capacity: number;
}

export interface Fit {
  score: number;
  /** need codes the mentor is strong in, in the mentee's order */
  matched: string[];
  /** the mentee's pending application to this mentor, if any */
  rank?: number;
}

export interface ProgramCandidates {
  program: Program;
  menteePool: PoolEntry[];
  /** the mentee pool minus those with an active pair in the program */
  unpaired: PoolEntry[];
  mentors: MentorSlot[];
  /** why the proposal must not pair these two; undefined when it may */
  forbidden(menteeId: number, mentorId: number): 'self' | 'avoid' | 'ever_paired' | undefined;
  fit(mentee: Pick<PoolEntry, 'cadreId' | 'unitPath'>, mentor: Pick<MentorSlot, 'cadreId' | 'unitPath' | 'load' | 'capacity'>): Fit;
  abilityName(code: string): Bilingual;
}

/** The program for an admin's assignment action: authorised, existing and running. */
export async function assignableProgram(tx: Kysely<Database>, actor: Actor, programId: unknown): Promise<Program> {
  authorize(actor, 'pairs.assign', `program:${String(programId)}`);
  const id = rowId(programId);
  const program = id ? await programs.findById(tx, id) : undefined;
  if (!program) throw new DomainError('not_found', { zh: '这个项目已不存在，请重新发送“指定”。', en: 'That program no longer exists; send "assign" again.' });
  if (!program.active) throw new DomainError('conflict', { zh: `“${program.nameZh}”已停用，不能再指定结对。`, en: `"${program.nameEn}" is stopped; no more pairs can be assigned in it.` });
  return program;
}

export async function loadCandidates(tx: Kysely<Database>, program: Program, opts: { extraCadres?: number[] } = {}): Promise<ProgramCandidates> {
  const [mentees, mentorEntries, paired, loads, avoided, ever, ranks, abilities] = [
    await menteePool(tx, program.id), await mentorPool(tx, program.id), await repo.pairedMentees(tx, program.id),
    await pairs.mentorLoads(tx, program.id), await repo.avoided(tx, program.id), await pairs.everPaired(tx, program.id),
    await repo.pendingRanks(tx, program.id), await needsRepo.abilities(tx),
  ];
  const unpaired = mentees.filter((m) => !paired.has(m.cadreId));
  const mentors = mentorEntries.map((m) => ({ ...m, load: loads.get(m.cadreId)?.load ?? 0, capacity: loads.get(m.cadreId)?.capacity ?? program.defaultCapacity }));
  const ids = [...unpaired.map((m) => m.cadreId), ...(opts.extraCadres ?? [])];
  const needs = await repo.needCodes(tx, ids);
  const strengths = await repo.strengthCodes(tx, mentors.map((m) => m.cadreId));
  const names = new Map(abilities.map((a) => [a.code, { zh: a.nameZh, en: a.nameEn }]));
  return {
    program, menteePool: mentees, unpaired, mentors,
    forbidden(menteeId, mentorId) {
      const key = `${menteeId}:${mentorId}`;
      if (menteeId === mentorId) return 'self';
      if (avoided.has(key)) return 'avoid';
      if (ever.has(key)) return 'ever_paired';
      return undefined;
    },
    fit(mentee, mentor) {
      const match = matchScore({
        menteeNeeds: needs.get(mentee.cadreId) ?? [], menteeUnitPath: mentee.unitPath,
        mentorStrengths: strengths.get(mentor.cadreId) ?? [], mentorUnitPath: mentor.unitPath, load: mentor.load, capacity: mentor.capacity,
      });
      const rank = ranks.get(`${mentee.cadreId}:${mentor.cadreId}`);
      return { score: proposalScore(match, rank), matched: match.matched, ...(rank !== undefined ? { rank } : {}) };
    },
    abilityName: (code) => names.get(code) ?? { zh: code, en: code },
  };
}
