import { describe, expect, it } from 'vitest';
import type { Rating } from '../../../src/db/database';
import { dueStaffItems } from '../../../src/domain/staff-meeting-streaks';

const seq = (...xs: [string, Rating][]) => xs.map(([quarter, rating]) => ({ quarter, rating }));

describe('staff-meeting streaks (two consecutive approved ratings)', () => {
  it('优秀, 良好, 优秀: no item (not consecutive)', () => {
    expect(dueStaffItems(seq(['2026Q1', 'excellent'], ['2026Q2', 'good'], ['2026Q3', 'excellent']))).toEqual([]);
  });

  it('Q4 优秀 then next year Q1 优秀: an item across the year boundary', () => {
    expect(dueStaffItems(seq(['2026Q4', 'excellent'], ['2027Q1', 'excellent']))).toEqual([{ kind: 'share', firstQuarter: '2026Q4', lastQuarter: '2027Q1' }]);
  });

  it('不合格 twice: 检讨发言', () => {
    expect(dueStaffItems(seq(['2026Q2', 'fail'], ['2026Q3', 'fail']))).toEqual([{ kind: 'self_criticism', firstQuarter: '2026Q2', lastQuarter: '2026Q3' }]);
  });

  it('a quarter without a rating breaks the run', () => {
    expect(dueStaffItems(seq(['2026Q1', 'excellent'], ['2026Q3', 'excellent']))).toEqual([]);
  });

  it('counting restarts after an item: three in a row make one, four make two', () => {
    const three = seq(['2026Q1', 'fail'], ['2026Q2', 'fail'], ['2026Q3', 'fail']);
    expect(dueStaffItems(three).map((i) => i.lastQuarter)).toEqual(['2026Q2']);
    expect(dueStaffItems([...three, ...seq(['2026Q4', 'fail'])]).map((i) => i.lastQuarter)).toEqual(['2026Q2', '2026Q4']);
  });

  it('a mentor of several pairs: a quarter counts when any pair had the rating; both kinds can follow', () => {
    const ratings = seq(['2026Q1', 'excellent'], ['2026Q1', 'fail'], ['2026Q2', 'good'], ['2026Q2', 'excellent'], ['2026Q2', 'fail']);
    expect(dueStaffItems(ratings)).toEqual([
      { kind: 'share', firstQuarter: '2026Q1', lastQuarter: '2026Q2' },
      { kind: 'self_criticism', firstQuarter: '2026Q1', lastQuarter: '2026Q2' },
    ]);
  });

  it('order of input does not matter; 合格 and 良好 never trigger', () => {
    expect(dueStaffItems(seq(['2026Q3', 'excellent'], ['2026Q2', 'excellent']))).toHaveLength(1);
    expect(dueStaffItems(seq(['2026Q1', 'pass'], ['2026Q2', 'pass'], ['2026Q3', 'good'], ['2026Q4', 'good']))).toEqual([]);
  });
});
