import { describe, expect, it } from 'vitest';
import { ageOn, checkRecentHire, checkUnder35, menteeRuleEligibility, villageYoungEligibility, youngCadreEligibility } from '../../../src/domain/eligibility';

const START = '2023-02-01';
const zh = (e: { reasons: { zh: string }[] }) => e.reasons.map((r) => r.zh).join(' | ');
const en = (e: { reasons: { en: string }[] }) => e.reasons.map((r) => r.en).join(' | ');
// Someone the hire-date rule can never rescue, so the age rule alone decides.
const LONG_SERVING = '2005-07-01';

describe('young cadre (导师引航): under 35 on the start date', () => {
  it('is no longer under 35 on the 35th birthday itself', () => {
    const e = youngCadreEligibility({ birthDate: '1988-02-01', hireDate: LONG_SERVING }, START);
    expect(e).toMatchObject({ eligible: false, status: 'not_eligible', missing: [] });
    expect(zh(e)).toContain('2023-02-01 时 35 岁，已满 35 岁');
    expect(en(e)).toContain('aged 35 on 2023-02-01, not under 35');
  });

  it('is under 35 the day before the 35th birthday', () => {
    const e = youngCadreEligibility({ birthDate: '1988-02-02', hireDate: LONG_SERVING }, START);
    expect(e.eligible).toBe(true);
    expect(e.reasons[0]).toEqual({ zh: '2023-02-01 时 34 岁，未满 35 岁', en: 'aged 34 on 2023-02-01, under 35' });
  });

  it('is 35 the day after the 35th birthday', () => {
    const e = youngCadreEligibility({ birthDate: '1988-01-31', hireDate: LONG_SERVING }, START);
    expect(e.eligible).toBe(false);
    expect(zh(e)).toContain('35 岁，已满 35 岁');
  });

  it('gives the concrete age in the reason', () => {
    const e = youngCadreEligibility({ birthDate: '1994-06-15', hireDate: LONG_SERVING }, START);
    expect(e.reasons[0]).toEqual({ zh: '2023-02-01 时 28 岁，未满 35 岁', en: 'aged 28 on 2023-02-01, under 35' });
  });
});

describe('young cadre (导师引航): hired within the 3 years before the start', () => {
  const OLD = '1980-05-05';

  it('counts someone hired exactly 3 years before the start date as within', () => {
    const e = youngCadreEligibility({ birthDate: OLD, hireDate: '2020-02-01' }, START);
    expect(e.eligible).toBe(true);
    expect(e.reasons[0]!.zh).toBe('入职于 2020-02-01，在项目开始（2023-02-01）前三年内');
  });

  it('does not count someone hired one day earlier', () => {
    const e = youngCadreEligibility({ birthDate: OLD, hireDate: '2020-01-31' }, START);
    expect(e).toMatchObject({ eligible: false, status: 'not_eligible' });
    expect(zh(e)).toContain('入职于 2020-01-31，早于项目开始（2023-02-01）前三年');
  });

  it('does not count someone hired after the start', () => {
    const e = youngCadreEligibility({ birthDate: OLD, hireDate: '2023-02-02' }, START);
    expect(e.eligible).toBe(false);
    expect(zh(e)).toContain('入职于 2023-02-02，晚于项目开始日期 2023-02-01');
    expect(en(e)).toContain('hired on 2023-02-02, after the start on 2023-02-01');
  });

  it('counts someone hired on the start day', () => {
    expect(checkRecentHire('2023-02-01', START).met).toBe(true);
  });

  it('needs only one of the two: an older cadre hired recently is eligible, a young one hired long ago too', () => {
    expect(youngCadreEligibility({ birthDate: '1984-03-16', hireDate: '2021-06-01' }, START).eligible).toBe(true);
    expect(youngCadreEligibility({ birthDate: '1998-03-16', hireDate: '2012-06-01' }, START).eligible).toBe(true);
  });
});

