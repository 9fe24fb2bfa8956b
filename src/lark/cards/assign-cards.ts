import { button, buttonRow, card, divider, escapeMarkdown, markdown, t, text, type Bilingual, type Card, type CardElement } from './card-kit';

/**
 * 组织指定 cards for admins: the per-program assignment form, and a proposed assignment (draft) they edit
 * and confirm. A draft card shows one page of rows: Lark refuses cards over 30 KB or 200 components
 * (lark-platform.md §4), and a row costs 5 components (column_set, 2 columns, text, 移除 button), so a page
 * of 15 stays near 100 components and ~15 KB whatever the program's size; the rest is reached by paging.
 */
export const DRAFT_PAGE = 15;

/** One program on the 指定 card: its pools, who is still unpaired, and the free places left. */
export interface AssignProgramLine {
  programId: number;
  nameZh: string;
  nameEn: string;
  mentors: number;
  mentees: number;
  unpaired: number;
  /** Σ max(0, capacity − load) over the mentor pool */
  freePlaces: number;
}

const option = (value: string, label: Bilingual) => ({ text: text('plain_text', label), value });
const md = (s: string): string => escapeMarkdown(s);

/** `指定 / assign`: per running program, a form to pair two people, and a button for a whole-program proposal. */
export function assignCard(programs: AssignProgramLine[]): Card {
  const elements: CardElement[] = [markdown(t(
    '组织指定会覆盖双向选择：培养对象尚未答复的志愿将撤回；如已有其他导师，原对子结束（改派）。导师名额已满时，需选择“允许超额”。',
    'An assignment overrides two-way selection: the mentee\'s open choices are withdrawn, and an existing pair with another mentor ends (rematched). A full mentor needs "allow over capacity".',
  ))];
  for (const p of programs) {
    elements.push(divider());
    elements.push(markdown(t(
      `**${md(p.nameZh)}**　导师 ${p.mentors} 人，剩余名额 ${p.freePlaces} 个；培养对象 ${p.mentees} 人，未结对 ${p.unpaired} 人`,
      `**${md(p.nameEn)}** ${p.mentors} mentors, ${p.freePlaces} free places; ${p.mentees} mentees, ${p.unpaired} unpaired`,
    )));
    elements.push({
      tag: 'form',
      name: `assign_${p.programId}`,
      elements: [
        { tag: 'select_person', name: `mentee_${p.programId}`, placeholder: text('plain_text', t('培养对象', 'Mentee')) },
        { tag: 'select_person', name: `mentor_${p.programId}`, placeholder: text('plain_text', t('导师', 'Mentor')) },
        {
          tag: 'select_static', name: `override_${p.programId}`, initial_option: 'no',
          options: [option('no', t('不超额', 'Within capacity')), option('yes', t('允许超额', 'Allow over capacity'))],
        },
        button({ label: t('指定', 'Assign'), value: { a: 'assign.save', p: p.programId }, type: 'primary', name: `assign_submit_${p.programId}`, submit: true }),
      ],
    });
    elements.push(buttonRow([
      button({ label: t('生成整体方案', 'Propose for the whole program'), value: { a: 'assign.propose', p: p.programId }, name: `propose_${p.programId}` }),
    ]));
  }
  if (programs.length === 0) elements.push(markdown(t('现在没有进行中的项目。', 'No program is running now.')));
  return card({ title: t('组织指定结对', 'Assign pairs'), colour: 'purple', elements });
}

export interface DraftCardPerson {
  cadreId: number;
  name: string;
}

export interface DraftCardView {
  draftId: number;
  status: 'draft' | 'confirmed' | 'discarded';
  program: { nameZh: string; nameEn: string };
  rows: { mentee: DraftCardPerson; mentor: DraftCardPerson; score: number; matched: Bilingual[]; rank?: number }[];
  unplaced: DraftCardPerson[];
  result?: { formed: number; skipped: { mentee: DraftCardPerson; mentor: DraftCardPerson; reason: Bilingual }[] };
}

