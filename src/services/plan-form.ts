import type { TargetProfile } from '../db/database';
import type { CatalogueOption, PlanFields } from '../db/repositories/plan-repository';
import { DomainError } from '../domain/domain-error';
import { compareDates, isCalendarDate } from '../domain/calendar-date';

/** Limits of the plan form; the card states them and the server enforces them. */
export const PLAN_LIMITS = { focus: 5, methods: 4, rows: 3, title: 200 } as const;

const PROFILES: readonly TargetProfile[] = ['administrative_leader', 'professional_backbone'];

const invalid = (zh: string, en: string): DomainError => new DomainError('invalid_input', { zh, en });
const blank = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function single(formValue: Record<string, unknown>, name: string): string | undefined {
  const v = formValue[name];
  if (blank(v)) return undefined;
  if (typeof v !== 'string') throw invalid('表单的格式不对，请发送“计划”重新打开。', 'That form is not valid; send "plan" to open it again.');
  return v.trim();
}

function many(formValue: Record<string, unknown>, name: string): string[] {
  const v = formValue[name];
  if (blank(v)) return [];
  const list = Array.isArray(v) ? v : [v];
  if (list.some((x) => typeof x !== 'string')) throw invalid('表单的格式不对，请发送“计划”重新打开。', 'That form is not valid; send "plan" to open it again.');
  return [...new Set(list as string[])];
}

/** Every submitted code must be one the form offered; forged or retired ones are refused by name. */
function fromCatalogue(codes: string[], allowed: CatalogueOption[], what: { zh: string; en: string }): string[] {
  const bad = codes.filter((c) => !allowed.some((a) => a.code === c));
  if (bad.length > 0) {
    const shown = bad.map((c) => `“${c.slice(0, 40)}”`).join('、');
    throw invalid(`${shown}不是可选的${what.zh}，请从列表中选择。`, `${bad.map((c) => `"${c.slice(0, 40)}"`).join(', ')} is not an available ${what.en}; please pick from the list.`);
  }
  return codes;
}

/**
 * A Lark date_picker submits 'YYYY-MM-DD +0800' (the date, then the client's offset): the first ten
 * characters are the day the person picked.
 */
export function pickedDate(value: unknown): string | undefined {
  if (blank(value)) return undefined;
  const day = typeof value === 'string' ? value.trim().slice(0, 10) : '';
  return isCalendarDate(day) ? day : '';
}

/** The plan form's values → plan fields; the form value is untrusted. */
export function parsePlanForm(
  formValue: Record<string, unknown>,
  o: { abilities: CatalogueOption[]; methods: CatalogueOption[]; measures: CatalogueOption[]; earliestDue: string },
): PlanFields {
  const profile = single(formValue, 'profile');
  if (profile !== undefined && !PROFILES.includes(profile as TargetProfile)) {
    throw invalid(`“${profile.slice(0, 40)}”不是可选的目标定位（行政领导型 / 业务骨干型）。`, `"${profile.slice(0, 40)}" is not a target profile (administrative leader / professional backbone).`);
  }
  const focus = fromCatalogue(many(formValue, 'focus'), o.abilities, { zh: '能力', en: 'ability for this program' });
  if (focus.length > PLAN_LIMITS.focus) throw invalid(`重点能力最多选 ${PLAN_LIMITS.focus} 项。`, `At most ${PLAN_LIMITS.focus} focus abilities.`);
  const methods = fromCatalogue(many(formValue, 'methods'), o.methods, { zh: '学习方式', en: 'learning method' });
  if (methods.length > PLAN_LIMITS.methods) throw invalid(`学习方式最多选 ${PLAN_LIMITS.methods} 项。`, `At most ${PLAN_LIMITS.methods} learning methods.`);
  if (Object.keys(formValue).some((k) => /^(measure|title|due)_\d+$/.test(k) && Number(k.split('_')[1]) > PLAN_LIMITS.rows)) {
    throw invalid(`培养措施最多 ${PLAN_LIMITS.rows} 项。`, `At most ${PLAN_LIMITS.rows} measures.`);
  }
  const items: PlanFields['items'] = [];
  for (let i = 1; i <= PLAN_LIMITS.rows; i++) {
    const measure = single(formValue, `measure_${i}`);
    const title = single(formValue, `title_${i}`);
    const due = pickedDate(formValue[`due_${i}`]);
    if (measure === undefined && title === undefined && due === undefined) continue;
    if (measure === undefined || title === undefined) {
      throw invalid(`措施 ${i}：请同时选择培养措施并填写具体任务。`, `Measure ${i}: choose a measure and describe the task.`);
    }
    fromCatalogue([measure], o.measures, { zh: '培养措施', en: 'measure' });
    if ([...title].length > PLAN_LIMITS.title) throw invalid(`措施 ${i}：具体任务不能超过 ${PLAN_LIMITS.title} 字。`, `Measure ${i}: the task may have at most ${PLAN_LIMITS.title} characters.`);
    if (due === '') throw invalid(`措施 ${i}：完成期限不是有效日期。`, `Measure ${i}: the due date is not a valid date.`);
    if (due !== undefined && compareDates(due, o.earliestDue) < 0) {
      throw invalid(`措施 ${i}：完成期限 ${due} 早于结对日期 ${o.earliestDue}。`, `Measure ${i}: the due date ${due} is before the pair was formed (${o.earliestDue}).`);
    }
    items.push({ measure, title, dueDate: due ?? null });
  }
  return { targetProfile: (profile as TargetProfile | undefined) ?? null, focus, methods, items };
}
