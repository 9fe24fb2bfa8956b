import { button, buttonRow, card, markdown, t, text, type Bilingual, type Card, type CardElement } from './card-kit';

export interface ProgramFormData {
  programId: number;
  nameZh: string;
  nameEn: string;
  startDate: string;
  endDate: string | null;
  defaultCapacity: number;
  active: boolean;
}

const input = (name: string, label: Bilingual, value: string, placeholder: Bilingual): CardElement => ({
  tag: 'input', name, label: text('plain_text', label), default_value: value, placeholder: text('plain_text', placeholder), max_length: 100,
});

/** An admin edits a program's names, term, capacity and whether it runs. */
export function programFormCard(p: ProgramFormData): Card {
  return card({
    title: t(`编辑项目 · ${p.nameZh}`, `Edit program · ${p.nameEn}`),
    colour: 'purple',
    elements: [
      {
        tag: 'form',
        name: 'program_form',
        elements: [
          input('name_zh', t('中文名称', 'Name (Chinese)'), p.nameZh, t('项目中文名称', 'Chinese name')),
          input('name_en', t('英文名称', 'Name (English)'), p.nameEn, t('项目英文名称', 'English name')),
          { tag: 'date_picker', name: 'start_date', initial_date: p.startDate, placeholder: text('plain_text', t('开始日期', 'Start date')) },
          { tag: 'date_picker', name: 'end_date', ...(p.endDate ? { initial_date: p.endDate } : {}), placeholder: text('plain_text', t('结束日期（可不填）', 'End date (optional)')) },
          input('default_capacity', t('每位导师默认可带人数', 'Mentees per mentor by default'), String(p.defaultCapacity), t('1 至 50', '1 to 50')),
          {
            tag: 'select_static', name: 'active', initial_option: p.active ? 'true' : 'false',
            options: [{ text: text('plain_text', t('进行中', 'Running')), value: 'true' }, { text: text('plain_text', t('停用', 'Stopped')), value: 'false' }],
          },
          button({ label: t('保存', 'Save'), value: { a: 'program.save', p: p.programId }, type: 'primary', name: 'program_submit', submit: true }),
        ],
      },
    ],
  });
}

/** An admin adds a person to, or removes them from, a program's mentor or mentee pool. */
export function programMemberFormCard(p: { programId: number; nameZh: string; nameEn: string }): Card {
  const option = (value: string, label: Bilingual) => ({ text: text('plain_text', label), value });
  return card({
    title: t(`调整名单 · ${p.nameZh}`, `Adjust pools · ${p.nameEn}`),
    colour: 'purple',
    elements: [
      markdown(t('导师和培养对象按规则（类别、资格、单位）产生；在这里可以把某人额外纳入或排除，或取消之前的调整。', 'Mentor and mentee pools follow the rules (category, eligibility, unit); here you can include or exclude a person explicitly, or clear an earlier adjustment.')),
      {
        tag: 'form',
        name: 'member_form',
        elements: [
          { tag: 'select_person', name: 'person', placeholder: text('plain_text', t('选择人员', 'Choose a person')) },
          { tag: 'select_static', name: 'role', initial_option: 'mentee', options: [option('mentee', t('培养对象', 'Mentee')), option('mentor', t('导师', 'Mentor'))] },
          { tag: 'select_static', name: 'action', initial_option: 'include', options: [option('include', t('纳入', 'Include')), option('exclude', t('排除', 'Exclude')), option('clear', t('取消调整', 'Clear'))] },
          button({ label: t('保存', 'Save'), value: { a: 'program.member.save', p: p.programId }, type: 'primary', name: 'member_submit', submit: true }),
        ],
      },
    ],
  });
}

/** Buttons under each program of the admin summary. */
export function programButtons(programId: number): CardElement {
  return buttonRow([
    button({ label: t('编辑项目', 'Edit program'), value: { a: 'program.edit', p: programId }, name: `edit_${programId}` }),
    button({ label: t('调整名单', 'Adjust pools'), value: { a: 'program.member', p: programId }, name: `member_${programId}` }),
  ]);
}
