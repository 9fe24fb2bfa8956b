import type { Registry } from '../src/context';
import { t } from '../src/lark/cards/card-kit';
import { help, unknownText } from './commands/help';
import { runCommand } from './cards/run-command';
import { needs } from './commands/needs';
import { me } from './commands/me';
import { mentors } from './commands/mentors';
import { filterMentors, openProgramSelection, turnPage } from './cards/sel-browse';
import { addChoice, raiseChoice, removeChoice } from './cards/sel-draft';
import { submitChoices } from './cards/sel-submit';
import { acceptAction, declineAction } from './cards/application-decide';
import { withdrawAction } from './cards/application-withdraw';
import { adminSummaryAction } from './cards/admin-summary';
import { sendProblemsAction } from './cards/admin-sends';
import { openMemberForm, openProgramForm, saveMember, saveProgram } from './cards/program-edit';
import { saveNeedsAction } from './cards/save-needs';
import { saveStrengthsAction } from './cards/save-strengths';
import { openNeeds, openStrengths } from './cards/open-form';
import { claim } from './commands/claim';
import { claimPage } from './cards/claim-page';
import { claimTake } from './cards/claim-take';
import { surveyOpen } from './cards/survey-open';
import { surveySubmit } from './cards/survey-submit';
import { surveySend } from './cards/survey-send';
import { surveySummaryAction } from './cards/survey-summary';
import { assign } from './commands/assign';
import { saveAssignment } from './cards/assign-save';
import { proposeAssignment } from './cards/assign-propose';
import { purgeInbox } from './jobs/purge-inbox';
import { report } from './commands/report';
import { reportSubmit } from './cards/report-submit';
import { reportOpen } from './cards/report-open';
import { reportComment, reportRead } from './cards/report-review';
import { weeklyReportPrompt } from './jobs/weekly-report-prompt';
import { weeklyReportNudge } from './jobs/weekly-report-nudge';
import { confirmDraftAction, discardDraftAction, dropDraftRowAction, pageDraftAction, setDraftRowAction } from './cards/assign-draft';
import { plan } from './commands/plan';
import { editPlanAction, openPlanAction } from './cards/plan-open';
import { confirmPlanAction, savePlanAction } from './cards/plan-save';
import { markItemDoneAction, markItemOpenAction } from './cards/plan-item';
import { seminar } from './commands/seminar';
import { seminarCreate } from './cards/seminar-create';
import { seminarEntryOpen, seminarEntrySave } from './cards/seminar-entry';
import { seminarRecordOpen, seminarRecordSave } from './cards/seminar-record';
import { seminarReminders } from './jobs/seminar-reminders';

import { school } from './commands/school';
import { schoolCheckIn, schoolLeave, schoolOpen, schoolRate, schoolRegister } from './cards/school-attend';
import { schoolClose, schoolEdit, schoolMark, schoolRoll, schoolSave } from './cards/school-teach';
import { schoolCreate, schoolNew } from './cards/school-series';
import { schoolReminders } from './jobs/school-reminders';
import { schoolSessions } from './jobs/school-sessions';
import { schoolTeachersAdd, schoolTeachersOpen, schoolTeachersRemove } from './cards/school-teachers';
import { schoolEnd, schoolPause, schoolResume, schoolSeriesOpen } from './cards/school-manage';
import { schoolRatings } from './jobs/school-ratings';
import { seminarCancel, seminarEditOpen, seminarEditSave } from './cards/seminar-change';
import { evaluation } from './commands/eval';
import { approve } from './commands/approve';
import { evalRate } from './cards/eval-rate';
import { evalCorrect } from './cards/eval-correct';
import { evalSubmit } from './cards/eval-submit';
import { evalWithdraw } from './cards/eval-withdraw';
import { evalSelfOpen, evalSelfSave } from './cards/eval-self';
import { evalApprove, evalApproveAll } from './cards/eval-approve';
import { evalReturn, evalReturnOpen } from './cards/eval-return';
import { staffDone, staffOpen } from './cards/staff-done';
import { evaluationOpen } from './jobs/evaluation-open';
import { evaluationApprovalNudge } from './jobs/evaluation-approval-nudge';
import { stats } from './commands/stats';
import { exportStats } from './commands/export';
import { statsUnit } from './cards/stats-unit';
import { statsExport } from './cards/stats-export';
/**
 * The one registry: command words (Chinese and English), card-action keys and scheduled jobs.
 * Adding a behaviour = one file under handlers/ plus one entry here.
 */
