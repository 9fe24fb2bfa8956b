import type { JobDef } from '../../src/scheduler/job-def';
import { t } from '../../src/lark/cards/card-kit';
import { cancelledCard, sessionCard, teacherCard } from '../../src/lark/cards/school-cards';
import { dueReminders } from '../../src/services/night-school-reminders';
import { holidayName } from '../../src/services/night-school-calendar';
import { localDate } from '../../src/domain/local-date';

const SLOT_MS = 5 * 60_000;

/**
 * 夜校 reminders. Each session has its own times (the day before at 18:00, one hour before the start), so this
 * runs every 5 minutes and sends what falls in [occurrence, occurrence + 5 min). Calendar 'all': a reminder the
 * day before a Monday class falls on Sunday, and a holiday's 停课 notice must go out on a day off too.
 * A reminder more than 30 minutes late is noise: skipped.
 */
export const schoolReminders: JobDef = {
  name: 'school-reminders',
  describe: t('干部夜校：前一天 18:00 和开课前一小时提醒听课人员，前一天提醒老师预计人数；节假日发停课通知', 'Night school: remind the audience the day before at 18:00 and one hour before, the teacher the day before with the headcount; holiday cancellation notices'),
  cron: '*/5 * * * *',
  calendar: 'all',
  catchUpMs: 30 * 60_000,
  async run(ctx) {
    let n = 0;
    for (const r of await dueReminders(ctx.tx, ctx.scheduledFor, SLOT_MS, ctx.timeZone)) {
      const s = r.session;
      if (r.kind === 'cancelled') {
        const card = cancelledCard(s, holidayName(localDate(s.startsAt, ctx.timeZone)), ctx.timeZone);
        for (const p of r.audience) if (p.openId) { ctx.send(p.openId, card, `cancelled:${s.id}:${p.cadreId}`); n++; }
        if (s.teacher.openId) ctx.send(s.teacher.openId, card, `cancelled:${s.id}:teacher`);
        continue;
      }
      const card = sessionCard(s, { kind: r.kind, timeZone: ctx.timeZone });
      for (const p of r.audience) if (p.openId) { ctx.send(p.openId, card, `${r.kind}:${s.id}:${p.cadreId}`); n++; }
      if (r.kind === 'day_before' && s.teacher.openId) ctx.send(s.teacher.openId, teacherCard(s, { expected: r.expected, registered: r.registered, timeZone: ctx.timeZone }), `teacher:${s.id}`);
    }
    if (n > 0) ctx.log.info({ reminders: n }, 'night-school reminders queued');
  },
};
