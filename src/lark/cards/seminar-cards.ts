import type { Entry, Seminar, SeminarPair } from '../../db/repositories/seminar-repository';
import { formatLocal } from '../../scheduler/local-time';
import { ACHIEVEMENTS_MAX, LINK_MAX, type EntryForm, type MySeminar, type SavedEntry } from '../../services/seminar-entries';
import { PLACE_MAX, TITLE_MAX, type RecordForm } from '../../services/seminars';
import { button, buttonRow, card, divider, escapeMarkdown, markdown, t, text, type Bilingual, type Card, type CardElement } from './card-kit';

/** 研讨 cards: the overview (and the admin's scheduling form), the entry form, reminders, the agenda, the record form. */

export const when = (s: Seminar, tz: string): string => formatLocal(s.startsAt, tz).slice(0, 16);
const esc = escapeMarkdown;

/** '许一帆（导师 韩德明、秦雅芳）' */
function pairLabel(p: SeminarPair): Bilingual {
  const names = p.mentors.map((m) => m.name);
  return t(`${p.mentee.name}（导师 ${names.join('、')}）`, `${p.mentee.name} (mentor ${names.join(', ')})`);
}

export function heading(s: Seminar, tz: string): CardElement {
  return markdown(t(
    `**${esc(s.title)}**\n项目：${esc(s.programNameZh)}\n时间：${when(s, tz)}\n地点：${esc(s.place)}`,
    `**${esc(s.title)}**\nProgram: ${esc(s.programNameEn)}\nTime: ${when(s, tz)}\nPlace: ${esc(s.place)}`,
  ));
}

function entryText(e: Entry): Bilingual {
  const link = e.link ? `\n${esc(e.link)}` : '';
  return t(`${esc(e.achievements)}${link}`, `${esc(e.achievements)}${link}`);
}

const openButton = (s: Seminar, p: SeminarPair, has: boolean): CardElement =>
  button({ label: has ? t(`修改展示材料 · ${p.mentee.name}`, `Edit the entry · ${p.mentee.name}`) : t(`填写展示材料 · ${p.mentee.name}`, `Write the entry · ${p.mentee.name}`), value: { a: 'seminar.entry.open', s: s.id, pair: p.pairId }, type: has ? 'default' : 'primary' });

/** The admin's scheduling form (研讨, admins only). */
function createForm(programs: { id: number; nameZh: string; nameEn: string }[]): CardElement {
  const input = (name: string, max: number, label: Bilingual): CardElement => ({ tag: 'input', name, max_length: max, placeholder: text('plain_text', label) });
  return {
    tag: 'form', name: 'seminar_create',
    elements: [
      markdown(t('**安排一场交流研讨会**（同一项目同一天只能一场；开会前两周自动征集各对子的展示材料）', '**Schedule an exchange seminar** (one per program and day; entries are requested from each pair two weeks before)')),
      { tag: 'select_static', name: 'program', placeholder: text('plain_text', t('项目', 'Program')), options: programs.map((p) => ({ text: text('plain_text', t(p.nameZh, p.nameEn)), value: String(p.id) })) },
      input('title', TITLE_MAX, t(`主题（${TITLE_MAX} 字以内）`, `Title (up to ${TITLE_MAX} characters)`)),
      { tag: 'date_picker', name: 'date', placeholder: text('plain_text', t('日期', 'Date')) },
      { tag: 'picker_time', name: 'time', placeholder: text('plain_text', t('开始时间', 'Start time')) },
      input('place', PLACE_MAX, t(`地点（${PLACE_MAX} 字以内）`, `Place (up to ${PLACE_MAX} characters)`)),
      button({ label: t('安排研讨会', 'Schedule'), value: { a: 'seminar.create' }, type: 'primary', name: 'seminar_create_submit', submit: true }),
    ],
  };
}

export interface AdminPart {
  programs: { id: number; nameZh: string; nameEn: string }[];
  awaiting: Seminar[];
  /** scheduled seminars still ahead: each with 修改 / 取消 */
  upcoming?: Seminar[];
}

