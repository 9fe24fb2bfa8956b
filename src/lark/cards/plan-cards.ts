import type { TargetProfile } from '../../db/database';
import type { CatalogueOption, Plan, PlanPair } from '../../db/repositories/plan-repository';
import { button, buttonRow, card, divider, escapeMarkdown, markdown, t, text, type Bilingual, type Card, type CardElement } from './card-kit';

/** 一人一策 cards: the plan as both parties see it, the form to draft or edit it, and the notices about it. */

export const PROFILES: Record<TargetProfile, Bilingual> = {
  administrative_leader: t('行政领导型', 'Administrative leader'),
  professional_backbone: t('业务骨干型', 'Professional backbone'),
};

export type Names = Map<string, { nameZh: string; nameEn: string }>;
export type Viewer = 'mentee' | 'mentor';

export interface PlanView {
  pair: PlanPair;
  plan: Plan;
  names: Names;
}

const nameOf = (names: Names, code: string): Bilingual => {
  const n = names.get(code);
  return n ? t(n.nameZh, n.nameEn) : t(code, code);
};
const join = (names: Names, codes: string[]): Bilingual => codes.length === 0
  ? t('（未填写）', '(none)')
  : t(codes.map((c) => nameOf(names, c).zh).join('、'), codes.map((c) => nameOf(names, c).en).join(', '));
const people = (pair: PlanPair) => escapeMarkdown(pair.mentors.map((m) => m.name).join('、'));
const titleOf = (pair: PlanPair): Bilingual => t(`一人一策 · ${pair.mentee.name}`, `Personal plan · ${pair.mentee.name}`);
const subtitleOf = (pair: PlanPair): Bilingual => t(pair.programNameZh, pair.programNameEn);

function summary(v: PlanView): CardElement {
  const { plan, names, pair } = v;
  const status = plan.status === 'confirmed' ? t('已确认', 'confirmed') : t('草稿，待导师确认', 'draft, waiting for the mentor');
  const profile = plan.targetProfile ? PROFILES[plan.targetProfile] : t('（未填写）', '(none)');
  const focus = join(names, plan.focus);
  const methods = join(names, plan.methods);
  return markdown(t(
    `**状态**：${status.zh}\n**导师**：${people(pair)}\n**目标定位**：${profile.zh}\n**重点提升能力**：${focus.zh}\n**学习方式**：${methods.zh}`,
    `**Status**: ${status.en}\n**Mentor(s)**: ${people(pair)}\n**Target profile**: ${profile.en}\n**Focus abilities**: ${focus.en}\n**Learning methods**: ${methods.en}`,
  ));
}

function itemRows(v: PlanView, withButtons: boolean): CardElement[] {
  if (v.plan.items.length === 0) return [markdown(t('**培养措施**：（未填写）', '**Measures**: (none)'))];
  const rows: CardElement[] = [markdown(t('**培养措施**', '**Measures**'))];
  for (const item of v.plan.items) {
    const m = nameOf(v.names, item.measure);
    const done = item.status === 'done';
    const due = item.dueDate ? t(`，${item.dueDate} 前`, `, by ${item.dueDate}`) : t('', '');
    const line = markdown(t(
      `${done ? '✅' : '⬜'} ${m.zh}：${escapeMarkdown(item.title)}${due.zh}`,
      `${done ? '✅' : '⬜'} ${m.en}: ${escapeMarkdown(item.title)}${due.en}`,
    ));
    if (!withButtons) { rows.push(line); continue; }
    const b = done
      ? button({ label: t('撤销完成', 'Undo'), value: { a: 'plan.undo', item: item.id } })
      : button({ label: t('标记完成', 'Mark done'), value: { a: 'plan.done', item: item.id }, type: 'primary' });
    rows.push({ tag: 'column_set', flex_mode: 'none', columns: [
      { tag: 'column', width: 'weighted', weight: 4, vertical_align: 'center', elements: [line] },
      { tag: 'column', width: 'auto', vertical_align: 'center', elements: [b] },
    ] });
  }
  return rows;
}

