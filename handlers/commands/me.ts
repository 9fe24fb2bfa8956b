import type { HandlerContext } from '../../src/context';
import { meCard } from '../../src/lark/cards/me-card';
import { meView } from '../../src/services/me';
import { localDate } from '../../src/domain/local-date';

/** `我的 / me`: my programs and why, my needs and strengths, and what is waiting for me. */
export async function me(ctx: HandlerContext): Promise<void> {
  ctx.reply(meCard(await meView(ctx.tx, ctx.actor, localDate(ctx.now(), ctx.timeZone))));
}
