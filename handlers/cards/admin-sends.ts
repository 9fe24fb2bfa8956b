import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { sendProblemsCard } from '../../src/lark/cards/send-problems-card';
import { sendProblems } from '../../src/services/send-problems';

/** "未送达的消息" (admins): who did not get their messages, and why. */
export async function sendProblemsAction(ctx: CardContext): Promise<CardResponse> {
  ctx.reply(sendProblemsCard({ ...(await sendProblems(ctx.tx, ctx.actor)), timeZone: ctx.timeZone }));
  return { toast: { type: 'success', text: t('已发送', 'Sent') } };
}