/** The plan as the mentee or a mentor sees it with `计划`: items can be marked done, the plan edited or confirmed. */
export function planCard(v: PlanView, viewer: Viewer): Card {
  const actions = [button({ label: t('修改计划', 'Edit the plan'), value: { a: 'plan.edit', pair: v.pair.pairId } })];
  if (viewer === 'mentor' && v.plan.status === 'draft') {
    actions.unshift(button({ label: t('确认计划', 'Confirm the plan'), value: { a: 'plan.confirm', pair: v.pair.pairId, v: v.plan.version }, type: 'primary' }));
  }
  return card({
    title: titleOf(v.pair), subtitle: subtitleOf(v.pair), colour: v.plan.status === 'confirmed' ? 'green' : 'orange',
    elements: [summary(v), divider(), ...itemRows(v, v.pair.active), ...(v.pair.active ? [buttonRow(actions)] : [])],
  });
}

/** No plan yet, seen by a mentor: the mentee drafts it, but the mentor may start it too. */
export function planMissingCard(pair: PlanPair): Card {
  return card({
    title: titleOf(pair), subtitle: subtitleOf(pair), colour: 'grey',
    elements: [
      markdown(t(`${escapeMarkdown(pair.mentee.name)} 还没有起草“一人一策”计划。您可以等待对方起草后确认，也可以直接制定（导师保存即为确认）。`,
        `${escapeMarkdown(pair.mentee.name)} has not drafted the personal plan yet. Wait for the draft and confirm it, or write it yourself (a mentor's save confirms it).`)),
      buttonRow([button({ label: t('开始制定', 'Start the plan'), value: { a: 'plan.edit', pair: pair.pairId } })]),
    ],
  });
}

/** Several pairs: pick one. */
export function planListCard(pairs: { pair: PlanPair; viewer: Viewer; status: 'draft' | 'confirmed' | undefined }[]): Card {
  const elements: CardElement[] = [markdown(t('您参加了多个结对，请选择要查看的计划：', 'You are in several pairs; choose a plan:'))];
  for (const { pair, viewer, status } of pairs) {
    const who = viewer === 'mentee' ? t(`导师 ${people(pair)}`, `mentor(s) ${people(pair)}`) : t(`带教 ${escapeMarkdown(pair.mentee.name)}`, `mentee ${escapeMarkdown(pair.mentee.name)}`);
    const s = status === 'confirmed' ? t('已确认', 'confirmed') : status === 'draft' ? t('草稿', 'draft') : t('未制定', 'not drafted');
    elements.push(markdown(t(`**${pair.programNameZh}** · ${who.zh} · ${s.zh}`, `**${pair.programNameEn}** · ${who.en} · ${s.en}`)));
    elements.push(buttonRow([button({ label: t('查看计划', 'Open the plan'), value: { a: 'plan.open', pair: pair.pairId } })]));
  }
  return card({ title: t('一人一策', 'Personal plans'), elements });
}

export function noPairCard(): Card {
  return card({ title: t('一人一策', 'Personal plans'), colour: 'grey', elements: [markdown(t('您目前没有进行中的结对，结对后即可制定“一人一策”计划。', 'You are not in an active pair; once paired you can draft a personal plan.'))] });
}

/** To the mentor(s) after the mentee saved: confirm as it is, or open the form to change it. */
export function planDraftedNotice(v: PlanView): Card {
  return card({
    title: t(`计划待确认 · ${v.pair.mentee.name}`, `Plan to confirm · ${v.pair.mentee.name}`), subtitle: subtitleOf(v.pair), colour: 'orange',
    elements: [
      markdown(t(`${escapeMarkdown(v.pair.mentee.name)} 提交了“一人一策”计划，请确认或修改。`, `${escapeMarkdown(v.pair.mentee.name)} submitted a personal plan; please confirm or change it.`)),
      summary(v), ...itemRows(v, false),
      buttonRow([
        button({ label: t('确认计划', 'Confirm the plan'), value: { a: 'plan.confirm', pair: v.pair.pairId, v: v.plan.version }, type: 'primary' }),
        button({ label: t('修改', 'Change'), value: { a: 'plan.edit', pair: v.pair.pairId } }),
      ]),
    ],
  });
}

/** To the mentee (and the other mentors) after a mentor confirmed or saved. */
export function planConfirmedNotice(v: PlanView, by: string): Card {
  return card({
    title: t('计划已确认', 'Plan confirmed'), subtitle: subtitleOf(v.pair), colour: 'green',
    elements: [
      markdown(t(`导师 ${escapeMarkdown(by)} 确认了“一人一策”计划。发送“计划”随时查看，完成一项措施后可标记完成。`, `Mentor ${escapeMarkdown(by)} confirmed the personal plan. Send "plan" to see it and mark measures done.`)),
      summary(v), ...itemRows(v, false),
    ],
  });
}

