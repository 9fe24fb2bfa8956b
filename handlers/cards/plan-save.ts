import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { confirmPlan, savePlan } from '../../src/services/plans';

/** The plan form was submitted: save at the card's version; the other party is told. */
export async function savePlanAction(ctx: CardContext): Promise<CardResponse> {
  const { value, formValue, eventId } = ctx.event;
  const r = await savePlan(ctx.tx, ctx.actor, { pairId: value.pair, version: value.v, formValue: formValue ?? {}, timeZone: ctx.timeZone, eventId });
  for (const n of r.notices) ctx.sendTo(n.openId, n.card);
  const confirmed = r.status === 'draft' ? t('已保存，已通知导师确认', 'Saved; your mentor has been asked to confirm') : t('已保存并确认，已通知对方', 'Saved and confirmed; the others have been told');
  return { toast: { type: 'success', text: confirmed }, card: r.card };
}

/** "确认计划" by a mentor. */
export async function confirmPlanAction(ctx: CardContext): Promise<CardResponse> {
  const { value, eventId } = ctx.event;
  const r = await confirmPlan(ctx.tx, ctx.actor, { pairId: value.pair, version: value.v, eventId });
  for (const n of r.notices) ctx.sendTo(n.openId, n.card);
  return { toast: r.changed ? { type: 'success', text: t('计划已确认，已通知培养对象', 'Plan confirmed; the mentee has been told') } : { type: 'info', text: t('计划已经确认过了', 'The plan was already confirmed') }, card: r.card };
}
