import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { staffDoneCard } from '../../src/lark/cards/staff-meeting-cards';
import { recordStaffItemDone, staffItemFor } from '../../src/services/staff-meeting';

/** 记录完成: an admin records the day a staff-meeting item (经验交流 / 检讨发言) was done. */
export async function staffOpen(ctx: CardContext): Promise<CardResponse> {
  return { card: staffDoneCard(await staffItemFor(ctx.tx, ctx.actor, ctx.event.value.i)) };
}

export async function staffDone(ctx: CardContext): Promise<CardResponse> {
  const item = await recordStaffItemDone(ctx.tx, ctx.actor, ctx.event.value.i, ctx.event.formValue?.done_on, ctx.now(), ctx.timeZone);
  await ctx.audit({ action: 'staff.done', target: `staff_meeting_item:${item.id}`, detail: { doneOn: item.doneOn } });
  return { toast: { type: 'success', text: t('已记录', 'Recorded') }, card: staffDoneCard(item) };
}
