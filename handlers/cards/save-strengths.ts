import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { savedCard } from '../../src/lark/cards/needs-cards';
import { saveStrengths } from '../../src/services/needs';

/** The strengths form was submitted. */
export async function saveStrengthsAction(ctx: CardContext): Promise<CardResponse> {
  const saved = await saveStrengths(ctx.tx, ctx.actor, ctx.event.formValue ?? {}, ctx.event.eventId);
  return { toast: { type: 'success', text: t(`已保存 ${saved.length} 项特长`, `Saved ${saved.length} strength(s)`) }, card: savedCard('strengths', saved) };
}
