import type { CardContext, CardResponse } from '../../src/context';
import { editPlan, openPlan } from '../../src/services/plans';

/** "查看计划" on the list of pairs: that pair's plan replaces the card. */
export async function openPlanAction(ctx: CardContext): Promise<CardResponse> {
  return { card: await openPlan(ctx.tx, ctx.actor, ctx.event.value.pair) };
}

/** "修改计划" / "开始制定": the form, filled with the plan as it is now, replaces the card. */
export async function editPlanAction(ctx: CardContext): Promise<CardResponse> {
  return { card: await editPlan(ctx.tx, ctx.actor, ctx.event.value.pair) };
}
