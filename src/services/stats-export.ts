import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { StatsExportRepository } from '../db/repositories/stats-export-repository';
import type { ScopeUnit } from '../db/repositories/stats-repository';
import { localDate } from '../domain/local-date';
import { quarterLabel } from '../domain/quarter';
import { RATING } from '../lark/cards/labels';
import { attendanceStats } from './night-school-stats';
import { statistics, windowWeeks } from './statistics';
import type { Figures, Rate, Statistics } from './statistics-types';

/**
 * The statistics as sheets with Chinese headers: 概况 (summary), 结对 (pairs), 周报 (reports), 夜校出勤
 * (attendance), 测评 (evaluations). The same sheets become the XLSX the bot sends, the admin CLI's file and,
 * for the summary, its CSV. Names appear only for pairs, people and evaluations inside the scope.
 */

export type Cell = string | number | null;

export interface Sheet {
  name: string;
  header: string[];
  rows: Cell[][];
}

const repo = new StatsExportRepository();
const ratio = (r: number | null): Cell => (r === null ? null : Math.round(r * 1000) / 10);

const END_REASON: Record<string, string> = { completed: '期满', rematched: '重新结对', left: '离开名册' };
const STATUS: Record<string, string> = { open: '待评定', pending: '待审批', approved: '已批准', returned: '已退回', withdrawn: '已撤回', superseded: '已更正' };

function summaryRow(scope: string, program: string, f: Pick<Figures, 'mentors' | 'pairsActive' | 'menteesCovered'> & Partial<Figures>, extra: { eligible?: number; eligibleCovered?: number; coverage?: number | null; reports13?: Rate; schoolRate?: number | null }): Cell[] {
  const r = f.ratings;
  return [
    scope, program, f.mentors, f.pairsActive, f.pairsEnded ?? null, f.menteesCovered, extra.eligible ?? null, extra.eligibleCovered ?? null, ratio(extra.coverage ?? null),
    f.forms?.oneToOne ?? null, f.forms?.oneToMany ?? null, f.forms?.manyToOne ?? null,
    f.reports4?.due ?? null, f.reports4?.submitted ?? null, (extra.reports13 ?? f.reports13)?.due ?? null, (extra.reports13 ?? f.reports13)?.submitted ?? null, ratio((extra.reports13 ?? f.reports13)?.rate ?? null),
    f.tutoringMinutes ?? null, ratio(extra.schoolRate ?? null), r?.excellent ?? null, r?.good ?? null, r?.pass ?? null, r?.fail ?? null, r?.unapproved ?? null, f.staff?.open ?? null, f.staff?.done ?? null,
  ];
}

export const SUMMARY_HEADER = [
  '范围', '项目', '导师', '在结对子', '已结束对子', '覆盖人数', '应覆盖人数', '已覆盖应覆盖', '覆盖率%', '一带一', '一带多', '多带一',
  '近4周应交周报', '近4周已交', '近13周应交周报', '近13周已交', '近13周提交率%', '近13周辅导分钟', '夜校出勤率%',
  '优秀', '良好', '合格', '不合格', '未定', '职工会待办', '职工会已办',
];

export function summarySheet(s: Statistics): Sheet {
  const rows: Cell[][] = [summaryRow(s.scope.path, '全部项目', s.total, { schoolRate: s.total.school.rate })];
  for (const p of s.programs) rows.push(summaryRow(s.scope.path, p.nameZh, p, { eligible: p.eligible, eligibleCovered: p.eligibleCovered, coverage: p.coverage }));
  for (const u of s.units) rows.push(summaryRow(u.path, '全部项目', u, { reports13: u.reports13, schoolRate: u.school.rate }));
  const q = quarterLabel(s.total.ratings.quarter).zh;
  return { name: '概况', header: SUMMARY_HEADER.map((h) => (['优秀', '良好', '合格', '不合格', '未定'].includes(h) ? `${q}${h}` : h)), rows };
}

