import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { markItem } from '../../src/services/plans';

/** "标记完成" on a measure; a second click finds it done already and changes nothing. */
export async function markItemDoneAction(ctx: CardContext): Promise<CardResponse> {
  const r = await markItem(ctx.tx, ctx.actor, { itemId: ctx.event.value.item, done: true, eventId: ctx.event.eventId });
  return { toast: r.changed ? { type: 'success', text: t('已标记完成', 'Marked done') } : { type: 'info', text: t('这项已经完成了', 'That one was already done') }, card: r.card };
}

/** "撤销完成": back to open. */
export async function markItemOpenAction(ctx: CardContext): Promise<CardResponse> {
  const r = await markItem(ctx.tx, ctx.actor, { itemId: ctx.event.value.item, done: false, eventId: ctx.event.eventId });
  return { toast: r.changed ? { type: 'info', text: t('已撤销完成', 'Back to open') } : { type: 'info', text: t('这项本来就未完成', 'That one was not done') }, card: r.card };
}
