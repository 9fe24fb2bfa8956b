import type { HandlerContext } from '../../src/context';
import { applicationWithdrawnCard, formerMentorCard, menteeAssignedCard, mentorAssignedCard } from '../../src/lark/cards/assign-notice-cards';
import type { Placement } from '../../src/services/assignment';

/**
 * Tell everyone an assignment touches: the mentee, the mentor, the mentors of an ended pair, and the
 * mentors whose applications were withdrawn (except the assigned mentor, whose card already says so).
 * Queued with the handler's transaction, so nobody hears of a pair that was rolled back.
 */
export function sendPlacementNotices(ctx: HandlerContext, p: Placement): void {
  const send = (openId: string | null, card: Parameters<HandlerContext['sendTo']>[1]) => {
    // Someone the roster has but Lark does not (no open_id yet) cannot be written to; the pair still stands.
    if (openId) ctx.sendTo(openId, card);
  };
  send(p.mentee.openId, menteeAssignedCard(p));
  send(p.mentor.openId, mentorAssignedCard(p));
  for (const m of p.ended?.mentors ?? []) if (m.cadreId !== p.mentor.cadreId) send(m.openId, formerMentorCard(p));
  for (const w of p.withdrawn) if (w.mentor.cadreId !== p.mentor.cadreId) send(w.mentor.openId, applicationWithdrawnCard(p, w.rank));
}
