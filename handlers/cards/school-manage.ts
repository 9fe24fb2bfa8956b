import type { CardContext, CardResponse } from '../../src/context';
import type { SchoolPerson } from '../../src/db/repositories/school-repository';
import { t, type Card } from '../../src/lark/cards/card-kit';
import { endedNoticeCard, pausedNoticeCard, resumedNoticeCard, seriesManageCard } from '../../src/lark/cards/school-series-cards';
import { endSeries, pauseSeries, resumeSeries, seriesFor, type SeriesView } from '../../src/services/night-school-lifecycle';

/**
 * 管理夜校 (the series' teacher or an admin): 暂停, 恢复, 结束. The audience (and the teacher, when an admin
 * acted) is told once per decision: the dedupe key names the series, the decision and the person.
 */

function tell(ctx: CardContext, v: SeriesView, card: Card, key: string): void {
  const people: SchoolPerson[] = [...v.audience, ...(v.teacher && v.teacher.cadreId !== ctx.actor.cadreId ? [v.teacher] : [])];
  for (const p of people) if (p.openId) ctx.sendTo(p.openId, card, { dedupeKey: `${key}:${p.cadreId}` });
}

export async function schoolSeriesOpen(ctx: CardContext): Promise<CardResponse> {
  return { card: seriesManageCard(await seriesFor(ctx.tx, ctx.actor, ctx.event.value.sr, ctx.now(), ctx.timeZone), ctx.timeZone) };
}

export async function schoolPause(ctx: CardContext): Promise<CardResponse> {
  const p = await pauseSeries(ctx.tx, ctx.actor, ctx.event.value.sr, ctx.now(), ctx.timeZone);
  tell(ctx, p, pausedNoticeCard(p, ctx.timeZone), `school:paused:${p.series.id}:${p.pausedAt.getTime()}`);
  await ctx.audit({ action: 'school.pause', target: `school_series:${p.series.id}`, detail: { cancelled: p.cancelled.length } });
  return { toast: { type: 'success', text: t(`已暂停，取消了 ${p.cancelled.length} 次课并通知听课人员`, `Paused: ${p.cancelled.length} sessions cancelled, the audience told`) }, card: seriesManageCard(p, ctx.timeZone) };
}

export async function schoolResume(ctx: CardContext): Promise<CardResponse> {
  const r = await resumeSeries(ctx.tx, ctx.actor, ctx.event.value.sr, ctx.now(), ctx.timeZone);
  tell(ctx, r, resumedNoticeCard(r, ctx.timeZone), `school:resumed:${r.series.id}:${r.pausedAt.getTime()}`);
  await ctx.audit({ action: 'school.resume', target: `school_series:${r.series.id}` });
  return { toast: { type: 'success', text: t('已恢复上课并通知听课人员', 'Resumed; the audience was told') }, card: seriesManageCard(r, ctx.timeZone) };
}

export async function schoolEnd(ctx: CardContext): Promise<CardResponse> {
  const e = await endSeries(ctx.tx, ctx.actor, ctx.event.value.sr, ctx.event.formValue ?? {}, ctx.now(), ctx.timeZone);
  tell(ctx, e, endedNoticeCard(e, ctx.timeZone), `school:ended:${e.series.id}:${e.endsOn}`);
  await ctx.audit({ action: 'school.end', target: `school_series:${e.series.id}`, detail: { endsOn: e.endsOn, cancelled: e.cancelled.length } });
  return { toast: { type: 'success', text: t(`夜校到 ${e.endsOn} 结束，取消了 ${e.cancelled.length} 次课`, `The night school ends on ${e.endsOn}; ${e.cancelled.length} sessions cancelled`) }, card: seriesManageCard(e, ctx.timeZone) };
}
