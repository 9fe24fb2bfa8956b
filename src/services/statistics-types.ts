import type { ProgramTrack } from '../db/database';
import type { AttendanceFigures } from './night-school-stats';
import type { ParticipationFigures } from './seminar-stats';

/**
 * What 统计 / stats reports, for a scope (a unit and everything below it). Definitions, in one place:
 *
 * - A pair is **in scope** when its mentee's unit (today's roster) is the scope unit or below it.
 * - **Mentors**: distinct active cadres who mentor an active pair in scope (a co-mentored pair counts each
 *   of its mentors; a mentor of several pairs counts once). **Pairs**: active pairs in scope; `pairsEnded`
 *   counts ended ones. **Mentees covered**: distinct mentees of active pairs in scope.
 * - The article's sentence: 优秀导师 = mentors over all programs, 帮带对子 = active pairs over all programs,
 *   优秀年轻干部 = distinct mentees of active pairs whose category is 年轻干部 (young), over all programs.
 * - **Eligible**: the program's mentee pool (rules, eligibility, inclusions and exclusions) within the scope;
 *   **coverage** = eligible mentees with an active pair ÷ eligible (null when none is eligible).
 * - **Form** of an active pair: 多带一 (many-to-one) with two or more mentors; otherwise 一带多 (one-to-many)
 *   when its mentor has two or more active pairs in the program (anywhere), else 一带一 (one-to-one).
 * - **Weekly reports**: over the last 13 complete ISO weeks (and the last 4 of them), a pair owes the week's
 *   report when the program's report day of that week falls while the pair was active (formed on or before
 *   that day, not ended before it); `submitted` counts those weeks with a report (late ones included).
 *   Ended pairs count for the weeks they were active. **Tutoring minutes**: the minutes recorded in the
 *   reports of those 13 weeks by pairs in scope.
 * - **Night school**: attendance of people in scope over closed sessions of the last 13 weeks
 *   (night-school-stats.ts). **Seminars**: participation of pairs in scope in seminars of the last 13 weeks
 *   (seminar-stats.ts).
 * - **Ratings**: the last completed quarter's evaluations of pairs in scope (by the mentee's unit when the
 *   quarter opened): the standing approved rating of each, and how many are still open or waiting.
 * - **Staff-meeting items**: of mentors whose unit is in scope; open and done (voided ones are not counted). Per
 *   program: the items of those mentors who mentor a pair (active or ended) of the program.
 */

export interface Rate {
  due: number;
  submitted: number;
  /** submitted ÷ due; null when nothing was due */
  rate: number | null;
}

export interface RatingFigures {
  quarter: string;
  excellent: number;
  good: number;
  pass: number;
  fail: number;
  /** opened but not yet approved (open, returned or waiting for a leader) */
  unapproved: number;
}

export interface FormFigures {
  oneToOne: number;
  oneToMany: number;
  manyToOne: number;
}

export interface ReportWeek extends Rate {
  week: string;
}

export interface BatchFigures {
  number: number;
  startDate: string;
  endDate: string;
  members: number;
  answered: number;
  /** the abilities most wanted, by weighted votes (3/2/1), at most three */
  top: { nameZh: string; nameEn: string; score: number }[];
}

export interface Figures {
  mentors: number;
  pairsActive: number;
  pairsEnded: number;
  menteesCovered: number;
  forms: FormFigures;
  reports4: Rate;
  reports13: Rate;
  tutoringMinutes: number;
  ratings: RatingFigures;
  staff: { open: number; done: number };
}

export interface ProgramStats extends Figures {
  programId: number;
  code: string;
  nameZh: string;
  nameEn: string;
  track: ProgramTrack;
  eligible: number;
  eligibleCovered: number;
  coverage: number | null;
  seminar: ParticipationFigures;
  /** village secondment only */
  batches: BatchFigures[];
}

export interface UnitStats {
  unitId: number;
  path: string;
  name: string;
  mentors: number;
  pairsActive: number;
  menteesCovered: number;
  reports13: Rate;
  school: AttendanceFigures;
}

export interface Statistics {
  scope: { unitId: number; path: string; name: string };
  computedAt: Date;
  /** 'YYYY-MM-DD', in the program's time zone */
  computedOn: string;
  /** the 13 weeks, oldest first */
  weeks: string[];
  sentence: { mentors: number; pairs: number; youngCovered: number };
  total: Figures & { school: AttendanceFigures; seminar: ParticipationFigures };
  /** the 13 weeks' report completion over all programs, for the chart */
  reportWeeks: ReportWeek[];
  programs: ProgramStats[];
  /** the scope unit's children, each rolled up over its subtree (empty for a leaf unit) */
  units: UnitStats[];
}
