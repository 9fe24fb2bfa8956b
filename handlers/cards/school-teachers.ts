import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { designatedNoticeCard, teachersCard } from '../../src/lark/cards/school-series-cards';
import { designatedTeachers, designateTeachers, removeTeacher } from '../../src/services/night-school-teachers';

/** 指定老师 (admins): open the list, designate people from the roster, remove a designation. */

export async function schoolTeachersOpen(ctx: CardContext): Promise<CardResponse> {
  return { card: teachersCard(await designatedTeachers(ctx.tx, ctx.actor)) };
}

export async function schoolTeachersAdd(ctx: CardContext): Promise<CardResponse> {
  const now = ctx.now();
  const d = await designateTeachers(ctx.tx, ctx.actor, ctx.event.formValue ?? {}, now);
  for (const p of d.added) {
    if (p.openId) ctx.sendTo(p.openId, designatedNoticeCard(), { dedupeKey: `school:teacher:${p.cadreId}:${now.getTime()}` });
    await ctx.audit({ action: 'school.designate', target: `school_teacher:${p.cadreId}` });
  }
  const names = d.added.map((p) => p.name).join('、');
  const already = d.already.length > 0 ? t(`；${d.already.map((p) => p.name).join('、')} 原来就是`, `; ${d.already.map((p) => p.name).join(', ')} already were`) : t('', '');
  return {
    toast: { type: 'success', text: t(`已指定 ${names} 为夜校老师${already.zh}`, `Designated ${d.added.map((p) => p.name).join(', ')}${already.en}`) },
    card: teachersCard(d.teachers),
  };
}

export async function schoolTeachersRemove(ctx: CardContext): Promise<CardResponse> {
  const r = await removeTeacher(ctx.tx, ctx.actor, ctx.event.value.c);
  await ctx.audit({ action: 'school.undesignate', target: `school_teacher:${r.removed.cadreId}` });
  return { toast: { type: 'success', text: t(`已取消 ${r.removed.name} 的夜校老师指定`, `${r.removed.name} is no longer a designated teacher`) }, card: teachersCard(r.teachers) };
}
