import type { Report, ReportPair } from '../../db/repositories/report-repository';
import type { TutoringRecord } from '../../db/database';
import { weekEnd, weekStart } from '../../domain/iso-week';
import { COMMENT_MAX, FIELD_LABELS, FIELD_MAX, MINUTES_MAX, TEXT_FIELDS, TOPIC_MAX, TUTORING_ROWS } from '../../services/weekly-reports';
import { button, buttonRow, card, divider, escapeMarkdown, markdown, t, text, type Bilingual, type Card, type CardElement } from './card-kit';

/** 周报 cards: the mentee's form, the mentors' review card, the comment, the nudge and the digests. */

const REPORT_FIELD = { learned: 'learned', did: 'did', problems: 'problems', next_week: 'nextWeek' } as const;
const reverse = (pair: ReportPair) => pair.track === 'reverse_mentoring';
const span = (week: string): string => `${week}（${weekStart(week)} ~ ${weekEnd(week)}）`;
const spanEn = (week: string): string => `${week} (${weekStart(week)} to ${weekEnd(week)})`;

function tutoringInputs(current: TutoringRecord[]): CardElement[] {
  const out: CardElement[] = [markdown(t(
    `**一对一辅导记录**（最多 ${TUTORING_ROWS} 条，可不填；时长 0–${MINUTES_MAX} 分钟）`,
    `**One-to-one tutoring** (up to ${TUTORING_ROWS}, optional; 0–${MINUTES_MAX} minutes)`,
  ))];
  for (let i = 1; i <= TUTORING_ROWS; i++) {
    const row = current[i - 1];
    out.push(
      { tag: 'date_picker', name: `t${i}_date`, ...(row ? { initial_date: row.date } : {}), placeholder: text('plain_text', t(`第 ${i} 次辅导日期`, `Tutoring ${i}: date`)) },
      { tag: 'input', name: `t${i}_topic`, max_length: TOPIC_MAX, ...(row ? { default_value: row.topic } : {}), placeholder: text('plain_text', t(`第 ${i} 次辅导主题（${TOPIC_MAX} 字以内）`, `Tutoring ${i}: topic (up to ${TOPIC_MAX} characters)`)) },
      { tag: 'input', name: `t${i}_minutes`, max_length: 3, ...(row ? { default_value: String(row.minutes) } : {}), placeholder: text('plain_text', t(`第 ${i} 次辅导时长（分钟，0–${MINUTES_MAX}）`, `Tutoring ${i}: minutes (0–${MINUTES_MAX})`)) },
    );
  }
  return out;
}

function textInputs(current: Report | undefined): CardElement[] {
  return TEXT_FIELDS.map((f) => {
    const value = current?.[REPORT_FIELD[f]] ?? '';
    return {
      tag: 'input', name: f, input_type: 'multiline_text', rows: 3, max_length: FIELD_MAX,
      label: text('plain_text', t(FIELD_LABELS[f].zh, FIELD_LABELS[f].en)),
      ...(value ? { default_value: value } : {}),
      placeholder: text('plain_text', t(`${FIELD_LABELS[f].zh}（${FIELD_MAX} 字以内）`, `${FIELD_LABELS[f].en} (up to ${FIELD_MAX} characters)`)),
    };
  });
}

