import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { surveySavedCard } from '../../src/lark/cards/secondment-cards';
import { localDate } from '../../src/domain/local-date';
import { idFrom } from '../../src/services/secondment';
import { submitSurvey } from '../../src/services/secondment-survey';

/** The survey form was submitted: validate and save (replacing an earlier answer); the form becomes the answer. */
export async function surveySubmit(ctx: CardContext): Promise<CardResponse> {
  const saved = await submitSurvey(ctx.tx, ctx.actor, {
    batchId: idFrom(ctx.event.value, 'b'), formValue: ctx.event.formValue ?? {}, today: localDate(ctx.now(), ctx.timeZone), eventId: ctx.event.eventId,
  });
  return { toast: { type: 'success', text: t('摸排已提交，谢谢！', 'Survey submitted, thank you!') }, card: surveySavedCard(saved) };
}
