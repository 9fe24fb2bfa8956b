import { sql, type Kysely } from 'kysely';
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
  active: boolean;
}

export type SessionStatus = 'scheduled' | 'closed' | 'cancelled';

export interface Session {
  id: number;
  series: Series;
  startsAt: Date;
  place: string;
  topic: string;
  materialsUrl: string | null;
  status: SessionStatus;
  closedAt: Date | null;
  teacher: SchoolPerson;
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
      sql<string | null>`to_char(school_series.ends_on, 'YYYY-MM-DD')`.as('ends_on'), 'school_series.active',
    ]);
  }

  private toSeries(r: Awaited<ReturnType<ReturnType<SchoolRepository['seriesQuery']>['executeTakeFirstOrThrow']>>): Series {
    return {
      id: r.id, name: r.name, weekday: r.weekday, startTime: r.start_time, durationMinutes: r.duration_minutes, place: r.place,
      audienceKind: r.audience_kind, audienceProgramId: r.audience_program_id, audienceUnitId: r.audience_unit_id, audienceUnitPath: r.unit_path,
      teacherId: r.teacher_id, startsOn: r.starts_on, endsOn: r.ends_on, active: r.active,
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
    const r = await tx.insertInto('school_sessions').values({ series_id: s.seriesId, starts_at: s.startsAt, place: s.place, teacher_id: s.teacherId, status: s.status })
      .onConflict((oc) => oc.constraint('school_sessions_once').doNothing()).returning('id').executeTakeFirst();
    return r !== undefined;
  }

  private sessionQuery(tx: Kysely<Database>) {
    return tx.selectFrom('school_sessions').innerJoin('cadres', 'cadres.id', 'school_sessions.teacher_id').innerJoin('units', 'units.id', 'cadres.unit_id')
      .select(['school_sessions.id as session_id', 'school_sessions.series_id', 'school_sessions.starts_at', 'school_sessions.place as session_place', 'school_sessions.topic',
        'school_sessions.materials_url', 'school_sessions.status', 'school_sessions.closed_at', ...PERSON]);
  }

  private async toSessions(tx: Kysely<Database>, rows: Awaited<ReturnType<ReturnType<SchoolRepository['sessionQuery']>['execute']>>): Promise<Session[]> {
    const series = new Map<number, Series>();
    const out: Session[] = [];
    for (const r of rows) {
      let s = series.get(r.series_id);
      if (!s) { s = (await this.series(tx, r.series_id))!; series.set(s.id, s); }
      out.push({ id: r.session_id, series: s, startsAt: r.starts_at, place: r.session_place, topic: r.topic, materialsUrl: r.materials_url, status: r.status, closedAt: r.closed_at, teacher: toPerson(r) });
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

  /** Attendance of closed sessions starting in [from, to), with each person's unit. */
  async closedAttendance(tx: Kysely<Database>, from: Date, to: Date): Promise<{ sessionId: number; startsAt: Date; topic: string; cadreId: number; name: string; unitId: number; unitPath: string; status: AttendanceStatus }[]> {
    const rows = await tx.selectFrom('school_attendance').innerJoin('school_sessions', 'school_sessions.id', 'school_attendance.session_id')
      .innerJoin('cadres', 'cadres.id', 'school_attendance.cadre_id').innerJoin('units', 'units.id', 'cadres.unit_id')
      .select(['school_sessions.id as session_id', 'school_sessions.starts_at', 'school_sessions.topic', 'cadres.id as cadre_id', 'cadres.name', 'cadres.unit_id', 'units.path', 'school_attendance.status'])
      .where('school_sessions.status', '=', 'closed').where('school_sessions.starts_at', '>=', from).where('school_sessions.starts_at', '<', to)
      .orderBy('school_sessions.starts_at').orderBy('cadres.id').execute();
    return rows.map((r) => ({ sessionId: r.session_id, startsAt: r.starts_at, topic: r.topic, cadreId: r.cadre_id, name: r.name, unitId: r.unit_id, unitPath: r.path, status: r.status }));
  }
}
