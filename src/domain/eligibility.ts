import type { MenteeRule } from '../db/database';
import type { Bilingual } from '../lark/cards/card-kit';
import { anniversary, compareDates, completedYears } from './calendar-date';
import { addDays } from './iso-week';

/**
 * Who may be a mentee, as PROGRAM.md states it: a young cadre is "35岁以下、或近三年新招录" (under 35, or
 * recruited in the last three years); a seconded village cadre is "35岁以下" (under 35). Every answer says why,
 * in words an admin or the cadre can check against the roster, because both the bot and the admin tools show it.
 *
 * Dates are 'YYYY-MM-DD'. A missing date is never guessed: the answer is "not eligible" with status 'unknown'
 * and a reason naming the missing date, unless the other criterion already makes the person eligible.
 */
export const AGE_LIMIT = 35;
export const RECENT_HIRE_YEARS = 3;

export type DateField = 'birth_date' | 'hire_date';

export interface Eligibility {
  eligible: boolean;
  /** 'unknown': not eligible on what is known, and a missing date might change that */
  status: 'eligible' | 'not_eligible' | 'unknown';
  reasons: Bilingual[];
  missing: DateField[];
}

export interface PersonDates {
  birthDate: string | null;
  hireDate: string | null;
}

/** One criterion: met, not met, or cannot tell (null), with the sentence that says which. */
interface Check {
  met: boolean | null;
  reason: Bilingual;
  missing?: DateField;
}

/** Age in whole years on `onDate`. Born 29 February: the birthday falls on 1 March in common years. */
export function ageOn(birthDate: string, onDate: string): number {
  return completedYears(birthDate, onDate);
}

/** "35岁以下": the 35th birthday has not yet come on `onDate`. Exactly 35 that day is no longer under 35. */
export function checkUnder35(birthDate: string | null, onDate: string): Check {
  if (!birthDate) {
    return { met: null, missing: 'birth_date', reason: { zh: `缺少出生日期，无法判断 ${onDate} 时是否未满 35 岁`, en: `birth date missing: cannot tell whether under 35 on ${onDate}` } };
  }
  if (compareDates(birthDate, onDate) > 0) {
    return { met: null, reason: { zh: `出生日期 ${birthDate} 晚于 ${onDate}，请核对名册`, en: `birth date ${birthDate} is after ${onDate}; please check the roster` } };
  }
  const age = ageOn(birthDate, onDate);
  return age < AGE_LIMIT
    ? { met: true, reason: { zh: `${onDate} 时 ${age} 岁，未满 35 岁`, en: `aged ${age} on ${onDate}, under 35` } }
    : { met: false, reason: { zh: `${onDate} 时 ${age} 岁，已满 35 岁`, en: `aged ${age} on ${onDate}, not under 35` } };
}

/**
 * "近三年新招录": hired on or before the start and no more than three years before it. Hired exactly three
 * years before the start date counts as within (the third anniversary is the start day itself, so the third
 * year is only just complete); one day earlier does not. Hired 29 February: anniversaries fall on 1 March.
 */
export function checkRecentHire(hireDate: string | null, startDate: string): Check {
  if (!hireDate) {
    return { met: null, missing: 'hire_date', reason: { zh: '缺少入职日期，无法判断是否近三年新招录', en: 'hire date missing: cannot tell whether hired within the last 3 years' } };
  }
  if (compareDates(hireDate, startDate) > 0) {
    return { met: false, reason: { zh: `入职于 ${hireDate}，晚于项目开始日期 ${startDate}`, en: `hired on ${hireDate}, after the start on ${startDate}` } };
  }
  return compareDates(anniversary(hireDate, RECENT_HIRE_YEARS), startDate) >= 0
    ? { met: true, reason: { zh: `入职于 ${hireDate}，在项目开始（${startDate}）前三年内`, en: `hired on ${hireDate}, within the 3 years before the start on ${startDate}` } }
    : { met: false, reason: { zh: `入职于 ${hireDate}，早于项目开始（${startDate}）前三年`, en: `hired on ${hireDate}, more than 3 years before the start on ${startDate}` } };
}

