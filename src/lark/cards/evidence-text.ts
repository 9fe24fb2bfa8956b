import type { Evidence } from '../../services/evaluation-evidence';
import type { Bilingual } from './card-kit';

/**
 * The evidence as one compact line for a rating or approval card. Only numbers and fixed words, so it is safe
 * inside markdown as it is. Empty figures say what is missing ("no plan") rather than showing 0/0.
 */
export function evidenceText(e: Evidence): Bilingual {
  const parts: Bilingual[] = [reports(e.reports), tutoring(e.tutoringMinutes), plan(e.plan), school(e.school), seminar(e.seminar)];
  return { zh: parts.map((p) => p.zh).join(' · '), en: parts.map((p) => p.en).join(' · ') };
}

function reports(r: Evidence['reports']): Bilingual {
  if (r.due === 0) return { zh: '周报 无应交', en: 'Reports: none due' };
  return {
    zh: `周报 ${r.submitted}/${r.due} 周${r.late > 0 ? `（迟交 ${r.late}）` : ''}`,
    en: `Reports ${r.submitted}/${r.due} weeks${r.late > 0 ? ` (${r.late} late)` : ''}`,
  };
}

function tutoring(minutes: number): Bilingual {
  return { zh: `辅导 ${minutes} 分钟`, en: `tutoring ${minutes} min` };
}

function plan(p: Evidence['plan']): Bilingual {
  if (p.total === 0) return p.confirmed ? { zh: '计划 无事项', en: 'plan has no items' } : { zh: '计划 未制定', en: 'no plan' };
  const draft = p.confirmed ? { zh: '', en: '' } : { zh: '（未确认）', en: ' (not confirmed)' };
  return { zh: `计划完成 ${p.done}/${p.total} 项${draft.zh}`, en: `plan ${p.done}/${p.total} done${draft.en}` };
}

function school(s: Evidence['school']): Bilingual {
  if (s.expected === 0) return { zh: '夜校 无应出勤课程', en: 'night school: no sessions expected' };
  return { zh: `夜校出勤 ${s.present}/${s.expected}`, en: `night school ${s.present}/${s.expected}` };
}

function seminar(s: Evidence['seminar']): Bilingual {
  if (s.invited === 0) return { zh: '研讨会 本季度无', en: 'no seminar this quarter' };
  if (s.invited === 1) {
    return {
      zh: `研讨会 ${s.submitted > 0 ? '已提交' : '未提交'}，${s.presented > 0 ? '已展示' : '未展示'}`,
      en: `seminar ${s.submitted > 0 ? 'submitted' : 'not submitted'}, ${s.presented > 0 ? 'presented' : 'not presented'}`,
    };
  }
  return {
    zh: `研讨会 提交 ${s.submitted}/${s.invited}，展示 ${s.presented}`,
    en: `seminars submitted ${s.submitted}/${s.invited}, presented ${s.presented}`,
  };
}
