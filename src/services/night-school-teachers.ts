import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { SchoolRepository, type DesignatedTeacher, type SchoolPerson } from '../db/repositories/school-repository';
import type { Actor } from '../domain/actor';
import { DomainError } from '../domain/domain-error';
import { authorize } from './authorization';
import { rosterPerson } from './night-school-series';
import { rowId } from '../domain/row-id';

/**
 * 指定老师: admins designate night-school teachers (often young cadres, 以新促老), who may then set up a series
 * they teach themselves (night-school-series.ts, mayCreateSeries). Removing a designation leaves the series
 * already set up alone; their teacher keeps teaching them.
 */

const repo = new SchoolRepository();
const openIds = (v: unknown): string[] => (Array.isArray(v) ? v : typeof v === 'string' && v ? [v] : []).filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());

export async function designatedTeachers(tx: Kysely<Database>, actor: Actor): Promise<DesignatedTeacher[]> {
  authorize(actor, 'school.manage', 'school_teachers');
  return repo.designatedTeachers(tx);
}

export interface Designated {
  added: SchoolPerson[];
  /** chosen but designated already: nothing changed for them */
  already: SchoolPerson[];
  teachers: DesignatedTeacher[];
}

/** The 指定老师 form: a multi-select of people, each of whom must be on the roster. */
export async function designateTeachers(tx: Kysely<Database>, actor: Actor, form: Record<string, unknown>, now: Date): Promise<Designated> {
  authorize(actor, 'school.manage', 'school_teachers');
  const chosen = [...new Set(openIds(form.people))];
  if (chosen.length === 0) throw new DomainError('invalid_input', { zh: '请选择要指定为夜校老师的人员。', en: 'Choose the people to designate as night-school teachers.' });
  const people: SchoolPerson[] = [];
  for (const o of chosen) people.push(await rosterPerson(tx, o, { zh: '老师', en: 'teacher' }));
  const added = new Set(await repo.designate(tx, people.map((p) => p.cadreId), actor.openId, now));
  if (added.size === 0) {
    throw new DomainError('conflict', { zh: `${people.map((p) => p.name).join('、')} 已经是夜校老师，没有变化。`, en: `${people.map((p) => p.name).join(', ')} ${people.length > 1 ? 'are' : 'is'} already designated; nothing changed.` });
  }
  return { added: people.filter((p) => added.has(p.cadreId)), already: people.filter((p) => !added.has(p.cadreId)), teachers: await repo.designatedTeachers(tx) };
}

/** 取消指定: a forged id or a second click is refused with no change. */
export async function removeTeacher(tx: Kysely<Database>, actor: Actor, cadreId: unknown): Promise<{ removed: SchoolPerson; teachers: DesignatedTeacher[] }> {
  authorize(actor, 'school.manage', `school_teacher:${String(cadreId)}`);
  const id = rowId(cadreId);
  const [person] = id ? await repo.peopleByIds(tx, [id]) : [];
  if (!person) throw new DomainError('invalid_input', { zh: '没有找到这位老师，请重新打开“指定老师”。', en: 'That teacher was not found; open "Designate teachers" again.' });
  if (!(await repo.undesignate(tx, person.cadreId))) {
    throw new DomainError('conflict', { zh: `${person.name} 已经不是指定的夜校老师，没有变化。`, en: `${person.name} is no longer a designated teacher; nothing changed.` });
  }
  return { removed: person, teachers: await repo.designatedTeachers(tx) };
}
