import type { HandlerContext } from '../../src/context';
import { can } from '../../src/services/authorization';
import { seminarHomeCard } from '../../src/lark/cards/seminar-cards';
import { mySeminars } from '../../src/services/seminar-entries';
import { repo } from '../../src/services/seminars';

/**
 * `研讨`: the upcoming seminars of the sender's programs with their pairs' entries (a button to write or edit
 * each); admins also get the scheduling form and the seminars whose presenters are still to be recorded.
 */
export async function seminar(ctx: HandlerContext): Promise<void> {
  const now = ctx.now();
  const mine = await mySeminars(ctx.tx, ctx.actor, now);
  const admin = can(ctx.actor, 'seminars.manage') ? { programs: await repo.programs(ctx.tx), awaiting: await repo.awaitingRecord(ctx.tx, now) } : undefined;
  ctx.reply(seminarHomeCard(mine, ctx.timeZone, admin));
}
