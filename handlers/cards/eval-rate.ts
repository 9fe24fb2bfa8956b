import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { rateBatchCard } from '../../src/lark/cards/evaluation-cards';
import { rateItems } from '../../src/services/evaluation-view';

/** Pairs per batch card: each carries its evidence, a select and a comment, and Lark caps a card at 30 KB. */
export const RATE_PAGE = 8;

/** 开始评定: the batch card of the pairs waiting for this assessor, oldest quarter first. */
export async function evalRate(ctx: CardContext): Promise<CardResponse> {
  const items = await rateItems(ctx.tx, ctx.actor);
  if (items.length === 0) return { toast: { type: 'info', text: t('没有待您评定的帮带对子', 'No pair waits for your rating') } };
  const quarter = items[0]!.evaluation.quarter;
  const page = items.filter((i) => i.evaluation.quarter === quarter).slice(0, RATE_PAGE);
  ctx.reply(rateBatchCard(quarter, page, items.length - page.length));
  return { toast: { type: 'success', text: t(`${items.length} 对待评定`, `${items.length} pairs to rate`) } };
}
