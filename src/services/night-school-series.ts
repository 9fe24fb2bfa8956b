import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { SchoolRepository, type SchoolPerson, type Series } from '../db/repositories/school-repository';
import type { Actor } from '../domain/actor';
import { DomainError } from '../domain/domain-error';
import { addDays } from '../domain/iso-week';
import { localDate } from '../domain/local-date';
import { authorize, can, deniedOn } from './authorization';
import { menteePool } from './programs';
import { isHhmm, isStatutoryHoliday, localInstant, minutesOf, seriesDates, WEEKS_AHEAD } from './night-school-calendar';

/**
 * 干部夜校 series: an admin (or a teacher, for a series they teach themselves: see mayCreateSeries) sets the
 * weekly day, time, place, audience and teacher; the sessions of the next WEEKS_AHEAD weeks are materialised
 * at once and by the daily job. A session on a statutory holiday is materialised as 'cancelled', so the
 * schedule and the reminders can say why there is no class.
 */

const repo = new SchoolRepository();
const bad = (zh: string, en: string) => new DomainError('invalid_input', { zh, en });
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');
const dateOf = (v: unknown): string => /^\d{4}-\d{2}-\d{2}/.exec(str(v))?.[0] ?? '';
const openIds = (v: unknown): string[] => (Array.isArray(v) ? v : typeof v === 'string' && v ? [v] : []).map(str).filter(Boolean);

/**
 * Who a series is for. A program's audience is its mentee pool: in 以新促老 those are the older cadres the
 * night school teaches. The teacher of a session is never in its own audience.
 */
export async function audienceOf(tx: Kysely<Database>, series: Series, teacherId?: number): Promise<SchoolPerson[]> {
  let people: SchoolPerson[];
  if (series.audienceKind === 'program') people = await repo.peopleByIds(tx, (await menteePool(tx, series.audienceProgramId!)).map((p) => p.cadreId));
  else if (series.audienceKind === 'unit') people = await repo.cadresInUnit(tx, series.audienceUnitPath!);
  else people = await repo.explicitAudience(tx, series.id);
  return people.filter((p) => p.active && p.cadreId !== teacherId);
}

export async function rosterPerson(tx: Kysely<Database>, openId: string, role: { zh: string; en: string }): Promise<SchoolPerson> {
  const p = openId ? await repo.personByOpenId(tx, openId) : undefined;
  if (!p?.active) throw bad(`所选${role.zh}不在引航名单中，请从名册中选择。`, `The ${role.en} you chose is not on the Yinhang roster; choose someone from the roster.`);
  return p;
}

/**
 * Who may create a series: an admin; a teacher an admin designated; the teacher of a running series. Asked of
 * the database each time, never of the card.
 */
export async function mayCreateSeries(tx: Kysely<Database>, actor: Actor, today: string): Promise<boolean> {
  if (can(actor, 'school.manage')) return true;
  return (await repo.isDesignated(tx, actor.cadreId)) || (await repo.teachesCurrentSeries(tx, actor.cadreId, today));
}

export interface CreatedSeries {
  series: Series;
  audience: number;
  sessions: number;
  cancelled: string[];
}

/**
 * The 新建夜校 form, checked and saved with its first weeks of sessions. An admin names any teacher on the
 * roster; a teacher who is not an admin teaches the series themselves (naming someone else is refused).
 */
