import { sql, type Kysely } from 'kysely';
import { inSubtree } from './stats-repository';
import type { AttendanceStatus, Database } from '../database';

/** The night school (干部夜校): series, their audience, sessions and attendance. Rows never leave this file. */

export type AudienceKind = 'program' | 'unit' | 'people';

export interface SchoolPerson {
  cadreId: number;
  name: string;
  openId: string | null;
  unitId: number;
  unitPath: string;
  active: boolean;
}

export interface Series {
  id: number;
  name: string;
  weekday: number;
  startTime: string;
  durationMinutes: number;
  place: string;
  audienceKind: AudienceKind;
  audienceProgramId: number | null;
  audienceUnitId: number | null;
  audienceUnitPath: string | null;
  teacherId: number;
  startsOn: string;
  endsOn: string | null;
  /** false while paused */
  active: boolean;
  pausedAt: Date | null;
}

export type SessionStatus = 'scheduled' | 'closed' | 'cancelled';
export type CancelReason = 'holiday' | 'paused' | 'ended';

export interface Session {
  id: number;
  series: Series;
  startsAt: Date;
  place: string;
  topic: string;
  materialsUrl: string | null;
  status: SessionStatus;
  /** why a cancelled session is cancelled (null otherwise) */
  cancelReason: CancelReason | null;
  closedAt: Date | null;
  teacher: SchoolPerson;
}

export interface DesignatedTeacher extends SchoolPerson {
  designatedAt: Date;
}

/** One learner's rating of a session, without who gave it. */
export interface Rating {
  rating: number;
  comment: string | null;
}

export interface Attendance {
  sessionId: number;
  cadreId: number;
  status: AttendanceStatus;
  leaveReason: string | null;
  checkedInAt: Date | null;
  rating: number | null;
  comment: string | null;
}

export interface NewSeries {
  name: string; weekday: number; startTime: string; durationMinutes: number; place: string;
  audienceKind: AudienceKind; audienceProgramId: number | null; audienceUnitId: number | null;
  teacherId: number; startsOn: string; endsOn: string | null; createdBy: string;
}

const PERSON = ['cadres.id', 'cadres.name', 'cadres.open_id', 'cadres.unit_id', 'units.path', 'cadres.active'] as const;
type PersonRow = { id: number; name: string; open_id: string | null; unit_id: number; path: string; active: boolean };
const toPerson = (r: PersonRow): SchoolPerson => ({ cadreId: r.id, name: r.name, openId: r.open_id, unitId: r.unit_id, unitPath: r.path, active: r.active });

