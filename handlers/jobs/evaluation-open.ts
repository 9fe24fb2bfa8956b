import type { JobDef } from '../../src/scheduler/job-def';
import { t } from '../../src/lark/cards/card-kit';
import { rateBatchCard, selfFormCard } from '../../src/lark/cards/evaluation-cards';
import type { Evaluation, RoleHolder } from '../../src/db/repositories/evaluation-repository';
import { openDueEvaluations } from '../../src/services/evaluation-opening';
import { peopleOf } from '../../src/services/evaluation-people';
import { RATE_PAGE } from '../cards/eval-rate';

/**
 * 效果测评 opens: on each working day at 09:00 the programs whose opening day has come open the last quarter
 * for their pairs (idempotent, see evaluation-opening.ts). Each assessor gets one batch card, mentor and
 * mentee an invitation to write a self-assessment. A missed day is caught up within a week.
 */
export const evaluationOpen: JobDef = {
  name: 'evaluation-open',
  describe: t('季度测评：季度结束后的第 N 个工作日（默认第一个）09:00 为帮带对子开启测评，通知评定人和导师、培养对象', 'Quarterly evaluation: at 09:00 on the Nth working day after the quarter (default the first) open it for the pairs and tell the assessors, mentors and mentees'),
  cron: '0 9 * * *',
  calendar: 'workdays',
  catchUpMs: 7 * 86_400_000,
  async run(ctx) {
    const { quarter, evaluations } = await openDueEvaluations(ctx.tx, ctx.scheduledFor, ctx.timeZone);
    const byAssessor = new Map<number, { assessor: RoleHolder; items: Evaluation[] }>();
    const people = await peopleOf(ctx.tx);
    for (const e of evaluations) {
      for (const a of await people.assessorsFor(e)) {
        const entry = byAssessor.get(a.cadreId) ?? { assessor: a, items: [] };
        entry.items.push(e);
        byAssessor.set(a.cadreId, entry);
      }
      for (const m of e.mentors) if (m.openId) ctx.send(m.openId, selfFormCard(e, 'mentor'), `self:${e.id}:${m.cadreId}`);
      if (e.mentee.openId) ctx.send(e.mentee.openId, selfFormCard(e, 'mentee'), `self:${e.id}:${e.mentee.cadreId}`);
    }
    for (const { assessor, items } of byAssessor.values()) {
      if (!assessor.openId) continue;
      const page = items.slice(0, RATE_PAGE).map((evaluation) => ({ evaluation }));
      ctx.send(assessor.openId, rateBatchCard(quarter, page, items.length - page.length), `rate:${assessor.cadreId}`);
    }
    if (evaluations.length > 0) ctx.log.info({ quarter, opened: evaluations.length, assessors: byAssessor.size }, 'evaluations opened');
  },
};
