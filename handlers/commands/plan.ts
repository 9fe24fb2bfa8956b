import type { HandlerContext } from '../../src/context';
import { planCommand } from '../../src/services/plans';

/** `计划 / plan`: the 一人一策 plan of the actor's pair (as mentee or mentor), or a list when there are several. */
export async function plan(ctx: HandlerContext): Promise<void> {
  ctx.reply(await planCommand(ctx.tx, ctx.actor));
}
