import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { Actor } from '../domain/actor';
import { t } from '../lark/cards/card-kit';
import type { MeView } from '../lark/cards/me-card';
import { needsView } from './needs';
import { programsForCadre } from './programs';
import { can } from './authorization';
import { countSendProblems } from './send-problems';
import { PairRepository } from '../db/repositories/pair-repository';
import { ApplicationRepository } from '../db/repositories/application-repository';
import { PlanRepository } from '../db/repositories/plan-repository';
import { pendingForLeader } from './evaluation-approval';
import { openItemsFor } from './staff-meeting';
import { rateItems } from './evaluation-view';

/** Everything the 我的 card shows, gathered for one person on one day. */
export async function meView(tx: Kysely<Database>, actor: Actor, today: string): Promise<MeView> {
  const [programs, needs] = await Promise.all([programsForCadre(tx, actor.cadreId, today), needsView(tx, actor)]);
  const pairs = await new PairRepository().pairsOf(tx, actor.cadreId, { activeOnly: true });
  const waiting = await new ApplicationRepository().countPendingForMentor(tx, actor.cadreId);
  const todo: MeView['todo'] = [];
  if (waiting > 0) todo.push({ text: t(`有 ${waiting} 份拜师申请等您答复（见上方的申请卡片）`, `${waiting} mentoring request(s) wait for your answer (see the request cards above)`) });
  const menteeSomewhere = programs.some((p) => p.role === 'mentee' && p.eligibility.eligible && p.status !== 'ended');
  const mentorSomewhere = programs.some((p) => p.role === 'mentor' && p.status !== 'ended');
  if (menteeSomewhere && needs.needs.length === 0) {
    todo.push({ text: t('填写需求：从需求库中选出最想提升的能力', 'Fill in your needs: the abilities you most want to build'), action: { label: t('填写需求', 'Fill in needs'), value: { a: 'needs.open' } } });
  }
  if (mentorSomewhere && needs.strengths.length === 0) {
    todo.push({ text: t('填写特长：结对时按特长匹配培养对象', 'Fill in your strengths: pairing matches them to mentees'), action: { label: t('填写特长', 'Fill in strengths'), value: { a: 'strengths.open' } } });
  }
  const claimable = programs.find((p) => p.track === 'village_secondment' && p.role === 'mentee' && p.eligibility.eligible && p.batch
    && p.batch.startDate <= today && today <= p.batch.endDate && !pairs.some((x) => x.programId === p.programId));
  if (claimable) {
    todo.push({ text: t(`挂职第 ${claimable.batch!.number} 批已开始：认领一位导师`, `Secondment batch ${claimable.batch!.number} has begun: claim a mentor`), action: { label: t('认领导师', 'Claim a mentor'), value: { a: 'cmd', c: 'claim' } } });
  }
  const menteeWithout = programs.find((p) => p.role === 'mentee' && p.eligibility.eligible && p.status === 'running' && p.track !== 'village_secondment' && !pairs.some((x) => x.programId === p.programId));
  if (menteeWithout) {
    todo.push({ text: t(`${menteeWithout.nameZh}：还没有导师，去选导师`, `${menteeWithout.nameEn}: no mentor yet — choose one`), action: { label: t('选导师', 'Choose a mentor'), value: { a: 'cmd', c: 'mentors' } } });
  }
  // 一人一策: drafts wait for a mentor's confirmation; a mentee's pair without a plan needs one drafted.
  const planStatus = await new PlanRepository().statuses(tx, pairs.map((p) => p.pairId));
  const toConfirm = pairs.filter((p) => p.mentee.cadreId !== actor.cadreId && planStatus.get(p.pairId) === 'draft').length;
  if (toConfirm > 0) todo.push({ text: t(`计划待确认：${toConfirm} 份“一人一策”计划等您确认`, `${toConfirm} personal plan(s) wait for your confirmation`), action: { label: t('查看计划', 'Open plans'), value: { a: 'cmd', c: 'plan' } } });
  if (pairs.some((p) => p.mentee.cadreId === actor.cadreId && !planStatus.has(p.pairId))) {
    todo.push({ text: t('制定计划：起草您的“一人一策”计划，交导师确认', 'Draft your personal plan for your mentor to confirm'), action: { label: t('制定计划', 'Draft my plan'), value: { a: 'cmd', c: 'plan' } } });
  }
  // 季度测评: ratings to give, to approve, staff-meeting items to record.
  const toRate = (await rateItems(tx, actor)).length;
  if (toRate > 0) todo.push({ text: t(`季度测评：${toRate} 对帮带对子待您评定`, `Quarterly evaluation: ${toRate} pair(s) wait for your rating`), action: { label: t('去评定', 'Rate'), value: { a: 'eval.rate' } } });
  const toApprove = (await pendingForLeader(tx, actor)).length;
  if (toApprove > 0) todo.push({ text: t(`季度测评：${toApprove} 条评定待您审批`, `Quarterly evaluation: ${toApprove} rating(s) wait for your approval`), action: { label: t('去审批', 'Approve'), value: { a: 'cmd', c: 'approve' } } });
  const toRecord = (await openItemsFor(tx, actor)).length;
  if (toRecord > 0) todo.push({ text: t(`职工会事项：${toRecord} 项待安排和记录`, `Staff meeting: ${toRecord} item(s) to schedule and record`), action: { label: t('查看', 'Open'), value: { a: 'cmd', c: 'eval' } } });
  if (can(actor, 'sends.view')) {
    const undelivered = await countSendProblems(tx);
    if (undelivered > 0) todo.push({ text: t(`${undelivered} 条消息未能送达，需要电话联系`, `${undelivered} message(s) could not be delivered; follow up by phone`), action: { label: t('未送达的消息', 'Undelivered messages'), value: { a: 'admin.sends' } } });
  }
  if (can(actor, 'roster.view_summary')) {
    todo.push({ text: t('管理员：查看名册与项目概况', 'Admin: the roster and program summary'), action: { label: t('名册与项目概况', 'Roster and programs'), value: { a: 'admin.summary' } } });
  }
  return {
    name: actor.name,
    unitPath: actor.unitPath,
    category: actor.category,
    roles: actor.roles,
    programs: programs.map((p) => ({
      nameZh: p.nameZh, nameEn: p.nameEn, role: p.role, status: p.status, eligible: p.eligibility.eligible, reasons: p.eligibility.reasons,
      ...(p.batch ? { batch: p.batch } : {}),
    })),
    pairs: pairs.map((p) => {
      const asMentee = p.mentee.cadreId === actor.cadreId;
      return {
        programNameZh: p.programNameZh, programNameEn: p.programNameEn, role: asMentee ? 'mentee' as const : 'mentor' as const,
        others: asMentee ? p.mentors.map((m) => m.name) : [p.mentee.name],
      };
    }),
    needs: needs.needs,
    strengths: needs.strengths,
    todo,
  };
}
