import type { HandlerContext } from '../../src/context';
import { helpCard } from '../../src/lark/cards/help-card';

/** `帮助 / help`: the list of everything the bot does, one button each. */
export async function help(ctx: HandlerContext): Promise<void> {
  ctx.reply(helpCard(ctx.registry.commands));
}

/** Unknown text: the help card, saying what was not understood. Never silence. */
export async function unknownText(ctx: HandlerContext, text: string): Promise<void> {
  ctx.reply(helpCard(ctx.registry.commands, { unknownText: text }));
}
