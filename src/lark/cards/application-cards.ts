import { button, card, escapeMarkdown, markdown, t, text, type Bilingual, type Card } from './card-kit';
import { CATEGORY } from './labels';
import type { CadreCategory } from '../../db/database';

export interface ApplicationCardData {
  applicationId: number;
  programNameZh: string;
  programNameEn: string;
  rank: number;
  reason: string;
  mentee: { name: string; unitPath: string; category: CadreCategory; reasons: Bilingual[] };
  needs: { nameZh: string; nameEn: string; matched: boolean }[];
  load: number;
  capacity: number;
}

/** To a mentor: someone asks to be mentored. Accept, or decline with a reason. */
export function applicationCard(d: ApplicationCardData): Card {
  const name = escapeMarkdown(d.mentee.name);
  const needsZh = d.needs.length > 0 ? d.needs.map((n, i) => `${i + 1}. ${n.nameZh}${n.matched ? '（您的特长）' : ''}`).join('\n') : '（未填写）';
  const needsEn = d.needs.length > 0 ? d.needs.map((n, i) => `${i + 1}. ${n.nameEn}${n.matched ? ' (your strength)' : ''}`).join('\n') : '(none given)';
  const reason = d.reason ? escapeMarkdown(d.reason) : '';
  return card({
    title: t(`拜师申请 · ${d.mentee.name}`, `Mentoring request · ${d.mentee.name}`),
    colour: 'blue',
    elements: [
      markdown(t(
        `**${name}**　${escapeMarkdown(d.mentee.unitPath)}　${CATEGORY[d.mentee.category].zh}\n项目：${escapeMarkdown(d.programNameZh)}　·　这是 TA 的第 ${d.rank} 志愿\n${d.mentee.reasons.map((r) => `- ${r.zh}`).join('\n')}`,
        `**${name}**, ${escapeMarkdown(d.mentee.unitPath)}, ${CATEGORY[d.mentee.category].en}\nProgram: ${escapeMarkdown(d.programNameEn)} · choice no. ${d.rank}\n${d.mentee.reasons.map((r) => `- ${r.en}`).join('\n')}`,
      )),
      markdown(t(`**TA 的需求**\n${needsZh}`, `**Their needs**\n${needsEn}`)),
      markdown(t(`**申请理由**\n${reason || '（未填写）'}`, `**Why you**\n${reason || '(none given)'}`)),
      markdown(t(`您目前带教 ${d.load}/${d.capacity} 人。`, `You currently mentor ${d.load} of ${d.capacity}.`)),
      {
        tag: 'form',
        name: 'decide_form',
        elements: [
          { tag: 'input', name: 'reason', max_length: 200, placeholder: text('plain_text', t('婉拒时请写理由（200 字以内），对方会看到', 'If declining, give a reason (up to 200 characters); they will read it')) },
          button({ label: t('接受', 'Accept'), value: { a: 'app.accept', id: d.applicationId }, type: 'primary', name: 'accept', submit: true }),
          button({ label: t('婉拒', 'Decline'), value: { a: 'app.decline', id: d.applicationId }, type: 'danger', name: 'decline', submit: true }),
        ],
      },
    ],
  });
}

/** What the decision card becomes once decided: the outcome, no buttons. */
export function applicationOutcomeCard(d: { menteeName: string; outcome: Bilingual }): Card {
  return card({
    title: t(`拜师申请 · ${d.menteeName}`, `Mentoring request · ${d.menteeName}`),
    colour: 'grey',
    elements: [markdown(t(`结果：${d.outcome.zh}`, `Outcome: ${d.outcome.en}`))],
  });
}
