import { describe, expect, it } from 'vitest';
import { menteeRuleEligibility, ruleWindow, type RuleWindow } from '../../../src/domain/eligibility';
import { addDays } from '../../../src/domain/iso-week';
import type { MenteeRule } from '../../../src/db/database';

// What the database does with a window (statistics count the eligible in SQL this way).
const within = (d: string | null, from: string | null, to: string) => d !== null && from !== null && d >= from && d <= to;
const meets = (w: RuleWindow, birthDate: string | null, hireDate: string | null) =>
  w.everyone || within(birthDate, w.bornFrom, w.onDate) || within(hireDate, w.hiredFrom, w.onDate);

// Start dates around the edges the calendar has: leap days, the days beside them, year ends.
const STARTS = ['2023-02-01', '2024-02-28', '2024-02-29', '2024-03-01', '2025-02-28', '2025-03-01', '2026-11-30', '2027-01-01', '2028-02-29', '2026-12-31'];
const RULES: MenteeRule[] = ['young_cadre', 'village_young', 'none'];

describe('a rule as date ranges (ruleWindow) decides exactly as the rule judged person by person', () => {
  it('agrees for every birth and hire date within a fortnight of either limit, missing dates included', () => {
    let checked = 0;
    for (const start of STARTS) {
      for (const rule of RULES) {
        const w = ruleWindow(rule, start);
        const births = [null, addDays(start, 1), start, ...Array.from({ length: 29 }, (_, i) => addDays(w.bornFrom ?? ruleWindow('young_cadre', start).bornFrom!, i - 14))];
        const hires = [null, addDays(start, 1), start, ...Array.from({ length: 29 }, (_, i) => addDays(ruleWindow('young_cadre', start).hiredFrom!, i - 14))];
        for (const b of births) for (const h of hires) {
          expect(meets(w, b, h), `${rule} on ${start}: born ${b}, hired ${h}`).toBe(menteeRuleEligibility(rule, { birthDate: b, hireDate: h }, start).eligible);
          checked++;
        }
      }
    }
    expect(checked).toBe(STARTS.length * RULES.length * 32 * 32);
  });

  it('puts the limits where the rule does, 29 February included', () => {
    // 35 on the start day is no longer under 35; born a day later still is
    expect(ruleWindow('young_cadre', '2026-11-30')).toEqual({ onDate: '2026-11-30', everyone: false, bornFrom: '1991-12-01', hiredFrom: '2023-11-30' });
    // born 29 Feb 1992: the 35th birthday falls on 1 March 2027, so on 28 Feb 2027 they are still 34
    expect(ruleWindow('village_young', '2027-02-28')).toEqual({ onDate: '2027-02-28', everyone: false, bornFrom: '1992-02-29', hiredFrom: null });
    expect(ruleWindow('none', '2026-11-30').everyone).toBe(true);
  });
});
