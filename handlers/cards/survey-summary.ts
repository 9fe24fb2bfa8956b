import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { surveySummaryCard } from '../../src/lark/cards/secondment-cards';
import { localDate } from '../../src/domain/local-date';
import { idFrom } from '../../src/services/secondment';
import { surveySummary } from '../../src/services/secondment-survey';

/** "摸排结果" (admins): the program's survey summary as a new card; the card clicked stays as it was. */
export async function surveySummaryAction(ctx: CardContext): Promise<CardResponse> {
  ctx.reply(surveySummaryCard(await surveySummary(ctx.tx, ctx.actor, idFrom(ctx.event.value, 'p'), localDate(ctx.now(), ctx.timeZone))));
  return { toast: { type: 'success', text: t('摸排结果已发送', 'Survey results sent') } };
}
