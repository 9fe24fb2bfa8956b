import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { reportSavedCard } from '../../src/lark/cards/report-cards';
import { localDate } from '../../src/domain/local-date';
import { submitReport } from '../../src/services/weekly-reports';
import { sendToMentors } from './report-notify';

/** The 周报 form was submitted: checked and saved in this event's transaction, the mentors get it, the form shows what was saved. */
export async function reportSubmit(ctx: CardContext): Promise<CardResponse> {
  const saved = await submitReport(ctx.tx, ctx.actor, {
    pairId: ctx.event.value.pair, week: ctx.event.value.w, form: ctx.event.formValue ?? {}, today: localDate(ctx.now(), ctx.timeZone),
  });
  sendToMentors(ctx, saved);
  const text = saved.edited ? t('周报已修改，导师会看到新版本', 'Report updated; your mentor sees the new version')
    : saved.report.late ? t('周报已补交', 'Late report handed in') : t('周报已提交', 'Report submitted');
  return { toast: { type: 'success', text }, card: reportSavedCard(saved.pair, saved.report, saved.edited) };
}
