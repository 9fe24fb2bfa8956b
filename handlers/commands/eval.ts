import type { HandlerContext } from '../../src/context';
import { evalOverviewCard } from '../../src/lark/cards/evaluation-cards';
import { evalOverview } from '../../src/services/evaluation-view';

/** `测评 / eval`: my pairs' ratings by quarter and staff-meeting items; what waits for me to rate, approve or record. */
export async function evaluation(ctx: HandlerContext): Promise<void> {
  ctx.reply(evalOverviewCard(await evalOverview(ctx.tx, ctx.actor)));
}
