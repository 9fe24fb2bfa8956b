import type { CardContext, CardResponse } from '../../src/context';
import { needsFormCard, strengthsFormCard } from '../../src/lark/cards/needs-cards';
import { needsView, MAX_NEEDS, MAX_STRENGTHS } from '../../src/services/needs';

/** "填写我的特长" on the needs card: the strengths form replaces the card. */
export async function openStrengths(ctx: CardContext): Promise<CardResponse> {
  const view = await needsView(ctx.tx, ctx.actor);
  return { card: strengthsFormCard({ abilities: view.abilities, current: view.strengths, max: MAX_STRENGTHS }) };
}

/** "再次修改" on a saved needs card: the needs form comes back with the saved choices. */
export async function openNeeds(ctx: CardContext): Promise<CardResponse> {
  const view = await needsView(ctx.tx, ctx.actor);
  return { card: needsFormCard({ abilities: view.abilities, current: view.needs, max: MAX_NEEDS }) };
}
