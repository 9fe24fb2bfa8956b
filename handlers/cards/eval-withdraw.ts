import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { sentCard } from '../../src/lark/cards/evaluation-cards';
import { approvalItems, batchRevisionIds } from '../../src/services/evaluation-approval';
import { syncApprovalCopies } from '../../src/services/evaluation-notices';
import { withdrawRevision } from '../../src/services/evaluation-rating';

/** 撤回: the assessor takes a rating back before the leaders decide; their cards show it as withdrawn. */
export async function evalWithdraw(ctx: CardContext): Promise<CardResponse> {
  const r = await withdrawRevision(ctx.tx, ctx.actor, ctx.event.value.r, ctx.now(), ctx.timeZone);
  await syncApprovalCopies(ctx.tx, [r.batchId], ctx.timeZone);
  await ctx.audit({ action: 'eval.withdraw', target: `evaluation_revision:${r.id}` });
  const items = await approvalItems(ctx.tx, await batchRevisionIds(ctx.tx, r.batchId));
  return { toast: { type: 'success', text: t('已撤回，可在“测评”中重新评定', 'Withdrawn; rate it again from "eval"') }, card: sentCard(items, []) };
}