/** 导师引航: under 35 on the start date, OR hired within the 3 years before it. Either one suffices. */
export function youngCadreEligibility(person: PersonDates, startDate: string): Eligibility {
  return anyOf([checkUnder35(person.birthDate, startDate), checkRecentHire(person.hireDate, startDate)]);
}

/** 挂职锻炼: a village cadre under 35 on the batch's (or the program's) start date. */
export function villageYoungEligibility(person: PersonDates, startDate: string): Eligibility {
  return anyOf([checkUnder35(person.birthDate, startDate)]);
}

/** The rule a program's mentees must meet, evaluated on `startDate`. */
export function menteeRuleEligibility(rule: MenteeRule, person: PersonDates, startDate: string): Eligibility {
  switch (rule) {
    case 'young_cadre':
      return youngCadreEligibility(person, startDate);
    case 'village_young':
      return villageYoungEligibility(person, startDate);
    case 'none':
      return { eligible: true, status: 'eligible', missing: [], reasons: [{ zh: '本项目对年龄和入职时间没有要求', en: 'this program has no age or hire-date requirement' }] };
  }
}

/**
 * The same rule as date ranges, for counting in the database without judging person by person: on `onDate` a
 * person meets it when born in [bornFrom, onDate] or hired in [hiredFrom, onDate] (a range that is absent does not
 * apply; `everyone` when the rule asks nothing). The ends are found with `anniversary` itself, so 29 February and
 * "exactly 35 that day" fall the same way as in the checks above; the unit tests hold the two forms together.
 */
export interface RuleWindow {
  onDate: string;
  everyone: boolean;
  bornFrom: string | null;
  hiredFrom: string | null;
}

export function ruleWindow(rule: MenteeRule, onDate: string): RuleWindow {
  // the first birth date whose 35th birthday is still to come on onDate
  const bornFrom = firstDay(anniversary(onDate, -AGE_LIMIT), (b) => compareDates(anniversary(b, AGE_LIMIT), onDate) > 0);
  // the first hire date whose third anniversary is onDate or later
  const hiredFrom = firstDay(anniversary(onDate, -RECENT_HIRE_YEARS), (h) => compareDates(anniversary(h, RECENT_HIRE_YEARS), onDate) >= 0);
  switch (rule) {
    case 'young_cadre':
      return { onDate, everyone: false, bornFrom, hiredFrom };
    case 'village_young':
      return { onDate, everyone: false, bornFrom, hiredFrom: null };
    case 'none':
      return { onDate, everyone: true, bornFrom: null, hiredFrom: null };
  }
}

/** The first day near `guess` that passes `ok`; anniversaries only move forward with the date, so ok is monotone. */
function firstDay(guess: string, ok: (d: string) => boolean): string {
  let d = guess;
  while (ok(d)) d = addDays(d, -1);
  while (!ok(d)) d = addDays(d, 1);
  return d;
}

function anyOf(checks: Check[]): Eligibility {
  const eligible = checks.some((c) => c.met === true);
  const missing = checks.flatMap((c) => (c.missing ? [c.missing] : []));
  const undecided = checks.some((c) => c.met === null);
  // The criterion that decided comes first, so a one-line summary shows the reason that matters.
  const ordered = [...checks].sort((a, b) => rank(a, eligible) - rank(b, eligible));
  return {
    eligible,
    status: eligible ? 'eligible' : undecided ? 'unknown' : 'not_eligible',
    reasons: ordered.map((c) => c.reason),
    missing: eligible ? [] : missing,
  };
}

function rank(check: Check, eligible: boolean): number {
  if (eligible) return check.met === true ? 0 : 1;
  return check.met === null ? 0 : 1;
}
