import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { SecondmentRepository, type BatchOfProgram } from '../db/repositories/secondment-repository';
import { NeedsRepository } from '../db/repositories/needs-repository';
import { PairRepository } from '../db/repositories/pair-repository';
import { ProgramRepository } from '../db/repositories/program-repository';
import { AuditRepository } from '../db/repositories/audit-repository';
import type { Actor } from '../domain/actor';
import { DomainError } from '../domain/domain-error';
import { compareDates } from '../domain/calendar-date';
import { compareMatch, isPopular, matchScore } from '../domain/match-score';
import type { Bilingual } from '../lark/cards/card-kit';
import { deniedOn } from './authorization';
import { mentorPool, poolMember } from './programs';
import { formPair } from './pairing';
import { rowId } from '../domain/row-id';

/**
 * 挂职锻炼: a village cadre serving in a batch claims (认领) a mentor from the program's pool. Claiming pairs
 * at once (no acceptance step: the article has the cadre choose, the mentor is assigned by the claim), but
 * only while the batch runs, and through formPair, so a mentor's last place goes to exactly one claim.
 */

const repo = new SecondmentRepository();
const needsRepo = new NeedsRepository();
const pairs = new PairRepository();
const programs = new ProgramRepository();
const audit = new AuditRepository();

export const CLAIM_PAGE_SIZE = 5;

export type BatchState = 'upcoming' | 'open' | 'ended';

/** A batch runs from its start date to its end date inclusive, on the program's calendar (Asia/Shanghai). */
export function batchState(b: Pick<BatchOfProgram, 'startDate' | 'endDate'>, today: string): BatchState {
  if (compareDates(today, b.startDate) < 0) return 'upcoming';
  if (compareDates(today, b.endDate) > 0) return 'ended';
  return 'open';
}

/** The batch that matters now: the one running, else the next to start, else the last one. */
export function currentBatch<B extends Pick<BatchOfProgram, 'startDate' | 'endDate'>>(batches: B[], today: string): B | undefined {
  return batches.find((b) => batchState(b, today) === 'open')
    ?? batches.filter((b) => batchState(b, today) === 'upcoming').sort((a, b) => compareDates(a.startDate, b.startDate))[0]
    ?? batches[batches.length - 1];
}

const NOT_VILLAGE = { zh: '认领导师面向挂职锻炼的村社干部。如有疑问，请联系组织部。', en: 'Claiming a mentor is for village cadres on secondment. Please contact the organisation department if in doubt.' };
const NO_BATCH = { zh: '您还没有被安排到挂职锻炼批次，暂时不能认领导师。请联系组织部。', en: 'You are not in a secondment batch yet, so you cannot claim a mentor. Please contact the organisation department.' };

/** The batch this cadre serves in: of the given program, or the one that matters now. Refusals are audited. */
export async function seatOf(tx: Kysely<Database>, actor: Actor, today: string, programId?: number): Promise<BatchOfProgram> {
  const target = programId === undefined ? 'secondment' : `program:${programId}`;
  if (actor.category !== 'village') throw deniedOn(actor, 'pair.claim', target, NOT_VILLAGE);
  const mine = (await repo.batchesOf(tx, actor.cadreId)).filter((b) => programId === undefined ? b.programOpen : b.programId === programId);
  const batch = currentBatch(mine, today);
  if (!batch) throw deniedOn(actor, 'pair.claim', target, NO_BATCH);
  if (!batch.programOpen) throw new DomainError('conflict', { zh: `“${batch.programNameZh}”已停用，不能认领导师。`, en: `"${batch.programNameEn}" is no longer running; mentors cannot be claimed.` });
  return batch;
}

export function stateRefusal(batch: BatchOfProgram, state: BatchState): DomainError | undefined {
  if (state === 'upcoming') {
    return new DomainError('conflict', { zh: `第 ${batch.number} 批挂职还未开始（${batch.startDate} 开始），开始后才能认领导师。`, en: `Batch ${batch.number} has not started yet (it starts on ${batch.startDate}); you can claim a mentor once it starts.` }, { reason: 'upcoming' });
  }
  if (state === 'ended') {
    return new DomainError('conflict', { zh: `第 ${batch.number} 批挂职已结束（${batch.endDate}），不能再认领导师。`, en: `Batch ${batch.number} has ended (${batch.endDate}); mentors can no longer be claimed.` }, { reason: 'ended' });
  }
  return undefined;
}

