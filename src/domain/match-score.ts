/**
 * How well a mentor suits a mentee (无缝对接: the mentor's strengths against the mentee's needs). Ranked
 * lexicographically — needs first, then unit closeness, then free capacity — and also folded into one
 * number for the optimal assignment, with weights that keep that order (each part is in [0, 1]).
 */
export interface MatchInput {
  /** catalogue codes, most wanted first */
  menteeNeeds: string[];
  menteeUnitPath: string;
  mentorStrengths: string[];
  mentorUnitPath: string;
  load: number;
  capacity: number;
}

export interface MatchScore {
  /** share of the mentee's needs (weighted by rank) the mentor is strong in */
  needs: number;
  /** the needs the mentor covers, in the mentee's order */
  matched: string[];
  /** shared part of the two unit paths: 1 = same office */
  unit: number;
  /** free share of the mentor's capacity */
  free: number;
  total: number;
}

export function matchScore(m: MatchInput): MatchScore {
  const strengths = new Set(m.mentorStrengths);
  const weight = (rank: number): number => m.menteeNeeds.length - rank;
  const all = m.menteeNeeds.reduce((sum, _n, i) => sum + weight(i), 0);
  const matched = m.menteeNeeds.filter((n) => strengths.has(n));
  const got = m.menteeNeeds.reduce((sum, n, i) => sum + (strengths.has(n) ? weight(i) : 0), 0);
  const needs = all === 0 ? 0 : got / all;
  const a = m.menteeUnitPath.split('/');
  const b = m.mentorUnitPath.split('/');
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  const unit = common / Math.max(a.length, b.length, 1);
  const free = m.capacity <= 0 ? 0 : Math.max(0, m.capacity - m.load) / m.capacity;
  return { needs, matched, unit, free, total: round(needs * 100 + unit * 10 + free) };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Best first: needs, then unit closeness, then free capacity. */
export function compareMatch(a: MatchScore, b: MatchScore): number {
  return b.needs - a.needs || b.unit - a.unit || b.free - a.free;
}

/** "热门": a mentor with at most one place left is shown as in demand. */
export function isPopular(load: number, capacity: number): boolean {
  return capacity > 0 && capacity - load <= 1;
}
