import { button, buttonRow, card, divider, escapeMarkdown, markdown, t, text, type Bilingual, type Card, type CardElement } from './card-kit';
import type { AbilityOption } from './needs-cards';

/** The pre-survey (摸排) of a secondment batch: the form, the saved answer, and the admins' summary. */

export interface SurveyBatch {
  batchId: number;
  number: number;
  startDate: string;
  endDate: string;
  programNameZh: string;
  programNameEn: string;
}

const SURVEY_CHOICES = 3;
const NOTE_MAX = 300;

const option = (a: AbilityOption) => ({ text: text('plain_text', t(a.nameZh, a.nameEn)), value: a.code });
const ORDINAL_ZH = ['一', '二', '三'];
const ORDINAL_EN = ['1st', '2nd', '3rd'];

/** Three ranked selects of village-track abilities and a note; submitting again replaces the answer. */
export function surveyFormCard(opts: { batch: SurveyBatch; abilities: AbilityOption[]; current?: { choices: string[]; note: string } | undefined }): Card {
  const b = opts.batch;
  const selects: CardElement[] = [];
  for (let rank = 1; rank <= SURVEY_CHOICES; rank++) {
    const current = opts.current?.choices[rank - 1];
    selects.push({
      tag: 'select_static',
      name: `choice_${rank}`,
      placeholder: text('plain_text', t(`第${ORDINAL_ZH[rank - 1]}想提升的能力${rank === 1 ? '' : '（可不选）'}`, `${ORDINAL_EN[rank - 1]} ability to build${rank === 1 ? '' : ' (optional)'}`)),
      options: opts.abilities.map(option),
      ...(rank === 1 ? { required: true } : {}),
      ...(current && opts.abilities.some((a) => a.code === current) ? { initial_option: current } : {}),
    });
  }
  return card({
    title: t(`挂职锻炼摸排 · 第 ${b.number} 批`, `Secondment survey · batch ${b.number}`),
    subtitle: t(`${b.programNameZh}　${b.startDate} ~ ${b.endDate}`, `${b.programNameEn}  ${b.startDate} ~ ${b.endDate}`),
    colour: 'turquoise',
    elements: [
      markdown(t(
        '为了给您匹配合适的导师，请选出挂职期间**最想提升的三项能力**，按重要程度排列（第一项最重要），也可以写下其他想学的内容。再次提交会替换之前的答案。',
        'To match you with the right mentor, choose the **three abilities you most want to build** during the secondment, most important first, and add anything else you want to learn. Submitting again replaces your earlier answer.',
      )),
      {
        tag: 'form',
        name: 'survey_form',
        elements: [
          ...selects,
          {
            tag: 'input', name: 'note', input_type: 'multiline_text', rows: 3, max_length: NOTE_MAX,
            placeholder: text('plain_text', t(`其他想学的内容或建议（选填，最多 ${NOTE_MAX} 字）`, `Anything else you want to learn (optional, at most ${NOTE_MAX} characters)`)),
            ...(opts.current?.note ? { default_value: opts.current.note } : {}),
          },
          button({ label: t('提交摸排', 'Submit survey'), value: { a: 'survey.submit', b: b.batchId }, type: 'primary', name: 'survey_submit', submit: true }),
        ],
      },
    ],
  });
}

/** What replaces the form after submitting. */
export function surveySavedCard(opts: { batch: SurveyBatch; choices: AbilityOption[]; note: string; needsUpdated: boolean }): Card {
  const list = opts.choices.map((a, i) => ({ zh: `${i + 1}. ${a.nameZh}`, en: `${i + 1}. ${a.nameEn}` }));
  const note = opts.note ? `\n\n${escapeMarkdown(opts.note)}` : '';
  return card({
    title: t('摸排已提交', 'Survey submitted'),
    subtitle: t(`第 ${opts.batch.number} 批　${opts.batch.startDate} ~ ${opts.batch.endDate}`, `Batch ${opts.batch.number}  ${opts.batch.startDate} ~ ${opts.batch.endDate}`),
    colour: 'green',
    elements: [
      markdown(t(`**最想提升的能力**\n${list.map((l) => l.zh).join('\n')}${note}`, `**Abilities you most want to build**\n${list.map((l) => l.en).join('\n')}${note}`)),
      markdown(opts.needsUpdated
        ? t('这些能力也已记为您的需求，认领导师时按它们推荐。', 'These are now also your needs; mentors are suggested to you by them.')
        : t('您自己填写的需求保持不变，认领导师时按需求推荐。', 'The needs you entered yourself stay as they are; mentors are suggested by them.')),
      buttonRow([
        button({ label: t('修改答案', 'Change answer'), value: { a: 'survey.open', b: opts.batch.batchId }, name: 'survey_reopen' }),
        button({ label: t('认领导师', 'Claim a mentor'), value: { a: 'cmd', c: 'claim' }, type: 'primary', name: 'open_claim' }),
      ]),
    ],
  });
}

