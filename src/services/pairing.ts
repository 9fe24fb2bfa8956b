import type { Kysely } from 'kysely';
import type { Database, PairEndReason, PairFormedBy } from '../db/database';
import { PairRepository } from '../db/repositories/pair-repository';
import { ApplicationRepository } from '../db/repositories/application-repository';
import { DomainError } from '../domain/domain-error';

const pairs = new PairRepository();

export interface FormPairInput {
  programId: number;
  menteeId: number;
  mentorId: number;
  formedBy: PairFormedBy;
  batchId?: number | null;
  /** an admin confirmed going over the mentor's capacity */
  overrideCapacity?: boolean;
  /** join the mentee's existing pair as a co-mentor (多带一) instead of refusing */
  asCoMentor?: boolean;
  /** names for the messages a refusal carries */
  names?: { mentor: string; mentee: string };
}

export interface FormedPair {
  pairId: number;
  /** true when the mentor joined an existing pair as co-mentor */
  coMentor: boolean;
  load: number;
  capacity: number;
}

/**
 * Pair a mentee with a mentor, in the caller's transaction. The mentor's load is counted under an
 * advisory lock, so two decisions racing for a last place are serialised and exactly one wins; the
 * database's unique index keeps a mentee to one active pair per program. Refusals are DomainErrors that
 * say why, and change nothing.
 */
export async function formPair(tx: Kysely<Database>, input: FormPairInput): Promise<FormedPair> {
  const mentor = input.names?.mentor ?? '这位导师';
  const mentorEn = input.names?.mentor ?? 'This mentor';
  await pairs.lockMentor(tx, input.programId, input.mentorId);
  const { load, capacity } = await pairs.mentorLoad(tx, input.programId, input.mentorId);
  const existing = await pairs.activePairOf(tx, input.programId, input.menteeId);
  if (existing?.mentorIds.includes(input.mentorId)) {
    throw new DomainError('conflict', { zh: `${mentor}已经是这位培养对象的导师了。`, en: `${mentorEn} already mentors this mentee.` });
  }
  if (load >= capacity && !input.overrideCapacity) {
    throw new DomainError('conflict', {
      zh: `${mentor}的名额已满（${load}/${capacity}），不能再结对。`,
      en: `${mentorEn} is full (${load}/${capacity}) and cannot take another mentee.`,
    }, { reason: 'full', load, capacity });
  }
  if (existing) {
    if (!input.asCoMentor) {
      throw new DomainError('conflict', { zh: '这位培养对象在本项目中已经有导师了。', en: 'This mentee already has a mentor in this program.' }, { reason: 'paired', pairId: existing.pairId });
    }
    await pairs.addMentor(tx, existing.pairId, input.mentorId);
    return { pairId: existing.pairId, coMentor: true, load: load + 1, capacity };
  }
  const pairId = await pairs.create(tx, { programId: input.programId, menteeId: input.menteeId, mentorId: input.mentorId, formedBy: input.formedBy, batchId: input.batchId ?? null });
  if (pairId === undefined) {
    // Another decision paired this mentee a moment ago (the unique index said so).
    throw new DomainError('conflict', { zh: '这位培养对象刚刚已与其他导师结对。', en: 'This mentee was paired with another mentor a moment ago.' }, { reason: 'paired' });
  }
  return { pairId, coMentor: false, load: load + 1, capacity };
}

/** End a pair (completed, rematched, left); history stays. False when it had already ended. */
export function endPair(tx: Kysely<Database>, pairId: number, reason: PairEndReason): Promise<boolean> {
  return pairs.end(tx, pairId, reason);
}

/**
 * Cadres who left the roster (deactivated, never deleted): their pairs end with reason 'left' and their
 * open applications close, in the caller's transaction. History stays.
 */
export async function retireFromPairs(tx: Kysely<Database>, cadreIds: number[]): Promise<{ pairsEnded: number; applicationsClosed: number }> {
  const pairsEnded = await pairs.endAllOf(tx, cadreIds, 'left');
  const applicationsClosed = await new ApplicationRepository().closeAllOf(tx, cadreIds);
  return { pairsEnded, applicationsClosed };
}
