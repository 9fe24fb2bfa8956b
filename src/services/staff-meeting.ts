import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { EvaluationRepository, type StaffItem } from '../db/repositories/evaluation-repository';
import type { Actor } from '../domain/actor';
import { DomainError } from '../domain/domain-error';
import { localDate } from '../domain/local-date';
import { quarterLabel, quarterRange } from '../domain/quarter';
import { dueStaffItems } from '../domain/staff-meeting-streaks';
import { deniedOn } from './authorization';
import { parseId } from './evaluation-rating';
import { unitChains } from './evaluation-people';

/**
 * Staff-meeting items (职工会: 经验交流 / 检讨发言) follow from approved ratings. After every approval the
 * mentor's items are brought in line with dueStaffItems: a new streak creates an item, a correction that
 * breaks a streak voids its open item with the reason. Items already done stay done: the meeting happened.
 */

const repo = new EvaluationRepository();

export interface StaffChanges {
  created: StaffItem[];
  voided: StaffItem[];
}

export async function refreshStaffItems(tx: Kysely<Database>, mentorIds: number[], cause: string, now: Date): Promise<StaffChanges> {
  const created: number[] = [];
  const voided: number[] = [];
  for (const mentorId of [...new Set(mentorIds)]) {
    const due = dueStaffItems(await repo.approvedRatingsOfMentor(tx, mentorId));
    const existing = await repo.staffItems(tx, { mentorId, status: ['open', 'done'] });
    const same = (a: { kind: string; firstQuarter: string; lastQuarter: string }, b: typeof a) => a.kind === b.kind && a.firstQuarter === b.firstQuarter && a.lastQuarter === b.lastQuarter;
    for (const item of existing.filter((x) => x.status === 'open' && !due.some((d) => same(d, x)))) {
      const q = quarterLabel(cause);
      if (await repo.voidStaffItem(tx, item.id, `${q.zh}评定更正后不再连续 / no longer consecutive after the ${q.en} correction`, now)) voided.push(item.id);
    }
    for (const d of due.filter((d) => !existing.some((x) => same(d, x)))) {
      const id = await repo.insertStaffItem(tx, { mentorId, ...d });
      if (id !== undefined) created.push(id);
    }
  }
  return { created: await repo.staffItems(tx, { ids: created }), voided: await repo.staffItems(tx, { ids: voided }) };
}

/**
 * Whether the actor is an admin over a mentor's unit (an admin on its path, or any admin when none sits on it),
 * for any number of units from one reading of the tree and the admins.
 */
async function adminOver(tx: Kysely<Database>, actor: Actor): Promise<(unitId: number) => boolean> {
  if (!actor.roles.includes('admin')) return () => false;
  const [chainOf, admins] = await Promise.all([unitChains(tx), repo.roleHolders(tx, 'admin')]);
  const seated = new Set(admins.map((a) => a.unitId));
  return (unitId) => {
    const chain = chainOf(unitId);
    return chain.includes(actor.unitId) || !chain.some((id) => seated.has(id));
  };
}

export async function staffItemFor(tx: Kysely<Database>, actor: Actor, itemId: unknown): Promise<StaffItem> {
  const id = parseId(actor, 'staff.done', itemId);
  const item = (await repo.staffItems(tx, { ids: [id] }))[0];
  if (!item || !(await adminOver(tx, actor))(item.mentor.unitId)) {
    throw deniedOn(actor, 'staff.done', `staff_meeting_item:${id}`, { zh: '只有导师所在单位的组织部管理员可以记录职工会事项。', en: 'Only an admin over the mentor’s unit may record staff-meeting items.' });
  }
  return item;
}

/** The admin records the day it was done at the staff meeting: once (a conditional update). */
export async function recordStaffItemDone(tx: Kysely<Database>, actor: Actor, itemId: unknown, doneOn: unknown, now: Date, timeZone: string): Promise<StaffItem> {
  const item = await staffItemFor(tx, actor, itemId);
  const date = typeof doneOn === 'string' ? /^\d{4}-\d{2}-\d{2}/.exec(doneOn.trim())?.[0] ?? '' : '';
  const today = localDate(now, timeZone);
  if (!date) throw new DomainError('invalid_input', { zh: '请选择职工会的日期。', en: 'Choose the date of the staff meeting.' });
  if (date > today) throw new DomainError('invalid_input', { zh: `${date} 还没到；请在会后记录。`, en: `${date} has not come yet; record it after the meeting.` });
  if (date < quarterRange(item.lastQuarter).end) throw new DomainError('invalid_input', { zh: `${date} 早于触发这项安排的季度结束，请检查日期。`, en: `${date} is before the quarter that caused this item ended; check the date.` });
  if (!(await repo.markStaffItemDone(tx, item.id, date, actor.cadreId))) {
    const now2 = (await repo.staffItems(tx, { ids: [item.id] }))[0]!;
    throw new DomainError('conflict', now2.status === 'done'
      ? { zh: `已由${now2.doneBy?.name ?? ''}记录：${now2.doneOn} 完成。`, en: `Already recorded by ${now2.doneBy?.name ?? ''}: done on ${now2.doneOn}.` }
      : { zh: '这项安排已因评定更正而撤销。', en: 'This item was voided by a rating correction.' });
  }
  return (await repo.staffItems(tx, { ids: [item.id] }))[0]!;
}

/** Open items an admin can record (their subtree), for 测评. */
export async function openItemsFor(tx: Kysely<Database>, actor: Actor): Promise<StaffItem[]> {
  if (!actor.roles.includes('admin')) return [];
  const open = await repo.staffItems(tx, { status: ['open'] });
  if (open.length === 0) return [];
  const over = await adminOver(tx, actor);
  return open.filter((item) => over(item.mentor.unitId));
}

export function staffItemsOfMentor(tx: Kysely<Database>, mentorId: number): Promise<StaffItem[]> {
  return repo.staffItems(tx, { mentorId });
}
