import { describe, expect, it } from 'vitest';
import { batchState, currentBatch, idFrom } from '../../../src/services/secondment';
import { addDays, noticeKey } from '../../../src/services/secondment-notices';

const b1 = { number: 1, startDate: '2031-02-01', endDate: '2031-02-28' };
const b2 = { number: 2, startDate: '2031-03-01', endDate: '2031-03-31' };
const b3 = { number: 3, startDate: '2031-04-01', endDate: '2031-04-30' };

describe('secondment batch calendar', () => {
  it('a batch is open from its start date to its end date, inclusive', () => {
    expect(batchState(b2, '2031-02-28')).toBe('upcoming');
    expect(batchState(b2, '2031-03-01')).toBe('open');
    expect(batchState(b2, '2031-03-31')).toBe('open');
    expect(batchState(b2, '2031-04-01')).toBe('ended');
  });

  it('the batch that matters is the running one, else the next, else the last', () => {
    expect(currentBatch([b1, b2, b3], '2031-03-15')?.number).toBe(2);
    expect(currentBatch([b3, b2, b1], '2031-01-15')?.number).toBe(1);
    expect(currentBatch([b1, b3], '2031-03-15')?.number).toBe(3);
    expect(currentBatch([b1, b2, b3], '2031-12-01')?.number).toBe(3);
    expect(currentBatch([], '2031-12-01')).toBeUndefined();
  });

  it('adds days across month and leap-year ends', () => {
    expect(addDays('2031-02-28', 1)).toBe('2031-03-01');
    expect(addDays('2032-02-28', 1)).toBe('2032-02-29');
    expect(addDays('2031-12-31', 7)).toBe('2032-01-07');
  });

  it('one dedupe key per batch, notice and person', () => {
    expect(noticeKey(4, 'open', 17)).toBe('batch:4:open:17');
    expect(noticeKey(4, 'close', 17)).not.toBe(noticeKey(4, 'open', 17));
  });

  it('takes only positive integer ids from a button value', () => {
    expect(idFrom({ p: 12 }, 'p')).toBe(12);
    expect(idFrom({ p: '12' }, 'p')).toBe(12);
    for (const bad of [undefined, 0, -1, 1.5, '1e3', 'x', [1], { n: 1 }]) expect(() => idFrom({ p: bad }, 'p')).toThrow(/out of date/);
  });
});
