import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { entryFormCard, seminarCreatedCard } from '../../src/lark/cards/seminar-cards';
import { createSeminar } from '../../src/services/seminars';

/**
 * The admin's scheduling form was submitted. A seminar less than two weeks away asks its pairs at once (the
 * reminder job's T−14 moment has passed); the dedupe key keeps a repeated click from asking twice.
 */
export async function seminarCreate(ctx: CardContext): Promise<CardResponse> {
  const { seminar, invited } = await createSeminar(ctx.tx, ctx.actor, { form: ctx.event.formValue ?? {}, now: ctx.now(), timeZone: ctx.timeZone });
  for (const pair of invited) {
    for (const who of [pair.mentee, ...pair.mentors]) {
      if (who.openId) ctx.sendTo(who.openId, entryFormCard({ seminar, pair, entry: undefined }, ctx.timeZone, 'request'), { dedupeKey: `seminar:${seminar.id}:request:${pair.pairId}:${who.openId}` });
    }
  }
  await ctx.audit({ action: 'seminar.create', target: `seminar:${seminar.id}`, detail: { programId: seminar.programId, startsAt: seminar.startsAt.toISOString(), invited: invited.length } });
  return { toast: { type: 'success', text: t('研讨会已安排', 'Seminar scheduled') }, card: seminarCreatedCard(seminar, ctx.timeZone, invited.length) };
}
