import type { CardContext, CardResponse } from '../../src/context';
import { returnFormCard } from '../../src/lark/cards/approval-cards';
import { returnable, returnRevision } from '../../src/services/evaluation-approval';
import { answerDecision } from './eval-approve';

/** 退回: a leader opens the reason form, then sends the rating back to its assessor. */
export async function evalReturnOpen(ctx: CardContext): Promise<CardResponse> {
  const item = await returnable(ctx.tx, ctx.actor, ctx.event.value.r, ctx.timeZone);
  return { card: returnFormCard(item, String(ctx.event.value.v ?? item.revision.id)) };
}

export async function evalReturn(ctx: CardContext): Promise<CardResponse> {
  return answerDecision(ctx, await returnRevision(ctx.tx, ctx.actor, ctx.event.value.r, ctx.event.formValue?.reason, ctx.now()), 'eval.return');
}
