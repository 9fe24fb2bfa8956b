import type { Rating } from '../db/database';
import { nextQuarter } from './quarter';

/**
 * 帮带制度不能流于形式: a mentor rated 优秀 in two consecutive quarters shares experience at the staff meeting
 * (经验交流); one rated 不合格 in two consecutive quarters makes a self-criticism there (检讨发言).
 *
 * - Only approved ratings count, quarter by quarter; "consecutive" means adjacent quarters (2026Q4 → 2027Q1),
 *   so a quarter without an approved rating breaks the run.
 * - A mentor of several pairs (一带多) and each mentor of a co-mentored pair (多带一) count every pair they
 *   mentor: a quarter is 优秀 for a mentor when any of their pairs was approved 优秀 (likewise 不合格).
 * - Two in a row make one item, then counting starts again: 优秀 ×3 is one item (Q1–Q2), ×4 two (Q1–Q2, Q3–Q4).
 *   Otherwise a third excellent quarter would summon the same mentor for the same streak a second time.
 * Pure: the service compares what is due now with the items that exist and creates or voids the difference.
 */

export type StaffMeetingKind = 'share' | 'self_criticism';

export interface DueItem {
  kind: StaffMeetingKind;
  firstQuarter: string;
  lastQuarter: string;
}

const TRIGGER: Record<StaffMeetingKind, Rating> = { share: 'excellent', self_criticism: 'fail' };

export function dueStaffItems(ratings: { quarter: string; rating: Rating }[]): DueItem[] {
  const byQuarter = new Map<string, Set<Rating>>();
  for (const r of ratings) byQuarter.set(r.quarter, (byQuarter.get(r.quarter) ?? new Set()).add(r.rating));
  const quarters = [...byQuarter.keys()].sort();
  const out: DueItem[] = [];
  for (const kind of ['share', 'self_criticism'] as const) {
    let run = 0;
    let previous: string | undefined;
    for (const q of quarters) {
      const hit = byQuarter.get(q)!.has(TRIGGER[kind]);
      run = !hit ? 0 : previous !== undefined && nextQuarter(previous) === q ? run + 1 : 1;
      if (run > 0 && run % 2 === 0) out.push({ kind, firstQuarter: previous!, lastQuarter: q });
      previous = q;
    }
  }
  return out;
}
