import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { SchoolRepository, type SchoolPerson, type Series, type Session } from '../db/repositories/school-repository';
import type { Actor } from '../domain/actor';
import { DomainError } from '../domain/domain-error';
import { addDays } from '../domain/iso-week';
import { localDate } from '../domain/local-date';
import { can, deniedOn } from './authorization';
import { localInstant } from './night-school-calendar';
import { audienceOf, materialise, refuseClash } from './night-school-series';
import { rowId } from '../domain/row-id';

/**
 * 暂停 / 恢复 / 结束 a series, by its teacher or an admin. Each locks the series row and changes it with a
 * conditional update, so a double click (or the teacher and an admin at once) acts once and the other click
 * is told "already". A pause cancels the future sessions (cancel_reason 'paused') and resuming reopens exactly
 * those, then materialises the weeks ahead; ending sets ends_on and cancels the sessions after it ('ended').
 */

const repo = new SchoolRepository();
const bad = (zh: string, en: string) => new DomainError('invalid_input', { zh, en });
const conflict = (zh: string, en: string) => new DomainError('conflict', { zh, en });
const NOT_FOUND = { zh: '没有找到这个夜校，请发送“夜校”重新查看。', en: 'That night school was not found; send "school" to see yours.' };
/** Sessions shown on the series card. */
const SHOWN = 4;

export const mayManage = (actor: Actor, series: Series): boolean => can(actor, 'school.manage') || actor.cadreId === series.teacherId;
const ended = (series: Series, today: string): boolean => series.endsOn !== null && series.endsOn < today;

export interface SeriesView {
  series: Series;
  teacher: SchoolPerson | undefined;
  audience: SchoolPerson[];
  /** the next sessions, any status */
  next: Session[];
  ended: boolean;
}

async function view(tx: Kysely<Database>, series: Series, now: Date, timeZone: string): Promise<SeriesView> {
  const [teacher] = await repo.peopleByIds(tx, [series.teacherId]);
  return { series, teacher, audience: await audienceOf(tx, series, series.teacherId), next: await repo.seriesSessions(tx, series.id, now, SHOWN), ended: ended(series, localDate(now, timeZone)) };
}

async function load(tx: Kysely<Database>, actor: Actor, seriesId: unknown, action: string): Promise<Series> {
  const id = rowId(seriesId);
  const series = id ? await repo.lockSeries(tx, id) : undefined;
  if (!series) throw bad(NOT_FOUND.zh, NOT_FOUND.en);
  if (!mayManage(actor, series)) {
    throw deniedOn(actor, action, `school_series:${series.id}`, { zh: '只有这个夜校的授课老师或组织部管理员可以暂停、恢复或结束它。', en: 'Only this night school’s teacher or an admin may pause, resume or end it.' });
  }
  return series;
}

/** The 管理 card: the teacher's or an admin's. */
export async function seriesFor(tx: Kysely<Database>, actor: Actor, seriesId: unknown, now: Date, timeZone: string): Promise<SeriesView> {
  return view(tx, await load(tx, actor, seriesId, 'school.series'), now, timeZone);
}

export interface Paused extends SeriesView {
  /** starts of the sessions the pause cancelled */
  cancelled: Date[];
  pausedAt: Date;
}

export async function pauseSeries(tx: Kysely<Database>, actor: Actor, seriesId: unknown, now: Date, timeZone: string): Promise<Paused> {
  const before = await load(tx, actor, seriesId, 'school.pause');
  if (ended(before, localDate(now, timeZone))) throw conflict('这个夜校已经结束，不能暂停。', 'This night school has ended; it cannot be paused.');
  if (!(await repo.pauseSeries(tx, before.id, now))) throw conflict('这个夜校已经暂停了，没有变化。', 'This night school is already paused; nothing changed.');
  const cancelled = await repo.cancelScheduledFrom(tx, before.id, new Date(now.getTime() + 1), 'paused');
  return { ...(await view(tx, (await repo.series(tx, before.id))!, now, timeZone)), cancelled, pausedAt: now };
}

export interface Resumed extends SeriesView {
  /** when the pause that this ends began (the notices' dedupe keys) */
  pausedAt: Date;
}

export async function resumeSeries(tx: Kysely<Database>, actor: Actor, seriesId: unknown, now: Date, timeZone: string): Promise<Resumed> {
  const before = await load(tx, actor, seriesId, 'school.resume');
  const today = localDate(now, timeZone);
  if (ended(before, today)) throw conflict('这个夜校已经结束，不能恢复。', 'This night school has ended; it cannot be resumed.');
  if (!(await repo.resumeSeries(tx, before.id))) throw conflict('这个夜校没有暂停，正在照常上课，没有变化。', 'This night school is not paused; nothing changed.');
  const series = (await repo.series(tx, before.id))!;
  // While it was paused another series may have taken the slot for some of the same people.
  await refuseClash(tx, series, await audienceOf(tx, series, series.teacherId), today);
  const reopen = (await repo.pausedSessions(tx, series.id, now)).filter((s) => series.endsOn === null || localDate(s.startsAt, timeZone) <= series.endsOn);
  await repo.reopen(tx, reopen.map((s) => s.id));
  await materialise(tx, now, timeZone, [series.id]);
  return { ...(await view(tx, series, now, timeZone)), pausedAt: before.pausedAt ?? now };
}

export interface Ended extends SeriesView {
  endsOn: string;
  cancelled: Date[];
}

/**
 * 结束: the last date of the series (the end form's date picker, today or later); left empty, the series ends
 * now and even a session later today is cancelled.
 */
export async function endSeries(tx: Kysely<Database>, actor: Actor, seriesId: unknown, form: Record<string, unknown>, now: Date, timeZone: string): Promise<Ended> {
  const before = await load(tx, actor, seriesId, 'school.end');
  const today = localDate(now, timeZone);
  const raw = typeof form.last_date === 'string' ? /^\d{4}-\d{2}-\d{2}/.exec(form.last_date.trim())?.[0] ?? (form.last_date.trim() === '' ? '' : 'bad') : '';
  if (raw === 'bad') throw bad('请用日期选择器选择最后一次课的日期。', 'Pick the date of the last session with the date picker.');
  if (raw !== '' && raw < today) throw bad(`日期 ${raw} 已经过去，请选择今天或以后的日期。`, `The date ${raw} is in the past; choose today or later.`);
  const endsOn = raw || today;
  if (!(await repo.endSeries(tx, before.id, endsOn))) {
    const last = before.endsOn ?? endsOn;
    throw last < today
      ? conflict(`这个夜校已经结束（最后上课日 ${last}），没有变化。`, `This night school has already ended (last day ${last}); nothing changed.`)
      : conflict(`这个夜校已经结束：已定于 ${last}（不晚于所选日期）结束，没有变化。`, `This night school already ends on ${last}, not later than the date chosen; nothing changed.`);
  }
  const from = raw ? localInstant(addDays(endsOn, 1), '00:00', timeZone) : new Date(now.getTime() + 1);
  const cancelled = await repo.cancelScheduledFrom(tx, before.id, from, 'ended');
  return { ...(await view(tx, (await repo.series(tx, before.id))!, now, timeZone)), endsOn, cancelled };
}
