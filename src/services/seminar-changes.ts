import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { Member, Seminar, SeminarPair } from '../db/repositories/seminar-repository';
import type { Actor } from '../domain/actor';
import { DomainError } from '../domain/domain-error';
import { authorize } from './authorization';
import { parseId } from './weekly-reports';
import { INVITE_DAYS, invitePairs, parseSeminarFields, refuseSameDay, repo, seminarOf, SLOT_MINUTES } from './seminars';

/**
 * An admin changes a scheduled seminar's title, time or place, or cancels it with a reason, while it has not
 * started. Both run under the seminar's lock with a conditional update (status 'scheduled', not started, and
 * for a change the revision read), so a double click or two admins act once; the participants are told once
 * per revision or cancellation (the handlers' dedupe keys). The reminder job reads the seminar afresh, so its
 * reminders follow a new time, and it never looks at a cancelled seminar.
 */

export const REASON_MAX = 200;
const DAY_MS = 86_400_000;
const conflict = (zh: string, en: string) => new DomainError('conflict', { zh, en });
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** Only a scheduled seminar that has not started may change. */
function editable(s: Seminar, now: Date): void {
  if (s.status === 'held') throw conflict('这场研讨会已经举行，不能修改或取消。', 'This seminar was held; it can no longer be changed or cancelled.');
  if (s.startsAt.getTime() <= now.getTime()) throw conflict('研讨会已经开始或已经过去，不能修改或取消。', 'The seminar has started or is over; it can no longer be changed or cancelled.');
}

/**
 * Who hears of a change: the mentee and mentors of the program's active pairs (the reminders' audience) and of
 * every invited pair (asked for an entry), each person once.
 */
export async function participants(tx: Kysely<Database>, seminar: Seminar): Promise<(Member & { openId: string })[]> {
  const pairs = [...(await repo.pairs(tx, { programId: seminar.programId })), ...(await repo.pairs(tx, { ids: (await repo.entries(tx, seminar.id)).map((e) => e.pairId) }))];
  const out = new Map<string, Member & { openId: string }>();
  for (const p of pairs) for (const m of [p.mentee, ...p.mentors]) if (m.openId && !out.has(m.openId)) out.set(m.openId, { cadreId: m.cadreId, name: m.name, openId: m.openId });
  return [...out.values()];
}

/** The 修改 / 取消 card's seminar (admins; scheduled and not started). */
export async function changeForm(tx: Kysely<Database>, actor: Actor, seminarId: unknown, now: Date): Promise<Seminar> {
  authorize(actor, 'seminars.manage', `seminar:${parseId(seminarId)}`);
  const s = await seminarOf(tx, seminarId);
  editable(s, now);
  return s;
}

export interface ChangedSeminar {
  before: Seminar;
  seminar: Seminar;
  participants: (Member & { openId: string })[];
  /** pairs asked for their entry now: the seminar moved inside the two weeks before it */
  invited: SeminarPair[];
}

export async function changeSeminar(tx: Kysely<Database>, actor: Actor, input: { seminarId: unknown; form: Record<string, unknown>; now: Date; timeZone: string }): Promise<ChangedSeminar> {
  authorize(actor, 'seminars.manage', `seminar:${parseId(input.seminarId)}`);
  const found = await seminarOf(tx, input.seminarId);
  // The program's lock keeps the one-seminar-a-day rule (as scheduling does); the seminar's, its entries.
  await repo.lock(tx, 'program', found.programId);
  await repo.lock(tx, 'seminar', found.id);
  const before = await seminarOf(tx, found.id);
  editable(before, input.now);
  const f = parseSeminarFields(input.form, { now: input.now, timeZone: input.timeZone, current: before, lead: { zh: '研讨会没有修改', en: 'The seminar was not changed' } });
  if (f.title === before.title && f.place === before.place && f.startsAt.getTime() === before.startsAt.getTime()) {
    throw conflict('研讨会的主题、时间和地点都没有变化。', 'The title, time and place are unchanged; nothing to do.');
  }
  await refuseSameDay(tx, before.programId, f.date, input.timeZone, before.id);
  if (!(await repo.update(tx, before.id, before.revision, input.now, f))) {
    throw conflict('研讨会刚刚被修改、取消或已经开始，请重新打开后再改。', 'The seminar was just changed, cancelled or has started; open it again.');
  }
  const seminar = (await repo.byId(tx, before.id))!;
  const soon = seminar.startsAt.getTime() - input.now.getTime() < INVITE_DAYS * DAY_MS + SLOT_MINUTES * 60_000;
  return { before, seminar, participants: await participants(tx, seminar), invited: soon ? (await invitePairs(tx, seminar)).fresh : [] };
}

export async function cancelSeminar(tx: Kysely<Database>, actor: Actor, input: { seminarId: unknown; form: Record<string, unknown>; now: Date }): Promise<{ seminar: Seminar; participants: (Member & { openId: string })[] }> {
  authorize(actor, 'seminars.manage', `seminar:${parseId(input.seminarId)}`);
  const found = await seminarOf(tx, input.seminarId);
  await repo.lock(tx, 'seminar', found.id);
  const before = await seminarOf(tx, found.id);
  editable(before, input.now);
  const reason = str(input.form.reason);
  if (!reason) throw new DomainError('invalid_input', { zh: '请填写取消原因，参会人员会看到。', en: 'Give the reason for cancelling; participants will see it.' });
  if ([...reason].length > REASON_MAX) throw new DomainError('invalid_input', { zh: `取消原因请控制在 ${REASON_MAX} 字以内。`, en: `Keep the reason within ${REASON_MAX} characters.` });
  if (!(await repo.cancel(tx, before.id, reason, input.now))) throw conflict('这场研讨会已经取消了。', 'This seminar is already cancelled.');
  return { seminar: { ...before, status: 'cancelled', cancelReason: reason }, participants: await participants(tx, before) };
}
