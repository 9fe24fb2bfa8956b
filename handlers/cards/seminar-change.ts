import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { entryFormCard } from '../../src/lark/cards/seminar-cards';
import { seminarCancelDoneCard, seminarCancelledCard, seminarChangeCard, seminarChangeDoneCard, seminarChangedCard } from '../../src/lark/cards/seminar-change-cards';
import { cancelSeminar, changeForm, changeSeminar } from '../../src/services/seminar-changes';

/**
 * 修改 / 取消 a seminar (admins, before it starts). Participants are told once per change (the key names the
 * revision) and once of a cancellation; a seminar moved inside its last two weeks asks its pairs at once.
 */

export async function seminarEditOpen(ctx: CardContext): Promise<CardResponse> {
  return { card: seminarChangeCard(await changeForm(ctx.tx, ctx.actor, ctx.event.value.s, ctx.now()), ctx.timeZone) };
}

export async function seminarEditSave(ctx: CardContext): Promise<CardResponse> {
  const c = await changeSeminar(ctx.tx, ctx.actor, { seminarId: ctx.event.value.s, form: ctx.event.formValue ?? {}, now: ctx.now(), timeZone: ctx.timeZone });
  const s = c.seminar;
  const notice = seminarChangedCard(c.before, s, ctx.timeZone);
  for (const p of c.participants) ctx.sendTo(p.openId, notice, { dedupeKey: `seminar:${s.id}:changed:r${s.revision}:${p.openId}` });
  for (const pair of c.invited) {
    for (const who of [pair.mentee, ...pair.mentors]) {
      if (who.openId) ctx.sendTo(who.openId, entryFormCard({ seminar: s, pair, entry: undefined }, ctx.timeZone, 'request'), { dedupeKey: `seminar:${s.id}:request:${pair.pairId}:${who.openId}` });
    }
  }
  await ctx.audit({ action: 'seminar.change', target: `seminar:${s.id}`, detail: { revision: s.revision, startsAt: s.startsAt.toISOString(), place: s.place, title: s.title, invited: c.invited.length } });
  return { toast: { type: 'success', text: t(`研讨会已修改，已通知 ${c.participants.length} 人`, `Seminar changed; ${c.participants.length} people told`) }, card: seminarChangeDoneCard(c.before, s, ctx.timeZone, c.participants.length) };
}

export async function seminarCancel(ctx: CardContext): Promise<CardResponse> {
  const c = await cancelSeminar(ctx.tx, ctx.actor, { seminarId: ctx.event.value.s, form: ctx.event.formValue ?? {}, now: ctx.now() });
  const notice = seminarCancelledCard(c.seminar, ctx.timeZone);
  for (const p of c.participants) ctx.sendTo(p.openId, notice, { dedupeKey: `seminar:${c.seminar.id}:cancelled:${p.openId}` });
  await ctx.audit({ action: 'seminar.cancel', target: `seminar:${c.seminar.id}`, detail: { reason: c.seminar.cancelReason } });
  return { toast: { type: 'success', text: t(`研讨会已取消，已通知 ${c.participants.length} 人`, `Seminar cancelled; ${c.participants.length} people told`) }, card: seminarCancelDoneCard(c.seminar, ctx.timeZone, c.participants.length) };
}
