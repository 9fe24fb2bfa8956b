import type { JobDef } from '../../src/scheduler/job-def';
import { t } from '../../src/lark/cards/card-kit';
import { ratingsCard } from '../../src/lark/cards/school-series-cards';
import { dueRatingSummaries } from '../../src/services/night-school-ratings';

/**
 * Daily at 09:00: each session closed at least a day ago gets its anonymous rating summary sent to its teacher,
 * once (dueRatingSummaries claims the session in this occurrence's transaction; the key names the session).
 */
export const schoolRatings: JobDef = {
  name: 'school-ratings',
  describe: t('干部夜校：结课一天后把评价汇总（平均分、人数、匿名留言）发给授课老师，每次课一次', 'Night school: a day after a session closed, send its teacher the anonymous rating summary, once per session'),
  cron: '0 9 * * *',
  calendar: 'all',
  catchUpMs: 24 * 3_600_000,
  async run(ctx) {
    const due = await dueRatingSummaries(ctx.tx, ctx.scheduledFor);
    for (const r of due) if (r.session.teacher.openId) ctx.send(r.session.teacher.openId, ratingsCard(r, ctx.timeZone), `school:ratings:${r.session.id}`);
    if (due.length > 0) ctx.log.info({ sessions: due.length }, 'night-school rating summaries queued');
  },
};