export async function createSeries(tx: Kysely<Database>, actor: Actor, form: Record<string, unknown>, now: Date, timeZone: string): Promise<CreatedSeries> {
  const today = localDate(now, timeZone);
  const admin = can(actor, 'school.manage');
  // Someone neither an admin nor a teacher gets the admin-only refusal (audited as denied:school.manage).
  if (!admin && !(await mayCreateSeries(tx, actor, today))) authorize(actor, 'school.manage', 'school_series');
  if (!admin && str(form.teacher) !== '' && str(form.teacher) !== actor.openId) {
    throw deniedOn(actor, 'school.assign_teacher', 'school_series', { zh: '只有组织部管理员可以安排其他老师授课；您开设的夜校由您本人授课。', en: 'Only an admin may have someone else teach; a night school you set up is taught by you.' });
  }
  const name = str(form.name);
  const weekday = Number(str(form.weekday));
  const startTime = str(form.time);
  const duration = str(form.duration) === '' ? 90 : Number(str(form.duration));
  const place = str(form.place);
  const startsOn = dateOf(form.starts_on) || today;
  if (!name || name.length > 50) throw bad('请填写夜校名称（50 字以内）。', 'Give the night school a name (up to 50 characters).');
  if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) throw bad('请选择每周上课的日子（周一到周日）。', 'Choose the weekday (Monday to Sunday).');
  if (!isHhmm(startTime)) throw bad('上课时间应为 HH:MM，例如 19:30。', 'The time must be HH:MM, e.g. 19:30.');
  if (!Number.isInteger(duration) || duration < 15 || duration > 480) throw bad('时长应为 15–480 分钟。', 'The duration must be 15–480 minutes.');
  if (!place || place.length > 100) throw bad('请填写上课地点（100 字以内）。', 'Give the place (up to 100 characters).');
  if (startsOn < today) throw bad(`开始日期 ${startsOn} 已经过去，请选择今天或以后的日期。`, `The start date ${startsOn} is in the past; choose today or later.`);
  const endsOn = dateOf(form.ends_on) || null;
  if (endsOn !== null && endsOn < startsOn) throw bad(`结束日期 ${endsOn} 早于开始日期 ${startsOn}。`, `The end date ${endsOn} is before the start date ${startsOn}.`);
  const teacher = await rosterPerson(tx, admin ? str(form.teacher) : actor.openId, { zh: '授课老师', en: 'teacher' });

  const programId = str(form.program);
  const unitPath = str(form.unit).replace(/\/+$/, '');
  const people = openIds(form.people);
  if ([programId !== '', unitPath !== '', people.length > 0].filter(Boolean).length !== 1) {
    throw bad('请选择一种听课对象：一个培养项目、一个单位（路径），或指定人员。', 'Choose one audience: a program, a unit (path) or chosen people.');
  }
  let audienceProgramId: number | null = null;
  let audienceUnitId: number | null = null;
  let audienceIds: number[] = [];
  if (programId) {
    audienceProgramId = (await repo.programs(tx)).find((p) => String(p.id) === programId)?.id ?? null;
    if (audienceProgramId === null) throw bad('没有这个正在进行的培养项目。', 'No such running program.');
  } else if (unitPath) {
    audienceUnitId = (await repo.unitByPath(tx, unitPath))?.id ?? null;
    if (audienceUnitId === null) throw bad(`名册中没有单位“${unitPath}”，请填写完整路径，如 武隆区/火炉镇。`, `No unit "${unitPath}" on the roster; give the full path, e.g. 武隆区/火炉镇.`);
  } else {
    for (const o of people) audienceIds.push((await rosterPerson(tx, o, { zh: '听课人员', en: 'audience member' })).cadreId);
    audienceIds = [...new Set(audienceIds)];
  }

  await repo.lockSeriesCreation(tx);
  const id = await repo.insertSeries(tx, {
    name, weekday, startTime, durationMinutes: duration, place, audienceKind: programId ? 'program' : unitPath ? 'unit' : 'people',
    audienceProgramId, audienceUnitId, teacherId: teacher.cadreId, startsOn, endsOn, createdBy: actor.openId,
  });
  await repo.insertAudience(tx, id, audienceIds);
  const series = (await repo.series(tx, id))!;
  const audience = await audienceOf(tx, series, teacher.cadreId);
  if (audience.length === 0) throw bad('所选听课对象中没有人（老师本人不算），请换一个。', 'The audience you chose has nobody in it (the teacher does not count); choose another.');
  await refuseClash(tx, series, audience);
  const made = await materialise(tx, now, timeZone, [id]);
  return { series, audience: audience.length, ...made };
}

/**
 * Two active series on the same weekday whose times and dates overlap may not share anyone in their audiences.
 * `from` (a resumed series: today) is when the series' dates that matter begin, if later than its start.
 */
export async function refuseClash(tx: Kysely<Database>, series: Series, audience: SchoolPerson[], from?: string): Promise<void> {
  const mine = new Set(audience.map((p) => p.cadreId));
  const first = from && from > series.startsOn ? from : series.startsOn;
  const start = minutesOf(series.startTime);
  for (const other of await repo.activeSeries(tx)) {
    if (other.id === series.id || other.weekday !== series.weekday) continue;
    const s = minutesOf(other.startTime);
    if (s >= start + series.durationMinutes || start >= s + other.durationMinutes) continue;
    if ((other.endsOn && other.endsOn < first) || (series.endsOn && series.endsOn < other.startsOn)) continue;
    const shared = (await audienceOf(tx, other, other.teacherId)).filter((p) => mine.has(p.cadreId));
    if (shared.length > 0) {
      const names = shared.slice(0, 3).map((p) => p.name).join('、');
      throw new DomainError('conflict',
        { zh: `与夜校“${other.name}”（每周${'一二三四五六日'[other.weekday - 1]} ${other.startTime}）时间冲突，${names}${shared.length > 3 ? ' 等' : ''}同时在两边的听课名单中。`, en: `This clashes with "${other.name}" (weekday ${other.weekday} at ${other.startTime}): ${names}${shared.length > 3 ? ' and others' : ''} would be expected at both.` });
    }
  }
}

/**
 * Create the sessions of the next WEEKS_AHEAD weeks that do not exist yet (unique (series_id, starts_at) makes
 * this idempotent); never one that already started. On a statutory holiday the session is created cancelled.
 */
export async function materialise(tx: Kysely<Database>, now: Date, timeZone: string, seriesIds?: number[]): Promise<{ sessions: number; cancelled: string[] }> {
  const today = localDate(now, timeZone);
  let sessions = 0;
  const cancelled: string[] = [];
  for (const s of await repo.activeSeries(tx)) {
    if (seriesIds && !seriesIds.includes(s.id)) continue;
    for (const date of seriesDates({ weekday: s.weekday, startsOn: s.startsOn, endsOn: s.endsOn, from: today, to: addDays(today, 7 * WEEKS_AHEAD - 1) })) {
      const startsAt = localInstant(date, s.startTime, timeZone);
      if (startsAt.getTime() <= now.getTime()) continue;
      const holiday = isStatutoryHoliday(date);
      if (await repo.insertSession(tx, { seriesId: s.id, startsAt, place: s.place, teacherId: s.teacherId, status: holiday ? 'cancelled' : 'scheduled' })) {
        sessions++;
        if (holiday) cancelled.push(date);
      }
    }
  }
  return { sessions, cancelled };
}
