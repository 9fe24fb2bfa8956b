import type { CardContext, HandlerContext } from '../src/context';
import type { Card } from '../src/lark/cards/card-kit';
import { mentorListCard } from '../src/lark/cards/mentor-list-card';
import { localDate } from '../src/domain/local-date';
import { requireMenteeIn } from '../src/services/applications';
import type { SelectionState } from '../src/services/mentor-selection';
import { selectionView } from '../src/services/selection-view';

/** The 选导师 card for this mentee, program and browsing state (shared by the selection handlers). */
export async function renderSelection(ctx: HandlerContext, programId: number, state: SelectionState, version: number): Promise<Card> {
  const program = await requireMenteeIn(ctx.tx, ctx.actor, programId, localDate(ctx.now(), ctx.timeZone));
  return mentorListCard(await selectionView(ctx.tx, ctx.actor, { programId, nameZh: program.nameZh, nameEn: program.nameEn, track: program.track }, state, version));
}

/** The program id a selection button carries; junk gets the standard "out of date" answer via the service. */
export const programIdOf = (value: Record<string, unknown>): number => (typeof value.p === 'number' ? value.p : Number.NaN);

/**
 * The program of a selection button, once the clicker is known to be one of its mentees: anyone else (a
 * forwarded card, a forged value) is refused and audited before their session is touched.
 */
export async function menteeProgramOf(ctx: CardContext): Promise<number> {
  const programId = programIdOf(ctx.event.value);
  await requireMenteeIn(ctx.tx, ctx.actor, programId, localDate(ctx.now(), ctx.timeZone));
  return programId;
}
