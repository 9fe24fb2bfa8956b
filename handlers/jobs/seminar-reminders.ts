import type { JobDef } from '../../src/scheduler/job-def';
import { t } from '../../src/lark/cards/card-kit';
import { agendaCard, entryFormCard, reminderCard } from '../../src/lark/cards/seminar-cards';
import { duePhases } from '../../src/services/seminar-schedule';
import type { Entry, SeminarPair } from '../../src/db/repositories/seminar-repository';

const members = (p: SeminarPair) => [p.mentee, ...p.mentors].filter((m): m is typeof m & { openId: string } => m.openId !== null);

/**
 * 季度交流研讨会 messages: at T−14 days each newly invited pair's mentee and mentors get the entry form; at
 * T−7 days and T−1 day everyone in the program's pairs gets the date and place, with a nudge for their pairs
 * that have no entry; at 08:00 on the day everyone gets the agenda. Runs every half hour (see duePhases); a
 * reminder more than an hour late is noise, so the catch-up window is short. Keys: seminar, phase, person.
 */
export const seminarReminders: JobDef = {
  name: 'seminar-reminders',
  describe: t('交流研讨会：会前两周征集展示材料，会前一周和一天提醒，当天 08:00 发送议程', 'Exchange seminars: request entries two weeks before, remind a week and a day before, send the agenda at 08:00 on the day'),
  cron: '0,30 * * * *',
  calendar: 'all',
  catchUpMs: 3_600_000,
  async run(ctx) {
    for (const d of await duePhases(ctx.tx, ctx.scheduledFor, ctx.timeZone)) {
      const s = d.seminar;
      const submitted = new Map<number, Entry>(d.entries.filter((e) => e.submittedAt).map((e) => [e.pairId, e]));
      if (d.phase === 'request') {
        for (const pair of d.fresh) for (const m of members(pair)) ctx.send(m.openId, entryFormCard({ seminar: s, pair, entry: undefined }, ctx.timeZone, 'request'), `s${s.id}:request:p${pair.pairId}:${m.openId}`);
        continue;
      }
      // One card per person, however many pairs they are in (a mentor of several mentees).
      const people = new Map<string, SeminarPair[]>();
      for (const pair of d.pairs) for (const m of members(pair)) people.set(m.openId, [...(people.get(m.openId) ?? []), pair]);
      // The agenda lists every submitted entry (an ended pair's too), in pair order.
      const agenda = d.phase === 'agenda' ? agendaCard(s, ctx.timeZone, d.invited.filter((p) => submitted.has(p.pairId)).map((pair) => ({ pair, entry: submitted.get(pair.pairId)! }))) : undefined;
      for (const [openId, pairs] of people) {
        const card = agenda ?? reminderCard(s, ctx.timeZone, d.phase as 'week' | 'day', pairs.filter((p) => !submitted.has(p.pairId)));
        ctx.send(openId, card, `s${s.id}:${d.phase}:${openId}`);
      }
      ctx.log.info({ seminar: s.id, phase: d.phase, people: people.size }, 'seminar messages queued');
    }
  },
};
