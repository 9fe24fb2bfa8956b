import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { SchoolRepository, type Attendance, type SchoolPerson, type Session } from '../db/repositories/school-repository';
import type { Actor } from '../domain/actor';
import { DomainError } from '../domain/domain-error';
import { deniedOn } from './authorization';
import { audienceOf } from './night-school-series';
import { CHECK_IN_AFTER_MS, CHECK_IN_BEFORE_MS } from './night-school-calendar';
import { rowId } from '../domain/row-id';

/**
 * 报名, 请假, 签到, the teacher's roll call and close, and the rating afterwards. Every write locks the
 * session row first, so a double click or the teacher closing meanwhile is decided one at a time; a
 * repeated click changes nothing and says so (changed: false). Who may act comes from the roster and the
 * session, never from the card.
 */

const repo = new SchoolRepository();
const refuse = (zh: string, en: string, code: 'invalid_input' | 'conflict' = 'invalid_input') => new DomainError(code, { zh, en });
export const REASON_MAX = 200;
export const COMMENT_MAX = 200;

export interface Loaded {
  session: Session;
  audience: SchoolPerson[];
  mine: Attendance | undefined;
}

async function load(tx: Kysely<Database>, cadreId: number, sessionId: unknown): Promise<Loaded> {
  const id = rowId(sessionId);
  const session = id ? await repo.lockSession(tx, id) : undefined;
  if (!session) throw refuse('没有找到这次夜校课程，可能已被删除。', 'That night-school session was not found.');
  return { session, audience: await audienceOf(tx, session.series, session.teacher.cadreId), mine: await repo.attendanceOf(tx, session.id, cadreId) };
}

function open(s: Session): void {
  if (s.status === 'cancelled') {
    if (s.cancelReason === 'paused') throw refuse('这个夜校已暂停，这次课不上了。', 'This night school is paused; this session will not be held.');
    if (s.cancelReason === 'ended') throw refuse('这个夜校已经结束，这次课不上了。', 'This night school has ended; this session will not be held.');
    throw refuse('这次课因节假日停课。', 'This session is cancelled (public holiday).');
  }
  if (s.status === 'closed') throw refuse('这次课已结束并关闭。', 'This session is over and closed.');
}

function invited(actor: Actor, l: Loaded, action: string): void {
  if (l.audience.some((p) => p.cadreId === actor.cadreId)) return;
  throw deniedOn(actor, action, `school_session:${l.session.id}`,
    { zh: '您不在这次夜校的听课名单中。如需参加，请联系授课老师或组织部。', en: 'You are not on this session’s audience. Contact the teacher or the organisation department to join.' });
}

export function isTeacher(actor: Actor, s: Session): boolean {
  return actor.cadreId === s.teacher.cadreId || actor.cadreId === s.series.teacherId || actor.roles.includes('admin');
}

function teacherOnly(actor: Actor, l: Loaded, action: string): void {
  if (isTeacher(actor, l.session)) return;
  throw deniedOn(actor, action, `school_session:${l.session.id}`, { zh: '只有本次课的授课老师或组织部管理员可以这样做。', en: 'Only this session’s teacher or an admin may do this.' });
}

export interface Changed {
  changed: boolean;
  session: Session;
}

export async function register(tx: Kysely<Database>, actor: Actor, sessionId: unknown, now: Date): Promise<Changed> {
  const l = await load(tx, actor.cadreId, sessionId);
  invited(actor, l, 'school.register');
  open(l.session);
  if (now >= l.session.startsAt) throw refuse('课程已经开始，不能再报名；如已到场请签到。', 'The session has started; registration is closed. Check in if you are there.');
  if (l.mine?.status === 'registered') return { changed: false, session: l.session };
  await repo.setStatus(tx, { sessionId: l.session.id, cadreId: actor.cadreId, status: 'registered' });
  return { changed: true, session: l.session };
}

export async function takeLeave(tx: Kysely<Database>, actor: Actor, sessionId: unknown, reason: string, now: Date): Promise<Changed> {
  const l = await load(tx, actor.cadreId, sessionId);
  invited(actor, l, 'school.leave');
  open(l.session);
  if (now >= l.session.startsAt) throw refuse('课程已经开始，不能再请假。', 'The session has started; it is too late to take leave.');
  const text = reason.trim();
  if (!text) throw refuse('请假请填写原因。', 'Please give a reason for your leave.');
  if (text.length > REASON_MAX) throw refuse(`请假原因请控制在 ${REASON_MAX} 字以内。`, `Keep the reason within ${REASON_MAX} characters.`);
  if (l.mine?.status === 'leave' && l.mine.leaveReason === text) return { changed: false, session: l.session };
  await repo.setStatus(tx, { sessionId: l.session.id, cadreId: actor.cadreId, status: 'leave', leaveReason: text });
  return { changed: true, session: l.session };
}

