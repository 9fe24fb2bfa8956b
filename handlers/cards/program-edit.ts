import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { noticeCard } from '../../src/lark/cards/notice-card';
import { programFormCard, programMemberFormCard } from '../../src/lark/cards/program-cards';
import { programForAdmin, saveMemberForm, saveProgramForm } from '../../src/services/program-cards-service';

/** "编辑项目" on the admin summary: the program's form arrives as a new card. */
export async function openProgramForm(ctx: CardContext): Promise<CardResponse> {
  const p = await programForAdmin(ctx.tx, ctx.actor, ctx.event.value.p);
  ctx.reply(programFormCard({ programId: p.id, nameZh: p.nameZh, nameEn: p.nameEn, startDate: p.startDate, endDate: p.endDate, defaultCapacity: p.defaultCapacity, active: p.active }));
  return { toast: { type: 'info', text: t('已发送编辑表单', 'Edit form sent') } };
}

/** The program form was submitted. */
export async function saveProgram(ctx: CardContext): Promise<CardResponse> {
  const { program, changes } = await saveProgramForm(ctx.tx, ctx.actor, ctx.event.value.p, ctx.event.formValue ?? {});
  const lines = changes.map((c) => `${c.field}: ${c.from} → ${c.to}`).join('\n');
  return {
    toast: { type: 'success', text: changes.length > 0 ? t('项目已更新', 'Program updated') : t('没有改动', 'Nothing changed') },
    card: noticeCard(
      t(`项目已保存 · ${program.nameZh}`, `Program saved · ${program.nameEn}`),
      changes.length > 0 ? t(`已修改：\n${lines}`, `Changed:\n${lines}`) : t('内容与原来相同，没有改动。', 'Everything was as before; nothing changed.'),
      'green',
    ),
  };
}

/** "调整名单" on the admin summary. */
export async function openMemberForm(ctx: CardContext): Promise<CardResponse> {
  const p = await programForAdmin(ctx.tx, ctx.actor, ctx.event.value.p);
  ctx.reply(programMemberFormCard({ programId: p.id, nameZh: p.nameZh, nameEn: p.nameEn }));
  return { toast: { type: 'info', text: t('已发送名单调整表单', 'Pool form sent') } };
}

/** The pool form was submitted: include, exclude or clear one person; the card stays for the next one. */
export async function saveMember(ctx: CardContext): Promise<CardResponse> {
  const r = await saveMemberForm(ctx.tx, ctx.actor, ctx.event.value.p, ctx.event.formValue ?? {});
  const verb = { include: t('纳入', 'included in'), exclude: t('排除出', 'excluded from'), clear: t('恢复按规则判断', 'back to the rules for') }[r.after ?? 'clear'];
  const role = r.role === 'mentor' ? t('导师名单', 'the mentor pool') : t('培养对象名单', 'the mentee pool');
  const why = r.eligibility.reasons.map((x) => x.zh).join('；');
  return {
    toast: {
      type: 'success',
      text: t(`${r.person.name} 已${verb.zh}${role.zh}${why ? `（${why}）` : ''}`, `${r.person.name} ${verb.en} ${role.en}`),
    },
  };
}