export interface PlanFormOptions {
  pair: PlanPair;
  plan: Plan | undefined;
  viewer: Viewer;
  abilities: CatalogueOption[];
  methods: CatalogueOption[];
  measures: CatalogueOption[];
  limits: { focus: number; methods: number; rows: number; title: number };
}

const option = (o: { code: string; nameZh: string; nameEn: string }) => ({ text: text('plain_text', t(o.nameZh, o.nameEn)), value: o.code });

/** The form to draft or edit a plan; its submit carries the version it was drawn from (optimistic concurrency). */
export function planFormCard(o: PlanFormOptions): Card {
  const { plan, limits } = o;
  const intro = o.viewer === 'mentor'
    ? t('导师保存即为确认，培养对象会收到通知。', "A mentor's save confirms the plan; the mentee is told.")
    : plan?.status === 'confirmed'
      ? t('⚠️ 此计划已由导师确认。您修改后将退回草稿，需导师重新确认。', '⚠️ Your mentor has confirmed this plan. If you change it, it goes back to draft and your mentor must confirm it again.')
      : t('起草后导师会收到通知，确认或修改后计划生效。', 'Your mentor is told when you save, and confirms or changes the plan.');
  const rows: CardElement[] = [];
  for (let i = 1; i <= limits.rows; i++) {
    const item = plan?.items[i - 1];
    rows.push(markdown(t(`**措施 ${i}**`, `**Measure ${i}**`)));
    rows.push({ tag: 'select_static', name: `measure_${i}`, placeholder: text('plain_text', t('培养措施（可不选）', 'Measure (optional)')), options: o.measures.map(option), ...(item ? { initial_option: item.measure } : {}) });
    rows.push({ tag: 'input', name: `title_${i}`, max_length: limits.title, placeholder: text('plain_text', t(`具体任务，不超过 ${limits.title} 字`, `The concrete task, at most ${limits.title} characters`)), ...(item ? { default_value: item.title } : {}) });
    rows.push({ tag: 'date_picker', name: `due_${i}`, placeholder: text('plain_text', t('完成期限', 'Due date')), ...(item?.dueDate ? { initial_date: item.dueDate } : {}) });
  }
  return card({
    title: titleOf(o.pair), subtitle: subtitleOf(o.pair), colour: 'blue',
    elements: [
      markdown(t(`制定“一人一策”计划：目标定位、重点能力（最多 ${limits.focus} 项）、培养措施（最多 ${limits.rows} 项，各有期限）和学习方式（最多 ${limits.methods} 项）。${intro.zh}`,
        `The personal plan: target profile, focus abilities (up to ${limits.focus}), measures (up to ${limits.rows}, each with a due date) and learning methods (up to ${limits.methods}). ${intro.en}`)),
      {
        tag: 'form', name: 'plan_form',
        elements: [
          { tag: 'select_static', name: 'profile', placeholder: text('plain_text', t('目标定位', 'Target profile')),
            options: (Object.keys(PROFILES) as TargetProfile[]).map((k) => ({ text: text('plain_text', PROFILES[k]), value: k })), ...(plan?.targetProfile ? { initial_option: plan.targetProfile } : {}) },
          { tag: 'multi_select_static', name: 'focus', placeholder: text('plain_text', t(`重点提升能力（最多 ${limits.focus} 项）`, `Focus abilities (up to ${limits.focus})`)),
            options: o.abilities.map(option), selected_values: (plan?.focus ?? []).filter((c) => o.abilities.some((a) => a.code === c)) },
          ...rows,
          { tag: 'multi_select_static', name: 'methods', placeholder: text('plain_text', t(`学习方式（最多 ${limits.methods} 项）`, `Learning methods (up to ${limits.methods})`)),
            options: o.methods.map(option), selected_values: (plan?.methods ?? []).filter((c) => o.methods.some((m) => m.code === c)) },
          button({ label: t('保存计划', 'Save the plan'), value: { a: 'plan.save', pair: o.pair.pairId, v: plan?.version ?? 0 }, type: 'primary', name: 'plan_submit', submit: true }),
        ],
      },
    ],
  });
}
