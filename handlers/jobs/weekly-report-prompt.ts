import type { JobDef } from '../../src/scheduler/job-def';
import { t } from '../../src/lark/cards/card-kit';
import { reportFormCard } from '../../src/lark/cards/report-cards';
import { duePrompts } from '../../src/services/report-reminders';

/**
 * 周报 prompt. Programs choose their own report day and time (default Friday 16:00) but a job has one cron,
 * so this runs every half hour and prompts the mentees of programs whose report time falls in that half hour
 * (see duePrompts). Each occurrence runs once across instances (job_runs), so a mentee gets one prompt per
 * week; those who already reported are skipped. A prompt more than 2 h late is noise: skipped.
 */
export const weeklyReportPrompt: JobDef = {
  name: 'weekly-report-prompt',
  describe: t('按各项目的周报日和时间（默认周五 16:00）提醒培养对象填写周报', 'Prompt mentees for their weekly report on each program’s day and time (default Friday 16:00)'),
  cron: '0,30 * * * *',
  calendar: 'all',
  catchUpMs: 2 * 3_600_000,
  async run(ctx) {
    const due = await duePrompts(ctx.tx, ctx.scheduledFor, ctx.timeZone);
    for (const d of due) ctx.send(d.pair.mentee.openId!, reportFormCard({ pair: d.pair, week: d.week, late: false, current: undefined }), `pair:${d.pair.pairId}:${d.week}`);
    if (due.length > 0) ctx.log.info({ prompts: due.length }, 'weekly report prompts queued');
  },
};
