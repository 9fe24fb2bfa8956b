import { describe, expect, it } from 'vitest';
import { anniversary, compareDates, completedYears, isCalendarDate, rangesOverlap } from '../../../src/domain/calendar-date';
import { requireBatchFits, requireCapacity, requireTerm } from '../../../src/domain/program-rules';
import { inScope, judgeMembership, TRACKS, type Candidate, type Program } from '../../../src/domain/programs';
import { DomainError } from '../../../src/domain/domain-error';
import { requireTracks } from '../../../src/domain/catalogue';

describe('calendar dates', () => {
  it('knows real days from impossible ones', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('1900-02-29')).toBe(false);
    expect(isCalendarDate('2000-02-29')).toBe(true);
    expect(isCalendarDate('2023-2-1')).toBe(false);
    expect(isCalendarDate('2023-04-31')).toBe(false);
  });

  it('orders, counts whole years and finds anniversaries without time zones', () => {
    expect(compareDates('2023-01-31', '2023-02-01')).toBe(-1);
    expect(completedYears('1990-12-31', '2023-12-30')).toBe(32);
    expect(completedYears('1990-12-31', '2023-12-31')).toBe(33);
    expect(anniversary('2020-02-29', 3)).toBe('2023-03-01');
    expect(anniversary('2020-02-29', 4)).toBe('2024-02-29');
  });

  it('treats ranges as inclusive: sharing one day is an overlap, touching is not', () => {
    expect(rangesOverlap({ start: '2023-03-01', end: '2023-03-31' }, { start: '2023-03-31', end: '2023-04-30' })).toBe(true);
    expect(rangesOverlap({ start: '2023-03-01', end: '2023-03-31' }, { start: '2023-04-01', end: '2023-04-30' })).toBe(false);
  });
});

describe('program rules', () => {
  const code = (fn: () => unknown) => {
    try {
      fn();
      return 'ok';
    } catch (e) {
      return e instanceof DomainError ? e.code : 'other';
    }
  };

  it('refuses an end before the start and accepts an open end', () => {
    expect(code(() => requireTerm('2023-02-01', '2023-01-31'))).toBe('invalid_input');
    expect(code(() => requireTerm('2023-02-01', '2023-02-01'))).toBe('ok');
    expect(code(() => requireTerm('2023-02-01', null))).toBe('ok');
    expect(code(() => requireTerm('2023-02-30', null))).toBe('invalid_input');
  });

  it('keeps capacity within 1..50', () => {
    expect(requireCapacity('1')).toBe(1);
    expect(requireCapacity('50')).toBe(50);
    for (const bad of ['0', '51', '2.5', 'x', '-3']) expect(code(() => requireCapacity(bad))).toBe('invalid_input');
  });

  it('refuses a batch that overlaps another or leaves the term, and names the clash', () => {
    const program = { startDate: '2023-03-01', endDate: '2023-07-31' };
    const others = [{ number: 1, startDate: '2023-03-01', endDate: '2023-03-31' }];
    expect(code(() => requireBatchFits({ number: 2, startDate: '2023-04-01', endDate: '2023-04-30' }, others, program))).toBe('ok');
    expect(() => requireBatchFits({ number: 2, startDate: '2023-03-31', endDate: '2023-04-30' }, others, program)).toThrow(/overlaps batch 1/);
    expect(() => requireBatchFits({ number: 6, startDate: '2023-08-01', endDate: '2023-08-31' }, others, program)).toThrow(/outside the program's term/);
    // a batch may be re-checked against a list that contains itself
    expect(code(() => requireBatchFits(others[0]!, others, program))).toBe('ok');
  });

  it('reads catalogue tracks separated by ; and refuses unknown ones', () => {
    expect(requireTracks('young;village')).toEqual(['young', 'village']);
    expect(code(() => requireTracks('young;elderly'))).toBe('invalid_input');
  });
});

describe('pool membership', () => {
  const program: Program = {
    ...TRACKS.young_mentoring, id: 1, code: 'p', track: 'young_mentoring', nameZh: '导师引航', nameEn: 'Mentoring', startDate: '2023-02-01', endDate: null,
    unitId: 1, unitPath: '武隆区/火炉镇', defaultCapacity: 3, active: true, allowCoMentors: false, nudgeDays: 3, expireDays: 7, reportWeekday: 5, reportTime: '16:00', evalOpenWorkday: 1, evalAssessorId: null,
  };
  const young = (over: Partial<Candidate> = {}): Candidate => ({
    cadreId: 1, openId: 'ou_1', name: '甲', unitPath: '武隆区/火炉镇/党政办', category: 'young', birthDate: '1995-01-01', hireDate: '2018-01-01', active: true, ...over,
  });

  it('scope is a subtree by whole path segments', () => {
    expect(inScope('武隆区/火炉镇', '武隆区/火炉镇')).toBe(true);
    expect(inScope('武隆区/火炉镇', '武隆区/火炉镇/石梁村')).toBe(true);
    expect(inScope('武隆区/火炉', '武隆区/火炉镇/石梁村')).toBe(false);
  });

  it('an eligible young cadre in scope is in the mentee pool by the rules', () => {
    expect(judgeMembership(program, 'mentee', young(), undefined)).toMatchObject({ inPool: true, via: 'rule', eligible: true });
  });

  it('an include overrides the rule, and the reasons still show the rule', () => {
    const j = judgeMembership(program, 'mentee', young({ birthDate: '1970-01-01' }), 'include');
    expect(j).toMatchObject({ inPool: true, via: 'include' });
    expect(j.reasons.map((r) => r.zh).join('|')).toMatch(/组织部指定.*已满 35 岁/);
  });

  it('an exclude wins over the rules; an inactive cadre is never in a pool', () => {
    expect(judgeMembership(program, 'mentee', young(), 'exclude')).toMatchObject({ inPool: false, via: 'excluded' });
    expect(judgeMembership(program, 'mentee', young({ active: false }), 'include')).toMatchObject({ inPool: false, via: 'inactive' });
  });

  it('a mentee is judged on the batch start date when seconded', () => {
    const { mentorCategories, menteeCategories, menteeRule } = TRACKS.village_secondment;
    const village: Program = { ...program, track: 'village_secondment', mentorCategories, menteeCategories, menteeRule, startDate: '2023-03-01' };
    const person = young({ category: 'village', birthDate: '1988-04-15' });
    expect(judgeMembership(village, 'mentee', person, undefined).eligible).toBe(true);
    expect(judgeMembership(village, 'mentee', person, undefined, { number: 3, startDate: '2023-05-01' })).toMatchObject({ eligible: false, status: 'not_eligible' });
  });
});
