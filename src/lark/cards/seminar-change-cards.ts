import type { Seminar } from '../../db/repositories/seminar-repository';
import { formatLocal } from '../../scheduler/local-time';
import { REASON_MAX } from '../../services/seminar-changes';
import { PLACE_MAX, TITLE_MAX } from '../../services/seminars';
import { button, card, divider, escapeMarkdown, markdown, t, text, type Bilingual, type Card } from './card-kit';
import { heading, when } from './seminar-cards';

/** 研讨 cards for changing or cancelling a seminar (admins) and the notices participants get. */

const esc = escapeMarkdown;

/** The change form (prefilled: an untouched field keeps its value) and the cancel form with its reason. */
export function seminarChangeCard(s: Seminar, tz: string): Card {
  const local = formatLocal(s.startsAt, tz);
  const input = (name: string, max: number, label: Bilingual, value: string) => ({ tag: 'input', name, max_length: max, default_value: value, label: text('plain_text', label), placeholder: text('plain_text', label) });
  return card({
    title: t('修改研讨会', 'Change the seminar'), subtitle: t(s.programNameZh, s.programNameEn), colour: 'blue',
    elements: [
      heading(s, tz),
      markdown(t('修改主题、日期、时间或地点后，各帮带对子的培养对象和导师会收到变更通知；会前提醒按新时间发送。', 'After a change of title, date, time or place, every pair’s mentee and mentors are told; reminders follow the new time.')),
      { tag: 'form', name: 'seminar_edit', elements: [
        input('title', TITLE_MAX, t(`主题（${TITLE_MAX} 字以内）`, `Title (up to ${TITLE_MAX} characters)`), s.title),
        { tag: 'date_picker', name: 'date', initial_date: local.slice(0, 10), placeholder: text('plain_text', t('日期', 'Date')) },
        { tag: 'picker_time', name: 'time', initial_time: local.slice(11, 16), placeholder: text('plain_text', t('开始时间', 'Start time')) },
        input('place', PLACE_MAX, t(`地点（${PLACE_MAX} 字以内）`, `Place (up to ${PLACE_MAX} characters)`), s.place),
        button({ label: t('保存修改', 'Save changes'), value: { a: 'seminar.edit.save', s: s.id }, type: 'primary', name: 'seminar_edit_submit', submit: true }),
      ] },
      divider(),
      { tag: 'form', name: 'seminar_cancel', elements: [
        { tag: 'input', name: 'reason', max_length: REASON_MAX, label: text('plain_text', t('取消原因', 'Reason')), placeholder: text('plain_text', t(`取消原因（必填，${REASON_MAX} 字以内，参会人员可见）`, `Reason (required, up to ${REASON_MAX} characters, shown to participants)`)) },
        button({ label: t('取消研讨会', 'Cancel the seminar'), value: { a: 'seminar.cancel', s: s.id }, type: 'danger', name: 'seminar_cancel_submit', submit: true }),
      ] },
    ],
  });
}

/** What changed, old → new, for the notice. */
function changes(before: Seminar, after: Seminar, tz: string): Bilingual {
  const zh: string[] = [];
  const en: string[] = [];
  if (before.startsAt.getTime() !== after.startsAt.getTime()) { zh.push(`时间：${when(before, tz)} → **${when(after, tz)}**`); en.push(`Time: ${when(before, tz)} → **${when(after, tz)}**`); }
  if (before.place !== after.place) { zh.push(`地点：${esc(before.place)} → **${esc(after.place)}**`); en.push(`Place: ${esc(before.place)} → **${esc(after.place)}**`); }
  if (before.title !== after.title) { zh.push(`主题：${esc(before.title)} → **${esc(after.title)}**`); en.push(`Title: ${esc(before.title)} → **${esc(after.title)}**`); }
  return { zh: zh.join('\n'), en: en.join('\n') };
}

export function seminarChangedCard(before: Seminar, after: Seminar, tz: string): Card {
  return card({
    title: t('研讨会变更通知', 'Seminar changed'), subtitle: t(after.programNameZh, after.programNameEn), colour: 'orange',
    elements: [markdown(t('交流研讨会的安排有变化：', 'The exchange seminar has changed:')), markdown(changes(before, after, tz)), divider(), heading(after, tz)],
  });
}

export function seminarChangeDoneCard(before: Seminar, after: Seminar, tz: string, told: number): Card {
  return card({
    title: t('研讨会已修改', 'Seminar changed'), colour: 'green',
    elements: [heading(after, tz), markdown(changes(before, after, tz)), markdown(t(`已通知 ${told} 人。`, `${told} people were told.`))],
  });
}

export function seminarCancelledCard(s: Seminar, tz: string): Card {
  return card({
    title: t('研讨会取消通知', 'Seminar cancelled'), subtitle: t(s.programNameZh, s.programNameEn), colour: 'grey',
    elements: [heading(s, tz), markdown(t(`这场交流研讨会已取消。原因：${esc(s.cancelReason ?? '')}`, `This exchange seminar is cancelled. Reason: ${esc(s.cancelReason ?? '')}`))],
  });
}

export function seminarCancelDoneCard(s: Seminar, tz: string, told: number): Card {
  return card({
    title: t('研讨会已取消', 'Seminar cancelled'), colour: 'grey',
    elements: [heading(s, tz), markdown(t(`原因：${esc(s.cancelReason ?? '')}\n已通知 ${told} 人。`, `Reason: ${esc(s.cancelReason ?? '')}\n${told} people were told.`))],
  });
}