/** 研讨: my programs' upcoming seminars with my pairs' entries; admins also schedule and record. */
export function seminarHomeCard(mine: MySeminar[], tz: string, admin?: AdminPart): Card {
  const elements: CardElement[] = [];
  if (mine.length === 0) elements.push(markdown(t('您所在项目近期没有安排交流研讨会。', 'No exchange seminar is scheduled for your programs.')));
  for (const m of mine) {
    elements.push(heading(m.seminar, tz));
    for (const { pair, entry } of m.mine) {
      const has = Boolean(entry?.submittedAt);
      elements.push(markdown(has ? t(`✅ ${esc(pairLabel(pair).zh)} 已提交展示材料：\n${entryText(entry!).zh}`, `✅ ${esc(pairLabel(pair).en)} has an entry:\n${entryText(entry!).en}`)
        : t(`⏳ ${esc(pairLabel(pair).zh)} 还没有展示材料`, `⏳ ${esc(pairLabel(pair).en)} has no entry yet`)));
      elements.push(buttonRow([openButton(m.seminar, pair, has)]));
    }
    elements.push(divider());
  }
  if (admin) {
    for (const s of admin.upcoming ?? []) {
      elements.push(heading(s, tz), buttonRow([button({ label: t('修改 / 取消', 'Change / cancel'), value: { a: 'seminar.edit.open', s: s.id }, name: `seminar_edit_${s.id}` })]));
    }
    for (const s of admin.awaiting) {
      elements.push(heading(s, tz), buttonRow([button({ label: t('记录展示情况', 'Record who presented'), value: { a: 'seminar.record.open', s: s.id }, type: 'primary' })]));
    }
    elements.push(createForm(admin.programs));
  }
  return card({ title: t('交流研讨会', 'Exchange seminars'), colour: 'blue', elements });
}

/** The entry form: from 研讨, the T−14 request, or a reminder's nudge. */
export function entryFormCard(f: EntryForm, tz: string, kind: 'open' | 'request' = 'open'): Card {
  const intro = kind === 'request'
    ? t(`季度交流研讨会将于 ${when(f.seminar, tz)} 举行，请为帮带对子“${esc(pairLabel(f.pair).zh)}”提交展示材料（晾晒工作业绩）。培养对象或导师均可填写，会议开始前可随时修改。`,
      `The quarterly exchange seminar is on ${when(f.seminar, tz)}. Please submit the showcase entry of the pair "${esc(pairLabel(f.pair).en)}". The mentee or a mentor may write it, and change it until the seminar starts.`)
    : t(`帮带对子“${esc(pairLabel(f.pair).zh)}”的展示材料，会议开始前可随时修改。`, `The showcase entry of the pair "${esc(pairLabel(f.pair).en)}"; it can be changed until the seminar starts.`);
  const e = f.entry?.submittedAt ? f.entry : undefined;
  return card({
    title: t('研讨会展示材料', 'Seminar entry'), subtitle: t(f.seminar.programNameZh, f.seminar.programNameEn), colour: 'blue',
    elements: [
      heading(f.seminar, tz),
      markdown(intro),
      {
        tag: 'form', name: 'seminar_entry',
        elements: [
          { tag: 'input', name: 'achievements', input_type: 'multiline_text', rows: 5, max_length: ACHIEVEMENTS_MAX, ...(e ? { default_value: e.achievements } : {}),
            label: text('plain_text', t('取得的成效', 'What we achieved')), placeholder: text('plain_text', t(`取得的成效（${ACHIEVEMENTS_MAX} 字以内）`, `What we achieved (up to ${ACHIEVEMENTS_MAX} characters)`)) },
          { tag: 'input', name: 'link', max_length: LINK_MAX, ...(e?.link ? { default_value: e.link } : {}),
            label: text('plain_text', t('材料链接（可不填）', 'Document link (optional)')), placeholder: text('plain_text', t('http:// 或 https:// 开头', 'starting with http:// or https://')) },
          button({ label: e ? t('保存修改', 'Save changes') : t('提交', 'Submit'), value: { a: 'seminar.entry.save', s: f.seminar.id, pair: f.pair.pairId }, type: 'primary', name: 'seminar_entry_submit', submit: true }),
        ],
      },
    ],
  });
}

export function entrySavedCard(s: SavedEntry, tz: string): Card {
  return card({
    title: s.edited ? t('展示材料已修改', 'Entry updated') : t('展示材料已提交', 'Entry submitted'), subtitle: t(s.seminar.programNameZh, s.seminar.programNameEn), colour: 'green',
    elements: [
      heading(s.seminar, tz),
      markdown(t(`**${esc(pairLabel(s.pair).zh)}**\n${entryText(s.entry).zh}`, `**${esc(pairLabel(s.pair).en)}**\n${entryText(s.entry).en}`)),
      buttonRow([openButton(s.seminar, s.pair, true)]),
    ],
  });
}

