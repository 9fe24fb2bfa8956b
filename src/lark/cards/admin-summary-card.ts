import { card, divider, escapeMarkdown, markdown, t, type Card, type CardElement } from './card-kit';
import { CATEGORY, TRACK } from './labels';
import { programButtons } from './program-cards';
import { surveyButtons } from './secondment-cards';
import type { CadreCategory, ProgramTrack } from '../../db/database';

export interface AdminSummary {
  roster: { byCategory: Partial<Record<CadreCategory, number>>; active: number; inactive: number; units: number };
  programs: {
    programId: number;
    nameZh: string; nameEn: string; track: ProgramTrack; active: boolean; startDate: string; endDate: string | null; unitPath: string;
    defaultCapacity: number; mentorPoolSize: number; menteeCandidates: number; eligibleMentees: number; capacity: number;
    batches: { number: number; startDate: string; endDate: string; members: number }[];
  }[];
}

const ORDER: CadreCategory[] = ['leader_member', 'young', 'senior', 'village', 'other'];

/** For admins: who is on the roster and how each program's pools look. */
export function adminSummaryCard(s: AdminSummary): Card {
  const cats = ORDER.filter((c) => s.roster.byCategory[c]).map((c) => ({ zh: `${CATEGORY[c].zh} ${s.roster.byCategory[c]}`, en: `${CATEGORY[c].en} ${s.roster.byCategory[c]}` }));
  const elements: CardElement[] = [
    markdown(t(
      `**名册** 在册 ${s.roster.active} 人（${cats.map((c) => c.zh).join('、') || '无'}），已离开 ${s.roster.inactive} 人，单位 ${s.roster.units} 个`,
      `**Roster** ${s.roster.active} active (${cats.map((c) => c.en).join(', ') || 'none'}), ${s.roster.inactive} left, ${s.roster.units} units`,
    )),
  ];
  for (const p of s.programs) {
    const term = `${p.startDate} ~ ${p.endDate ?? '—'}`;
    const batches = p.batches.map((b) => `#${b.number} ${b.startDate}~${b.endDate} (${b.members})`).join('; ');
    elements.push(divider());
    elements.push(markdown(t(
      `**${escapeMarkdown(p.nameZh)}**（${TRACK[p.track].zh}）${p.active ? '' : '　已停用'}\n期限 ${term}　范围 ${escapeMarkdown(p.unitPath)}\n导师 ${p.mentorPoolSize} 人，每人默认可带 ${p.defaultCapacity} 人，共可带 ${p.capacity} 人\n培养对象候选 ${p.menteeCandidates} 人，其中符合条件 ${p.eligibleMentees} 人${batches ? `\n批次：${batches}` : ''}`,
      `**${escapeMarkdown(p.nameEn)}** (${TRACK[p.track].en})${p.active ? '' : ' — inactive'}\nTerm ${term}, scope ${escapeMarkdown(p.unitPath)}\n${p.mentorPoolSize} mentors, ${p.defaultCapacity} mentees each by default, ${p.capacity} places\n${p.menteeCandidates} mentee candidates, ${p.eligibleMentees} eligible${batches ? `\nBatches: ${batches}` : ''}`,
    )));
    elements.push(programButtons(p.programId));
    if (p.track === 'village_secondment') elements.push(surveyButtons(p.programId));
  }
  if (s.programs.length === 0) elements.push(markdown(t('还没有培养项目。用 `npm run admin -- seed-demo` 或 `programs` 命令建立。', 'No programs yet. Create them with `npm run admin -- seed-demo` or the `programs` command.')));
  return card({ title: t('名册与项目概况', 'Roster and programs'), colour: 'purple', elements });
}