export interface ClaimCandidate {
  cadreId: number;
  name: string;
  unitPath: string;
  /** the cadre's needs this mentor is strong in, most wanted first */
  matched: Bilingual[];
  load: number;
  capacity: number;
  popular: boolean;
  full: boolean;
}

export interface ClaimView {
  programId: number;
  programNameZh: string;
  programNameEn: string;
  batch: { number: number; startDate: string; endDate: string; state: BatchState };
  /** what the ranking is based on */
  needs: Bilingual[];
  /** the mentor(s) already claimed in this program, if any */
  current: string[];
  page: number;
  pages: number;
  total: number;
  mentors: ClaimCandidate[];
}

/** The program's mentors, best match first (needs, unit, free places), full ones last; one page of them. */
export async function claimView(tx: Kysely<Database>, actor: Actor, today: string, opts: { programId?: number; page?: number } = {}): Promise<ClaimView> {
  const batch = await seatOf(tx, actor, today, opts.programId);
  const current = await pairs.activePairOf(tx, batch.programId, actor.cadreId);
  const ranked = current ? [] : await rankMentors(tx, actor, batch);
  const pages = Math.max(1, Math.ceil(ranked.length / CLAIM_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.trunc(opts.page ?? 1) || 1), pages);
  const names = current ? (await pairs.pairsOf(tx, actor.cadreId, { activeOnly: true })).find((p) => p.pairId === current.pairId)?.mentors.map((m) => m.name) ?? [] : [];
  return {
    programId: batch.programId, programNameZh: batch.programNameZh, programNameEn: batch.programNameEn,
    batch: { number: batch.number, startDate: batch.startDate, endDate: batch.endDate, state: batchState(batch, today) },
    needs: (await menteeNeeds(tx, actor, batch.batchId)).map((a) => ({ zh: a.nameZh, en: a.nameEn })),
    current: names, page, pages, total: ranked.length,
    mentors: ranked.slice((page - 1) * CLAIM_PAGE_SIZE, page * CLAIM_PAGE_SIZE),
  };
}

/** The needs claims are ranked on: the cadre's own, else their survey answer for the batch. */
async function menteeNeeds(tx: Kysely<Database>, actor: Actor, batchId: number): Promise<{ code: string; nameZh: string; nameEn: string }[]> {
  const own = await needsRepo.needsOf(tx, actor.cadreId);
  if (own.length > 0) return own;
  const answer = await repo.survey(tx, batchId, actor.cadreId);
  const byCode = new Map((await needsRepo.abilities(tx)).map((a) => [a.code, a]));
  return (answer?.choices ?? []).map((c) => byCode.get(c)).filter((a) => a !== undefined);
}

async function rankMentors(tx: Kysely<Database>, actor: Actor, batch: BatchOfProgram): Promise<ClaimCandidate[]> {
  const avoided = await repo.avoided(tx, batch.programId, actor.cadreId);
  const pool = (await mentorPool(tx, batch.programId)).filter((m) => m.cadreId !== actor.cadreId && !avoided.has(m.cadreId));
  const [loads, strengths, needs, abilities] = await Promise.all([
    pairs.mentorLoads(tx, batch.programId), repo.strengthCodes(tx, pool.map((m) => m.cadreId)),
    menteeNeeds(tx, actor, batch.batchId), needsRepo.abilities(tx),
  ]);
  const defaultCapacity = (await programs.findById(tx, batch.programId))?.defaultCapacity ?? 0;
  const byCode = new Map(abilities.map((a) => [a.code, a]));
  const scored = pool.map((m) => {
    const { load, capacity } = loads.get(m.cadreId) ?? { load: 0, capacity: defaultCapacity };
    const score = matchScore({ menteeNeeds: needs.map((n) => n.code), menteeUnitPath: actor.unitPath, mentorStrengths: strengths.get(m.cadreId) ?? [], mentorUnitPath: m.unitPath, load, capacity });
    const candidate: ClaimCandidate = {
      cadreId: m.cadreId, name: m.name, unitPath: m.unitPath, load, capacity, full: load >= capacity, popular: isPopular(load, capacity),
      matched: score.matched.map((c) => byCode.get(c)).filter((a) => a !== undefined).map((a) => ({ zh: a.nameZh, en: a.nameEn })),
    };
    return { candidate, score };
  });
  scored.sort((a, b) => Number(a.candidate.full) - Number(b.candidate.full) || compareMatch(a.score, b.score) || a.candidate.cadreId - b.candidate.cadreId);
  return scored.map((s) => s.candidate);
}

