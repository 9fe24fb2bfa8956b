import type { CardContext, CardResponse } from '../../src/context';
import { statsCard } from '../../src/lark/cards/stats-cards';
import { statistics, statsScopeById } from '../../src/services/statistics';

/** A unit's button on the stats card: the same card for that unit (checked against my own subtree). */
export async function statsUnit(ctx: CardContext): Promise<CardResponse> {
  const scope = await statsScopeById(ctx.tx, ctx.actor, ctx.event.value.u);
  return { card: statsCard(await statistics(ctx.reader, scope.unitId, ctx.now(), ctx.timeZone), scope.depth === 0) };
}
