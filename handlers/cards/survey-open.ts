import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { surveyFormCard } from '../../src/lark/cards/secondment-cards';
import { idFrom } from '../../src/services/secondment';
import { surveyForm } from '../../src/services/secondment-survey';

/** "填写摸排问卷" / "修改答案": the batch's survey form, with the cadre's answer filled in, as a new message. */
export async function surveyOpen(ctx: CardContext): Promise<CardResponse> {
  const view = await surveyForm(ctx.tx, ctx.actor, idFrom(ctx.event.value, 'b'));
  ctx.reply(surveyFormCard({ batch: view.batch, abilities: view.abilities, current: view.current }));
  return { toast: { type: 'success', text: t('摸排问卷已发送', 'Survey sent to you') } };
}