export interface ClaimResult {
  pairId: number;
  programNameZh: string;
  programNameEn: string;
  batch: { batchId: number; number: number; startDate: string; endDate: string };
  mentor: { cadreId: number; name: string; openId: string | null; unitPath: string };
  mentee: { cadreId: number; name: string; unitPath: string };
  needs: Bilingual[];
  load: number;
  capacity: number;
}

/** 认领: pair the cadre with this mentor now, if the batch runs, they have no mentor yet and the mentor has room. */
export async function claimMentor(tx: Kysely<Database>, actor: Actor, input: { programId: number; mentorId: number; today: string; eventId?: string }): Promise<ClaimResult> {
  const batch = await seatOf(tx, actor, input.today, input.programId);
  const refusal = stateRefusal(batch, batchState(batch, input.today));
  if (refusal) throw refusal;
  const existing = await pairs.activePairOf(tx, batch.programId, actor.cadreId);
  if (existing) {
    throw new DomainError('conflict', { zh: '您在本项目中已经认领了导师，每人只能认领一位。如需更换，请联系组织部。', en: 'You have already claimed a mentor in this program; each cadre claims one. Contact the organisation department to change.' }, { reason: 'paired' });
  }
  const mentor = await poolMember(tx, batch.programId, 'mentor', input.mentorId);
  if (!mentor || mentor.cadreId === actor.cadreId || (await repo.avoided(tx, batch.programId, actor.cadreId)).has(mentor.cadreId)) {
    throw new DomainError('not_found', { zh: '这位导师不在本批次可认领的导师名单中，请重新发送“认领”查看。', en: 'This mentor is not among the mentors you can claim; send "claim" again to see the list.' });
  }
  const formed = await formPair(tx, { programId: batch.programId, menteeId: actor.cadreId, mentorId: mentor.cadreId, formedBy: 'claim', batchId: batch.batchId, names: { mentor: mentor.name, mentee: actor.name } });
  await audit.record(tx, {
    actor: actor.openId, action: 'pair.claim', target: `pair:${formed.pairId}`,
    detail: { programId: batch.programId, batchId: batch.batchId, mentorId: mentor.cadreId, menteeId: actor.cadreId }, ...(input.eventId ? { eventId: input.eventId } : {}),
  });
  return {
    pairId: formed.pairId, programNameZh: batch.programNameZh, programNameEn: batch.programNameEn,
    batch: { batchId: batch.batchId, number: batch.number, startDate: batch.startDate, endDate: batch.endDate },
    mentor: { cadreId: mentor.cadreId, name: mentor.name, openId: mentor.openId, unitPath: mentor.unitPath },
    mentee: { cadreId: actor.cadreId, name: actor.name, unitPath: actor.unitPath },
    needs: (await menteeNeeds(tx, actor, batch.batchId)).map((a) => ({ zh: a.nameZh, en: a.nameEn })),
    load: formed.load, capacity: formed.capacity,
  };
}

/** A positive integer id from a card button's value (`p`, `m`, `b`, `n`); anything else is an outdated or forged card. */
export function idFrom(value: Record<string, unknown>, key: string): number {
  const n = rowId(value[key]);
  if (!n) throw new DomainError('invalid_input', { zh: '这个按钮已失效，请重新发送“认领”或“帮助”。', en: 'This button is out of date; send "claim" or "help" again.' });
  return n;
}
