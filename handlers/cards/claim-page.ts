import type { CardContext, CardResponse } from '../../src/context';
import { claimListCard } from '../../src/lark/cards/secondment-claim-cards';
import { localDate } from '../../src/domain/local-date';
import { claimView, idFrom } from '../../src/services/secondment';

/** "上一页 / 下一页" on the claim list: the value carries the program and the page; the list is recomputed. */
export async function claimPage(ctx: CardContext): Promise<CardResponse> {
  const view = await claimView(ctx.tx, ctx.actor, localDate(ctx.now(), ctx.timeZone), { programId: idFrom(ctx.event.value, 'p'), page: idFrom(ctx.event.value, 'n') });
  return { card: claimListCard(view) };
}
