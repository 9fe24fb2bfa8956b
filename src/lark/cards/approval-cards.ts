import { quarterLabel } from '../../domain/quarter';
import type { ApprovalItem } from '../../services/evaluation-approval';
import { REASON_MAX } from '../../services/evaluation-rating';
import { button, buttonRow, card, divider, escapeMarkdown, markdown, t, text, type Bilingual, type Card, type CardElement } from './card-kit';
import { evidenceBlock } from './evaluation-cards';
import { RATING } from './labels';

/**
 * 审批 cards for the main leaders: the ratings with their evidence, 同意 / 退回 each, 全部同意. Once decided
 * an item shows the outcome, who and when, on every copy of the card (the service patches them all).
 */

const esc = escapeMarkdown;

function stamp(d: Date | null, timeZone: string): string {
  return d ? new Intl.DateTimeFormat('zh-CN', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d).replace(/\//g, '-') : '';
}

function outcome(it: ApprovalItem, timeZone: string): Bilingual {
  const r = it.revision;
  const by = esc(r.decidedBy?.name ?? '');
  const at = stamp(r.decidedAt, timeZone);
  switch (r.status) {
    case 'approved': case 'superseded': return t(`✅ 已同意 · ${by} · ${at}`, `✅ Approved · ${by} · ${at}`);
    case 'returned': return t(`↩️ 已退回 · ${by} · ${at}：${esc(r.returnReason ?? '')}`, `↩️ Returned · ${by} · ${at}: ${esc(r.returnReason ?? '')}`);
    case 'withdrawn': return t(`评定人已撤回 · ${at}`, `Withdrawn by the assessor · ${at}`);
    default: return t('等待审批', 'Waiting');
  }
}

function proposal(it: ApprovalItem): Bilingual {
  const r = it.revision;
  const rating = RATING[r.rating];
  const prev = it.previous ? t(`（更正：原为${RATING[it.previous.rating].zh}，理由：${esc(r.correctionReason ?? '')}）`, ` (correction: was ${RATING[it.previous.rating].en}; reason: ${esc(r.correctionReason ?? '')})`) : t('', '');
  return t(
    `拟评定：**${rating.zh}**${prev.zh}${r.comment ? `\n评语：${esc(r.comment)}` : ''}\n评定人：${esc(r.assessor.name)}`,
    `Proposed: **${rating.en}**${prev.en}${r.comment ? `\nComment: ${esc(r.comment)}` : ''}\nAssessor: ${esc(r.assessor.name)}`,
  );
}

export function approvalCard(items: ApprovalItem[], timeZone: string, note?: Bilingual): Card {
  const quarter = items[0]?.evaluation.quarter;
  const q = quarter ? quarterLabel(quarter) : t('', '');
  const pending = items.filter((i) => i.revision.status === 'pending');
  // Every button names the card's items, so the answer re-draws this same card (ids are re-checked on the server).
  const shown = items.map((i) => i.revision.id).join(',');
  const elements: CardElement[] = [];
  if (note) elements.push(markdown(note));
  for (const it of items) {
    elements.push(divider(), evidenceBlock(it.evaluation), markdown(proposal(it)));
    if (it.revision.status === 'pending') {
      elements.push(buttonRow([
        button({ label: t('同意', 'Approve'), value: { a: 'eval.approve', r: it.revision.id, v: shown }, type: 'primary' }),
        button({ label: t('退回', 'Return'), value: { a: 'eval.return.open', r: it.revision.id, v: shown }, type: 'danger' }),
      ]));
    } else elements.push(markdown(outcome(it, timeZone)));
  }
  if (pending.length > 1) {
    elements.push(divider(), buttonRow([button({
      label: t(`全部同意（${pending.length}）`, `Approve all (${pending.length})`),
      value: { a: 'eval.approve.all', ids: pending.map((i) => i.revision.id).join(','), v: shown },
      type: 'primary_filled',
      confirm: { title: t('全部同意？', 'Approve all?'), text: t(`同意这 ${pending.length} 条评定。`, `Approve these ${pending.length} ratings.`) },
    })]));
  }
  if (items.length === 0) elements.push(markdown(t('没有等待您审批的评定。', 'Nothing waits for your approval.')));
  const done = pending.length === 0 && items.length > 0;
  return card({
    title: t(`${q.zh}测评审批${done ? '（已处理）' : ''}`, `${q.en} evaluation approval${done ? ' (decided)' : ''}`),
    colour: done ? 'grey' : 'orange',
    elements,
  });
}

/** 退回: the reason the assessor will read. */
export function returnFormCard(it: ApprovalItem, shown: string): Card {
  return card({
    title: t(`退回评定 · ${it.evaluation.mentee.name}`, `Return a rating · ${it.evaluation.mentee.name}`),
    colour: 'orange',
    elements: [
      evidenceBlock(it.evaluation),
      markdown(proposal(it)),
      {
        tag: 'form', name: 'eval_return',
        elements: [
          { tag: 'input', name: 'reason', max_length: REASON_MAX, placeholder: text('plain_text', t(`退回理由（${REASON_MAX} 字以内，评定人会看到）`, `Reason (up to ${REASON_MAX} characters; the assessor reads it)`)) },
          button({ label: t('退回', 'Return'), value: { a: 'eval.return', r: it.revision.id, v: shown }, type: 'danger', name: 'eval_return_submit', submit: true }),
        ],
      },
    ],
  });
}

/** To the admins: ratings a leader has left waiting for ESCALATE_AFTER_WORKDAYS working days. */
export function escalationCard(items: ApprovalItem[], leaders: Map<number, string[]>, waited: number): Card {
  const lines = items.map((it) => {
    const names = (leaders.get(it.revision.id) ?? []).map(esc).join('、');
    return t(`- ${esc(it.evaluation.mentee.name)}（${esc(it.evaluation.menteeUnitPath)}）拟评${RATING[it.revision.rating].zh} · 审批人 ${names || '（未标注）'}`,
      `- ${esc(it.evaluation.mentee.name)} (${esc(it.evaluation.menteeUnitPath)}), proposed ${RATING[it.revision.rating].en} · approver ${names || '(none on the roster)'}`);
  });
  return card({
    title: t('测评审批逾期', 'Evaluation approvals overdue'),
    colour: 'red',
    elements: [markdown(t(
      `以下评定已等待审批 ${waited} 个工作日，请督促：\n${lines.map((l) => l.zh).join('\n')}`,
      `These ratings have waited ${waited} working days for approval; please follow up:\n${lines.map((l) => l.en).join('\n')}`,
    ))],
  });
}
