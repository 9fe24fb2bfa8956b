import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { acceptApplication, declineApplication } from '../../src/services/applications';

/** "接受" on a mentoring request: the pair forms; the card shows the outcome everywhere. */
export async function acceptAction(ctx: CardContext): Promise<CardResponse> {
  const { card, notices } = await acceptApplication(ctx.tx, ctx.actor, ctx.event.value.id);
  for (const n of notices) ctx.sendTo(n.openId, n.card);
  return { toast: { type: 'success', text: t('已接受，结对成功', 'Accepted; you are paired') }, card };
}

/** "婉拒" with the reason typed in the card's box. */
export async function declineAction(ctx: CardContext): Promise<CardResponse> {
  const { card, notices } = await declineApplication(ctx.tx, ctx.actor, ctx.event.value.id, ctx.event.formValue?.reason);
  for (const n of notices) ctx.sendTo(n.openId, n.card);
  return { toast: { type: 'info', text: t('已婉拒', 'Declined') }, card };
}
