import type { JobDef } from '../../src/scheduler/job-def';
import { t } from '../../src/lark/cards/card-kit';
import { digestCard, reportFormCard } from '../../src/lark/cards/report-cards';
import { dueNudges } from '../../src/services/report-reminders';
import { isoWeekOf } from '../../src/domain/iso-week';
import { localDate } from '../../src/domain/local-date';

/**
 * The next working day at 09:00 after a program's report day: mentees without a report get a reminder with
 * the form (补交), each mentor a list of their mentees missing, each admin the missing of their unit subtree.
 * calendar 'workdays' skips weekends and statutory holidays (and runs on make-up Saturdays); dueNudges acts
 * only on the first working day after the report day, so later working days stay quiet.
 */
export const weeklyReportNudge: JobDef = {
  name: 'weekly-report-nudge',
  describe: t('周报日后的第一个工作日 9:00：提醒未交周报的培养对象，并把未交名单发给导师和管理员', 'First working day after the report day, 09:00: remind mentees who have not reported, and send mentors and admins the list'),
  cron: '0 9 * * *',
  calendar: 'workdays',
  catchUpMs: 3 * 3_600_000,
  async run(ctx) {
    const due = await dueNudges(ctx.tx, ctx.scheduledFor, ctx.timeZone);
    // After a Friday report the nudge falls in the next week (补交); on a make-up Sunday it is still the same week.
    const thisWeek = isoWeekOf(localDate(ctx.scheduledFor, ctx.timeZone));
    for (const n of due.nudges) {
      if (n.pair.mentee.openId) ctx.send(n.pair.mentee.openId, reportFormCard({ pair: n.pair, week: n.week, late: n.week !== thisWeek, current: undefined, nudge: true }), `nudge:pair:${n.pair.pairId}:${n.week}`);
    }
    for (const d of due.mentors) if (d.recipient.openId) ctx.send(d.recipient.openId, digestCard('mentor', d.missing), `digest:mentor:${d.recipient.cadreId}`);
    for (const d of due.admins) if (d.recipient.openId) ctx.send(d.recipient.openId, digestCard('admin', d.missing), `digest:admin:${d.recipient.cadreId}`);
    if (due.nudges.length > 0) ctx.log.info({ nudges: due.nudges.length, mentors: due.mentors.length, admins: due.admins.length }, 'weekly report nudges queued');
  },
};
