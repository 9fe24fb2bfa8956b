import type { DesignatedTeacher, Series } from '../../db/repositories/school-repository';
import type { Ended, Paused, Resumed, SeriesView } from '../../services/night-school-lifecycle';
import type { RatingSummary } from '../../services/night-school-ratings';
import { button, buttonRow, card, divider, escapeMarkdown, markdown, t, text, type Bilingual, type Card, type CardElement } from './card-kit';
import { cancelledLabel, seriesState, WEEK_EN, WEEK_ZH, when } from './school-cards';

/** 干部夜校 cards for running a series: designating teachers, pause / resume / end and their notices, the rating summary. */

const esc = escapeMarkdown;
const weekly = (s: Series): Bilingual => t(`每周${WEEK_ZH[s.weekday - 1]} ${s.startTime} · ${esc(s.place)}`, `${WEEK_EN[s.weekday - 1]} ${s.startTime} · ${esc(s.place)}`);
const dates = (xs: Date[], tz: string): Bilingual => ({ zh: xs.map((d) => when(d, tz).zh).join('、'), en: xs.map((d) => when(d, tz).en).join(', ') });

/** 指定老师 (admins): who is designated, each with 取消指定, and a picker to designate more. */
export function teachersCard(teachers: DesignatedTeacher[], note?: Bilingual): Card {
  const list: CardElement[] = teachers.flatMap((p) => [
    markdown(t(`**${esc(p.name)}** · ${esc(p.unitPath)}`, `**${esc(p.name)}** · ${esc(p.unitPath)}`)),
    buttonRow([button({ label: t('取消指定', 'Remove'), value: { a: 'school.teachers.remove', c: p.cadreId }, type: 'danger', name: `school_unteach_${p.cadreId}` })]),
  ]);
  return card({
    title: t('指定夜校老师', 'Night-school teachers'), colour: 'turquoise',
    elements: [
      ...(note ? [markdown(note)] : []),
      markdown(t('指定的老师可以自己开设夜校（由本人授课）。正在授课的老师本来就可以开设；取消指定不影响已开设的夜校。',
        'Designated teachers may set up a night school they teach themselves. Teachers of a running series may already; removing a designation leaves the series already set up alone.')),
      ...(list.length > 0 ? list : [markdown(t('还没有指定的老师。', 'No designated teachers yet.'))]),
      divider(),
      { tag: 'form', name: 'teachers_form', elements: [
        { tag: 'multi_select_person', name: 'people', placeholder: text('plain_text', t('选择要指定的老师（可多选）', 'Choose teachers (several)')) },
        button({ label: t('指定', 'Designate'), value: { a: 'school.teachers.add' }, type: 'primary', name: 'school_designate', submit: true }),
      ] },
    ],
  });
}

/** To the person designated: they may now set up their own night school. */
export function designatedNoticeCard(): Card {
  return card({
    title: t('您已被指定为夜校老师', 'You are a night-school teacher'), colour: 'turquoise',
    elements: [
      markdown(t('组织部指定您为干部夜校老师：您可以开设由本人授课的夜校（每周同一时间、地点），并设置每次课的主题和课件。',
        'The organisation department designated you as a night-school teacher: you may set up a weekly night school that you teach, and set each session’s topic and materials.')),
      buttonRow([button({ label: t('新建夜校', 'New night school'), value: { a: 'school.new' }, type: 'primary', name: 'school_new' })]),
    ],
  });
}

/** 管理: the series, its next sessions, 暂停 or 恢复, and 结束 with the last date. */
export function seriesManageCard(v: SeriesView, tz: string): Card {
  const s = v.series;
  const next = v.next.map((x) => {
    const w = when(x.startsAt, tz);
    const state = x.status === 'cancelled' ? cancelledLabel(x) : x.status === 'closed' ? t('已结课', 'closed') : t('照常', 'on');
    return { zh: `- ${w.zh} · ${state.zh}`, en: `- ${w.en} · ${state.en}` };
  });
  const controls: CardElement[] = v.ended ? [markdown(t('这个夜校已经结束。', 'This night school has ended.'))] : [
    buttonRow([s.active
      ? button({ label: t('暂停', 'Pause'), value: { a: 'school.pause', sr: s.id }, name: 'school_pause' })
      : button({ label: t('恢复', 'Resume'), value: { a: 'school.resume', sr: s.id }, type: 'primary', name: 'school_resume' })]),
    markdown(t('暂停：今后的课全部停上，听课人员会收到通知；恢复后照常排课。结束：选最后一次课的日期（不选则立即结束），之后的课取消。',
      'Pause: no more sessions until resumed; the audience is told. End: pick the last session’s date (none: end now); later sessions are cancelled.')),
    { tag: 'form', name: 'end_form', elements: [
      { tag: 'date_picker', name: 'last_date', placeholder: text('plain_text', t('最后一次课的日期（可不填）', 'Last session date (optional)')) },
      button({ label: t('结束夜校', 'End the night school'), value: { a: 'school.end', sr: s.id }, type: 'danger', name: 'school_end', submit: true }),
    ] },
  ];
  return card({
    title: t('管理夜校', 'Manage night school'), subtitle: t(s.name, s.name), colour: s.active ? 'turquoise' : 'grey',
    elements: [
      markdown(t(`${weekly(s).zh}\n**老师**：${esc(v.teacher?.name ?? '—')}\n**听课**：${v.audience.length} 人\n**状态**：${seriesState(s).zh}`,
        `${weekly(s).en}\n**Teacher**: ${esc(v.teacher?.name ?? '—')}\n**Audience**: ${v.audience.length}\n**State**: ${seriesState(s).en}`)),
      markdown(next.length > 0 ? { zh: `**接下来的课**\n${next.map((n) => n.zh).join('\n')}`, en: `**Next sessions**\n${next.map((n) => n.en).join('\n')}` } : t('接下来没有课。', 'No sessions ahead.')),
      divider(),
      ...controls,
    ],
  });
}