describe('missing dates are never guessed', () => {
  it('missing birth date and an old hire date: unknown, and the reason names the birth date', () => {
    const e = youngCadreEligibility({ birthDate: null, hireDate: '2010-01-01' }, START);
    expect(e).toMatchObject({ eligible: false, status: 'unknown', missing: ['birth_date'] });
    expect(e.reasons[0]!.zh).toContain('缺少出生日期');
    expect(e.reasons[0]!.en).toContain('birth date missing');
  });

  it('missing birth date but hired recently: eligible on the hire date alone', () => {
    const e = youngCadreEligibility({ birthDate: null, hireDate: '2022-07-01' }, START);
    expect(e).toMatchObject({ eligible: true, status: 'eligible', missing: [] });
    expect(zh(e)).toContain('缺少出生日期');
  });

  it('missing hire date and 35 or older: unknown, and the reason names the hire date', () => {
    const e = youngCadreEligibility({ birthDate: '1970-01-01', hireDate: null }, START);
    expect(e).toMatchObject({ eligible: false, status: 'unknown', missing: ['hire_date'] });
    expect(e.reasons[0]!.zh).toContain('缺少入职日期');
  });

  it('missing hire date but under 35: eligible', () => {
    expect(youngCadreEligibility({ birthDate: '1995-01-01', hireDate: null }, START)).toMatchObject({ eligible: true, status: 'eligible' });
  });

  it('both missing: unknown, naming both', () => {
    const e = youngCadreEligibility({ birthDate: null, hireDate: null }, START);
    expect(e).toMatchObject({ eligible: false, status: 'unknown', missing: ['birth_date', 'hire_date'] });
    expect(e.reasons).toHaveLength(2);
  });

  it('a village cadre without a birth date is unknown, not eligible', () => {
    expect(villageYoungEligibility({ birthDate: null, hireDate: '2020-01-01' }, '2023-03-01')).toMatchObject({ eligible: false, status: 'unknown', missing: ['birth_date'] });
  });

  it('a birth date after the start date is flagged, not turned into a negative age', () => {
    const c = checkUnder35('2024-01-01', START);
    expect(c.met).toBeNull();
    expect(c.reason.zh).toContain('请核对名册');
  });
});

describe('29 February', () => {
  it('someone born 2000-02-29 turns 35 on 2035-03-01 (1 March in a common year)', () => {
    expect(ageOn('2000-02-29', '2035-02-28')).toBe(34);
    expect(ageOn('2000-02-29', '2035-03-01')).toBe(35);
    expect(checkUnder35('2000-02-29', '2035-02-28').met).toBe(true);
    expect(checkUnder35('2000-02-29', '2035-03-01').met).toBe(false);
  });

  it('in a leap year the birthday is 29 February itself', () => {
    expect(ageOn('1996-02-29', '2024-02-28')).toBe(27);
    expect(ageOn('1996-02-29', '2024-02-29')).toBe(28);
  });

  it('a start date of 29 February works: someone born 1989-02-28 is 35 on 2024-02-29, born 1989-03-01 is 34', () => {
    expect(checkUnder35('1989-02-28', '2024-02-29').met).toBe(false);
    expect(checkUnder35('1989-03-01', '2024-02-29').met).toBe(true);
  });

  it('hired 2020-02-29: the third anniversary is 2023-03-01', () => {
    expect(checkRecentHire('2020-02-29', '2023-03-01').met).toBe(true);
    expect(checkRecentHire('2020-02-29', '2023-03-02').met).toBe(false);
  });

  it('a start on 2024-02-29 reaches back to 2021-03-01', () => {
    expect(checkRecentHire('2021-03-01', '2024-02-29').met).toBe(true);
    expect(checkRecentHire('2021-02-28', '2024-02-29').met).toBe(false);
  });
});

describe('the rule of a program', () => {
  it('village_young: under 35 on the batch start date, the hire date does not help', () => {
    expect(menteeRuleEligibility('village_young', { birthDate: '1988-03-01', hireDate: '2022-01-01' }, '2023-03-01')).toMatchObject({ eligible: false, status: 'not_eligible' });
    expect(menteeRuleEligibility('village_young', { birthDate: '1988-03-02', hireDate: null }, '2023-03-01')).toMatchObject({ eligible: true });
  });

  it('none: everyone, with a reason that says so', () => {
    const e = menteeRuleEligibility('none', { birthDate: null, hireDate: null }, START);
    expect(e.eligible).toBe(true);
    expect(e.reasons[0]!.zh).toContain('没有要求');
  });

  it('rejects a malformed date instead of guessing', () => {
    expect(() => youngCadreEligibility({ birthDate: '1990-02-30', hireDate: null }, START)).toThrow(RangeError);
  });
});
