import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { recordedCard, recordFormCard } from '../../src/lark/cards/seminar-cards';
import { recordForm, recordPresenters } from '../../src/services/seminars';

/** 记录展示情况 (admins, once the seminar started): the invited pairs as a multi-select. */
export async function seminarRecordOpen(ctx: CardContext): Promise<CardResponse> {
  return { card: recordFormCard(await recordForm(ctx.tx, ctx.actor, ctx.event.value.s, ctx.now()), ctx.timeZone) };
}

/** Who presented is saved and the seminar becomes 'held'; a second click is refused (already recorded). */
export async function seminarRecordSave(ctx: CardContext): Promise<CardResponse> {
  const { seminar, presented } = await recordPresenters(ctx.tx, ctx.actor, { seminarId: ctx.event.value.s, form: ctx.event.formValue ?? {}, now: ctx.now() });
  await ctx.audit({ action: 'seminar.record', target: `seminar:${seminar.id}`, detail: { presented: presented.map((p) => p.pairId) } });
  return { toast: { type: 'success', text: t('已记录，研讨会标记为已举行', 'Recorded; the seminar is marked as held') }, card: recordedCard(seminar, ctx.timeZone, presented) };
}
