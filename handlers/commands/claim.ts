import type { HandlerContext } from '../../src/context';
import { claimListCard } from '../../src/lark/cards/secondment-claim-cards';
import { localDate } from '../../src/domain/local-date';
import { claimView } from '../../src/services/secondment';

/** `认领 / claim`: a village cadre on secondment sees the mentor pool, best match first, and claims one. */
export async function claim(ctx: HandlerContext): Promise<void> {
  ctx.reply(claimListCard(await claimView(ctx.tx, ctx.actor, localDate(ctx.now(), ctx.timeZone))));
}
