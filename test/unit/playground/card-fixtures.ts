// Realistic inputs for the bot's own card builders, so the renderer tests draw the cards users really get.
import type { Evaluation, Revision } from '../../../src/db/repositories/evaluation-repository';
import type { Session } from '../../../src/db/repositories/school-repository';
import type { ApprovalItem } from '../../../src/services/evaluation-approval';
import type { Evidence } from '../../../src/services/evaluation-evidence';
import type { RateItem } from '../../../src/services/evaluation-view';
import type { Statistics } from '../../../src/services/statistics-types';

/** Shapes an attacker might type as a name or a message. */
export const XSS_NAME = '<img src=x onerror=alert(1)>';
export const XSS_BREAKOUT = '"><script>alert(1)</script>';
export const XSS_LINK = '[点我 click](javascript:alert(1))';

export const PEOPLE = [
  { openId: 'ou_mentor_1', name: '韩德明', unitPath: '武隆区/火炉镇' },
  { openId: 'ou_mentor_2', name: '秦雅芳', unitPath: '武隆区/火炉镇' },
  { openId: 'ou_mentee_1', name: '许一帆', unitPath: '武隆区/火炉镇/党政办' },
  { openId: 'ou_evil', name: XSS_NAME, unitPath: '武隆区/"><b>单位' },
];

const evidence: Evidence = {
  quarter: '2025Q3', activeFrom: '2025-07-01', activeTo: '2025-10-01',
  reports: { due: 13, submitted: 11, late: 2 }, tutoringMinutes: 540,
  plan: { confirmed: true, done: 3, total: 5 },
  school: { present: 9, expected: 10, rate: 0.9 },
  seminar: { invited: 1, submitted: 1, presented: 1 },
};

export function evaluation(id: number, menteeName: string, mentorName = '韩德明'): Evaluation {
  return {
    id, pairId: 100 + id, programId: 1, programNameZh: '年轻干部“导师帮带”', programNameEn: 'Young cadre mentoring',
    programAssessorId: null, quarter: '2025Q3', menteeUnitId: 3, menteeUnitPath: '武隆区/火炉镇/党政办', status: 'open',
    evidence, mentorSelf: '每周辅导一次，重点是公文写作。', menteeSelf: null,
    mentee: { cadreId: 200 + id, name: menteeName, openId: `ou_mentee_${id}` },
    mentors: [{ cadreId: 300 + id, name: mentorName, openId: 'ou_mentor_1', lead: true }],
  };
}

export function revision(id: number, evaluationId: number, over: Partial<Revision> = {}): Revision {
  return {
    id, evaluationId, revision: 1, rating: 'excellent', comment: '进步明显，材料写作能力提升快。', correctionReason: null,
    assessor: { cadreId: 900, name: '周评定', openId: 'ou_assessor' }, status: 'pending', batchId: 1,
    submittedAt: new Date('2025-10-09T02:00:00Z'), decidedBy: null, decidedAt: null, returnReason: null, ...over,
  };
}

export function rateItems(): RateItem[] {
  return [
    { evaluation: evaluation(1, '许一帆') },
    {
      evaluation: evaluation(2, XSS_NAME),
      returned: revision(11, 2, { rating: 'good', comment: `请补充 ${XSS_BREAKOUT}`, status: 'returned', returnReason: '证据不足', decidedBy: { cadreId: 901, name: '李书记', openId: 'ou_leader' }, decidedAt: new Date('2025-10-10T02:00:00Z') }),
    },
  ];
}

export function approvalItems(): ApprovalItem[] {
  return [
    { evaluation: evaluation(1, '许一帆'), revision: revision(21, 1), previous: undefined },
    { evaluation: evaluation(2, XSS_NAME), revision: revision(22, 2, { rating: 'fail', comment: "it's bad' onmouseover='alert(1)" }), previous: undefined },
    { evaluation: evaluation(3, '陈晓'), revision: revision(23, 3, { status: 'approved', rating: 'good', decidedBy: { cadreId: 901, name: '李书记', openId: 'ou_leader' }, decidedAt: new Date('2025-10-11T02:00:00Z') }), previous: undefined },
  ];
}

const rate = (submitted: number, due: number) => ({ submitted, due, rate: due === 0 ? null : submitted / due });

export function statistics(): Statistics {
  const weeks = Array.from({ length: 13 }, (_, i) => `2025-W${String(28 + i).padStart(2, '0')}`);
  const figures = {
    mentors: 12, pairsActive: 15, pairsEnded: 2, menteesCovered: 15,
    forms: { oneToOne: 10, oneToMany: 3, manyToOne: 2 },
    reports4: rate(50, 60), reports13: rate(170, 195), tutoringMinutes: 4200,
    ratings: { quarter: '2025Q3', excellent: 4, good: 7, pass: 3, fail: 1, unapproved: 2 },
    staff: { open: 1, done: 2 },
  };
  return {
    scope: { unitId: 1, path: '武隆区', name: '武隆区' },
    computedAt: new Date('2025-10-15T02:00:00Z'), computedOn: '2025-10-15', weeks,
    sentence: { mentors: 12, pairs: 15, youngCovered: 11 },
    total: { ...figures, school: { audience: 40, present: 33, leave: 3, absent: 4, rate: 33 / 37 }, seminar: { seminars: 2, invited: 15, submitted: 13, presented: 12 } },
    reportWeeks: weeks.map((week, i) => ({ week, ...rate(10 + (i % 4), 15) })),
    programs: [],
    units: [
      { unitId: 2, path: '武隆区/火炉镇', name: '火炉镇', mentors: 7, pairsActive: 9, menteesCovered: 9, reports13: rate(100, 117), school: { audience: 20, present: 17, leave: 1, absent: 2, rate: 17 / 19 } },
      { unitId: 4, path: `武隆区/${XSS_NAME}`, name: XSS_NAME, mentors: 5, pairsActive: 6, menteesCovered: 6, reports13: rate(70, 78), school: { audience: 20, present: 16, leave: 2, absent: 2, rate: 16 / 18 } },
    ],
  };
}

export function session(over: Partial<Session> = {}): Session {
  return {
    id: 42,
    series: {
      id: 5, name: '干部夜校 · 办公软件', weekday: 2, startTime: '19:30', durationMinutes: 90, place: '镇政府三楼会议室',
      audienceKind: 'program', audienceProgramId: 1, audienceUnitId: null, audienceUnitPath: null, teacherId: 77,
      startsOn: '2025-09-02', endsOn: null, active: true, pausedAt: null,
    },
    startsAt: new Date('2025-10-14T11:30:00Z'), place: '镇政府三楼会议室', topic: 'Word 中插入电子表格',
    materialsUrl: 'https://example.com/slides?id=1&v=2', status: 'scheduled', cancelReason: null, closedAt: null,
    teacher: { cadreId: 77, name: '刘老师', openId: 'ou_teacher', unitId: 2, unitPath: '武隆区/火炉镇', active: true },
    ...over,
  };
}
