import type { MatchScore } from './match-score';

/**
 * The score a proposed assignment maximises: the match score (needs × 100 + unit × 10 + free, see
 * match-score.ts) plus a bonus when the mentee has a pending application (志愿) to that mentor.
 *
 * The bonus is 12 per rank step: 36 for a first choice, 24 for a second, 12 for a third. Why these:
 * - Unit closeness and free capacity together are worth at most 11, so a mentee's own choice always beats
 *   them, and a higher-ranked choice always beats a lower one whatever the units (双向选择: the mentee's
 *   choice counts for more than the organisation's tidiness).
 * - Needs are worth up to 100, so a mentor who covers clearly more of the mentee's weighted needs (more
 *   than 36 points, roughly a third) still wins over even a first choice: matching strengths to needs
 *   (无缝对接) is the program's first rule, and the organisation's assignment overrides choices.
 */
export const APPLICATION_BONUS: Readonly<Record<number, number>> = { 1: 36, 2: 24, 3: 12 };

export function applicationBonus(rank: number | undefined): number {
  return rank === undefined ? 0 : APPLICATION_BONUS[rank] ?? 0;
}

/** The proposal's score of one pair, rounded to the three decimals the optimiser counts in. */
export function proposalScore(match: Pick<MatchScore, 'total'>, applicationRank?: number): number {
  return Math.round((match.total + applicationBonus(applicationRank)) * 1000) / 1000;
}
