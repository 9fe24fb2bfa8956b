import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { claimDoneCard, claimListCard, mentorClaimedCard } from '../../src/lark/cards/secondment-claim-cards';
import { localDate } from '../../src/domain/local-date';
import { DomainError } from '../../src/domain/domain-error';
import { claimMentor, claimView, idFrom } from '../../src/services/secondment';

/**
 * "认领" on the claim list: pair now. The list is replaced by the outcome and the mentor gets a card. When
 * the mentor filled up meanwhile, the list is redrawn with the current loads so the next choice is informed.
 */
export async function claimTake(ctx: CardContext): Promise<CardResponse> {
  const programId = idFrom(ctx.event.value, 'p');
  const mentorId = idFrom(ctx.event.value, 'm');
  const today = localDate(ctx.now(), ctx.timeZone);
  try {
    const r = await claimMentor(ctx.tx, ctx.actor, { programId, mentorId, today, eventId: ctx.event.eventId });
    if (r.mentor.openId) ctx.sendTo(r.mentor.openId, mentorClaimedCard(r));
    return { toast: { type: 'success', text: t(`已认领 ${r.mentor.name} 为导师`, `${r.mentor.name} is now your mentor`) }, card: claimDoneCard(r) };
  } catch (err) {
    if (!(err instanceof DomainError) || err.detail?.reason !== 'full') throw err;
    return { toast: { type: 'warning', text: err.text }, card: claimListCard(await claimView(ctx.tx, ctx.actor, today, { programId })) };
  }
}
