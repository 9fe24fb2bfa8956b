import { button, buttonRow, card, divider, escapeMarkdown, markdown, t, type Bilingual, type Card, type CardElement } from './card-kit';
import { CATEGORY, PROGRAM_ROLE, ROLE, TERM_STATUS } from './labels';
import { listLine, type AbilityOption } from './needs-cards';
import type { CadreCategory } from '../../db/database';

export interface MeView {
  name: string;
  unitPath: string;
  category: CadreCategory;
  roles: ('admin' | 'leader')[];
  programs: {
    nameZh: string;
    nameEn: string;
    role: 'mentor' | 'mentee';
    status: 'upcoming' | 'running' | 'ended';
    eligible: boolean;
    reasons: Bilingual[];
    batch?: { number: number; startDate: string; endDate: string };
  }[];
  pairs: { programNameZh: string; programNameEn: string; role: 'mentor' | 'mentee'; others: string[] }[];
  needs: AbilityOption[];
  strengths: AbilityOption[];
  todo: { text: Bilingual; action?: { label: Bilingual; value: Record<string, string> } }[];
}

const join = (parts: Bilingual[], zhSep: string, enSep: string): Bilingual => ({ zh: parts.map((p) => p.zh).join(zhSep), en: parts.map((p) => p.en).join(enSep) });

/** 我的: who I am here, my programs and why, my needs and strengths, what waits for me. */
export function meCard(v: MeView): Card {
  const name = escapeMarkdown(v.name);
  const roles = v.roles.length > 0 ? join(v.roles.map((r) => ROLE[r]), '、', ', ') : undefined;
  const elements: CardElement[] = [
    markdown(t(
      `**${name}**　${escapeMarkdown(v.unitPath)}\n${CATEGORY[v.category].zh}${roles ? `　·　${roles.zh}` : ''}`,
      `**${name}**　${escapeMarkdown(v.unitPath)}\n${CATEGORY[v.category].en}${roles ? ` · ${roles.en}` : ''}`,
    )),
    divider(),
  ];
  if (v.programs.length === 0) {
    elements.push(markdown(t('**我参加的项目**\n目前没有与您相关的培养项目。', '**My programs**\nNo program concerns you at the moment.')));
  } else {
    const lines = v.programs.map((p) => {
      const batch = p.batch ? t(`第 ${p.batch.number} 批（${p.batch.startDate} 至 ${p.batch.endDate}）`, `batch ${p.batch.number} (${p.batch.startDate} to ${p.batch.endDate})`) : undefined;
      const head = t(
        `- **${p.nameZh}**　${p.eligible ? '' : '不符合条件的'}${PROGRAM_ROLE[p.role].zh}　·　${TERM_STATUS[p.status].zh}${batch ? `　·　${batch.zh}` : ''}`,
        `- **${p.nameEn}** — ${p.eligible ? '' : 'not eligible as '}${PROGRAM_ROLE[p.role].en} · ${TERM_STATUS[p.status].en}${batch ? ` · ${batch.en}` : ''}`,
      );
      const why = p.reasons.map((r) => t(`  - ${r.zh}`, `  - ${r.en}`));
      return join([head, ...why], '\n', '\n');
    });
    elements.push(markdown(join([t('**我参加的项目**', '**My programs**'), ...lines], '\n', '\n')));
  }
  const pairLines = v.pairs.length === 0
    ? [t('暂无结对。', 'No pairs yet.')]
    : v.pairs.map((p) => (p.role === 'mentee'
      ? t(`- ${p.programNameZh}　导师：${p.others.map(escapeMarkdown).join('、')}`, `- ${p.programNameEn} — mentor: ${p.others.map(escapeMarkdown).join(', ')}`)
      : t(`- ${p.programNameZh}　带教：${p.others.map(escapeMarkdown).join('、')}`, `- ${p.programNameEn} — mentoring: ${p.others.map(escapeMarkdown).join(', ')}`)));
  elements.push(markdown(join([t('**结对**', '**Pairs**'), ...pairLines], '\n', '\n')));
  elements.push(markdown(join([t('**我的需求**', '**My needs**'), listLine(v.needs, true)], '\n', '\n')));
  elements.push(markdown(join([t('**我的特长**', '**My strengths**'), listLine(v.strengths, false)], '\n', '\n')));
  if (v.todo.length > 0) {
    elements.push(divider());
    elements.push(markdown(join([t('**待办**', '**Waiting for you**'), ...v.todo.map((x) => t(`- ${x.text.zh}`, `- ${x.text.en}`))], '\n', '\n')));
    const actions = v.todo.filter((x) => x.action).map((x, i) => button({ label: x.action!.label, value: x.action!.value, type: 'primary', name: `todo_${i}` }));
    if (actions.length > 0) elements.push(buttonRow(actions));
  }
  return card({ title: t(`我的 · ${v.name}`, `Me · ${v.name}`), colour: 'indigo', elements });
}
