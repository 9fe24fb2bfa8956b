import { quarterLabel } from '../../domain/quarter';
import type { ProgramStats, Rate, Statistics } from '../../services/statistics-types';
import { button, buttonRow, card, divider, escapeMarkdown, markdown, t, type Bilingual, type Card, type CardElement } from './card-kit';
import { RATING } from './labels';

/**
 * 统计: the article's sentence filled in, the figures per program and per unit below, two charts (Lark's
 * chart component takes a VChart spec) each followed by the same numbers as a table, for clients that cannot
 * draw charts and for screen readers.
 */

const esc = escapeMarkdown;
const pct = (r: number | null): string => (r === null ? '—' : `${Math.round(r * 100)}%`);
const rateText = (r: Rate): string => (r.due === 0 ? '—' : `${r.submitted}/${r.due}（${pct(r.rate)}）`);
const rateTextEn = (r: Rate): string => (r.due === 0 ? '—' : `${r.submitted}/${r.due} (${pct(r.rate)})`);

/** "全区共配备优秀导师__名，建立'帮带对子'__对，覆盖__名优秀年轻干部", for the district or any unit. */
export function sentence(s: Statistics, isDistrict: boolean): Bilingual {
  const where = isDistrict ? '全区' : esc(s.scope.name);
  const whereEn = isDistrict ? 'the district' : esc(s.scope.name);
  return t(
    `截至 ${s.computedOn}，${where}共配备优秀导师 **${s.sentence.mentors}** 名，建立“帮带对子” **${s.sentence.pairs}** 对，覆盖 **${s.sentence.youngCovered}** 名优秀年轻干部。`,
    `As of ${s.computedOn}, ${whereEn} has **${s.sentence.mentors}** mentors in **${s.sentence.pairs}** mentoring pairs, covering **${s.sentence.youngCovered}** young cadres.`,
  );
}

function programBlock(p: ProgramStats): CardElement {
  const f = p.forms;
  const r = p.ratings;
  const q = quarterLabel(r.quarter);
  const batches = p.batches.map((b) => {
    const top = b.top.map((x) => x.nameZh).join('、') || '—';
    const topEn = b.top.map((x) => x.nameEn).join(', ') || '—';
    return t(`\n第 ${b.number} 批（${b.startDate}～${b.endDate}）：${b.members} 人，摸排 ${b.answered} 份，最想学：${esc(top)}`, `\nBatch ${b.number} (${b.startDate}–${b.endDate}): ${b.members} cadres, ${b.answered} surveys, most wanted: ${esc(topEn)}`);
  });
  return markdown(t(
    `**${esc(p.nameZh)}**\n导师 ${p.mentors} 名 · 对子 ${p.pairsActive} 对（已结束 ${p.pairsEnded}）· 覆盖 ${p.menteesCovered} 人` +
      `\n覆盖率 ${p.eligibleCovered}/${p.eligible}（${pct(p.coverage)}）· 一带一 ${f.oneToOne} · 一带多 ${f.oneToMany} · 多带一 ${f.manyToOne}` +
      `\n周报 近4周 ${rateText(p.reports4)} · 近13周 ${rateText(p.reports13)} · 辅导 ${p.tutoringMinutes} 分钟` +
      `\n研讨会 ${p.seminar.seminars} 场：邀请 ${p.seminar.invited} 对，提交 ${p.seminar.submitted}，展示 ${p.seminar.presented}` +
      `\n${q.zh}测评：优秀 ${r.excellent} · 良好 ${r.good} · 合格 ${r.pass} · 不合格 ${r.fail} · 未定 ${r.unapproved} · 职工会事项 待办 ${p.staff.open} / 已办 ${p.staff.done}` +
      batches.map((b) => b.zh).join(''),
    `**${esc(p.nameEn)}**\n${p.mentors} mentors · ${p.pairsActive} pairs (${p.pairsEnded} ended) · ${p.menteesCovered} mentees` +
      `\nCoverage ${p.eligibleCovered}/${p.eligible} (${pct(p.coverage)}) · one-to-one ${f.oneToOne} · one-to-many ${f.oneToMany} · many-to-one ${f.manyToOne}` +
      `\nReports last 4 weeks ${rateTextEn(p.reports4)} · 13 weeks ${rateTextEn(p.reports13)} · tutoring ${p.tutoringMinutes} min` +
      `\nSeminars ${p.seminar.seminars}: ${p.seminar.invited} pairs invited, ${p.seminar.submitted} entries, ${p.seminar.presented} presented` +
      `\n${q.en} ratings: excellent ${r.excellent} · good ${r.good} · satisfactory ${r.pass} · unsatisfactory ${r.fail} · undecided ${r.unapproved} · staff-meeting items open ${p.staff.open} / done ${p.staff.done}` +
      batches.map((b) => b.en).join(''),
  ));
}

/** VChart specs: plain data, no functions (Lark's chart component runs no JavaScript). */
export function ratingChart(s: Statistics): Record<string, unknown> {
  const r = s.total.ratings;
  const q = quarterLabel(r.quarter);
  return {
    tag: 'chart',
    aspect_ratio: '16:9',
    chart_spec: {
      type: 'bar',
      title: { text: `${q.zh}测评等级分布 ${q.en} ratings` },
      data: { values: (['excellent', 'good', 'pass', 'fail'] as const).map((k) => ({ rating: `${RATING[k].zh} ${RATING[k].en}`, count: r[k] })) },
      xField: 'rating',
      yField: 'count',
      label: { visible: true },
    },
  };
}

