import { button, buttonRow, card, escapeMarkdown, markdown, t, type Card } from './card-kit';
import type { SurveyBatch } from './secondment-cards';

/** A secondment batch opens and closes: what members (and, at the close, their mentors) are told. */

/** The batch a notice is about (the same shape the survey cards use). */
export type NoticeBatch = SurveyBatch;

/** To each member when the batch starts: the dates and the two things to do first. */
export function batchOpeningCard(b: NoticeBatch): Card {
  return card({
    title: t(`第 ${b.number} 批挂职锻炼开始了`, `Secondment batch ${b.number} has started`),
    subtitle: t(`${b.programNameZh}　${b.startDate} ~ ${b.endDate}`, `${b.programNameEn}  ${b.startDate} ~ ${b.endDate}`),
    colour: 'blue',
    elements: [
      markdown(t(
        `欢迎参加第 ${b.number} 批挂职锻炼（${b.startDate} ~ ${b.endDate}）。请先完成两件事：\n1. **填写摸排问卷**：选出最想提升的三项能力，组织部据此安排带教；\n2. **认领导师**：从导师名单中认领一位导师，认领后立即结对。`,
        `Welcome to secondment batch ${b.number} (${b.startDate} ~ ${b.endDate}). Two things first:\n1. **Answer the survey**: the three abilities you most want to build, so mentoring fits you;\n2. **Claim a mentor** from the list; the pair is formed at once.`,
      )),
      buttonRow([
        button({ label: t('填写摸排问卷', 'Answer the survey'), value: { a: 'survey.open', b: b.batchId }, type: 'primary', name: 'open_survey' }),
        button({ label: t('认领导师', 'Claim a mentor'), value: { a: 'cmd', c: 'claim' }, name: 'open_claim' }),
      ]),
    ],
  });
}

/** To each member the day after the batch ends. */
export function batchClosedCard(b: NoticeBatch, mentors: string[]): Card {
  const with_ = mentors.length ? escapeMarkdown(mentors.join('、')) : '';
  return card({
    title: t(`第 ${b.number} 批挂职锻炼已结束`, `Secondment batch ${b.number} has ended`),
    subtitle: t(`${b.programNameZh}　${b.startDate} ~ ${b.endDate}`, `${b.programNameEn}  ${b.startDate} ~ ${b.endDate}`),
    colour: 'green',
    elements: [markdown(t(
      `第 ${b.number} 批挂职锻炼已于 ${b.endDate} 结束，感谢您的付出。${with_ ? `您与导师 ${with_} 的结对已完成。` : ''}回到村（社区）后，欢迎继续向导师请教。`,
      `Secondment batch ${b.number} ended on ${b.endDate}. Thank you for your work.${with_ ? ` Your pairing with ${with_} is complete.` : ''} Back in your village, keep in touch with your mentor.`,
    ))],
  });
}

/** To each mentor of the batch the day after it ends. */
export function batchClosedMentorCard(b: NoticeBatch, mentees: string[]): Card {
  const names = escapeMarkdown(mentees.join('、'));
  return card({
    title: t(`第 ${b.number} 批挂职带教已完成`, `Secondment batch ${b.number} mentoring complete`),
    subtitle: t(`${b.programNameZh}　${b.startDate} ~ ${b.endDate}`, `${b.programNameEn}  ${b.startDate} ~ ${b.endDate}`),
    colour: 'green',
    elements: [markdown(t(
      `第 ${b.number} 批挂职锻炼已于 ${b.endDate} 结束，您与 ${names} 的结对已完成，名额随之释放。感谢您的带教！`,
      `Secondment batch ${b.number} ended on ${b.endDate}. Your pairing with ${names} is complete and the places are free again. Thank you for mentoring!`,
    ))],
  });
}
