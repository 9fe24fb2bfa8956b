import type { JobDef } from '../../src/scheduler/job-def';
import { t } from '../../src/lark/cards/card-kit';
import { rateCard } from '../../src/lark/cards/school-cards';
import { closeStale, materialise } from '../../src/services/night-school';
import { sendRatingForms } from '../cards/school-teach';

/**
 * Daily: materialise the next four weeks of every series (idempotent: unique (series_id, starts_at)), and close
 * sessions their teacher forgot to close (no-shows become absent; those present get the rating form).
 */
export const schoolSessions: JobDef = {
  name: 'school-sessions',
  describe: t('干部夜校：每天排出未来四周的课程，并关闭老师忘记结课的课程', 'Night school: schedule the next four weeks daily and close sessions nobody closed'),
  cron: '5 0 * * *',
  calendar: 'all',
  catchUpMs: 24 * 3_600_000,
  async run(ctx) {
    const closed = await closeStale(ctx.tx, ctx.now());
    for (const c of closed) sendRatingForms((openId, key) => ctx.send(openId, rateCard(c.session, ctx.timeZone), key), c);
    const made = await materialise(ctx.tx, ctx.now(), ctx.timeZone);
    if (made.sessions > 0 || closed.length > 0) ctx.log.info({ sessions: made.sessions, closed: closed.length }, 'night-school sessions scheduled');
  },
};
