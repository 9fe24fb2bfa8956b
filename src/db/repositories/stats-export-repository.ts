import { sql, type Kysely } from 'kysely';
import type { Database, PairEndReason, PairStatus, Rating, RevisionStatus } from '../database';
import { inSubtree, owedWeeks, type ScopeUnit, type WindowWeek } from './stats-repository';

/** The per-pair and per-evaluation lines of the statistics export, for the pairs of a unit's subtree. */

export interface PairLine {
  pairId: number;
  program: string;
  mentee: string;
  unitPath: string;
  mentors: string[];
  mentorCount: number;
  /** the lead mentor's active pairs in the program */
  leadLoad: number;
  status: PairStatus;
  formedAt: Date;
  endedAt: Date | null;
  endReason: PairEndReason | null;
}

export interface ReportLine {
  pairId: number;
  due: number;
  submitted: number;
  late: number;
  tutoringMinutes: number;
}

export interface EvaluationLine {
  quarter: string;
  program: string;
  mentee: string;
  unitPath: string;
  mentors: string[];
  /** the standing approved rating, or the latest proposal with its status */
  rating: Rating | null;
  status: RevisionStatus | 'open';
  comment: string;
  assessor: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
}

export class StatsExportRepository {
  async pairs(tx: Kysely<Database>, scope: ScopeUnit): Promise<PairLine[]> {
    const rows = await sql<{ id: number; program: string; mentee: string; path: string; mentors: string[]; n: number; lead_load: number; status: PairStatus; formed_at: Date; ended_at: Date | null; end_reason: PairEndReason | null }>`
      select p.id, pr.name_zh as program, m.name as mentee, u.path,
             array(select c.name from pair_mentors pm join cadres c on c.id = pm.mentor_id where pm.pair_id = p.id order by pm.lead desc, pm.added_at) as mentors,
             (select count(*) from pair_mentors pm where pm.pair_id = p.id)::int as n,
             (select count(*) from pairs p2 join pair_mentors pm2 on pm2.pair_id = p2.id
               where p2.program_id = p.program_id and p2.status = 'active'
                 and pm2.mentor_id = (select pm.mentor_id from pair_mentors pm where pm.pair_id = p.id order by pm.lead desc, pm.added_at limit 1))::int as lead_load,
             p.status, p.formed_at, p.ended_at, p.end_reason
        from pairs p join programs pr on pr.id = p.program_id join cadres m on m.id = p.mentee_id join units u on u.id = m.unit_id
       where ${inSubtree('u.path', scope.path)}
       order by pr.id, u.path, m.name, p.id`.execute(tx);
    return rows.rows.map((r) => ({
      pairId: r.id, program: r.program, mentee: r.mentee, unitPath: r.path, mentors: r.mentors, mentorCount: Number(r.n), leadLoad: Number(r.lead_load),
      status: r.status, formedAt: r.formed_at, endedAt: r.ended_at, endReason: r.end_reason,
    }));
  }

  /** Per pair in scope: reports owed and handed in over the window (as stats-repository counts them), and tutoring minutes. */
  async reports(tx: Kysely<Database>, scope: ScopeUnit, weeks: WindowWeek[]): Promise<ReportLine[]> {
    if (weeks.length === 0) return [];
    const rows = await sql<{ pair_id: number; due: number; submitted: number; late: number; minutes: number }>`
      with ${owedWeeks(scope, weeks)}
      select o.pair_id, count(*)::int as due, count(r.id)::int as submitted, count(*) filter (where r.late)::int as late,
             coalesce(sum(r.tutoring_minutes), 0)::int as minutes
        from owed o left join weekly_reports r on r.pair_id = o.pair_id and r.iso_week = o.week
       group by o.pair_id`.execute(tx);
    return rows.rows.map((r) => ({ pairId: r.pair_id, due: Number(r.due), submitted: Number(r.submitted), late: Number(r.late), tutoringMinutes: Number(r.minutes) }));
  }

  async evaluations(tx: Kysely<Database>, scope: ScopeUnit): Promise<EvaluationLine[]> {
    const rows = await sql<{ quarter: string; program: string; mentee: string; path: string; mentors: string[]; rating: Rating | null; status: RevisionStatus | null; comment: string | null; assessor: string | null; decided_by: string | null; decided_at: Date | null }>`
      select e.quarter, pr.name_zh as program, m.name as mentee, u.path,
             array(select c.name from pair_mentors pm join cadres c on c.id = pm.mentor_id where pm.pair_id = e.pair_id order by pm.lead desc, pm.added_at) as mentors,
             r.rating, r.status, r.comment, a.name as assessor, d.name as decided_by, r.decided_at
        from evaluations e join programs pr on pr.id = e.program_id join pairs p on p.id = e.pair_id join cadres m on m.id = p.mentee_id
        join units u on u.id = e.mentee_unit_id
        left join lateral (
          select * from evaluation_revisions x where x.evaluation_id = e.id
           order by (x.status = 'approved') desc, x.revision desc limit 1) r on true
        left join cadres a on a.id = r.assessor_id left join cadres d on d.id = r.decided_by
       where ${inSubtree('u.path', scope.path)}
       order by e.quarter desc, pr.id, u.path, m.name`.execute(tx);
    return rows.rows.map((r) => ({
      quarter: r.quarter, program: r.program, mentee: r.mentee, unitPath: r.path, mentors: r.mentors, rating: r.rating, status: r.status ?? 'open',
      comment: r.comment ?? '', assessor: r.assessor, decidedBy: r.decided_by, decidedAt: r.decided_at,
    }));
  }
}