export function reportChart(s: Statistics): Record<string, unknown> {
  return {
    tag: 'chart',
    aspect_ratio: '16:9',
    chart_spec: {
      type: 'line',
      title: { text: '周报提交率（近13周） Weekly reports handed in' },
      data: { values: s.reportWeeks.map((w) => ({ week: w.week.slice(5), percent: w.rate === null ? 0 : Math.round(w.rate * 100) })) },
      xField: 'week',
      yField: 'percent',
      point: { visible: true },
      axes: [{ orient: 'left', min: 0, max: 100 }],
    },
  };
}

function ratingTable(s: Statistics): CardElement {
  const r = s.total.ratings;
  return markdown(t(
    `| 等级 | 优秀 | 良好 | 合格 | 不合格 | 未定 |\n| --- | --- | --- | --- | --- | --- |\n| 对数 | ${r.excellent} | ${r.good} | ${r.pass} | ${r.fail} | ${r.unapproved} |`,
    `| Rating | Excellent | Good | Satisfactory | Unsatisfactory | Undecided |\n| --- | --- | --- | --- | --- | --- |\n| Pairs | ${r.excellent} | ${r.good} | ${r.pass} | ${r.fail} | ${r.unapproved} |`,
  ));
}

function reportTable(s: Statistics): CardElement {
  const head = s.reportWeeks.map((w) => w.week.slice(5)).join(' | ');
  const line = s.reportWeeks.map((w) => pct(w.rate)).join(' | ');
  const sep = s.reportWeeks.map(() => '---').join(' | ');
  return markdown(t(`| 周 | ${head} |\n| --- | ${sep} |\n| 提交率 | ${line} |`, `| Week | ${head} |\n| --- | ${sep} |\n| Handed in | ${line} |`));
}

export function statsCard(s: Statistics, isDistrict: boolean): Card {
  const tot = s.total;
  const elements: CardElement[] = [
    markdown(sentence(s, isDistrict)),
    markdown(t(
      `合计：对子 ${tot.pairsActive} 对（已结束 ${tot.pairsEnded}）· 一带一 ${tot.forms.oneToOne} · 一带多 ${tot.forms.oneToMany} · 多带一 ${tot.forms.manyToOne}\n周报 近4周 ${rateText(tot.reports4)} · 近13周 ${rateText(tot.reports13)} · 辅导 ${tot.tutoringMinutes} 分钟\n夜校出勤 ${tot.school.present}/${tot.school.audience - tot.school.leave}（${pct(tot.school.rate)}，请假 ${tot.school.leave}）· 研讨会展示 ${tot.seminar.presented}/${tot.seminar.invited} 对\n职工会事项 待办 ${tot.staff.open} · 已办 ${tot.staff.done}`,
      `Total: ${tot.pairsActive} pairs (${tot.pairsEnded} ended) · one-to-one ${tot.forms.oneToOne} · one-to-many ${tot.forms.oneToMany} · many-to-one ${tot.forms.manyToOne}\nReports last 4 weeks ${rateTextEn(tot.reports4)} · 13 weeks ${rateTextEn(tot.reports13)} · tutoring ${tot.tutoringMinutes} min\nNight school ${tot.school.present}/${tot.school.audience - tot.school.leave} (${pct(tot.school.rate)}, ${tot.school.leave} on leave) · seminars: ${tot.seminar.presented}/${tot.seminar.invited} pairs presented\nStaff-meeting items open ${tot.staff.open} · done ${tot.staff.done}`,
    )),
    divider(),
    ratingChart(s),
    ratingTable(s),
    reportChart(s),
    reportTable(s),
  ];
  if (s.programs.length > 0) elements.push(divider(), markdown(t('**按项目**', '**By program**')), ...s.programs.map(programBlock));
  if (s.units.length > 0) {
    elements.push(divider(), markdown(t('**按单位**（含下属单位）', '**By unit** (each with the units below it)')));
    elements.push(markdown(t(
      s.units.map((u) => `${esc(u.name)}：导师 ${u.mentors} · 对子 ${u.pairsActive} · 覆盖 ${u.menteesCovered} · 周报 ${pct(u.reports13.rate)} · 夜校 ${pct(u.school.rate)}`).join('\n'),
      s.units.map((u) => `${esc(u.name)}: ${u.mentors} mentors · ${u.pairsActive} pairs · ${u.menteesCovered} mentees · reports ${pct(u.reports13.rate)} · night school ${pct(u.school.rate)}`).join('\n'),
    )));
    elements.push(buttonRow(s.units.slice(0, 12).map((u) => button({ label: t(u.name, u.name), value: { a: 'stats.unit', u: u.unitId } }))));
  }
  elements.push(divider(), buttonRow([
    button({ label: t('导出 Excel', 'Export to Excel'), value: { a: 'stats.export', u: s.scope.unitId }, type: 'primary' }),
  ]));
  return card({ title: t(`统计 · ${s.scope.name}`, `Statistics · ${s.scope.name}`), colour: 'indigo', elements, summary: sentence(s, isDistrict) });
}
