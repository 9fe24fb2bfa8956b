import { describe, expect, it } from 'vitest';
import { choiceWeight, tallyChoices } from '../../../src/domain/survey-tally';

describe('摸排 tally: weighted votes 3/2/1', () => {
  it('weighs a first choice 3, a second 2, a third 1', () => {
    expect([0, 1, 2].map(choiceWeight)).toEqual([3, 2, 1]);
  });

  it('ranks by weighted votes, not by how many chose an ability', () => {
    // rural_governance is chosen by all three, but only ever third: 3 points; mass_work is first twice: 6.
    const ranking = tallyChoices([
      ['mass_work', 'driving_development', 'rural_governance'],
      ['mass_work', 'case_handling', 'rural_governance'],
      ['driving_development', 'case_handling', 'rural_governance'],
    ]);
    expect(ranking.map((r) => [r.code, r.score, r.count, r.first])).toEqual([
      ['mass_work', 6, 2, 2],
      ['driving_development', 5, 2, 1],
      ['case_handling', 4, 2, 0],
      ['rural_governance', 3, 3, 0],
    ]);
  });

  it('breaks ties by more people, then more first choices, then menu order', () => {
    // a: 3 (one first choice); b: 2 + 1 = 3 (two people) → b first
    expect(tallyChoices([['a'], ['x', 'b'], ['y', 'z', 'b']]).slice(0, 2).map((r) => r.code)).toEqual(['b', 'a']);
    // c and d both 3 points from one first choice each → menu order decides
    expect(tallyChoices([['d'], ['c']], ['c', 'd']).map((r) => r.code)).toEqual(['c', 'd']);
    expect(tallyChoices([['d'], ['c']], ['d', 'c']).map((r) => r.code)).toEqual(['d', 'c']);
  });

  it('counts at most three choices per answer and nothing for no answers', () => {
    expect(tallyChoices([['a', 'b', 'c', 'd']]).map((r) => r.code)).toEqual(['a', 'b', 'c']);
    expect(tallyChoices([])).toEqual([]);
  });
});
