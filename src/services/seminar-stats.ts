import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database';

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

/** Seminars starting in [from, to), optionally of one program. */
export async function seminarStats(tx: Kysely<Database>, range: { from: Date; to: Date; programId?: number }): Promise<SeminarStats> {
  const program = range.programId === undefined ? sql`true` : sql`s.program_id = ${range.programId}`;
  const byProgram = await sql<{ program_id: number; name_zh: string; name_en: string; seminars: number; invited: number; submitted: number; presented: number }>`
    select s.program_id, p.name_zh, p.name_en, count(distinct s.id)::int as seminars,
           count(e.pair_id)::int as invited, count(e.submitted_at)::int as submitted, count(*) filter (where e.presented)::int as presented
      from seminars s join programs p on p.id = s.program_id left join seminar_entries e on e.seminar_id = s.id
     where s.status <> 'cancelled' and s.starts_at >= ${range.from} and s.starts_at < ${range.to} and ${program}
     group by s.program_id, p.name_zh, p.name_en order by s.program_id`.execute(tx);
  const byUnit = await sql<{ unit_id: number; path: string; invited: number; submitted: number; presented: number }>`
    select u.id as unit_id, u.path, count(*)::int as invited, count(e.submitted_at)::int as submitted, count(*) filter (where e.presented)::int as presented
      from seminars s join seminar_entries e on e.seminar_id = s.id join pairs pr on pr.id = e.pair_id
      join cadres c on c.id = pr.mentee_id join units u on u.id = c.unit_id
     where s.status <> 'cancelled' and s.starts_at >= ${range.from} and s.starts_at < ${range.to} and ${program}
     group by u.id, u.path order by u.path`.execute(tx);
  const programs = byProgram.rows.map((r) => ({
    programId: r.program_id, nameZh: r.name_zh, nameEn: r.name_en,
    seminars: Number(r.seminars), invited: Number(r.invited), submitted: Number(r.submitted), presented: Number(r.presented),
  }));
  const total = programs.reduce<ParticipationFigures>((t, p) => ({ seminars: t.seminars + p.seminars, invited: t.invited + p.invited, submitted: t.submitted + p.submitted, presented: t.presented + p.presented }), { seminars: 0, invited: 0, submitted: 0, presented: 0 });
  return {
    total, programs,
    units: byUnit.rows.map((r) => ({ unitId: r.unit_id, unitPath: r.path, invited: Number(r.invited), submitted: Number(r.submitted), presented: Number(r.presented) })),
  };
}
