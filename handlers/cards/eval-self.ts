import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { selfFormCard } from '../../src/lark/cards/evaluation-cards';
import { saveSelfAssessment, selfAssessmentFor } from '../../src/services/evaluation-rating';

/** 写自评: the mentee's or a mentor's short self-assessment, before the assessor rates. */
export async function evalSelfOpen(ctx: CardContext): Promise<CardResponse> {
  const { evaluation, who } = await selfAssessmentFor(ctx.tx, ctx.actor, ctx.event.value.e);
  return { card: selfFormCard(evaluation, who) };
}

export async function evalSelfSave(ctx: CardContext): Promise<CardResponse> {
  const { evaluation, who } = await saveSelfAssessment(ctx.tx, ctx.actor, ctx.event.value.e, ctx.event.formValue?.self);
  await ctx.audit({ action: 'eval.self', target: `evaluation:${evaluation.id}`, detail: { who } });
  return { toast: { type: 'success', text: t('自评已保存', 'Self-assessment saved') }, card: selfFormCard(evaluation, who) };
}
