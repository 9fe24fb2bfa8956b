import type { CardContext, CardResponse } from '../../src/context';
import { changeSelection, openSelection } from '../../src/services/mentor-selection';
import { menteeProgramOf, renderSelection } from '../selection-render';

/** A program chosen from the "pick a program" card. */
export async function openProgramSelection(ctx: CardContext): Promise<CardResponse> {
  const programId = await menteeProgramOf(ctx);
  const { state, version } = await openSelection(ctx.session, ctx.actor.openId, programId);
  return { card: await renderSelection(ctx, programId, state, version) };
}

/** Previous / next page. */
export async function turnPage(ctx: CardContext): Promise<CardResponse> {
  const programId = await menteeProgramOf(ctx);
  const n = Number(ctx.event.value.n);
  const { state, version } = await changeSelection(ctx.session, ctx.actor.openId, programId, ctx.event.value.v, (s) => ({ ...s, page: Number.isInteger(n) && n >= 0 ? n : 0 }));
  return { card: await renderSelection(ctx, programId, state, version) };
}

/** Filter the mentors by one strength ("all" clears it). */
export async function filterMentors(ctx: CardContext): Promise<CardResponse> {
  const programId = await menteeProgramOf(ctx);
  const raw = ctx.event.formValue?.filter;
  const filter = typeof raw === 'string' && raw !== '' && raw !== 'all' ? raw.slice(0, 64) : null;
  const { state, version } = await changeSelection(ctx.session, ctx.actor.openId, programId, ctx.event.value.v, (s) => ({ ...s, filter, page: 0 }));
  return { card: await renderSelection(ctx, programId, state, version) };
}
