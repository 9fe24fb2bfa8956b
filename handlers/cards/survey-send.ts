import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { surveyFormCard } from '../../src/lark/cards/secondment-cards';
import { localDate } from '../../src/domain/local-date';
import { idFrom } from '../../src/services/secondment';
import { sendSurvey, villageAbilities } from '../../src/services/secondment-survey';

/**
 * "发送摸排" (admins): the survey form goes to every member of the batch who has not answered yet. The value
 * names the batch by number (`b`); without it, the batch running now or starting next.
 */
export async function surveySend(ctx: CardContext): Promise<CardResponse> {
  const programId = idFrom(ctx.event.value, 'p');
  const number = ctx.event.value.b === undefined ? undefined : idFrom(ctx.event.value, 'b');
  const sent = await sendSurvey(ctx.tx, ctx.actor, { programId, today: localDate(ctx.now(), ctx.timeZone), eventId: ctx.event.eventId, ...(number === undefined ? {} : { number }) });
  const abilities = await villageAbilities(ctx.tx);
  for (const r of sent.recipients) ctx.sendTo(r.openId, surveyFormCard({ batch: sent.batch, abilities }));
  const missing = sent.unreachable.length ? { zh: `；${sent.unreachable.join('、')} 没有飞书账号，未能发送`, en: `; ${sent.unreachable.join(', ')} have no Lark account and were skipped` } : { zh: '', en: '' };
  return {
    toast: {
      type: 'success',
      text: t(
        `已向第 ${sent.batch.number} 批 ${sent.recipients.length} 人发送摸排问卷（${sent.answered}/${sent.total} 人已填写）${missing.zh}`,
        `Survey sent to ${sent.recipients.length} member(s) of batch ${sent.batch.number} (${sent.answered}/${sent.total} answered)${missing.en}`,
      ),
    },
  };
}
