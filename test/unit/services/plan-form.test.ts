import { describe, expect, it } from 'vitest';
import { parsePlanForm, pickedDate } from '../../../src/services/plan-form';

const opt = (code: string) => ({ code, nameZh: code, nameEn: code, tracks: ['young'] });
const catalogue = { abilities: [opt('research')], methods: [opt('shadowing')], measures: [opt('deliver_tasks')], earliestDue: '2024-03-01' };

describe('plan form', () => {
  it('reads the day a Lark date picker sent, and rejects non-days', () => {
    expect(pickedDate('2024-03-05 +0800')).toBe('2024-03-05');
    expect(pickedDate('')).toBeUndefined();
    expect(pickedDate('2024-02-30 +0800')).toBe('');
    expect(pickedDate(20240305)).toBe('');
  });

  it('keeps filled rows in order and skips empty ones', () => {
    const f = parsePlanForm({ profile: 'administrative_leader', focus: ['research', 'research'], methods: 'shadowing', measure_2: 'deliver_tasks', title_2: ' 落实任务 ', due_2: '2024-03-01 +0800' }, catalogue);
    expect(f).toEqual({ targetProfile: 'administrative_leader', focus: ['research'], methods: ['shadowing'], items: [{ measure: 'deliver_tasks', title: '落实任务', dueDate: '2024-03-01' }] });
  });

  it('refuses rows beyond three, half rows and dates before the pair formed', () => {
    expect(() => parsePlanForm({ measure_4: 'deliver_tasks', title_4: 'x' }, catalogue)).toThrow(/At most 3/);
    expect(() => parsePlanForm({ due_1: '2024-05-01 +0800' }, catalogue)).toThrow(/Measure 1/);
    expect(() => parsePlanForm({ measure_1: 'deliver_tasks', title_1: 'x', due_1: '2024-02-29 +0800' }, catalogue)).toThrow(/before the pair was formed/);
  });
});
