import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { sentCard } from '../../src/lark/cards/evaluation-cards';
import { approvalItems } from '../../src/services/evaluation-approval';
import { approvalNotices } from '../../src/services/evaluation-notices';
import { submitRatings, type RatingInput } from '../../src/services/evaluation-rating';

/**
 * 提交审批 on a rating card (one pair or a batch): fields r_<evaluation id>, c_<id> and, for a correction,
 * why_<id>. Only pairs given a rating are sent; the ids are checked against the assessor on the server.
 */
export async function evalSubmit(ctx: CardContext): Promise<CardResponse> {
  const form = ctx.event.formValue ?? {};
  const inputs: RatingInput[] = Object.keys(form).filter((k) => /^r_/.test(k) && form[k] !== '' && form[k] != null)
    .map((k) => { const id = k.slice(2); return { evaluationId: id, rating: form[k], comment: form[`c_${id}`], reason: form[`why_${id}`] }; });
  const batches = await submitRatings(ctx.tx, ctx.actor, inputs, ctx.now());
  for (const n of await approvalNotices(ctx.tx, batches, ctx.timeZone)) ctx.sendTo(n.openId, n.card, { dedupeKey: n.key });
  const sent = await approvalItems(ctx.tx, batches.flatMap((b) => b.revisionIds));
  await ctx.audit({ action: 'eval.submit', target: `approval_batch:${batches.map((b) => b.batchId).join(',')}`, detail: { revisions: sent.map((s) => ({ id: s.revision.id, evaluation: s.evaluation.id, rating: s.revision.rating })) } });
  const leaders = [...new Set(batches.flatMap((b) => b.leaders.map((l) => l.name)))];
  return { toast: { type: 'success', text: t(`已送审 ${sent.length} 对`, `${sent.length} sent for approval`) }, card: sentCard(sent, leaders) };
}
