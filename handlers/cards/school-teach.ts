import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { closedCard, editCard, rateCard, rollCard } from '../../src/lark/cards/school-cards';
import { SchoolRepository } from '../../src/db/repositories/school-repository';
import { closeSession, markPresent, type Closed } from '../../src/services/night-school-attendance';
import { editSession, sessionFor } from '../../src/services/night-school';
import { deniedOn } from '../../src/services/authorization';

/** The teacher's buttons: set the content, roll call, close (no-shows become absent; those present get the rating form). */

const repo = new SchoolRepository();

async function asTeacher(ctx: CardContext, action: string) {
  const v = await sessionFor(ctx.tx, ctx.actor, ctx.event.value.s);
  if (!v.teaching) throw deniedOn(ctx.actor, action, `school_session:${v.session.id}`, { zh: '只有授课老师或组织部管理员可以这样做。', en: 'Only the teacher or an admin may do this.' });
  return v;
}

export async function schoolEdit(ctx: CardContext): Promise<CardResponse> {
  const v = await asTeacher(ctx, 'school.edit');
  return { card: editCard(v.session, ctx.timeZone) };
}

export async function schoolSave(ctx: CardContext): Promise<CardResponse> {
  const r = await editSession(ctx.tx, ctx.actor, ctx.event.value.s, ctx.event.formValue ?? {}, ctx.now());
  return { toast: r.changed ? { type: 'success', text: t('课程已更新', 'Session updated') } : { type: 'info', text: t('没有变化', 'Nothing changed') }, card: editCard(r.session, ctx.timeZone) };
}

export async function schoolRoll(ctx: CardContext): Promise<CardResponse> {
  const v = await asTeacher(ctx, 'school.roll');
  return { card: rollCard(v.session, v.audience, await repo.attendance(ctx.tx, v.session.id), ctx.timeZone) };
}

export async function schoolMark(ctx: CardContext): Promise<CardResponse> {
  const raw = ctx.event.formValue?.present;
  const ids = (Array.isArray(raw) ? raw : typeof raw === 'string' && raw ? [raw] : []).map(Number).filter(Number.isSafeInteger);
  const r = await markPresent(ctx.tx, ctx.actor, ctx.event.value.s, ids, ctx.now());
  const v = await sessionFor(ctx.tx, ctx.actor, r.session.id);
  return { toast: { type: 'success', text: t(`已记 ${r.marked} 人到场`, `${r.marked} marked present`) }, card: rollCard(v.session, v.audience, await repo.attendance(ctx.tx, v.session.id), ctx.timeZone) };
}

/** Rating forms for those who were there, once per session and person (outbox dedupe key). */
export function sendRatingForms(send: (openId: string, key: string) => void, c: Closed): void {
  for (const p of c.present) if (p.openId) send(p.openId, `school:rate:${c.session.id}:${p.cadreId}`);
}

export async function schoolClose(ctx: CardContext): Promise<CardResponse> {
  const c = await closeSession(ctx.tx, ctx.actor, ctx.event.value.s, ctx.now());
  if (!c.changed) return { toast: { type: 'info', text: t('这次课已经结课了', 'This session is already closed') } };
  sendRatingForms((openId, key) => ctx.sendTo(openId, rateCard(c.session, ctx.timeZone), { dedupeKey: key }), c);
  return { toast: { type: 'success', text: t(`已结课：缺席 ${c.absent.length} 人`, `Closed: ${c.absent.length} absent`) }, card: closedCard(c, ctx.timeZone) };
}
