import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { draftCard } from '../../src/lark/cards/assign-cards';
import { proposeDraft } from '../../src/services/assignment-drafts';

/** "生成整体方案" `{ a: 'assign.propose', p }`: the optimal proposal arrives as a new draft card; nobody else is told. */
export async function proposeAssignment(ctx: CardContext): Promise<CardResponse> {
  const view = await proposeDraft(ctx.tx, ctx.actor, ctx.event.value.p, { eventId: ctx.event.eventId });
  ctx.reply(draftCard(view));
  return { toast: { type: 'success', text: t(`已生成方案：${view.rows.length} 对，确认前不会通知任何人`, `Proposal ready: ${view.rows.length} pairs; nobody is told until you confirm`) } };
}
