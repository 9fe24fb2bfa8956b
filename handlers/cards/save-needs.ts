import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { savedCard } from '../../src/lark/cards/needs-cards';
import { saveNeeds } from '../../src/services/needs';

/** The needs form was submitted: validate and save; the card turns into the saved list. */
export async function saveNeedsAction(ctx: CardContext): Promise<CardResponse> {
  const saved = await saveNeeds(ctx.tx, ctx.actor, ctx.event.formValue ?? {}, ctx.event.eventId);
  return { toast: { type: 'success', text: t(`已保存 ${saved.length} 项需求`, `Saved ${saved.length} need(s)`) }, card: savedCard('needs', saved) };
}
