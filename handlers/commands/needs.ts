import type { HandlerContext } from '../../src/context';
import { needsFormCard } from '../../src/lark/cards/needs-cards';
import { needsView, MAX_NEEDS } from '../../src/services/needs';

/** `需求 / needs`: the form to choose and rank one's needs from the catalogue. */
export async function needs(ctx: HandlerContext): Promise<void> {
  const view = await needsView(ctx.tx, ctx.actor);
  ctx.reply(needsFormCard({ abilities: view.abilities, current: view.needs, max: MAX_NEEDS }));
}
