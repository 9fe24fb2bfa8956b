import { describe, expect, it } from 'vitest';
import { evidenceText } from '../../../src/lark/cards/evidence-text';
import type { Evidence } from '../../../src/services/evaluation-evidence';

const full: Evidence = {
  quarter: '2026Q3', activeFrom: '2026-07-01', activeTo: '2026-10-01',
  reports: { due: 13, submitted: 11, late: 1 },
  tutoringMinutes: 240,
  plan: { confirmed: true, done: 3, total: 5 },
  school: { present: 4, expected: 5, rate: 0.8 },
  seminar: { invited: 1, submitted: 1, presented: 1 },
};

describe('evidenceText', () => {
  it('every figure, in Chinese and English', () => {
    expect(evidenceText(full)).toEqual({
      zh: '周报 11/13 周（迟交 1） · 辅导 240 分钟 · 计划完成 3/5 项 · 夜校出勤 4/5 · 研讨会 已提交，已展示',
      en: 'Reports 11/13 weeks (1 late) · tutoring 240 min · plan 3/5 done · night school 4/5 · seminar submitted, presented',
    });
  });

  it('nothing due, no plan, no sessions, no seminar: says so instead of 0/0', () => {
    const none: Evidence = {
      ...full, activeFrom: '2026-10-01', activeTo: '2026-10-01',
      reports: { due: 0, submitted: 0, late: 0 }, tutoringMinutes: 0,
      plan: { confirmed: false, done: 0, total: 0 }, school: { present: 0, expected: 0, rate: null }, seminar: { invited: 0, submitted: 0, presented: 0 },
    };
    expect(evidenceText(none)).toEqual({
      zh: '周报 无应交 · 辅导 0 分钟 · 计划 未制定 · 夜校 无应出勤课程 · 研讨会 本季度无',
      en: 'Reports: none due · tutoring 0 min · no plan · night school: no sessions expected · no seminar this quarter',
    });
  });

  it('no late reports, a draft plan, an empty confirmed plan, a seminar not submitted, several seminars', () => {
    const e = (patch: Partial<Evidence>) => evidenceText({ ...full, ...patch });
    expect(e({ reports: { due: 13, submitted: 0, late: 0 } }).zh).toMatch(/^周报 0\/13 周 · /);
    expect(e({ reports: { due: 13, submitted: 0, late: 0 } }).en).toMatch(/^Reports 0\/13 weeks · /);
    expect(e({ plan: { confirmed: false, done: 1, total: 2 } })).toMatchObject({ zh: expect.stringContaining('计划完成 1/2 项（未确认）'), en: expect.stringContaining('plan 1/2 done (not confirmed)') });
    expect(e({ plan: { confirmed: true, done: 0, total: 0 } })).toMatchObject({ zh: expect.stringContaining('计划 无事项'), en: expect.stringContaining('plan has no items') });
    expect(e({ seminar: { invited: 1, submitted: 0, presented: 0 } })).toMatchObject({ zh: expect.stringMatching(/研讨会 未提交，未展示$/), en: expect.stringMatching(/seminar not submitted, not presented$/) });
    expect(e({ seminar: { invited: 2, submitted: 2, presented: 1 } })).toMatchObject({ zh: expect.stringMatching(/研讨会 提交 2\/2，展示 1$/), en: expect.stringMatching(/seminars submitted 2\/2, presented 1$/) });
  });
});
