/**
 * The pre-survey (摸排) count: each answer ranks up to three abilities; the first choice weighs 3, the
 * second 2, the third 1, so "what village cadres most want to learn" is a ranking, not a show of hands
 * (the article's result: 群众工作, 推动发展, 乡村治理).
 */
export const SURVEY_MAX_CHOICES = 3;
export const SURVEY_NOTE_MAX = 300;

export interface AbilityTally {
  code: string;
  /** weighted votes: 3 for a first choice, 2 for a second, 1 for a third */
  score: number;
  /** how many people chose it at any rank */
  count: number;
  /** how many put it first */
  first: number;
}

export function choiceWeight(rank: number): number {
  return Math.max(0, SURVEY_MAX_CHOICES - rank);
}

/**
 * Rank abilities by weighted votes; ties go to the one chosen by more people, then to more first choices,
 * then to menu order (`order`: catalogue codes in menu order), so the ranking is stable.
 */
export function tallyChoices(answers: string[][], order: string[] = []): AbilityTally[] {
  const byCode = new Map<string, AbilityTally>();
  for (const choices of answers) {
    choices.slice(0, SURVEY_MAX_CHOICES).forEach((code, rank) => {
      const t = byCode.get(code) ?? { code, score: 0, count: 0, first: 0 };
      t.score += choiceWeight(rank);
      t.count += 1;
      if (rank === 0) t.first += 1;
      byCode.set(code, t);
    });
  }
  const position = (code: string): number => {
    const i = order.indexOf(code);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return [...byCode.values()].sort((a, b) => b.score - a.score || b.count - a.count || b.first - a.first || position(a.code) - position(b.code) || a.code.localeCompare(b.code));
}