const names = (people: DraftCardPerson[], max: number): string => people.slice(0, max).map((p) => md(p.name)).join('、') + (people.length > max ? ' …' : '');
const score = (n: number): string => (Math.round(n * 10) / 10).toFixed(1);

function rowText(i: number, r: DraftCardView['rows'][number]): Bilingual {
  // At most three need names per row keeps a page of 15 rows well inside the 30 KB card limit.
  const shown = r.matched.slice(0, 3);
  const more = r.matched.length > 3 ? { zh: ` 等 ${r.matched.length} 项`, en: ` and ${r.matched.length - 3} more` } : { zh: '', en: '' };
  const matched = shown.length > 0
    ? { zh: `匹配：${shown.map((m) => md(m.zh)).join('、')}${more.zh}`, en: `matches: ${shown.map((m) => md(m.en)).join(', ')}${more.en}` }
    : { zh: '无需求匹配', en: 'no need matched' };
  const rank = r.rank ? { zh: `　第 ${r.rank} 志愿`, en: `, choice #${r.rank}` } : { zh: '', en: '' };
  return t(
    `${i}\\. **${md(r.mentee.name)}** → **${md(r.mentor.name)}**　${score(r.score)} 分　${matched.zh}${rank.zh}`,
    `${i}\\. **${md(r.mentee.name)}** → **${md(r.mentor.name)}** ${score(r.score)} pts, ${matched.en}${rank.en}`,
  );
}

/** A proposal: one page of rows from `offset`, editable while it is a draft; the result once confirmed. */
export function draftCard(v: DraftCardView, offset = 0): Card {
  const start = Math.max(0, Math.min(offset, Math.max(0, v.rows.length - 1)));
  const page = v.rows.slice(start, start + DRAFT_PAGE);
  const open = v.status === 'draft';
  const elements: CardElement[] = [markdown(summary(v))];
  if (open) {
    page.forEach((r, k) => elements.push({
      tag: 'column_set', flex_mode: 'none', horizontal_spacing: '8px',
      columns: [
        { tag: 'column', width: 'weighted', weight: 1, vertical_align: 'center', elements: [markdown(rowText(start + k + 1, r))] },
        { tag: 'column', width: 'auto', vertical_align: 'center', elements: [button({ label: t('移除', 'Remove'), value: { a: 'assign.draft.drop', d: v.draftId, m: r.mentee.cadreId, o: start }, type: 'danger' })] },
      ],
    }));
  } else if (page.length > 0) {
    const lines = page.map((r, k) => rowText(start + k + 1, r));
    elements.push(markdown(t(lines.map((l) => l.zh).join('\n'), lines.map((l) => l.en).join('\n'))));
  }
  const more = v.rows.length - (start + page.length);
  if (more > 0 || start > 0) {
    elements.push(markdown(t(
      `第 ${start + 1}–${start + page.length} 行，共 ${v.rows.length} 行${more > 0 ? `（… 及另外 ${more} 人）` : ''}`,
      `Rows ${start + 1}–${start + page.length} of ${v.rows.length}${more > 0 ? ` (… and ${more} more)` : ''}`,
    )));
    const nav: CardElement[] = [];
    if (start > 0) nav.push(button({ label: t('上一页', 'Previous'), value: { a: 'assign.draft.page', d: v.draftId, o: Math.max(0, start - DRAFT_PAGE) } }));
    if (more > 0) nav.push(button({ label: t('下一页', 'Next'), value: { a: 'assign.draft.page', d: v.draftId, o: start + DRAFT_PAGE } }));
    elements.push(buttonRow(nav));
  }
  if (open && page.length > 0) {
    elements.push({
      tag: 'form',
      name: 'draft_set',
      elements: [
        { tag: 'select_static', name: 'mentee', placeholder: text('plain_text', t('本页中的一行', 'A row on this page')), options: page.map((r) => option(String(r.mentee.cadreId), t(r.mentee.name, r.mentee.name))) },
        { tag: 'select_person', name: 'mentor', placeholder: text('plain_text', t('改为这位导师', 'Change to this mentor')) },
        button({ label: t('更换导师', 'Change mentor'), value: { a: 'assign.draft.set', d: v.draftId, o: start }, name: 'draft_set_submit', submit: true }),
      ],
    });
  }
  if (open) {
    elements.push(buttonRow([
      button({ label: t('确认并通知', 'Confirm and notify'), value: { a: 'assign.draft.confirm', d: v.draftId }, type: 'primary_filled' }),
      button({ label: t('放弃', 'Discard'), value: { a: 'assign.draft.discard', d: v.draftId }, type: 'danger' }),
    ]));
  }
  const title = {
    draft: t(`结对方案 · ${v.program.nameZh}`, `Proposed pairs · ${v.program.nameEn}`),
    confirmed: t(`结对方案已确认 · ${v.program.nameZh}`, `Pairs confirmed · ${v.program.nameEn}`),
    discarded: t(`结对方案已放弃 · ${v.program.nameZh}`, `Proposal discarded · ${v.program.nameEn}`),
  }[v.status];
  return card({ title, colour: v.status === 'draft' ? 'indigo' : v.status === 'confirmed' ? 'green' : 'grey', elements });
}

