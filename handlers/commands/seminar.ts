import type { HandlerContext } from '../../src/context';
import { can } from '../../src/services/authorization';
import { seminarHomeCard } from '../../src/lark/cards/seminar-cards';
import { mySeminars } from '../../src/services/seminar-entries';
import { repo } from '../../src/services/seminars';

/** An admin's 研讨 lists this many upcoming seminars (the soonest) with 修改 / 取消. */
const UPCOMING_MAX = 10;

/**
 * `研讨`: the upcoming seminars of the sender's programs with their pairs' entries (a button to write or edit
 * each); admins also get the scheduling form, the upcoming seminars to change or cancel, and the seminars
 * whose presenters are still to be recorded.
 */
export async function seminar(ctx: HandlerContext): Promise<void> {
  const now = ctx.now();
  const mine = await mySeminars(ctx.tx, ctx.actor, now);
  const admin = can(ctx.actor, 'seminars.manage')
    ? { programs: await repo.programs(ctx.tx), awaiting: await repo.awaitingRecord(ctx.tx, now), upcoming: (await repo.inRange(ctx.tx, new Date(now.getTime() + 1), new Date('9999-01-01'))).filter((s) => s.status === 'scheduled').slice(0, UPCOMING_MAX) }
    : undefined;
  ctx.reply(seminarHomeCard(mine, ctx.timeZone, admin));
}
