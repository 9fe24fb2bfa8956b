import type { HandlerContext } from '../../src/context';
import { assignCard } from '../../src/lark/cards/assign-cards';
import { assignOverview } from '../../src/services/assignment';

/** `指定 / assign` (admins): per running program, a form to pair two people and a whole-program proposal. */
export async function assign(ctx: HandlerContext): Promise<void> {
  ctx.reply(assignCard(await assignOverview(ctx.tx, ctx.actor)));
}