function summary(v: DraftCardView): Bilingual {
  if (v.status === 'draft') {
    const unplaced = v.unplaced.length > 0
      ? { zh: `\n未安排 ${v.unplaced.length} 人（名额不足、只剩回避或曾结对的导师，或已从方案中移除）：${names(v.unplaced, 10)}`, en: `\n${v.unplaced.length} unpaired mentees are not in the proposal (no place left, only avoided or former mentors, or removed): ${names(v.unplaced, 10)}` }
      : { zh: '', en: '' };
    return t(
      `方案 #${v.draftId}：${v.rows.length} 对。先让尽可能多的培养对象有导师，再使总匹配分最高（需求匹配为主，志愿优先于单位和名额）。${unplaced.zh}\n**确认前不会通知任何人。**`,
      `Proposal #${v.draftId}: ${v.rows.length} pairs. As many mentees as possible get a mentor, then the total match score is highest (needs first; a mentee's choices before unit and free places).${unplaced.en}\n**Nobody is told anything until you confirm.**`,
    );
  }
  if (v.status === 'discarded') return t(`方案 #${v.draftId} 已放弃，没有结对，也没有通知任何人。`, `Proposal #${v.draftId} was discarded: no pairs, nobody told.`);
  const skipped = v.result?.skipped ?? [];
  const lines = skipped.slice(0, DRAFT_PAGE).map((s) => ({ zh: `- ${md(s.mentee.name)} → ${md(s.mentor.name)}：${md(s.reason.zh)}`, en: `- ${md(s.mentee.name)} → ${md(s.mentor.name)}: ${md(s.reason.en)}` }));
  const rest = skipped.length > DRAFT_PAGE ? { zh: `\n… 及另外 ${skipped.length - DRAFT_PAGE} 行`, en: `\n… and ${skipped.length - DRAFT_PAGE} more` } : { zh: '', en: '' };
  const skippedText = skipped.length > 0
    ? { zh: `\n**${skipped.length} 行未能结对：**\n${lines.map((l) => l.zh).join('\n')}${rest.zh}`, en: `\n**${skipped.length} rows could not be paired:**\n${lines.map((l) => l.en).join('\n')}${rest.en}` }
    : { zh: '', en: '' };
  const formed = v.result?.formed ?? v.rows.length;
  return t(
    `方案 #${v.draftId} 已确认：${formed} 对已结对，培养对象和导师已收到通知。${skippedText.zh}`,
    `Proposal #${v.draftId} confirmed: ${formed} pairs formed; the mentees and mentors have been told.${skippedText.en}`,
  );
}
