import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { NeedsRepository } from '../db/repositories/needs-repository';
import { PairRepository } from '../db/repositories/pair-repository';
import { compareMatch, isPopular, matchScore, type MatchScore } from '../domain/match-score';
import { mentorPool } from './programs';

export interface RankedMentor {
  cadreId: number;
  openId: string | null;
  name: string;
  unitPath: string;
  strengths: { code: string; nameZh: string; nameEn: string }[];
  load: number;
  capacity: number;
  popular: boolean;
  full: boolean;
  score: MatchScore;
}

const needsRepo = new NeedsRepository();
const pairs = new PairRepository();

/**
 * The program's mentors, best match first for this mentee: needs against strengths, then unit closeness,
 * then free capacity. `filter` keeps only mentors strong in that ability (a catalogue code).
 */
export async function rankMentors(tx: Kysely<Database>, programId: number, mentee: { cadreId: number; unitPath: string }, filter?: string): Promise<RankedMentor[]> {
  const [pool, needs, loads] = await Promise.all([
    mentorPool(tx, programId),
    needsRepo.needsOf(tx, mentee.cadreId),
    pairs.mentorLoads(tx, programId),
  ]);
  const defaultCapacity = (await pairs.settings(tx, programId))?.defaultCapacity ?? 0;
  const needCodes = needs.map((n) => n.code);
  const ranked: RankedMentor[] = [];
  for (const m of pool) {
    if (m.cadreId === mentee.cadreId) continue;
    const strengths = await needsRepo.strengthsOf(tx, m.cadreId);
    const codes = strengths.map((s) => s.code);
    if (filter && !codes.includes(filter)) continue;
    const { load, capacity } = loads.get(m.cadreId) ?? { load: 0, capacity: defaultCapacity };
    ranked.push({
      cadreId: m.cadreId, openId: m.openId, name: m.name, unitPath: m.unitPath,
      strengths: strengths.map((s) => ({ code: s.code, nameZh: s.nameZh, nameEn: s.nameEn })),
      load, capacity, popular: isPopular(load, capacity), full: load >= capacity,
      score: matchScore({ menteeNeeds: needCodes, menteeUnitPath: mentee.unitPath, mentorStrengths: codes, mentorUnitPath: m.unitPath, load, capacity }),
    });
  }
  return ranked.sort((a, b) => compareMatch(a.score, b.score) || a.name.localeCompare(b.name, 'zh'));
}
