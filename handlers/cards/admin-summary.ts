import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { adminSummaryCard } from '../../src/lark/cards/admin-summary-card';
import { adminSummary } from '../../src/services/admin-summary';

/** "名册与项目概况" (admins): sent as a new card, the 我的 card stays as it was. */
export async function adminSummaryAction(ctx: CardContext): Promise<CardResponse> {
  ctx.reply(adminSummaryCard(await adminSummary(ctx.tx, ctx.actor)));
  return { toast: { type: 'success', text: t('概况已发送', 'Summary sent') } };
}
