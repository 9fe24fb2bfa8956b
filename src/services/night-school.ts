import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { SchoolRepository, type Attendance, type Series, type Session } from '../db/repositories/school-repository';
import type { Actor } from '../domain/actor';
import { DomainError } from '../domain/domain-error';
import { can, deniedOn } from './authorization';
import { closeSession, isTeacher, type Closed } from './night-school-attendance';
import { audienceOf, mayCreateSeries, rosterPerson } from './night-school-series';
import { attendanceStats, type AttendanceFigures } from './night-school-stats';
import { teachingFigures, type TeachingFigures } from './night-school-ratings';
import { localDate } from '../domain/local-date';
import { rowId } from '../domain/row-id';

/**
 * 干部夜校 (weekly night school), the person's view and the teacher's edits. Series creation and session
 * materialisation: night-school-series.ts; attendance: night-school-attendance.ts; reminders:
 * night-school-reminders.ts; figures: night-school-stats.ts.
 */

export { attendanceStats } from './night-school-stats';
export { createSeries, materialise } from './night-school-series';

const repo = new SchoolRepository();
export const TOPIC_MAX = 100;
export const MATERIALS_MAX = 500;
export const OVERVIEW_DAYS = 28;
/** Series listed with a 管理 button on an admin's 夜校 card (the newest); a teacher sees all of their own. */
export const MANAGED_MAX = 10;
/** A session nobody closed is closed by the daily job once it has been over this long. */
export const AUTO_CLOSE_AFTER_MS = 2 * 3_600_000;

export interface MySession {
  session: Session;
  teaching: boolean;
  mine: Attendance | undefined;
  /** for the teacher: audience minus leave */
  expected: number;
}

export interface Overview {
  sessions: MySession[];
  /** the actor's own figures over every closed session */
  mine: AttendanceFigures | undefined;
  canCreate: boolean;
  /** admins: 指定老师 */
  canDesignate: boolean;
  /** running or paused series the actor may pause, resume or end (their own; an admin's: all) */
  managed: Series[];
  /** as a teacher: the ratings of recent sessions */
  teaching: TeachingFigures | undefined;
}

/** `夜校`: the next sessions (4 weeks, holidays included so people see why there is no class) where I teach or am in the audience. */
export async function schoolOverview(tx: Kysely<Database>, actor: Actor, now: Date, timeZone: string): Promise<Overview> {
  const sessions = await repo.sessionsStarting(tx, new Date(now.getTime() - 3 * 3_600_000), new Date(now.getTime() + OVERVIEW_DAYS * 86_400_000));
  const out: MySession[] = [];
  for (const session of sessions.filter((s) => s.status !== 'closed')) {
    const audience = await audienceOf(tx, session.series, session.teacher.cadreId);
    const teaching = session.teacher.cadreId === actor.cadreId;
    if (!teaching && !audience.some((p) => p.cadreId === actor.cadreId)) continue;
    const rows = await repo.attendance(tx, session.id);
    out.push({ session, teaching, mine: rows.find((r) => r.cadreId === actor.cadreId), expected: audience.length - rows.filter((r) => r.status === 'leave').length });
  }
  const stats = await attendanceStats(tx, { from: new Date(0), to: now });
  const today = localDate(now, timeZone);
  const admin = can(actor, 'school.manage');
  return {
    sessions: out, mine: stats.people.find((p) => p.cadreId === actor.cadreId),
    canCreate: await mayCreateSeries(tx, actor, today), canDesignate: admin,
    managed: admin ? (await repo.currentSeries(tx, today)).slice(0, MANAGED_MAX) : await repo.currentSeries(tx, today, actor.cadreId),
    teaching: await teachingFigures(tx, actor.cadreId, now),
  };
}

export async function sessionFor(tx: Kysely<Database>, actor: Actor, sessionId: unknown): Promise<{ session: Session; teaching: boolean; mine: Attendance | undefined; audience: { cadreId: number; name: string }[] }> {
  const id = rowId(sessionId);
  const session = id ? await repo.session(tx, id) : undefined;
  if (!session) throw new DomainError('invalid_input', { zh: '没有找到这次夜校课程。', en: 'That night-school session was not found.' });
  const audience = await audienceOf(tx, session.series, session.teacher.cadreId);
  const teaching = isTeacher(actor, session);
  if (!teaching && !audience.some((p) => p.cadreId === actor.cadreId)) {
    throw deniedOn(actor, 'school.view', `school_session:${session.id}`, { zh: '您不在这次夜校的听课名单中。', en: 'You are not on this session’s audience.' });
  }
  return { session, teaching, mine: await repo.attendanceOf(tx, session.id, actor.cadreId), audience: audience.map((p) => ({ cadreId: p.cadreId, name: p.name })) };
}

/** The teacher (of the session or the series) or an admin sets a future session's topic, materials and teacher. */
export async function editSession(tx: Kysely<Database>, actor: Actor, sessionId: unknown, form: Record<string, unknown>, now: Date): Promise<{ session: Session; changed: boolean }> {
  const id = rowId(sessionId);
  const before = id ? await repo.lockSession(tx, id) : undefined;
  if (!before) throw new DomainError('invalid_input', { zh: '没有找到这次夜校课程。', en: 'That night-school session was not found.' });
  if (!isTeacher(actor, before)) {
    throw deniedOn(actor, 'school.edit', `school_session:${before.id}`, { zh: '只有授课老师或组织部管理员可以设置课程内容。', en: 'Only the teacher or an admin may set the session’s content.' });
  }
  if (before.status !== 'scheduled' || before.startsAt <= now) {
    throw new DomainError('invalid_input', { zh: '这次课已经开始、结束或停课，不能再修改。', en: 'This session has started, ended or is cancelled; it can no longer be changed.' });
  }
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const topic = str(form.topic);
  const materials = str(form.materials);
  if (!topic || topic.length > TOPIC_MAX) throw new DomainError('invalid_input', { zh: `请填写课程主题（${TOPIC_MAX} 字以内）。`, en: `Give the topic (up to ${TOPIC_MAX} characters).` });
  if (materials.length > MATERIALS_MAX) throw new DomainError('invalid_input', { zh: `课件链接不能超过 ${MATERIALS_MAX} 个字符。`, en: `The materials link may have at most ${MATERIALS_MAX} characters.` });
  if (materials && !/^https?:\/\/\S+$/.test(materials)) throw new DomainError('invalid_input', { zh: '课件链接应以 http:// 或 https:// 开头。', en: 'The materials link must start with http:// or https://.' });
  const teacherId = str(form.teacher) ? (await rosterPerson(tx, str(form.teacher), { zh: '授课老师', en: 'teacher' })).cadreId : before.teacher.cadreId;
  const changed = topic !== before.topic || (materials || null) !== before.materialsUrl || teacherId !== before.teacher.cadreId;
  if (changed) await repo.updateSession(tx, before.id, { topic, materialsUrl: materials || null, teacherId });
  return { session: (await repo.session(tx, before.id))!, changed };
}

/** Sessions over for AUTO_CLOSE_AFTER_MS that nobody closed: closed now, no-shows marked absent. */
export async function closeStale(tx: Kysely<Database>, now: Date): Promise<Closed[]> {
  const out: Closed[] = [];
  for (const id of await repo.unclosedBefore(tx, new Date(now.getTime() - AUTO_CLOSE_AFTER_MS))) out.push(await closeSession(tx, undefined, id, now));
  return out;
}
