import { button, buttonRow, card, divider, escapeMarkdown, markdown, t, text, type Card, type CardElement } from './card-kit';
import type { SelectionView } from '../../services/selection-view';

/** 选导师: mentors ranked for me, my draft of up to three choices, what I already applied for. */
export function mentorListCard(v: SelectionView): Card {
  const base = { p: v.programId, v: v.version };
  const elements: CardElement[] = [];
  if (v.pairedWith.length > 0) {
    elements.push(markdown(t(`您在本项目的导师：${v.pairedWith.map(escapeMarkdown).join('、')}`, `Your mentor(s) in this program: ${v.pairedWith.map(escapeMarkdown).join(', ')}`)));
  }
  if (v.pending.length > 0) {
    elements.push(markdown(t(
      `**等待答复的志愿**\n${v.pending.map((p) => `${p.rank}. ${escapeMarkdown(p.mentorName)}`).join('\n')}`,
      `**Waiting for an answer**\n${v.pending.map((p) => `${p.rank}. ${escapeMarkdown(p.mentorName)}`).join('\n')}`,
    )));
    elements.push(buttonRow(v.pending.map((p) => button({ label: t(`撤回：${p.mentorName}`, `Withdraw: ${p.mentorName}`), value: { a: 'app.withdraw', id: p.applicationId, ...base }, name: `withdraw_${p.applicationId}` }))));
  }
  elements.push(markdown(t(
    `导师按与您需求的匹配度排序（需求与特长、单位远近、剩余名额）。最多同时 3 个志愿，别人看不到您的选择。共 ${v.total} 位导师，第 ${v.page + 1}/${v.pages} 页。`,
    `Mentors are ranked by how well they fit your needs (strengths, unit, free places). Up to 3 choices at once; nobody else sees them. ${v.total} mentors, page ${v.page + 1} of ${v.pages}.`,
  )));
  elements.push({
    tag: 'form', name: 'filter_form', direction: 'horizontal',
    elements: [
      { tag: 'select_static', name: 'filter', ...(v.filter ? { initial_option: v.filter } : {}), placeholder: text('plain_text', t('按特长筛选', 'Filter by strength')),
        options: [{ text: text('plain_text', t('全部', 'All')), value: 'all' }, ...v.filterOptions.map((o) => ({ text: text('plain_text', t(o.nameZh, o.nameEn)), value: o.code }))] },
      button({ label: t('筛选', 'Filter'), value: { a: 'sel.filter', ...base }, name: 'filter_submit', submit: true }),
    ],
  });
  for (const m of v.mentors) {
    const matched = new Set(m.score.matched);
    const zhStrengths = m.strengths.map((s) => (matched.has(s.code) ? `**${s.nameZh}**` : s.nameZh)).join('、') || '（未填写）';
    const enStrengths = m.strengths.map((s) => (matched.has(s.code) ? `**${s.nameEn}**` : s.nameEn)).join(', ') || '(none given)';
    const tag = m.full ? t('　〔已满〕', ' [full]') : m.popular ? t('　〔热门〕', ' [in demand]') : t('', '');
    elements.push(divider());
    elements.push(markdown(t(
      `**${escapeMarkdown(m.name)}**${tag.zh}　带教 ${m.load}/${m.capacity}\n${escapeMarkdown(m.unitPath)}\n特长：${zhStrengths}`,
      `**${escapeMarkdown(m.name)}**${tag.en} — mentoring ${m.load}/${m.capacity}\n${escapeMarkdown(m.unitPath)}\nStrengths: ${enStrengths}`,
    )));
    if (!m.full && !m.inDraft && !m.applied && v.room > 0 && (v.pairedWith.length === 0 || v.allowCoMentors)) {
      elements.push(button({ label: t('加入志愿', 'Add to my choices'), value: { a: 'sel.add', m: m.cadreId, ...base }, type: 'primary', name: `add_${m.cadreId}` }));
    }
  }
  const paging: CardElement[] = [];
  if (v.page > 0) paging.push(button({ label: t('上一页', 'Previous'), value: { a: 'sel.page', n: v.page - 1, ...base }, name: 'prev' }));
  if (v.page < v.pages - 1) paging.push(button({ label: t('下一页', 'Next'), value: { a: 'sel.page', n: v.page + 1, ...base }, name: 'next' }));
  if (paging.length > 0) elements.push(buttonRow(paging));
  if (v.draft.length > 0) {
    elements.push(divider());
    elements.push(markdown(t(
      `**我的志愿（待提交）**\n${v.draft.map((d, i) => `${i + 1}. ${escapeMarkdown(d.name)}`).join('\n')}`,
      `**My choices (not sent yet)**\n${v.draft.map((d, i) => `${i + 1}. ${escapeMarkdown(d.name)}`).join('\n')}`,
    )));
    elements.push(buttonRow(v.draft.flatMap((d, i) => [
      ...(i > 0 ? [button({ label: t(`上移：${d.name}`, `Up: ${d.name}`), value: { a: 'sel.up', m: d.cadreId, ...base }, name: `up_${d.cadreId}` })] : []),
      button({ label: t(`移除：${d.name}`, `Remove: ${d.name}`), value: { a: 'sel.remove', m: d.cadreId, ...base }, name: `remove_${d.cadreId}` }),
    ])));
    elements.push({
      tag: 'form', name: 'submit_form',
      elements: [
        { tag: 'input', name: 'reason', max_length: 200, placeholder: text('plain_text', t('给导师的话：为什么选 TA（200 字以内，可不填）', 'A word to the mentor: why them (up to 200 characters, optional)')) },
        button({ label: t('提交志愿', 'Send my choices'), value: { a: 'sel.submit', ...base }, type: 'primary', name: 'submit_choices', submit: true }),
      ],
    });
  }
  return card({ title: t(`选导师 · ${v.programNameZh}`, `Choose a mentor · ${v.programNameEn}`), colour: 'wathet', elements });
}