/** The mentee's form for one pair and week; reverse-mentoring pairs see the tutoring section first. */
export function reportFormCard(o: { pair: ReportPair; week: string; late: boolean; current: Report | undefined; nudge?: boolean }): Card {
  const intro = o.nudge && o.late
    ? t(`您还没有提交 ${span(o.week)} 的周报，本周内仍可补交（标注“补交”）。`, `You have not handed in the report for ${spanEn(o.week)}; you can still hand it in late this week (marked late).`)
    : o.nudge ? t(`您还没有提交 ${span(o.week)} 的周报，请在本周日 24:00 前填写。`, `You have not handed in the report for ${spanEn(o.week)}; please write it before Sunday midnight.`)
    : o.late
      ? t(`补交 ${span(o.week)} 的周报（标注“补交”）。只能补交上一周。`, `Late report for ${spanEn(o.week)} (marked late). Only the previous week can be handed in late.`)
      : t(`请填写 ${span(o.week)} 的周报，本周日 24:00 前可随时修改。四项至少填一项，每项 ${FIELD_MAX} 字以内。`,
        `Please write your report for ${spanEn(o.week)}; you can change it until Sunday midnight. Fill at least one of the four, each up to ${FIELD_MAX} characters.`);
  const tutoring = tutoringInputs(o.current?.tutoring ?? []);
  const texts = textInputs(o.current);
  const submit = button({ label: o.current ? t('保存修改', 'Save changes') : t('提交周报', 'Submit report'), value: { a: 'report.submit', pair: o.pair.pairId, w: o.week }, type: 'primary', name: 'report_submit', submit: true });
  return card({
    title: o.nudge ? t('周报提醒', 'Weekly report reminder') : t('填写周报', 'Weekly report'),
    subtitle: t(`${o.pair.programNameZh} · ${o.week}`, `${o.pair.programNameEn} · ${o.week}`),
    colour: o.nudge || o.late ? 'orange' : 'blue',
    elements: [
      markdown(intro),
      { tag: 'form', name: 'report_form', elements: [...(reverse(o.pair) ? [...tutoring, ...texts] : [...texts, ...tutoring]), submit] },
    ],
  });
}

function body(pair: ReportPair, r: Report): CardElement[] {
  const lines = TEXT_FIELDS.filter((f) => r[REPORT_FIELD[f]] !== '').map((f) => ({
    zh: `**${FIELD_LABELS[f].zh}**\n${escapeMarkdown(r[REPORT_FIELD[f]])}`, en: `**${FIELD_LABELS[f].en}**\n${escapeMarkdown(r[REPORT_FIELD[f]])}`,
  }));
  const tut = r.tutoring.length === 0 ? [] : [{
    zh: `**一对一辅导**\n${r.tutoring.map((x) => `${x.date} · ${escapeMarkdown(x.topic)} · ${x.minutes} 分钟`).join('\n')}`,
    en: `**One-to-one tutoring**\n${r.tutoring.map((x) => `${x.date} · ${escapeMarkdown(x.topic)} · ${x.minutes} min`).join('\n')}`,
  }];
  const all = reverse(pair) ? [...tut, ...lines] : [...lines, ...tut];
  return [markdown({ zh: all.map((l) => l.zh).join('\n\n'), en: all.map((l) => l.en).join('\n\n') })];
}

function tags(r: Report, edited: boolean): Bilingual {
  const zh = [r.late ? '补交' : '', edited ? '已修改' : ''].filter(Boolean).join(' · ');
  const en = [r.late ? 'late' : '', edited ? 'changed' : ''].filter(Boolean).join(' · ');
  return { zh: zh ? `【${zh}】` : '', en: en ? `[${en}]` : '' };
}

/** What the mentee's form becomes once saved. */
export function reportSavedCard(pair: ReportPair, r: Report, edited: boolean): Card {
  const tag = tags(r, false);
  return card({
    title: edited ? t('周报已修改', 'Report updated') : t('周报已提交', 'Report submitted'),
    subtitle: t(`${pair.programNameZh} · ${r.week}`, `${pair.programNameEn} · ${r.week}`),
    colour: 'green',
    elements: [
      markdown(t(`${tag.zh}已送导师 ${pair.mentors.map((m) => m.name).join('、')} 批阅；本周结束前可修改。`, `${tag.en} Sent to ${pair.mentors.map((m) => m.name).join(', ')} to review; you can change it until the week ends.`)),
      ...body(pair, r),
      buttonRow([button({ label: t('修改', 'Change'), value: { a: 'report.open', pair: pair.pairId, w: r.week }, name: 'report_edit' })]),
    ],
  });
}

