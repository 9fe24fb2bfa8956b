import { sql, type Kysely } from 'kysely';
import type { Database } from '../database';

/** What the evidence needs to know about a pair: its life span, its mentee, and its program's report day. */
export interface EvidencePair {
  pairId: number;
  menteeId: number;
  formedAt: Date;
  endedAt: Date | null;
  /** ISO weekday (1 = Monday) the program's weekly report is due */
  reportWeekday: number;
}

export interface ReportWeek {
  pairId: number;
  week: string;
  late: boolean;
}

export interface TutoringMinutes {
  pairId: number;
  /** the record's local date 'YYYY-MM-DD', as the reporter picked it */
  date: string;
  minutes: number;
}

export interface PlanProgress {
  pairId: number;
  confirmed: boolean;
  /** items done with done_at in the range asked for */
  done: number;
  /** items in the plan now */
  total: number;
}

/**
 * The quarterly evaluation's evidence (效果测评的佐证) for many pairs at once: each method is one query over
 * all the pairs asked for, so opening a quarter for hundreds of pairs costs a handful of queries.
 */
export class EvidenceRepository {
  async pairs(tx: Kysely<Database>, pairIds: number[]): Promise<EvidencePair[]> {
    if (pairIds.length === 0) return [];
    const rows = await tx.selectFrom('pairs').innerJoin('programs', 'programs.id', 'pairs.program_id')
      .select(['pairs.id', 'pairs.mentee_id', 'pairs.formed_at', 'pairs.ended_at', 'programs.report_weekday'])
      .where('pairs.id', 'in', pairIds).orderBy('pairs.id').execute();
    return rows.map((r) => ({
      pairId: r.id, menteeId: r.mentee_id, formedAt: new Date(r.formed_at), endedAt: r.ended_at ? new Date(r.ended_at) : null, reportWeekday: r.report_weekday,
    }));
  }

  /** The pairs' reports for any of the given ISO weeks. */
  async reportWeeks(tx: Kysely<Database>, pairIds: number[], weeks: string[]): Promise<ReportWeek[]> {
    if (pairIds.length === 0 || weeks.length === 0) return [];
    const rows = await tx.selectFrom('weekly_reports').select(['pair_id', 'iso_week', 'late'])
      .where('pair_id', 'in', pairIds).where('iso_week', 'in', weeks).orderBy('pair_id').orderBy('iso_week').execute();
    return rows.map((r) => ({ pairId: r.pair_id, week: r.iso_week, late: r.late }));
  }

  /**
   * Tutoring records (from any report of the pairs) dated in [from, to), local dates. A record's date is what
   * the reporter picked, which need not lie in the report's week, so the records are unpacked rather than the
   * reports filtered by week.
   */
  async tutoring(tx: Kysely<Database>, pairIds: number[], from: string, to: string): Promise<TutoringMinutes[]> {
    if (pairIds.length === 0) return [];
    const rows = await sql<{ pair_id: number; date: string; minutes: string | null }>`
      select r.pair_id, left(t.rec->>'date', 10) as date, t.rec->>'minutes' as minutes
        from weekly_reports r
        cross join lateral jsonb_array_elements(case when jsonb_typeof(r.tutoring) = 'array' then r.tutoring else '[]'::jsonb end) as t(rec)
       where r.pair_id in (${sql.join(pairIds)})
         and left(t.rec->>'date', 10) >= ${from} and left(t.rec->>'date', 10) < ${to}
       order by r.pair_id, date`.execute(tx);
    return rows.rows
      .map((r) => ({ pairId: Number(r.pair_id), date: r.date, minutes: Number(r.minutes) }))
      .filter((r) => Number.isFinite(r.minutes));
  }

  /** Per pair with a plan: whether it is confirmed, its items now, and those done in [from, to). */
  async planProgress(tx: Kysely<Database>, pairIds: number[], from: Date, to: Date): Promise<PlanProgress[]> {
    if (pairIds.length === 0) return [];
    const rows = await sql<{ pair_id: number; status: string; total: number; done: number }>`
      select p.pair_id, p.status, count(i.id)::int as total,
             count(i.id) filter (where i.status = 'done' and i.done_at >= ${from} and i.done_at < ${to})::int as done
        from plans p left join plan_items i on i.plan_id = p.id
       where p.pair_id in (${sql.join(pairIds)})
       group by p.pair_id, p.status
       order by p.pair_id`.execute(tx);
    return rows.rows.map((r) => ({ pairId: Number(r.pair_id), confirmed: r.status === 'confirmed', done: Number(r.done), total: Number(r.total) }));
  }
}
