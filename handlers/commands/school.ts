import type { HandlerContext } from '../../src/context';
import { overviewCard } from '../../src/lark/cards/school-cards';
import { schoolOverview } from '../../src/services/night-school';

/** `夜校 / school`: my next night-school sessions (as audience or teacher), my attendance and teaching ratings; admins and teachers set up and manage series. */
export async function school(ctx: HandlerContext): Promise<void> {
  ctx.reply(overviewCard(await schoolOverview(ctx.tx, ctx.actor, ctx.now(), ctx.timeZone), ctx.timeZone));
}
