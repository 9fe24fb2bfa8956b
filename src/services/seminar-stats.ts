import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { SeminarRepository } from '../db/repositories/seminar-repository';

/**
 * Seminar participation for the statistics views: per program and per unit (the mentee's own unit; callers
 * roll units up to a subtree by `unitPath`), how many pairs were invited (an entry row exists: the T−14
 * request, or a late pair), how many submitted an entry, and how many presented. Cancelled seminars are left
 * out; a pair invited to two seminars counts twice (figures are per seminar and pair).
 */

export interface ParticipationFigures {
  seminars: number;
  invited: number;
  submitted: number;
  presented: number;
}

export interface SeminarStats {
  total: ParticipationFigures;
  programs: (ParticipationFigures & { programId: number; nameZh: string; nameEn: string })[];
  units: (Omit<ParticipationFigures, 'seminars'> & { unitId: number; unitPath: string })[];
}

/** Seminars starting in [from, to), optionally of one program, optionally only pairs whose mentee is in a unit's subtree. */
export async function seminarStats(tx: Kysely<Database>, range: { from: Date; to: Date; programId?: number; unitPath?: string }): Promise<SeminarStats> {
  const { byProgram, byUnit } = await new SeminarRepository().participation(tx, range);
  const programs = byProgram.map((r) => ({
    programId: r.program_id, nameZh: r.name_zh, nameEn: r.name_en,
    seminars: Number(r.seminars), invited: Number(r.invited), submitted: Number(r.submitted), presented: Number(r.presented),
  }));
  const total = programs.reduce<ParticipationFigures>((t, p) => ({ seminars: t.seminars + p.seminars, invited: t.invited + p.invited, submitted: t.submitted + p.submitted, presented: t.presented + p.presented }), { seminars: 0, invited: 0, submitted: 0, presented: 0 });
  return {
    total, programs,
    units: byUnit.map((r) => ({ unitId: r.unit_id, unitPath: r.path, invited: Number(r.invited), submitted: Number(r.submitted), presented: Number(r.presented) })),
  };
}
