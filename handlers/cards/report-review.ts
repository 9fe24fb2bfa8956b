import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { commentCard, reviewCard } from '../../src/lark/cards/report-cards';
import { reviewReport } from '../../src/services/weekly-reports';

/** 已阅: recorded once; the mentor's card shows it. A second click changes nothing. */
export async function reportRead(ctx: CardContext): Promise<CardResponse> {
  const r = await reviewReport(ctx.tx, ctx.actor, { reportId: ctx.event.value.r, kind: 'read', form: {} });
  return {
    toast: { type: 'info', text: r.already ? t('已经标记为已阅', 'Already marked as read') : t('已阅', 'Marked as read') },
    card: reviewCard(r.pair, r.report, { edited: false, read: true, comment: r.comment }),
  };
}

/** A comment: saved, and the mentee gets it as a card. The same comment twice is sent once. */
export async function reportComment(ctx: CardContext): Promise<CardResponse> {
  const r = await reviewReport(ctx.tx, ctx.actor, { reportId: ctx.event.value.r, kind: 'comment', form: ctx.event.formValue ?? {} });
  if (!r.already && r.pair.mentee.openId) ctx.sendTo(r.pair.mentee.openId, commentCard(r.pair, r.report, r.mentorName, r.comment!));
  return {
    toast: { type: r.already ? 'info' : 'success', text: r.already ? t('这条评语已经发送过', 'This comment was already sent') : t('评语已发送', 'Comment sent') },
    card: reviewCard(r.pair, r.report, { edited: false, read: true, comment: r.comment }),
  };
}