/** 签到: only the audience, only from 30 minutes before the start to 30 minutes after it. */
export async function checkIn(tx: Kysely<Database>, actor: Actor, sessionId: unknown, now: Date): Promise<Changed> {
  const l = await load(tx, actor.cadreId, sessionId);
  invited(actor, l, 'school.checkin');
  open(l.session);
  const start = l.session.startsAt.getTime();
  if (now.getTime() < start - CHECK_IN_BEFORE_MS) throw refuse('签到在开课前 30 分钟开放，请稍后再来。', 'Check-in opens 30 minutes before the start; please come back then.');
  if (now.getTime() > start + CHECK_IN_AFTER_MS) throw refuse('签到已在开课 30 分钟后截止，请联系授课老师补记。', 'Check-in closed 30 minutes after the start; ask the teacher to mark you.');
  if (l.mine?.status === 'present') return { changed: false, session: l.session };
  await repo.setStatus(tx, { sessionId: l.session.id, cadreId: actor.cadreId, status: 'present', checkedInAt: now });
  return { changed: true, session: l.session };
}

/** The teacher's roll call: these audience members were there (from 30 minutes before the start until closed). */
export async function markPresent(tx: Kysely<Database>, actor: Actor, sessionId: unknown, cadreIds: number[], now: Date): Promise<{ marked: number; session: Session }> {
  const l = await load(tx, actor.cadreId, sessionId);
  teacherOnly(actor, l, 'school.mark');
  open(l.session);
  if (now.getTime() < l.session.startsAt.getTime() - CHECK_IN_BEFORE_MS) throw refuse('课程还没有开始，不能点名。', 'The session has not started; no roll call yet.');
  const audience = new Set(l.audience.map((p) => p.cadreId));
  if (cadreIds.length === 0) throw refuse('请选择到场的人员。', 'Choose who was there.');
  if (cadreIds.some((id) => !audience.has(id))) throw refuse('所选人员不在本次课的听课名单中。', 'Someone you chose is not in this session’s audience.');
  const current = new Map((await repo.attendance(tx, l.session.id)).map((a) => [a.cadreId, a.status]));
  let marked = 0;
  for (const id of new Set(cadreIds)) {
    if (current.get(id) === 'present') continue;
    await repo.setStatus(tx, { sessionId: l.session.id, cadreId: id, status: 'present', checkedInAt: now, markedBy: actor.cadreId });
    marked++;
  }
  return { marked, session: l.session };
}

export interface Closed {
  changed: boolean;
  session: Session;
  present: SchoolPerson[];
  absent: SchoolPerson[];
  leave: SchoolPerson[];
}

/**
 * Close a session that has started: everyone in the audience who neither took leave nor was present is a
 * no-show ('absent'); a registration without a check-in is a no-show too. `actor` undefined: the job closes
 * sessions nobody closed.
 */
export async function closeSession(tx: Kysely<Database>, actor: Actor | undefined, sessionId: unknown, now: Date): Promise<Closed> {
  const l = await load(tx, actor?.cadreId ?? -1, sessionId);
  if (actor) teacherOnly(actor, l, 'school.close');
  if (l.session.status === 'closed') return { changed: false, session: l.session, present: [], absent: [], leave: [] };
  open(l.session);
  if (now < l.session.startsAt) throw refuse('课程还没有开始，不能关闭。', 'The session has not started; it cannot be closed yet.');
  const rows = new Map((await repo.attendance(tx, l.session.id)).map((a) => [a.cadreId, a.status]));
  const out: Closed = { changed: true, session: l.session, present: [], absent: [], leave: [] };
  for (const p of l.audience) {
    const status = rows.get(p.cadreId);
    if (status === 'present') out.present.push(p);
    else if (status === 'leave') out.leave.push(p);
    else {
      await repo.setStatus(tx, { sessionId: l.session.id, cadreId: p.cadreId, status: 'absent', ...(actor ? { markedBy: actor.cadreId } : {}) });
      out.absent.push(p);
    }
  }
  await repo.markClosed(tx, l.session.id, now);
  return out;
}

/** 1–5 and an optional comment for the teacher, once per person who was there, after the session. */
export async function rateSession(tx: Kysely<Database>, actor: Actor, sessionId: unknown, form: { rating: unknown; comment: unknown }, now: Date): Promise<Session> {
  const l = await load(tx, actor.cadreId, sessionId);
  const ended = l.session.status === 'closed' || now.getTime() >= l.session.startsAt.getTime() + l.session.series.durationMinutes * 60_000;
  if (l.mine?.status !== 'present') {
    throw deniedOn(actor, 'school.rate', `school_session:${l.session.id}`, { zh: '只有签到参加了这次课的人可以评价。', en: 'Only those who attended this session may rate it.' });
  }
  if (!ended) throw refuse('课程结束后才能评价。', 'You can rate the session once it is over.');
  const rating = Number(typeof form.rating === 'string' ? form.rating.trim() : form.rating);
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw refuse('评分应为 1–5 分。', 'The rating must be 1 to 5.');
  const comment = typeof form.comment === 'string' ? form.comment.trim() : '';
  if (comment.length > COMMENT_MAX) throw refuse(`评语请控制在 ${COMMENT_MAX} 字以内。`, `Keep the comment within ${COMMENT_MAX} characters.`);
  if (!(await repo.rate(tx, l.session.id, actor.cadreId, rating, comment || null, now))) throw refuse('您已经评价过这次课了，每人只能评价一次。', 'You have already rated this session; one rating per person.', 'conflict');
  return l.session;
}