export function pausedNoticeCard(p: Paused, tz: string): Card {
  const off = p.cancelled.length > 0 ? dates(p.cancelled, tz) : undefined;
  return card({
    title: t('夜校暂停通知', 'Night school paused'), subtitle: t(p.series.name, p.series.name), colour: 'grey',
    elements: [markdown(t(
      `夜校“${esc(p.series.name)}”（${weekly(p.series).zh}）暂停上课${off ? `，以下课程取消：${off.zh}` : ''}。恢复上课时会再通知您。`,
      `The night school "${esc(p.series.name)}" (${weekly(p.series).en}) is paused${off ? `; these sessions are cancelled: ${off.en}` : ''}. You will be told when it resumes.`,
    ))],
  });
}

export function resumedNoticeCard(r: Resumed, tz: string): Card {
  const next = r.next.find((x) => x.status === 'scheduled');
  const w = next ? when(next.startsAt, tz) : undefined;
  return card({
    title: t('夜校恢复上课', 'Night school resumes'), subtitle: t(r.series.name, r.series.name), colour: 'green',
    elements: [markdown(t(
      `夜校“${esc(r.series.name)}”恢复上课（${weekly(r.series).zh}）。${w ? `下次课：${w.zh}，前一天会提醒您。` : ''}`,
      `The night school "${esc(r.series.name)}" resumes (${weekly(r.series).en}).${w ? ` Next session: ${w.en}; you will be reminded the day before.` : ''}`,
    ))],
  });
}

export function endedNoticeCard(e: Ended, tz: string): Card {
  const off = e.cancelled.length > 0 ? dates(e.cancelled, tz) : undefined;
  return card({
    title: t('夜校结束通知', 'Night school ends'), subtitle: t(e.series.name, e.series.name), colour: 'grey',
    elements: [markdown(t(
      `夜校“${esc(e.series.name)}”（${weekly(e.series).zh}）到 ${e.endsOn} 结束${off ? `，以下课程取消：${off.zh}` : ''}。感谢您的参与！`,
      `The night school "${esc(e.series.name)}" (${weekly(e.series).en}) ends on ${e.endsOn}${off ? `; these sessions are cancelled: ${off.en}` : ''}. Thank you for taking part!`,
    ))],
  });
}

/** To the teacher, once per session: average, spread and comments, with no names. */
export function ratingsCard(r: RatingSummary, tz: string): Card {
  const w = when(r.session.startsAt, tz);
  const topic = r.session.topic || r.session.series.name;
  const spread = [5, 4, 3, 2, 1].map((n) => ({ zh: `${n} 分 ${r.histogram[n - 1]} 人`, en: `${n}: ${r.histogram[n - 1]}` }));
  const comments = r.comments.length > 0
    ? { zh: `**留言**\n${r.comments.map((c) => `- ${esc(c)}`).join('\n')}`, en: `**Comments**\n${r.comments.map((c) => `- ${esc(c)}`).join('\n')}` }
    : t('没有留言。', 'No comments.');
  return card({
    title: t('夜校评价汇总', 'Your session’s ratings'), subtitle: t(`${r.session.series.name} · ${w.zh}`, `${r.session.series.name} · ${w.en}`), colour: 'turquoise',
    elements: [
      markdown(t(`**${esc(topic)}**（${w.zh}）：平均 **${r.average!.toFixed(1)} 分**，${r.count} 人评价（到场 ${r.present} 人）。`,
        `**${esc(topic)}** (${w.en}): average **${r.average!.toFixed(1)}**, ${r.count} ratings (${r.present} present).`)),
      markdown({ zh: spread.map((x) => x.zh).join(' · '), en: spread.map((x) => x.en).join(' · ') }),
      markdown(comments),
      markdown(t('评价是匿名的，不显示评价人。', 'Ratings are anonymous; who gave them is not shown.')),
    ],
  });
}

