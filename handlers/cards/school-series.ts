import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { seriesCreatedCard, seriesFormCard } from '../../src/lark/cards/school-cards';
import { SchoolRepository } from '../../src/db/repositories/school-repository';
import { authorize, can } from '../../src/services/authorization';
import { createSeries } from '../../src/services/night-school';
import { mayCreateSeries } from '../../src/services/night-school-series';
import { localDate } from '../../src/domain/local-date';

/**
 * 新建夜校 opens the form (admins, designated teachers, teachers of a running series; a teacher's form has no
 * teacher picker: they teach it); its submit creates the series and its first four weeks of sessions.
 */

export async function schoolNew(ctx: CardContext): Promise<CardResponse> {
  if (!(await mayCreateSeries(ctx.tx, ctx.actor, localDate(ctx.now(), ctx.timeZone)))) authorize(ctx.actor, 'school.manage', 'school_series');
  const programs = await new SchoolRepository().programs(ctx.tx);
  return { card: seriesFormCard(programs, can(ctx.actor, 'school.manage') ? undefined : { name: ctx.actor.name }) };
}

export async function schoolCreate(ctx: CardContext): Promise<CardResponse> {
  const created = await createSeries(ctx.tx, ctx.actor, ctx.event.formValue ?? {}, ctx.now(), ctx.timeZone);
  await ctx.audit({ action: 'school.create', target: `school_series:${created.series.id}`, detail: { sessions: created.sessions, cancelled: created.cancelled } });
  return { toast: { type: 'success', text: t('夜校已创建', 'Night school created') }, card: seriesCreatedCard(created) };
}
