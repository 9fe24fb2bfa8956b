import type { HandlerContext } from '../../src/context';
import { localDate } from '../../src/domain/local-date';
import { noPairCard, reportFormCard, textSavedCard } from '../../src/lark/cards/report-cards';
import { formsFor, submitText } from '../../src/services/weekly-reports';
import { sendToMentors } from '../cards/report-notify';

/**
 * `周报`: this week's form (prefilled) for each pair where the sender is the mentee.
 * `周报 <text>`: for those who find forms hard, the text is saved as this week's 本周所做 (did) and confirmed.
 */
export async function report(ctx: HandlerContext, args: string): Promise<void> {
  const today = localDate(ctx.now(), ctx.timeZone);
  if (args.trim() !== '') {
    const saved = await submitText(ctx.tx, ctx.actor, args, today);
    if (!saved) return ctx.reply(noPairCard());
    sendToMentors(ctx, saved);
    return ctx.reply(textSavedCard(saved.pair, saved.report, saved.otherPairs));
  }
  const forms = await formsFor(ctx.tx, ctx.actor, today);
  if (forms.length === 0) return ctx.reply(noPairCard());
  for (const f of forms) ctx.reply(reportFormCard(f));
}
