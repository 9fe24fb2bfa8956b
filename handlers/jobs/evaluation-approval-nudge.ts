import type { JobDef } from '../../src/scheduler/job-def';
import { t } from '../../src/lark/cards/card-kit';
import { approvalCard, escalationCard } from '../../src/lark/cards/approval-cards';
import { approvalItems } from '../../src/services/evaluation-approval';
import { dueApprovalNudges } from '../../src/services/evaluation-nudges';
import { peopleOf } from '../../src/services/evaluation-people';

/**
 * Ratings waiting for a leader: every second working day the leaders get the approval card again (they can
 * decide from it); after 7 working days the admins are told once. Working days only, at 09:30.
 */
export const evaluationApprovalNudge: JobDef = {
  name: 'evaluation-approval-nudge',
  describe: t('测评审批提醒：待审批的评定每 2 个工作日提醒主要领导，7 个工作日后告知组织部', 'Evaluation approvals: remind the main leaders every 2 working days; tell the admins after 7'),
  cron: '30 9 * * *',
  calendar: 'workdays',
  catchUpMs: 6 * 3_600_000,
  async run(ctx) {
    const { nudges, escalations } = await dueApprovalNudges(ctx.tx, ctx.scheduledFor, ctx.timeZone);
    for (const n of nudges) {
      if (!n.person.openId) continue;
      const note = t(`以下评定已等待您审批 ${n.waited} 个工作日，请尽快处理。`, `These ratings have waited ${n.waited} working days for your approval.`);
      ctx.send(n.person.openId, approvalCard(await approvalItems(ctx.tx, n.revisionIds), ctx.timeZone, note), `leader:${n.person.cadreId}`);
    }
    for (const e of escalations) {
      if (!e.person.openId) continue;
      const items = await approvalItems(ctx.tx, e.revisionIds);
      const people = await peopleOf(ctx.tx);
      const leaders = new Map(items.map((it) => [it.revision.id, people.leadersFor(it.evaluation.menteeUnitId).map((l) => l.name)]));
      ctx.send(e.person.openId, escalationCard(items, leaders, e.waited), `admin:${e.person.cadreId}`);
    }
  },
};
