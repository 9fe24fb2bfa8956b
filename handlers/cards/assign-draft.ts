import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { draftCard } from '../../src/lark/cards/assign-cards';
import { confirmDraft, discardDraft, draftView, dropDraftRow, setDraftRow } from '../../src/services/assignment-drafts';
import { sendPlacementNotices } from './assign-notices';

/**
 * The draft card's buttons. Each answers with the card redrawn (`{ card }`: Lark replaces the clicked
 * card with it), staying on the page the admin was looking at (`o`, the first row's offset).
 */
const offset = (ctx: CardContext): number => {
  const o = Number(ctx.event.value.o);
  return Number.isInteger(o) && o >= 0 ? o : 0;
};

/** "移除" `{ a: 'assign.draft.drop', d, m }` */
export async function dropDraftRowAction(ctx: CardContext): Promise<CardResponse> {
  const view = await dropDraftRow(ctx.tx, ctx.actor, ctx.event.value.d, ctx.event.value.m);
  return { toast: { type: 'success', text: t('已从方案中移除', 'Removed from the proposal') }, card: draftCard(view, offset(ctx)) };
}

/** The change-mentor form `{ a: 'assign.draft.set', d }` with `mentee` (a row) and `mentor` (a person). */
export async function setDraftRowAction(ctx: CardContext): Promise<CardResponse> {
  const form = ctx.event.formValue ?? {};
  const view = await setDraftRow(ctx.tx, ctx.actor, ctx.event.value.d, { mentee: form.mentee, mentorOpenId: typeof form.mentor === 'string' ? form.mentor.trim() : '' });
  return { toast: { type: 'success', text: t('已更换导师', 'Mentor changed') }, card: draftCard(view, offset(ctx)) };
}

/** "上一页 / 下一页" `{ a: 'assign.draft.page', d, o }` */
export async function pageDraftAction(ctx: CardContext): Promise<CardResponse> {
  return { card: draftCard(await draftView(ctx.tx, ctx.actor, ctx.event.value.d), offset(ctx)) };
}

/** "确认并通知" `{ a: 'assign.draft.confirm', d }`: pairs are formed and people told only now. */
export async function confirmDraftAction(ctx: CardContext): Promise<CardResponse> {
  const { view, placements } = await confirmDraft(ctx.tx, ctx.actor, ctx.event.value.d, { eventId: ctx.event.eventId });
  for (const p of placements) sendPlacementNotices(ctx, p);
  const skipped = view.result?.skipped.length ?? 0;
  return {
    toast: {
      type: skipped > 0 ? 'warning' : 'success',
      text: t(`已结对 ${placements.length} 对${skipped > 0 ? `，${skipped} 行未能结对（见卡片）` : ''}`, `${placements.length} pairs formed${skipped > 0 ? `, ${skipped} rows could not be (see the card)` : ''}`),
    },
    card: draftCard(view),
  };
}

/** "放弃" `{ a: 'assign.draft.discard', d }` */
export async function discardDraftAction(ctx: CardContext): Promise<CardResponse> {
  const view = await discardDraft(ctx.tx, ctx.actor, ctx.event.value.d);
  return { toast: { type: 'info', text: t('方案已放弃', 'Proposal discarded') }, card: draftCard(view) };
}