/** The mentor's copy: the report, 补交/已修改 tags, a comment box and 已阅. */
export function reviewCard(pair: ReportPair, r: Report, o: { edited: boolean; read?: boolean; comment?: string | null }): Card {
  const tag = tags(r, o.edited);
  const state: CardElement[] = [];
  if (o.read) state.push(markdown(t(`✅ 已阅${o.comment ? `。您的评语：${escapeMarkdown(o.comment)}` : ''}`, `✅ Read${o.comment ? `. Your comment: ${escapeMarkdown(o.comment)}` : ''}`)));
  return card({
    title: t(`周报 · ${pair.mentee.name}`, `Weekly report · ${pair.mentee.name}`),
    subtitle: t(`${pair.programNameZh} · ${span(r.week)}`, `${pair.programNameEn} · ${spanEn(r.week)}`),
    colour: r.late ? 'orange' : 'turquoise',
    elements: [
      ...(tag.zh ? [markdown(t(tag.zh, tag.en))] : []),
      ...body(pair, r),
      divider(),
      ...state,
      {
        tag: 'form', name: 'review_form',
        elements: [
          { tag: 'input', name: 'comment', max_length: COMMENT_MAX, placeholder: text('plain_text', t(`给 ${pair.mentee.name} 的评语（${COMMENT_MAX} 字以内）`, `A comment for ${pair.mentee.name} (up to ${COMMENT_MAX} characters)`)) },
          button({ label: t('发送评语', 'Send comment'), value: { a: 'report.comment', r: r.id }, type: 'primary', name: 'review_comment', submit: true }),
        ],
      },
      buttonRow([button({ label: t('已阅', 'Mark as read'), value: { a: 'report.read', r: r.id }, name: 'review_read' })]),
    ],
  });
}

/** The mentee reads a mentor's comment. */
export function commentCard(pair: ReportPair, r: Report, mentorName: string, comment: string): Card {
  return card({
    title: t('导师评语', 'Mentor’s comment'),
    subtitle: t(`${pair.programNameZh} · ${r.week}`, `${pair.programNameEn} · ${r.week}`),
    colour: 'green',
    elements: [markdown(t(`**${escapeMarkdown(mentorName)}** 对您 ${r.week} 周报的评语：\n${escapeMarkdown(comment)}`, `**${escapeMarkdown(mentorName)}** on your report for ${r.week}:\n${escapeMarkdown(comment)}`))],
  });
}

/** `周报 <text>` saved. */
export function textSavedCard(pair: ReportPair, r: Report, otherPairs: number): Card {
  const more = otherPairs > 0
    ? t(`\n您参加了多个帮带对子，这段文字记在“${pair.programNameZh}”（导师 ${pair.mentors.map((m) => m.name).join('、')}）名下。`, `\nYou are in several pairs; this went to "${pair.programNameEn}" (mentor ${pair.mentors.map((m) => m.name).join(', ')}).`)
    : t('', '');
  return card({
    title: t('周报已保存', 'Report saved'),
    subtitle: t(`${pair.programNameZh} · ${r.week}`, `${pair.programNameEn} · ${r.week}`),
    colour: 'green',
    elements: [
      markdown(t(`您发来的文字已保存为本周周报的“${FIELD_LABELS.did.zh}”，并已送导师批阅。${more.zh}`, `Your text was saved as "${FIELD_LABELS.did.en}" of this week's report and sent to your mentor.${more.en}`)),
      ...body(pair, r),
      buttonRow([button({ label: t('用表单补充', 'Add more in the form'), value: { a: 'report.open', pair: pair.pairId, w: r.week }, name: 'report_edit' })]),
    ],
  });
}

export function noPairCard(): Card {
  return card({
    title: t('周报', 'Weekly report'), colour: 'grey',
    elements: [markdown(t('您目前没有作为培养对象的帮带对子，不需要填写周报。结对后，每周会提醒您填写。', 'You are not a mentee in any running pair, so there is no report to write. Once paired, you will be reminded each week.'))],
  });
}

/** Who has not handed in: one card per mentor or admin. */
export function digestCard(kind: 'mentor' | 'admin', missing: { pair: ReportPair; week: string }[]): Card {
  const zh = missing.map((m) => `- ${escapeMarkdown(m.pair.mentee.name)}（${m.pair.programNameZh} · ${m.week}，导师 ${m.pair.mentors.map((x) => x.name).join('、')}）`).join('\n');
  const en = missing.map((m) => `- ${escapeMarkdown(m.pair.mentee.name)} (${m.pair.programNameEn} · ${m.week}, mentor ${m.pair.mentors.map((x) => x.name).join(', ')})`).join('\n');
  return card({
    title: kind === 'mentor' ? t('您带教的对象未交周报', 'Your mentees’ missing reports') : t('未交周报名单', 'Missing weekly reports'),
    colour: 'orange',
    elements: [markdown({ zh: `以下 ${missing.length} 人还没有提交周报（已提醒本人）：\n${zh}`, en: `${missing.length} people have not handed in their report (they have been reminded):\n${en}` })],
  });
}
