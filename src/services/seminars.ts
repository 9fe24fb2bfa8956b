import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { SeminarRepository, type Seminar, type SeminarPair, type Entry } from '../db/repositories/seminar-repository';
import type { Actor } from '../domain/actor';
import { DomainError } from '../domain/domain-error';
import { localDate } from '../domain/local-date';
import { formatLocal, parseLocalIso } from '../scheduler/local-time';
import { authorize } from './authorization';
import { parseId } from './weekly-reports';

/**
 * 季度交流研讨会: an admin schedules a program's seminar; two weeks before, each active pair of the program is
 * invited (an empty seminar_entries row) to show its results (晾晒工作业绩); afterwards the admin records who
 * presented and the seminar is 'held'. Every check is made here: cards carry ids only.
 */

export const TITLE_MAX = 100;
export const PLACE_MAX = 100;
/** How long before the seminar the pairs are asked for their entries. */
export const INVITE_DAYS = 14;
/** The reminder job's slot: it runs every 30 minutes and acts for moments in [occurrence, occurrence + slot). */
export const SLOT_MINUTES = 30;
const DAY_MS = 86_400_000;

export const repo = new SeminarRepository();

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const len = (s: string): number => [...s].length;

export const NO_SEMINAR = { zh: '找不到这个研讨会，请发送“研讨”重新查看。', en: 'There is no such seminar; send "seminar" to see the current ones.' };

/** The seminar named by a card, or a clear refusal for a forged or stale id. */
export async function seminarOf(tx: Kysely<Database>, id: unknown): Promise<Seminar> {
  const n = parseId(id);
  const s = n ? await repo.byId(tx, n) : undefined;
  if (!s) throw new DomainError('not_found', NO_SEMINAR);
  if (s.status === 'cancelled') {
    throw new DomainError('conflict', { zh: `这场研讨会已取消${s.cancelReason ? `（${s.cancelReason}）` : ''}。`, en: `This seminar was cancelled${s.cancelReason ? ` (${s.cancelReason})` : ''}.` });
  }
  return s;
}

export interface CreatedSeminar {
  seminar: Seminar;
  /**
   * The seminar is (about) two weeks away or less: these pairs were invited at once, as the job's T−14 slot
   * has passed or is under way (the job asks only pairs it invites itself, so nobody is asked twice).
   */
  invited: SeminarPair[];
}

export interface SeminarFields {
  title: string;
  place: string;
  /** local 'YYYY-MM-DD' */
  date: string;
  startsAt: Date;
}

/**
 * The title, date, time (HH:MM) and place of the scheduling and the change forms, every problem named at once
 * (`lead`: "not scheduled" / "not changed"). A field left empty keeps `current` (the change form's values).
 */
export function parseSeminarFields(f: Record<string, unknown>, input: { now: Date; timeZone: string; lead: { zh: string; en: string }; current?: Seminar; more?: { zh: string; en: string }[] }): SeminarFields {
  const keep = input.current ? formatLocal(input.current.startsAt, input.timeZone) : '';
  const title = str(f.title) || (input.current?.title ?? '');
  const place = str(f.place) || (input.current?.place ?? '');
  const date = (str(f.date) || keep).slice(0, 10);
  const time = /^(\d{1,2}):(\d{2})/.exec(str(f.time) || keep.slice(11, 16));
  const problems = [...(input.more ?? [])];
  if (!title || len(title) > TITLE_MAX) problems.push({ zh: `主题需填写且不超过 ${TITLE_MAX} 字`, en: `the title is required, at most ${TITLE_MAX} characters` });
  if (!place || len(place) > PLACE_MAX) problems.push({ zh: `地点需填写且不超过 ${PLACE_MAX} 字`, en: `the place is required, at most ${PLACE_MAX} characters` });
  const hh = time ? time[1]!.padStart(2, '0') : '';
  const startsAt = time && Number(hh) < 24 && Number(time[2]) < 60 ? parseLocalIso(`${date}T${hh}:${time[2]}`, input.timeZone) : undefined;
  if (!startsAt || localDate(startsAt, input.timeZone) !== date) problems.push({ zh: '请选择日期并填写时间（如 14:30）', en: 'choose a date and give a time (e.g. 14:30)' });
  else if (startsAt.getTime() <= input.now.getTime()) problems.push({ zh: '时间已经过去，请选择将来的时间', en: 'that time has passed; choose a time in the future' });
  if (problems.length > 0 || !startsAt) {
    throw new DomainError('invalid_input', { zh: `${input.lead.zh}：${problems.map((p) => p.zh).join('；')}。`, en: `${input.lead.en}: ${problems.map((p) => p.en).join('; ')}.` });
  }
  return { title, place, date, startsAt };
}

