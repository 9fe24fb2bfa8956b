import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { approvalCard } from '../../src/lark/cards/approval-cards';
import { approveRevisions, visibleToLeader, type Decision } from '../../src/services/evaluation-approval';
import { decisionNotices, syncApprovalCopies } from '../../src/services/evaluation-notices';
import { decidedText } from '../../src/services/evaluation-rating';

/**
 * A leader's decision, shared by 同意, 全部同意 and 退回: every copy of the approval card is brought up to
 * date, the people concerned are told, the clicked card is re-drawn. A click on something already decided
 * (a double click, another leader first, a withdrawn rating) changes nothing and says who decided.
 */
export async function answerDecision(ctx: CardContext, d: Decision, action: string): Promise<CardResponse> {
  await syncApprovalCopies(ctx.tx, d.batches, ctx.timeZone);
  for (const n of await decisionNotices(ctx.tx, d)) ctx.sendTo(n.openId, n.card, { dedupeKey: n.key });
  for (const it of d.decided) await ctx.audit({ action, target: `evaluation_revision:${it.revision.id}`, detail: { evaluation: it.evaluation.id, rating: it.revision.rating, ...(it.revision.returnReason ? { reason: it.revision.returnReason } : {}) } });
  for (const it of d.already) await ctx.audit({ action: `refused:${action}`, target: `evaluation_revision:${it.revision.id}`, detail: { status: it.revision.status } });
  for (const i of [...d.staff.created, ...d.staff.voided]) await ctx.audit({ action: `staff.${i.status === 'void' ? 'void' : 'create'}`, target: `staff_meeting_item:${i.id}`, detail: { mentor: i.mentor.cadreId, kind: i.kind, quarters: [i.firstQuarter, i.lastQuarter] } });
  const card = approvalCard(await visibleToLeader(ctx.tx, ctx.actor, ctx.event.value.v), ctx.timeZone);
  if (d.decided.length === 0) return { toast: { type: 'info', text: decidedText(d.already[0]!.revision, ctx.timeZone) }, card };
  const n = d.decided.length;
  const text = action === 'eval.return' ? t('已退回评定人', 'Returned to the assessor') : n === 1 ? t('已同意', 'Approved') : t(`已同意 ${n} 条`, `${n} approved`);
  return { toast: { type: 'success', text }, card };
}

export async function evalApprove(ctx: CardContext): Promise<CardResponse> {
  return answerDecision(ctx, await approveRevisions(ctx.tx, ctx.actor, [ctx.event.value.r], ctx.now()), 'eval.approve');
}

/** 全部同意: the pending ratings the card listed; each is checked and decided on its own. */
export async function evalApproveAll(ctx: CardContext): Promise<CardResponse> {
  const ids = String(ctx.event.value.ids ?? '').split(',').filter(Boolean).slice(0, 50);
  return answerDecision(ctx, await approveRevisions(ctx.tx, ctx.actor, ids, ctx.now()), 'eval.approve');
}