export class SchoolRepository {
  async insertSeries(tx: Kysely<Database>, s: NewSeries): Promise<number> {
    const row = await tx.insertInto('school_series').values({
      name: s.name, weekday: s.weekday, start_time: s.startTime, duration_minutes: s.durationMinutes, place: s.place,
      audience_kind: s.audienceKind, audience_program_id: s.audienceProgramId, audience_unit_id: s.audienceUnitId,
      teacher_id: s.teacherId, starts_on: s.startsOn, ends_on: s.endsOn, created_by: s.createdBy,
    }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  async insertAudience(tx: Kysely<Database>, seriesId: number, cadreIds: number[]): Promise<void> {
    if (cadreIds.length === 0) return;
    await tx.insertInto('school_audience').values(cadreIds.map((cadre_id) => ({ series_id: seriesId, cadre_id }))).onConflict((oc) => oc.doNothing()).execute();
  }

  /** Series creation is serialised, so two admins cannot create clashing series side by side. */
  async lockSeriesCreation(tx: Kysely<Database>): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtext('school_series'))`.execute(tx);
  }

  private seriesQuery(tx: Kysely<Database>) {
    return tx.selectFrom('school_series').leftJoin('units', 'units.id', 'school_series.audience_unit_id').select([
      'school_series.id', 'school_series.name', 'school_series.weekday', 'school_series.start_time', 'school_series.duration_minutes', 'school_series.place',
      'school_series.audience_kind', 'school_series.audience_program_id', 'school_series.audience_unit_id', 'units.path as unit_path',
      'school_series.teacher_id', sql<string>`to_char(school_series.starts_on, 'YYYY-MM-DD')`.as('starts_on'),
      sql<string | null>`to_char(school_series.ends_on, 'YYYY-MM-DD')`.as('ends_on'), 'school_series.active', 'school_series.paused_at',
    ]);
  }

  private toSeries(r: Awaited<ReturnType<ReturnType<SchoolRepository['seriesQuery']>['executeTakeFirstOrThrow']>>): Series {
    return {
      id: r.id, name: r.name, weekday: r.weekday, startTime: r.start_time, durationMinutes: r.duration_minutes, place: r.place,
      audienceKind: r.audience_kind, audienceProgramId: r.audience_program_id, audienceUnitId: r.audience_unit_id, audienceUnitPath: r.unit_path,
      teacherId: r.teacher_id, startsOn: r.starts_on, endsOn: r.ends_on, active: r.active, pausedAt: r.paused_at,
    };
  }

  async series(tx: Kysely<Database>, id: number): Promise<Series | undefined> {
    const r = await this.seriesQuery(tx).where('school_series.id', '=', id).executeTakeFirst();
    return r && this.toSeries(r);
  }

  async activeSeries(tx: Kysely<Database>): Promise<Series[]> {
    const rows = await this.seriesQuery(tx).where('school_series.active', '=', true).orderBy('school_series.id').execute();
    return rows.map((r) => this.toSeries(r));
  }

  async explicitAudience(tx: Kysely<Database>, seriesId: number): Promise<SchoolPerson[]> {
    const rows = await tx.selectFrom('school_audience').innerJoin('cadres', 'cadres.id', 'school_audience.cadre_id').innerJoin('units', 'units.id', 'cadres.unit_id')
      .select(PERSON).where('school_audience.series_id', '=', seriesId).orderBy('cadres.id').execute();
    return rows.map(toPerson);
  }

  /** Active cadres in the unit and all below it. */
  async cadresInUnit(tx: Kysely<Database>, unitPath: string): Promise<SchoolPerson[]> {
    const rows = await tx.selectFrom('cadres').innerJoin('units', 'units.id', 'cadres.unit_id').select(PERSON)
      .where('cadres.active', '=', true)
      .where((eb) => eb.or([eb('units.path', '=', unitPath), eb('units.path', 'like', `${unitPath.replace(/[\\%_]/g, '\\$&')}/%`)]))
      .orderBy('cadres.id').execute();
    return rows.map(toPerson);
  }

  async peopleByIds(tx: Kysely<Database>, ids: number[]): Promise<SchoolPerson[]> {
    if (ids.length === 0) return [];
    const rows = await tx.selectFrom('cadres').innerJoin('units', 'units.id', 'cadres.unit_id').select(PERSON).where('cadres.id', 'in', ids).orderBy('cadres.id').execute();
    return rows.map(toPerson);
  }

  async personByOpenId(tx: Kysely<Database>, openId: string): Promise<SchoolPerson | undefined> {
    const r = await tx.selectFrom('cadres').innerJoin('units', 'units.id', 'cadres.unit_id').select(PERSON).where('cadres.open_id', '=', openId).executeTakeFirst();
    return r && toPerson(r);
  }

  async unitByPath(tx: Kysely<Database>, path: string): Promise<{ id: number; path: string } | undefined> {
    return tx.selectFrom('units').select(['id', 'path']).where('path', '=', path).executeTakeFirst();
  }

  async unitPath(tx: Kysely<Database>, id: number): Promise<string | undefined> {
    return (await tx.selectFrom('units').select('path').where('id', '=', id).executeTakeFirst())?.path;
  }

  async programs(tx: Kysely<Database>): Promise<{ id: number; nameZh: string; nameEn: string }[]> {
    const rows = await tx.selectFrom('programs').select(['id', 'name_zh', 'name_en']).where('active', '=', true).orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, nameZh: r.name_zh, nameEn: r.name_en }));
  }

  /** Insert a session unless the series already has one at that instant; true when inserted. */
  async insertSession(tx: Kysely<Database>, s: { seriesId: number; startsAt: Date; place: string; teacherId: number; status: SessionStatus }): Promise<boolean> {
    const r = await tx.insertInto('school_sessions').values({ series_id: s.seriesId, starts_at: s.startsAt, place: s.place, teacher_id: s.teacherId, status: s.status, cancel_reason: s.status === 'cancelled' ? 'holiday' : null })
      .onConflict((oc) => oc.constraint('school_sessions_once').doNothing()).returning('id').executeTakeFirst();
    return r !== undefined;
  }

  private sessionQuery(tx: Kysely<Database>) {
    return tx.selectFrom('school_sessions').innerJoin('cadres', 'cadres.id', 'school_sessions.teacher_id').innerJoin('units', 'units.id', 'cadres.unit_id')
      .select(['school_sessions.id as session_id', 'school_sessions.series_id', 'school_sessions.starts_at', 'school_sessions.place as session_place', 'school_sessions.topic',
        'school_sessions.materials_url', 'school_sessions.status', 'school_sessions.cancel_reason', 'school_sessions.closed_at', ...PERSON]);
  }

  private async toSessions(tx: Kysely<Database>, rows: Awaited<ReturnType<ReturnType<SchoolRepository['sessionQuery']>['execute']>>): Promise<Session[]> {
    const series = new Map<number, Series>();
    const out: Session[] = [];
    for (const r of rows) {
      let s = series.get(r.series_id);
      if (!s) { s = (await this.series(tx, r.series_id))!; series.set(s.id, s); }
      out.push({ id: r.session_id, series: s, startsAt: r.starts_at, place: r.session_place, topic: r.topic, materialsUrl: r.materials_url, status: r.status, cancelReason: r.cancel_reason, closedAt: r.closed_at, teacher: toPerson(r) });
    }
    return out;
  }

  async session(tx: Kysely<Database>, id: number): Promise<Session | undefined> {
    const [s] = await this.toSessions(tx, await this.sessionQuery(tx).where('school_sessions.id', '=', id).execute());
    return s;
  }

  /** Serialise every write to one session for the rest of the transaction (double clicks, the teacher closing meanwhile). */
  async lockSession(tx: Kysely<Database>, id: number): Promise<Session | undefined> {
    const row = await tx.selectFrom('school_sessions').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
    return row && this.session(tx, id);
  }

  /** Sessions (any status) of active series starting in [from, to). */
  async sessionsStarting(tx: Kysely<Database>, from: Date, to: Date, seriesIds?: number[]): Promise<Session[]> {
    let q = this.sessionQuery(tx).innerJoin('school_series', 'school_series.id', 'school_sessions.series_id').where('school_series.active', '=', true)
      .where('school_sessions.starts_at', '>=', from).where('school_sessions.starts_at', '<', to);
    if (seriesIds) {
      if (seriesIds.length === 0) return [];
      q = q.where('school_sessions.series_id', 'in', seriesIds);
    }
    return this.toSessions(tx, await q.orderBy('school_sessions.starts_at').orderBy('school_sessions.id').execute());
  }

  /** Scheduled sessions that ended before `before` and nobody closed. */
  async unclosedBefore(tx: Kysely<Database>, before: Date): Promise<number[]> {
    const rows = await tx.selectFrom('school_sessions').innerJoin('school_series', 'school_series.id', 'school_sessions.series_id').select('school_sessions.id')
      .where('school_sessions.status', '=', 'scheduled')
      .where(sql<boolean>`school_sessions.starts_at + make_interval(mins => school_series.duration_minutes) < ${before}`)
      .orderBy('school_sessions.id').execute();
    return rows.map((r) => r.id);
  }

  async updateSession(tx: Kysely<Database>, id: number, patch: { topic?: string; materialsUrl?: string | null; teacherId?: number }): Promise<void> {
    await tx.updateTable('school_sessions').set({
      ...(patch.topic !== undefined ? { topic: patch.topic } : {}),
      ...(patch.materialsUrl !== undefined ? { materials_url: patch.materialsUrl } : {}),
      ...(patch.teacherId !== undefined ? { teacher_id: patch.teacherId } : {}),
    }).where('id', '=', id).execute();
  }

  async markClosed(tx: Kysely<Database>, id: number, at: Date): Promise<void> {
    await tx.updateTable('school_sessions').set({ status: 'closed', closed_at: at }).where('id', '=', id).execute();
  }

  async attendance(tx: Kysely<Database>, sessionId: number): Promise<Attendance[]> {
    const rows = await tx.selectFrom('school_attendance').selectAll().where('session_id', '=', sessionId).orderBy('cadre_id').execute();
    return rows.map((r) => ({ sessionId: r.session_id, cadreId: r.cadre_id, status: r.status, leaveReason: r.leave_reason, checkedInAt: r.checked_in_at, rating: r.rating, comment: r.comment }));
  }

  async attendanceOf(tx: Kysely<Database>, sessionId: number, cadreId: number): Promise<Attendance | undefined> {
    return (await this.attendance(tx, sessionId)).find((a) => a.cadreId === cadreId);
  }

  async setStatus(tx: Kysely<Database>, a: { sessionId: number; cadreId: number; status: AttendanceStatus; leaveReason?: string | null; checkedInAt?: Date | null; markedBy?: number | null }): Promise<void> {
    const values = {
      status: a.status, leave_reason: a.leaveReason ?? null, checked_in_at: a.checkedInAt ?? null, marked_by: a.markedBy ?? null, updated_at: sql<Date>`now()`,
    };
    await tx.insertInto('school_attendance').values({ session_id: a.sessionId, cadre_id: a.cadreId, ...values })
      .onConflict((oc) => oc.columns(['session_id', 'cadre_id']).doUpdateSet(values)).execute();
  }

  async rate(tx: Kysely<Database>, sessionId: number, cadreId: number, rating: number, comment: string | null, at: Date): Promise<boolean> {
    const r = await tx.updateTable('school_attendance').set({ rating, comment, rated_at: at, updated_at: sql<Date>`now()` })
      .where('session_id', '=', sessionId).where('cadre_id', '=', cadreId).where('rated_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** The same attendance counted per unit (of the person, today) in the database: what 统计 rolls up. */
  async closedAttendanceByUnit(tx: Kysely<Database>, from: Date, to: Date, unitPath: string): Promise<{ unitId: number; unitPath: string; present: number; leave: number; absent: number }[]> {
    const rows = await tx.selectFrom('school_attendance').innerJoin('school_sessions', 'school_sessions.id', 'school_attendance.session_id')
      .innerJoin('cadres', 'cadres.id', 'school_attendance.cadre_id').innerJoin('units', 'units.id', 'cadres.unit_id')
      .select((eb) => [
        'units.id as unit_id', 'units.path',
        eb.fn.countAll<number>().filterWhere('school_attendance.status', '=', 'present').as('present'),
        eb.fn.countAll<number>().filterWhere('school_attendance.status', '=', 'leave').as('leave'),
        eb.fn.countAll<number>().filterWhere('school_attendance.status', 'not in', ['present', 'leave']).as('absent'),
      ])
      .where('school_sessions.status', '=', 'closed').where('school_sessions.starts_at', '>=', from).where('school_sessions.starts_at', '<', to)
      .where(inSubtree('units.path', unitPath)).groupBy(['units.id', 'units.path']).orderBy('units.path').execute();
    return rows.map((r) => ({ unitId: r.unit_id, unitPath: r.path, present: Number(r.present), leave: Number(r.leave), absent: Number(r.absent) }));
  }

  /** Attendance of closed sessions starting in [from, to), with each person's unit. */
  async closedAttendance(tx: Kysely<Database>, from: Date, to: Date, unitPath?: string): Promise<{ sessionId: number; startsAt: Date; topic: string; cadreId: number; name: string; unitId: number; unitPath: string; status: AttendanceStatus }[]> {
    const rows = await tx.selectFrom('school_attendance').innerJoin('school_sessions', 'school_sessions.id', 'school_attendance.session_id')
      .innerJoin('cadres', 'cadres.id', 'school_attendance.cadre_id').innerJoin('units', 'units.id', 'cadres.unit_id')
      .select(['school_sessions.id as session_id', 'school_sessions.starts_at', 'school_sessions.topic', 'cadres.id as cadre_id', 'cadres.name', 'cadres.unit_id', 'units.path', 'school_attendance.status'])
      .where('school_sessions.status', '=', 'closed').where('school_sessions.starts_at', '>=', from).where('school_sessions.starts_at', '<', to)
      .$if(unitPath !== undefined, (q) => q.where(inSubtree('units.path', unitPath!)))
      .orderBy('school_sessions.starts_at').orderBy('cadres.id').execute();
    return rows.map((r) => ({ sessionId: r.session_id, startsAt: r.starts_at, topic: r.topic, cadreId: r.cadre_id, name: r.name, unitId: r.unit_id, unitPath: r.path, status: r.status }));
  }

  // Designated teachers (0006): they may run a night school of their own.

  async designatedTeachers(tx: Kysely<Database>): Promise<DesignatedTeacher[]> {
    const rows = await tx.selectFrom('school_teachers').innerJoin('cadres', 'cadres.id', 'school_teachers.cadre_id').innerJoin('units', 'units.id', 'cadres.unit_id')
      .select([...PERSON, 'school_teachers.designated_at']).orderBy('school_teachers.designated_at').orderBy('cadres.id').execute();
    return rows.map((r) => ({ ...toPerson(r), designatedAt: r.designated_at }));
  }

  async isDesignated(tx: Kysely<Database>, cadreId: number): Promise<boolean> {
    return (await tx.selectFrom('school_teachers').select('cadre_id').where('cadre_id', '=', cadreId).executeTakeFirst()) !== undefined;
  }

  /** Designate these people; returns those newly designated (the others already were). */
  async designate(tx: Kysely<Database>, cadreIds: number[], by: string, at: Date): Promise<number[]> {
    if (cadreIds.length === 0) return [];
    const rows = await tx.insertInto('school_teachers').values(cadreIds.map((cadre_id) => ({ cadre_id, designated_by: by, designated_at: at })))
      .onConflict((oc) => oc.column('cadre_id').doNothing()).returning('cadre_id').execute();
    return rows.map((r) => r.cadre_id);
  }

  /** false when the person was not designated (any more): a second click. */
  async undesignate(tx: Kysely<Database>, cadreId: number): Promise<boolean> {
    const r = await tx.deleteFrom('school_teachers').where('cadre_id', '=', cadreId).executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  }

  /** Teaches a running series (active, not ended before `today`). */
  async teachesCurrentSeries(tx: Kysely<Database>, cadreId: number, today: string): Promise<boolean> {
    const r = await tx.selectFrom('school_series').select('id').where('teacher_id', '=', cadreId).where('active', '=', true)
      .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', today)])).executeTakeFirst();
    return r !== undefined;
  }

  // Pausing, resuming and ending a series.

  /** The series, its row locked for the rest of the transaction (two clicks decide one at a time). */
  async lockSeries(tx: Kysely<Database>, id: number): Promise<Series | undefined> {
    const row = await tx.selectFrom('school_series').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
    return row && this.series(tx, id);
  }

  /** Running or paused series not ended before `today` (of one teacher, or all), newest first. */
  async currentSeries(tx: Kysely<Database>, today: string, teacherId?: number): Promise<Series[]> {
    let q = this.seriesQuery(tx).where((eb) => eb.or([eb('school_series.ends_on', 'is', null), eb('school_series.ends_on', '>=', today)]));
    if (teacherId !== undefined) q = q.where('school_series.teacher_id', '=', teacherId);
    return (await q.orderBy('school_series.id', 'desc').execute()).map((r) => this.toSeries(r));
  }

  async pauseSeries(tx: Kysely<Database>, id: number, at: Date): Promise<boolean> {
    const r = await tx.updateTable('school_series').set({ active: false, paused_at: at }).where('id', '=', id).where('active', '=', true).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async resumeSeries(tx: Kysely<Database>, id: number): Promise<boolean> {
    const r = await tx.updateTable('school_series').set({ active: true, paused_at: null }).where('id', '=', id).where('active', '=', false).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Set the last date; false when the series already ends on or before it. */
  async endSeries(tx: Kysely<Database>, id: number, endsOn: string): Promise<boolean> {
    const r = await tx.updateTable('school_series').set({ ends_on: endsOn }).where('id', '=', id)
      .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>', endsOn)])).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Cancel the series' scheduled sessions starting at or after `from`; their start times, in order. */
  async cancelScheduledFrom(tx: Kysely<Database>, seriesId: number, from: Date, reason: CancelReason): Promise<Date[]> {
    const rows = await tx.updateTable('school_sessions').set({ status: 'cancelled', cancel_reason: reason })
      .where('series_id', '=', seriesId).where('status', '=', 'scheduled').where('starts_at', '>=', from).returning('starts_at').execute();
    return rows.map((r) => r.starts_at).sort((a, b) => a.getTime() - b.getTime());
  }

  /** Sessions a pause cancelled that start after `after`. */
  async pausedSessions(tx: Kysely<Database>, seriesId: number, after: Date): Promise<{ id: number; startsAt: Date }[]> {
    const rows = await tx.selectFrom('school_sessions').select(['id', 'starts_at']).where('series_id', '=', seriesId).where('status', '=', 'cancelled')
      .where('cancel_reason', '=', 'paused').where('starts_at', '>', after).orderBy('starts_at').execute();
    return rows.map((r) => ({ id: r.id, startsAt: r.starts_at }));
  }

  async reopen(tx: Kysely<Database>, ids: number[]): Promise<number> {
    if (ids.length === 0) return 0;
    const r = await tx.updateTable('school_sessions').set({ status: 'scheduled', cancel_reason: null }).where('id', 'in', ids)
      .where('status', '=', 'cancelled').where('cancel_reason', '=', 'paused').executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** A series' sessions (any status, whether the series runs or not) starting at or after `from`. */
  async seriesSessions(tx: Kysely<Database>, seriesId: number, from: Date, limit: number): Promise<Session[]> {
    return this.toSessions(tx, await this.sessionQuery(tx).where('school_sessions.series_id', '=', seriesId).where('school_sessions.starts_at', '>=', from)
      .orderBy('school_sessions.starts_at').limit(limit).execute());
  }

  // Telling teachers their ratings.

  /** Closed sessions whose teacher has not been sent the rating summary, closed in [closedFrom, closedBefore). */
  async ratingsDue(tx: Kysely<Database>, closedFrom: Date, closedBefore: Date): Promise<number[]> {
    const rows = await tx.selectFrom('school_sessions').select('id').where('status', '=', 'closed').where('ratings_told_at', 'is', null)
      .where('closed_at', '>=', closedFrom).where('closed_at', '<', closedBefore).orderBy('closed_at').orderBy('id').execute();
    return rows.map((r) => r.id);
  }

  /** Claim the session's summary; false when it was already told (another run, another instance). */
  async markRatingsTold(tx: Kysely<Database>, sessionId: number, at: Date): Promise<boolean> {
    const r = await tx.updateTable('school_sessions').set({ ratings_told_at: at }).where('id', '=', sessionId).where('ratings_told_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** The session's ratings, highest first: who gave which is not kept in the order. */
  async ratings(tx: Kysely<Database>, sessionId: number): Promise<Rating[]> {
    const rows = await tx.selectFrom('school_attendance').select(['rating', 'comment']).where('session_id', '=', sessionId).where('rating', 'is not', null)
      .orderBy('rating', 'desc').orderBy('comment').execute();
    return rows.map((r) => ({ rating: r.rating!, comment: r.comment }));
  }

  /** Closed sessions a teacher taught starting at or after `from`, and the ratings they got. */
  async teacherRatings(tx: Kysely<Database>, teacherId: number, from: Date): Promise<{ sessions: number; rated: number; count: number; sum: number }> {
    const r = await sql<{ sessions: number; rated: number; count: number; sum: number }>`
    select count(distinct s.id)::int as sessions, count(distinct a.session_id)::int as rated, count(a.rating)::int as count, coalesce(sum(a.rating), 0)::int as sum
      from school_sessions s left join school_attendance a on a.session_id = s.id and a.rating is not null
     where s.status = 'closed' and s.teacher_id = ${teacherId} and s.starts_at >= ${from}`.execute(tx);
    return r.rows[0] ?? { sessions: 0, rated: 0, count: 0, sum: 0 };
  }
}