/** The program's seminars on `date` (local) other than `except`: one seminar per program and day. */
export async function refuseSameDay(tx: Kysely<Database>, programId: number, date: string, timeZone: string, except?: number): Promise<void> {
  const dayStart = parseLocalIso(`${date}T00:00`, timeZone)!;
  const same = (await repo.inRange(tx, dayStart, new Date(dayStart.getTime() + DAY_MS), programId)).filter((s) => s.id !== except);
  if (same.length > 0) {
    throw new DomainError('conflict', { zh: `该项目在 ${date} 已安排了研讨会“${same[0]!.title}”，同一天只能有一场。`, en: `This program already has a seminar on ${date} ("${same[0]!.title}"); only one per day.` });
  }
}

/** An admin schedules a seminar from the 研讨 form: program, title, date, time (HH:MM), place. */
export async function createSeminar(tx: Kysely<Database>, actor: Actor, input: { form: Record<string, unknown>; now: Date; timeZone: string }): Promise<CreatedSeminar> {
  authorize(actor, 'seminars.manage', 'seminar:new');
  const programId = parseId(input.form.program);
  const more = !programId || !(await repo.programExists(tx, programId)) ? [{ zh: '请选择一个运行中的项目', en: 'choose a running program' }] : [];
  const { title, place, date, startsAt } = parseSeminarFields(input.form, { ...input, more, lead: { zh: '研讨会没有安排', en: 'The seminar was not scheduled' } });
  // Under the program's lock, so a double click (or two admins) cannot put two seminars on one day.
  await repo.lock(tx, 'program', programId);
  await refuseSameDay(tx, programId, date, input.timeZone);
  const id = await repo.create(tx, { programId, title, startsAt, place, createdBy: actor.openId });
  const seminar = (await repo.byId(tx, id))!;
  const soon = startsAt.getTime() - input.now.getTime() < INVITE_DAYS * DAY_MS + SLOT_MINUTES * 60_000;
  return { seminar, invited: soon ? (await invitePairs(tx, seminar)).pairs : [] };
}

/** Invite the program's active pairs not yet invited: every active pair, and those invited just now. */
export async function invitePairs(tx: Kysely<Database>, seminar: Seminar): Promise<{ pairs: SeminarPair[]; fresh: SeminarPair[] }> {
  const pairs = await repo.pairs(tx, { programId: seminar.programId });
  const fresh = new Set(await repo.invite(tx, seminar.id, pairs.map((p) => p.pairId)));
  return { pairs, fresh: pairs.filter((p) => fresh.has(p.pairId)) };
}

export interface RecordForm {
  seminar: Seminar;
  pairs: SeminarPair[];
  entries: Entry[];
}

/** The invited pairs, for the admin's 记录展示 form (after the seminar started). */
export async function recordForm(tx: Kysely<Database>, actor: Actor, seminarId: unknown, now: Date): Promise<RecordForm> {
  authorize(actor, 'seminars.manage', `seminar:${parseId(seminarId)}`);
  const seminar = await seminarOf(tx, seminarId);
  if (seminar.status === 'held') throw new DomainError('conflict', { zh: '这场研讨会的展示情况已经记录过了。', en: 'Who presented at this seminar has already been recorded.' });
  if (seminar.startsAt.getTime() > now.getTime()) throw new DomainError('conflict', { zh: '研讨会还没有开始，开始后才能记录谁作了展示。', en: 'The seminar has not started yet; record who presented once it has.' });
  const entries = await repo.entries(tx, seminar.id);
  return { seminar, entries, pairs: await repo.pairs(tx, { ids: entries.map((e) => e.pairId) }) };
}

/** The admin records who presented (a multi-select of the invited pairs); the seminar becomes 'held'. */
export async function recordPresenters(tx: Kysely<Database>, actor: Actor, input: { seminarId: unknown; form: Record<string, unknown>; now: Date }): Promise<{ seminar: Seminar; presented: SeminarPair[] }> {
  const { seminar, entries, pairs } = await recordForm(tx, actor, input.seminarId, input.now);
  const raw = input.form.presented;
  const chosen = [...new Set((Array.isArray(raw) ? raw : raw === undefined || raw === '' ? [] : [raw]).map(parseId))];
  const invited = new Set(entries.map((e) => e.pairId));
  if (chosen.some((id) => !invited.has(id))) {
    throw new DomainError('invalid_input', { zh: '所选的对子不在这场研讨会的受邀名单中，请重新打开表单。', en: 'A chosen pair was not invited to this seminar; open the form again.' });
  }
  await repo.lock(tx, 'seminar', seminar.id);
  if (!(await repo.markHeld(tx, seminar.id, chosen))) {
    throw new DomainError('conflict', { zh: '这场研讨会的展示情况已经记录过了。', en: 'Who presented at this seminar has already been recorded.' });
  }
  return { seminar: { ...seminar, status: 'held' }, presented: pairs.filter((p) => chosen.includes(p.pairId)) };
}
