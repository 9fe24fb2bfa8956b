import { button, buttonRow, card, markdown, t, text, type Bilingual, type Card, type CardElement } from './card-kit';

export interface AbilityOption {
  code: string;
  nameZh: string;
  nameEn: string;
}

const option = (a: AbilityOption) => ({ text: text('plain_text', t(a.nameZh, a.nameEn)), value: a.code });

/** "菜单化需求库": up to five needs, ranked by the field they are put in. */
export function needsFormCard(opts: { abilities: AbilityOption[]; current: AbilityOption[]; max: number }): Card {
  const selects: CardElement[] = [];
  for (let rank = 1; rank <= opts.max; rank++) {
    const current = opts.current[rank - 1];
    selects.push({
      tag: 'select_static',
      name: `need_${rank}`,
      placeholder: text('plain_text', t(`第 ${rank} 需求（可不选）`, `Need no. ${rank} (optional)`)),
      options: opts.abilities.map(option),
      ...(current ? { initial_option: current.code } : {}),
    });
  }
  return card({
    title: t('我的需求', 'My needs'),
    colour: 'turquoise',
    elements: [
      markdown(t(
        `从需求库中选出您最想提升的能力，按重要程度排列，最多 ${opts.max} 项。导师会据此为您量身定制“一人一策”计划。`,
        `Choose up to ${opts.max} abilities you most want to build, most important first. Your mentor tailors your one-person plan to them.`,
      )),
      {
        tag: 'form',
        name: 'needs_form',
        elements: [
          ...selects,
          button({ label: t('保存需求', 'Save needs'), value: { a: 'needs.save' }, type: 'primary', name: 'needs_submit', submit: true }),
        ],
      },
      buttonRow([button({ label: t('填写我的特长', 'Edit my strengths'), value: { a: 'strengths.open' }, name: 'open_strengths' })]),
    ],
  });
}

/** Strengths: what a person can teach (mentors are matched on these). */
export function strengthsFormCard(opts: { abilities: AbilityOption[]; current: AbilityOption[]; max: number }): Card {
  return card({
    title: t('我的特长', 'My strengths'),
    colour: 'turquoise',
    elements: [
      markdown(t(
        `选出您擅长、可以传授给别人的能力，最多 ${opts.max} 项。结对时，导师的特长会和培养对象的需求“无缝对接”。`,
        `Choose up to ${opts.max} abilities you are good at and can pass on. Pairing matches mentors' strengths to mentees' needs.`,
      )),
      {
        tag: 'form',
        name: 'strengths_form',
        elements: [
          {
            tag: 'multi_select_static',
            name: 'strengths',
            placeholder: text('plain_text', t('选择特长', 'Choose strengths')),
            options: opts.abilities.map(option),
            selected_values: opts.current.map((a) => a.code),
          },
          button({ label: t('保存特长', 'Save strengths'), value: { a: 'strengths.save' }, type: 'primary', name: 'strengths_submit', submit: true }),
        ],
      },
    ],
  });
}

export function listLine(items: AbilityOption[], ranked: boolean): Bilingual {
  if (items.length === 0) return t('（暂未填写）', '(none yet)');
  const zh = items.map((a, i) => (ranked ? `${i + 1}. ${a.nameZh}` : a.nameZh)).join(ranked ? '\n' : '、');
  const en = items.map((a, i) => (ranked ? `${i + 1}. ${a.nameEn}` : a.nameEn)).join(ranked ? '\n' : ', ');
  return { zh, en };
}

/** What replaces the form after saving, so the card shows the saved state. */
export function savedCard(kind: 'needs' | 'strengths', items: AbilityOption[]): Card {
  const title = kind === 'needs' ? t('需求已保存', 'Needs saved') : t('特长已保存', 'Strengths saved');
  const again = kind === 'needs' ? button({ label: t('再次修改', 'Change again'), value: { a: 'needs.open' }, name: 'reopen' }) : button({ label: t('再次修改', 'Change again'), value: { a: 'strengths.open' }, name: 'reopen' });
  return card({ title, colour: 'green', elements: [markdown(listLine(items, kind === 'needs')), buttonRow([again])] });
}
