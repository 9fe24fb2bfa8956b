import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { sessionCard } from '../../src/lark/cards/school-cards';
import { checkIn, rateSession, register, takeLeave } from '../../src/services/night-school-attendance';
import { sessionFor } from '../../src/services/night-school';

/** The audience's buttons on a night-school card: 报名, 请假, 签到, and the rating afterwards. A repeat click says so and changes nothing. */

export async function schoolRegister(ctx: CardContext): Promise<CardResponse> {
  const r = await register(ctx.tx, ctx.actor, ctx.event.value.s, ctx.now());
  return { toast: r.changed ? { type: 'success', text: t('已报名，开课前后 30 分钟内记得签到', 'Registered; remember to check in within 30 minutes of the start') } : { type: 'info', text: t('您已经报过名了', 'You are already registered') } };
}

export async function schoolLeave(ctx: CardContext): Promise<CardResponse> {
  const reason = ctx.event.formValue?.reason;
  const r = await takeLeave(ctx.tx, ctx.actor, ctx.event.value.s, typeof reason === 'string' ? reason : '', ctx.now());
  return { toast: r.changed ? { type: 'success', text: t('已请假', 'Leave recorded') } : { type: 'info', text: t('您已经请过假了', 'Your leave is already recorded') } };
}

export async function schoolCheckIn(ctx: CardContext): Promise<CardResponse> {
  const r = await checkIn(ctx.tx, ctx.actor, ctx.event.value.s, ctx.now());
  return { toast: r.changed ? { type: 'success', text: t('签到成功', 'Checked in') } : { type: 'info', text: t('您已经签到过了', 'You have already checked in') } };
}

export async function schoolRate(ctx: CardContext): Promise<CardResponse> {
  const form = ctx.event.formValue ?? {};
  await rateSession(ctx.tx, ctx.actor, ctx.event.value.s, { rating: form.rating, comment: form.comment }, ctx.now());
  return { toast: { type: 'success', text: t('感谢您的评价', 'Thank you for your rating') } };
}

/** 查看 on the `夜校` card: the session card (the audience's) as a new message. */
export async function schoolOpen(ctx: CardContext): Promise<CardResponse> {
  const v = await sessionFor(ctx.tx, ctx.actor, ctx.event.value.s);
  ctx.reply(sessionCard(v.session, { kind: 'view', ...(v.mine ? { mine: v.mine } : {}), timeZone: ctx.timeZone }));
  return {};
}
