import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { entryFormCard, entrySavedCard } from '../../src/lark/cards/seminar-cards';
import { entryForm, submitEntry } from '../../src/services/seminar-entries';

/** 填写/修改展示材料: the pair's form in place of the clicked card (same checks as saving). */
export async function seminarEntryOpen(ctx: CardContext): Promise<CardResponse> {
  const f = await entryForm(ctx.tx, ctx.actor, { seminarId: ctx.event.value.s, pairId: ctx.event.value.pair, now: ctx.now() });
  return { card: entryFormCard(f, ctx.timeZone) };
}

/** The entry form was submitted by the mentee or a mentor of the pair, before the seminar starts. */
export async function seminarEntrySave(ctx: CardContext): Promise<CardResponse> {
  const saved = await submitEntry(ctx.tx, ctx.actor, { seminarId: ctx.event.value.s, pairId: ctx.event.value.pair, form: ctx.event.formValue ?? {}, now: ctx.now() });
  await ctx.audit({ action: saved.edited ? 'seminar.entry.edit' : 'seminar.entry.submit', target: `seminar:${saved.seminar.id}:pair:${saved.pair.pairId}` });
  return { toast: { type: 'success', text: saved.edited ? t('展示材料已修改', 'Entry updated') : t('展示材料已提交', 'Entry submitted') }, card: entrySavedCard(saved, ctx.timeZone) };
}
