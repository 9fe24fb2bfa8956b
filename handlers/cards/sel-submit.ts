import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { localDate } from '../../src/domain/local-date';
import { submitApplications } from '../../src/services/applications';
import { changeSelection, readSelection } from '../../src/services/mentor-selection';
import { menteeProgramOf, renderSelection } from '../selection-render';

/** "提交志愿": the draft becomes applications; each mentor gets a decision card. */
export async function submitChoices(ctx: CardContext): Promise<CardResponse> {
  const programId = await menteeProgramOf(ctx);
  const { draft } = await readSelection(ctx.session, ctx.actor.openId, programId, ctx.event.value.v);
  const { created, notices } = await submitApplications(ctx.tx, ctx.actor, programId, draft, ctx.event.formValue?.reason, localDate(ctx.now(), ctx.timeZone));
  // Only once the applications are written is the draft emptied; if the card was already used (a double
  // click), this compare-and-set fails and the whole submission is undone.
  const { state, version } = await changeSelection(ctx.session, ctx.actor.openId, programId, ctx.event.value.v, (s) => ({ ...s, draft: [] }));
  for (const n of notices) ctx.sendTo(n.openId, n.card, n.dedupeKey ? { dedupeKey: n.dedupeKey } : {});
  return {
    toast: { type: 'success', text: t(`已提交 ${created.length} 个志愿，等待导师答复`, `Sent ${created.length} choice(s); waiting for the mentors`) },
    card: await renderSelection(ctx, programId, state, version),
  };
}