export const registry: Registry = {
  commands: [
    {
      name: 'help',
      words: ['帮助', 'help'],
      label: t('帮助', 'Help'),
      description: t('看看引航能做什么', 'See what Yinhang can do'),
      run: help,
    },
    {
      name: 'me',
      words: ['我的', 'me'],
      label: t('我的', 'Me'),
      description: t('我参加的项目和资格、需求和特长、待办事项', 'My programs and eligibility, needs and strengths, and what waits for me'),
      run: me,
    },
    {
      name: 'mentors',
      words: ['选导师', 'mentors'],
      label: t('选导师', 'Choose a mentor'),
      description: t('按与需求的匹配度浏览导师，最多提交 3 个志愿（背靠背，别人看不到）', 'Browse mentors ranked by fit and send up to 3 choices (private)'),
      run: mentors,
    },
    {
      name: 'needs',
      words: ['需求', 'needs'],
      label: t('我的需求', 'My needs'),
      description: t('从需求库中选择并排序最想提升的能力（最多 5 项），也可填写特长', 'Choose and rank the abilities you most want to build (up to 5), and your strengths'),
      run: needs,
    },
    {
      name: 'claim',
      words: ['认领', 'claim'],
      label: t('认领导师', 'Claim a mentor'),
      description: t('挂职锻炼的村社干部：按需求匹配度查看导师名单，认领一位导师', 'Village cadres on secondment: see the mentors ranked by fit and claim one'),
      run: claim,
    },
    {
      name: 'assign',
      words: ['指定', 'assign'],
      label: t('组织指定', 'Assign pairs'),
      description: t('组织部：直接指定结对（覆盖志愿），或为整个项目生成最优结对方案，确认后再通知', 'Organisation department: assign a pair directly (overrides choices), or propose optimal pairs for a whole program and notify on confirm'),
      run: assign,
    },
    {
      name: 'report',
      words: ['周报', 'report'],
      label: t('周报', 'Weekly report'),
      description: t('填写或修改本周周报；也可直接发送“周报 + 文字”', 'Write or change this week\'s report; or send "report" followed by text'),
      run: report,
    },
    {
      name: 'plan',
      words: ['计划', 'plan'],
      label: t('一人一策', 'Personal plan'),
      description: t('结对的“一人一策”计划：培养对象起草，导师确认；目标定位、重点能力、培养措施和学习方式，措施可标记完成', 'The pair\'s personal plan: the mentee drafts, the mentor confirms; target profile, focus abilities, measures and learning methods, with measures marked done'),
      run: plan,
    },
    {
      name: 'seminar',
      words: ['研讨', 'seminar'],
      label: t('交流研讨会', 'Exchange seminars'),
      description: t('季度交流研讨会：查看近期研讨会，填写或修改帮带对子的展示材料；组织部安排研讨会并记录展示情况', 'Quarterly exchange seminars: see upcoming ones and write or edit your pair\'s showcase entry; admins schedule seminars and record who presented'),
      run: seminar,
    },
    {
      name: 'school',
      words: ['夜校', 'school'],
      label: t('干部夜校', 'Night school'),
      description: t('每周一训：近期夜校课程（主题、老师、时间、地点），报名、请假、签到，我的出勤；组织部和指定的老师可新建、暂停或结束夜校', 'Weekly night school: upcoming sessions (topic, teacher, time, place), register, take leave, check in, my attendance; admins and designated teachers create, pause or end series'),
      run: school,
    },
    {
      name: 'eval',
      words: ['测评', 'eval'],
      label: t('季度测评', 'Quarterly evaluation'),
      description: t('帮带对子各季度的测评结果和职工会事项；评定人在这里评定，导师和培养对象可写自评', 'Each pair\'s ratings by quarter and staff-meeting items; assessors rate here, mentors and mentees add a self-assessment'),
      run: evaluation,
    },
    {
      name: 'approve',
      words: ['审批', 'approve'],
      label: t('测评审批', 'Approvals'),
      description: t('主要领导：审批本单位帮带对子的季度测评（同意、退回）', 'Main leaders: approve or return the quarterly ratings of your unit\'s pairs'),
      run: approve,
    },
    {
      name: 'stats',
      words: ['统计', 'stats'],
      label: t('统计', 'Statistics'),
      description: t('管理员和主要领导：全区或本单位配备导师、帮带对子、覆盖年轻干部的人数，周报、夜校、测评等情况；“统计 单位名”看下属单位', 'Admins and main leaders: mentors, pairs and young cadres covered, reports, night school and ratings for my unit; "stats <unit>" for a unit below it'),
      run: stats,
    },
    {
      name: 'export',
      words: ['导出', 'export'],
      label: t('导出统计', 'Export'),
      description: t('管理员和主要领导：把统计导出为 Excel 文件（概况、结对、周报、夜校出勤、测评）', 'Admins and main leaders: the statistics as an Excel file (summary, pairs, reports, attendance, evaluations)'),
      run: exportStats,
    },
  ],
  cardActions: {
    cmd: runCommand,
    'admin.summary': adminSummaryAction,
    'admin.sends': sendProblemsAction,
    'sel.open': openProgramSelection,
    'sel.page': turnPage,
    'sel.filter': filterMentors,
    'sel.add': addChoice,
    'sel.remove': removeChoice,
    'sel.up': raiseChoice,
    'sel.submit': submitChoices,
    'app.accept': acceptAction,
    'app.decline': declineAction,
    'app.withdraw': withdrawAction,
    'program.edit': openProgramForm,
    'program.save': saveProgram,
    'program.member': openMemberForm,
    'program.member.save': saveMember,
    'needs.open': openNeeds,
    'needs.save': saveNeedsAction,
    'strengths.open': openStrengths,
    'strengths.save': saveStrengthsAction,
    'claim.page': claimPage,
    'claim.take': claimTake,
    'survey.open': surveyOpen,
    'survey.submit': surveySubmit,
    'survey.send': surveySend,
    'survey.summary': surveySummaryAction,
    'assign.save': saveAssignment,
    'assign.propose': proposeAssignment,
    'assign.draft.drop': dropDraftRowAction,
    'assign.draft.set': setDraftRowAction,
    'assign.draft.page': pageDraftAction,
    'assign.draft.confirm': confirmDraftAction,
    'assign.draft.discard': discardDraftAction,
    'report.submit': reportSubmit,
    'report.open': reportOpen,
    'report.comment': reportComment,
    'report.read': reportRead,
    'plan.open': openPlanAction,
    'plan.edit': editPlanAction,
    'plan.save': savePlanAction,
    'plan.confirm': confirmPlanAction,
    'plan.done': markItemDoneAction,
    'plan.undo': markItemOpenAction,
    'seminar.create': seminarCreate,
    'seminar.entry.open': seminarEntryOpen,
    'seminar.entry.save': seminarEntrySave,
    'seminar.record.open': seminarRecordOpen,
    'seminar.record.save': seminarRecordSave,
    'school.new': schoolNew,
    'school.create': schoolCreate,
    'school.open': schoolOpen,
    'school.register': schoolRegister,
    'school.leave': schoolLeave,
    'school.checkin': schoolCheckIn,
    'school.rate': schoolRate,
    'school.edit': schoolEdit,
    'school.save': schoolSave,
    'school.roll': schoolRoll,
    'school.mark': schoolMark,
    'school.close': schoolClose,
    'school.teachers': schoolTeachersOpen,
    'school.teachers.add': schoolTeachersAdd,
    'school.teachers.remove': schoolTeachersRemove,
    'school.series.open': schoolSeriesOpen,
    'school.pause': schoolPause,
    'school.resume': schoolResume,
    'school.end': schoolEnd,
    'seminar.edit.open': seminarEditOpen,
    'seminar.edit.save': seminarEditSave,
    'seminar.cancel': seminarCancel,
    'eval.rate': evalRate,
    'eval.correct': evalCorrect,
    'eval.submit': evalSubmit,
    'eval.withdraw': evalWithdraw,
    'eval.self.open': evalSelfOpen,
    'eval.self': evalSelfSave,
    'eval.approve': evalApprove,
    'eval.approve.all': evalApproveAll,
    'eval.return.open': evalReturnOpen,
    'eval.return': evalReturn,
    'staff.open': staffOpen,
    'staff.done': staffDone,
    'stats.unit': statsUnit,
    'stats.export': statsExport,
  },
  fallback: unknownText,
  jobs: [purgeInbox, weeklyReportPrompt, weeklyReportNudge, seminarReminders, schoolReminders, schoolSessions, schoolRatings, evaluationOpen, evaluationApprovalNudge],
};