export function seminarCreatedCard(s: Seminar, tz: string, invited: number): Card {
  const note = invited > 0 ? t(`距会议不足两周，已向 ${invited} 个帮带对子征集展示材料。`, `Less than two weeks away: ${invited} pairs were asked for their entries now.`)
    : t('会前两周将自动向各帮带对子征集展示材料，会前一周和前一天提醒，当天 08:00 发送议程。', 'Entries are requested from each pair two weeks before; reminders a week and a day before; the agenda at 08:00 on the day.');
  return card({ title: t('研讨会已安排', 'Seminar scheduled'), colour: 'green', elements: [heading(s, tz), markdown(note)] });
}

/** A week or a day before: the date and place for everyone; pairs without an entry are nudged with their form buttons. */
export function reminderCard(s: Seminar, tz: string, phase: 'week' | 'day', missing: SeminarPair[]): Card {
  const lead = phase === 'week' ? t('交流研讨会还有一周举行。', 'The exchange seminar is a week away.') : t('交流研讨会明天举行。', 'The exchange seminar is tomorrow.');
  const elements: CardElement[] = [heading(s, tz), markdown(lead)];
  if (missing.length > 0) {
    elements.push(markdown(t(`以下帮带对子还没有提交展示材料，请在会议开始前提交：\n${missing.map((p) => `- ${esc(pairLabel(p).zh)}`).join('\n')}`,
      `These pairs have no entry yet; please submit before the seminar starts:\n${missing.map((p) => `- ${esc(pairLabel(p).en)}`).join('\n')}`)));
    elements.push(buttonRow(missing.map((p) => openButton(s, p, false))));
  }
  return card({ title: t('研讨会提醒', 'Seminar reminder'), colour: missing.length > 0 ? 'orange' : 'blue', elements });
}

/** On the day: every submitted entry, in pair order. */
export function agendaCard(s: Seminar, tz: string, items: { pair: SeminarPair; entry: Entry }[]): Card {
  const list = items.length === 0 ? t('没有对子提交展示材料。', 'No pair submitted an entry.')
    : { zh: items.map((x, i) => `**${i + 1}. ${esc(pairLabel(x.pair).zh)}**\n${entryText(x.entry).zh}`).join('\n\n'), en: items.map((x, i) => `**${i + 1}. ${esc(pairLabel(x.pair).en)}**\n${entryText(x.entry).en}`).join('\n\n') };
  return card({ title: t('研讨会议程', 'Seminar agenda'), colour: 'turquoise', elements: [heading(s, tz), markdown(t(`今天的展示（${items.length} 个对子）：`, `Today's showcase (${items.length} pairs):`)), markdown(list)] });
}

/** After the seminar: which invited pairs presented. */
export function recordFormCard(f: RecordForm, tz: string): Card {
  const submitted = new Set(f.entries.filter((e) => e.submittedAt).map((e) => e.pairId));
  return card({
    title: t('记录展示情况', 'Record who presented'), colour: 'blue',
    elements: [
      heading(f.seminar, tz),
      {
        tag: 'form', name: 'seminar_record',
        elements: [
          { tag: 'multi_select_static', name: 'presented', placeholder: text('plain_text', t('作了展示的对子（可多选）', 'Pairs that presented (several)')),
            options: f.pairs.map((p) => ({ text: text('plain_text', submitted.has(p.pairId) ? pairLabel(p) : t(`${pairLabel(p).zh} · 未交材料`, `${pairLabel(p).en} · no entry`)), value: String(p.pairId) })) },
          button({ label: t('保存，研讨会已举行', 'Save: the seminar was held'), value: { a: 'seminar.record.save', s: f.seminar.id }, type: 'primary', name: 'seminar_record_submit', submit: true }),
        ],
      },
    ],
  });
}

export function recordedCard(s: Seminar, tz: string, presented: SeminarPair[]): Card {
  const list = presented.map((p) => `- ${esc(pairLabel(p).zh)}`).join('\n');
  const listEn = presented.map((p) => `- ${esc(pairLabel(p).en)}`).join('\n');
  return card({
    title: t('研讨会已举行', 'Seminar held'), colour: 'green',
    elements: [heading(s, tz), markdown(t(`作了展示的对子（${presented.length}）：\n${list || '无'}`, `Pairs that presented (${presented.length}):\n${listEn || 'none'}`))],
  });
}