export async function statsSheets(tx: Kysely<Database>, scope: ScopeUnit, now: Date, timeZone: string): Promise<{ stats: Statistics; sheets: Sheet[] }> {
  const stats = await statistics(tx, scope.unitId, now, timeZone);
  const day = (d: Date | null) => (d ? localDate(d, timeZone) : null);
  const pairs = await repo.pairs(tx, scope);
  const reports = new Map((await repo.reports(tx, scope, windowWeeks(stats.computedOn, timeZone))).map((r) => [r.pairId, r]));
  const form = (p: (typeof pairs)[number]) => (p.mentorCount >= 2 ? '多带一' : p.leadLoad >= 2 ? '一带多' : '一带一');
  const attendance = await attendanceStats(tx, { from: new Date(0), to: now, unitId: scope.unitId });
  const evaluations = await repo.evaluations(tx, scope);
  const sheets: Sheet[] = [
    summarySheet(stats),
    {
      name: '结对', header: ['项目', '培养对象', '单位', '导师', '形式', '状态', '结对日期', '结束日期', '结束原因'],
      rows: pairs.map((p) => [p.program, p.mentee, p.unitPath, p.mentors.join('、'), p.status === 'active' ? form(p) : null, p.status === 'active' ? '在结对' : '已结束', day(p.formedAt), day(p.endedAt), p.endReason ? END_REASON[p.endReason] ?? p.endReason : null]),
    },
    {
      name: '周报', header: ['项目', '培养对象', '单位', '导师', `应交周数（${stats.weeks[0]}–${stats.weeks.at(-1)}）`, '已交', '其中补交', '提交率%', '辅导分钟'],
      rows: pairs.filter((p) => reports.has(p.pairId)).map((p) => {
        const r = reports.get(p.pairId)!;
        return [p.program, p.mentee, p.unitPath, p.mentors.join('、'), r.due, r.submitted, r.late, ratio(r.due > 0 ? r.submitted / r.due : null), r.tutoringMinutes];
      }),
    },
    {
      name: '夜校出勤', header: ['姓名', '单位', '应到（次）', '出勤', '请假', '缺席', '出勤率%'],
      rows: attendance.people.map((p) => [p.name, p.unitPath, p.audience, p.present, p.leave, p.absent, ratio(p.rate)]),
    },
    {
      name: '测评', header: ['季度', '项目', '培养对象', '单位', '导师', '评定', '状态', '评语', '评定人', '审批人', '审批时间'],
      rows: evaluations.map((e) => [quarterLabel(e.quarter).zh, e.program, e.mentee, e.unitPath, e.mentors.join('、'), e.rating ? RATING[e.rating].zh : null, STATUS[e.status] ?? e.status, e.comment || null, e.assessor, e.decidedBy, day(e.decidedAt)]),
    },
  ];
  return { stats, sheets };
}

export async function workbook(sheets: Sheet[], title: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '引航 Yinhang';
  wb.title = title;
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(s.header).font = { bold: true };
    for (const r of s.rows) ws.addRow(r);
    ws.columns.forEach((c, i) => { c.width = Math.min(40, Math.max(8, ...[s.header[i] ?? '', ...s.rows.map((r) => r[i] ?? '')].map((v) => String(v).length * 1.6))); });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** RFC 4180 with a BOM, so Excel opens the Chinese headers as UTF-8. */
export function csv(sheet: Sheet): string {
  const cell = (v: Cell) => (v === null ? '' : /[",\r\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return `\uFEFF${[sheet.header, ...sheet.rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

/** The admin CLI's plain text: the sentence, then one line per program and unit. */
export function statsText(s: Statistics, isDistrict: boolean): string {
  const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`);
  const where = isDistrict ? '全区' : s.scope.name;
  const lines = [
    `${s.scope.path}  (${s.computedOn})`,
    `${where}共配备优秀导师 ${s.sentence.mentors} 名，建立“帮带对子” ${s.sentence.pairs} 对，覆盖 ${s.sentence.youngCovered} 名优秀年轻干部。`,
    '',
  ];
  for (const p of s.programs) {
    lines.push(`${p.nameZh} (${p.code}): mentors ${p.mentors}, pairs ${p.pairsActive} (+${p.pairsEnded} ended), mentees ${p.menteesCovered}, coverage ${p.eligibleCovered}/${p.eligible} ${pct(p.coverage)}, ` +
      `1:1 ${p.forms.oneToOne} 1:n ${p.forms.oneToMany} n:1 ${p.forms.manyToOne}, reports 4w ${pct(p.reports4.rate)} 13w ${pct(p.reports13.rate)}, tutoring ${p.tutoringMinutes} min, ` +
      `${p.ratings.quarter} ${p.ratings.excellent}/${p.ratings.good}/${p.ratings.pass}/${p.ratings.fail} (+${p.ratings.unapproved} undecided)`);
  }
  if (s.units.length) lines.push('');
  for (const u of s.units) lines.push(`${u.path}: mentors ${u.mentors}, pairs ${u.pairsActive}, mentees ${u.menteesCovered}, reports 13w ${pct(u.reports13.rate)}, night school ${pct(u.school.rate)}`);
  return `${lines.join('\n')}\n`;
}