export interface SummaryTally {
  answered: number;
  total: number;
  ranking: { nameZh: string; nameEn: string; score: number; count: number }[];
}

export interface SurveySummaryData {
  programId: number;
  programNameZh: string;
  programNameEn: string;
  overall: SummaryTally;
  batches: (SummaryTally & { number: number; startDate: string; endDate: string; state: 'upcoming' | 'open' | 'ended'; notes: { name: string; note: string }[] })[];
}

// Lark refuses cards over 30 KB and each text is stored three times (content, zh_cn, en_us): notes are
// shortened and capped so a batch of long notes cannot push the summary past the limit.
const NOTE_SHOWN = 100;
const NOTES_BUDGET = 1_500;

function rankingLines(s: SummaryTally): Bilingual {
  if (s.ranking.length === 0) return t('（还没有人填写）', '(no answers yet)');
  return {
    zh: s.ranking.map((r, i) => `${i + 1}. ${escapeMarkdown(r.nameZh)}　${r.score} 分（${r.count} 人选择）`).join('\n'),
    en: s.ranking.map((r, i) => `${i + 1}. ${escapeMarkdown(r.nameEn)}  ${r.score} pts (chosen by ${r.count})`).join('\n'),
  };
}

/** Admins: abilities ranked by weighted votes (first choice 3, second 2, third 1), per batch and overall. */
export function surveySummaryCard(s: SurveySummaryData): Card {
  const overall = rankingLines(s.overall);
  const elements: CardElement[] = [
    markdown(t(
      `**全部批次** 已填写 ${s.overall.answered}/${s.overall.total} 人（第一选择 3 分、第二 2 分、第三 1 分）\n${overall.zh}`,
      `**All batches** ${s.overall.answered}/${s.overall.total} answered (first choice 3 points, second 2, third 1)\n${overall.en}`,
    )),
  ];
  let budget = NOTES_BUDGET;
  for (const b of s.batches) {
    const lines = rankingLines(b);
    const notes: string[] = [];
    let hidden = 0;
    for (const n of b.notes) {
      const short = [...n.note].length > NOTE_SHOWN ? `${[...n.note].slice(0, NOTE_SHOWN).join('')}…` : n.note;
      if (short.length > budget) { hidden++; continue; }
      budget -= short.length;
      notes.push(`· ${escapeMarkdown(n.name)}：${escapeMarkdown(short)}`);
    }
    const more = hidden > 0 ? { zh: `\n另有 ${hidden} 条补充未显示`, en: `\n${hidden} more note(s) not shown` } : { zh: '', en: '' };
    const noteBlock = notes.length > 0 || hidden > 0 ? { zh: `\n**补充内容**\n${notes.join('\n')}${more.zh}`, en: `\n**Notes**\n${notes.join('\n')}${more.en}` } : { zh: '', en: '' };
    elements.push(divider());
    elements.push(markdown(t(
      `**第 ${b.number} 批**　${b.startDate} ~ ${b.endDate}　已填写 ${b.answered}/${b.total} 人\n${lines.zh}${noteBlock.zh}`,
      `**Batch ${b.number}**  ${b.startDate} ~ ${b.endDate}  ${b.answered}/${b.total} answered\n${lines.en}${noteBlock.en}`,
    )));
    if (b.state !== 'ended') {
      elements.push(buttonRow([button({ label: t(`发送第 ${b.number} 批摸排`, `Send batch ${b.number} survey`), value: { a: 'survey.send', p: s.programId, b: b.number }, name: `send_${b.number}` })]));
    }
  }
  if (s.batches.length === 0) elements.push(markdown(t('这个项目还没有挂职批次。', 'This program has no batches yet.')));
  return card({ title: t(`摸排结果 · ${s.programNameZh}`, `Survey results · ${s.programNameEn}`), colour: 'purple', elements });
}

/**
 * Under a secondment program on the admin summary. "发送摸排" names no batch: the card is built without a
 * clock, so the server picks the batch running now or starting next (the summary card's per-batch buttons name one).
 */
export function surveyButtons(programId: number): CardElement {
  return buttonRow([
    button({ label: t('摸排结果', 'Survey results'), value: { a: 'survey.summary', p: programId }, name: `survey_summary_${programId}` }),
    button({ label: t('发送摸排', 'Send survey'), value: { a: 'survey.send', p: programId }, name: `survey_send_${programId}` }),
  ]);
}
