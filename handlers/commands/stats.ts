import type { HandlerContext } from '../../src/context';
import { statsCard } from '../../src/lark/cards/stats-cards';
import { statistics, statsScope } from '../../src/services/statistics';

/** `统计 / stats [unit]`: the article's sentence and the figures for my unit (or one below it). */
export async function stats(ctx: HandlerContext, args: string): Promise<void> {
  const scope = await statsScope(ctx.tx, ctx.actor, args.trim() || undefined);
  ctx.reply(statsCard(await statistics(ctx.reader, scope.unitId, ctx.now(), ctx.timeZone), scope.depth === 0));
}
