import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { withdrawApplication } from '../../src/services/applications';
import { openSelection } from '../../src/services/mentor-selection';
import { programIdOf, renderSelection } from '../selection-render';

/** "撤回" on the 选导师 card: take one open choice back. */
export async function withdrawAction(ctx: CardContext): Promise<CardResponse> {
  await withdrawApplication(ctx.tx, ctx.actor, ctx.event.value.id);
  const programId = programIdOf(ctx.event.value);
  const { state, version } = await openSelection(ctx.session, ctx.actor.openId, programId);
  return { toast: { type: 'info', text: t('已撤回', 'Withdrawn') }, card: await renderSelection(ctx, programId, state, version) };
}
