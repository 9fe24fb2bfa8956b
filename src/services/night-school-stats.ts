import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { SchoolRepository } from '../db/repositories/school-repository';

/**
 * Night-school attendance figures, for the statistics issue and the `夜校` card.
 *
 * Only CLOSED sessions count (a session is closed by its teacher, or by the daily job after it ended): by then
 * every audience member has a row: present, leave or absent (a registration without a check-in is absent).
 * The rate is   present / (audience − leave)   = present / (present + absent),
 * i.e. excused absences are not held against anyone; null when that denominator is 0 (everyone on leave).
 * Sessions cancelled for a holiday are never closed, so they do not count. A person's unit is their unit
 * today (the roster's), not at the time of the session; `unitId` keeps people in that unit and below it.
 */

const repo = new SchoolRepository();

export interface AttendanceFigures {
  /** audience members the session expected (present + leave + absent) */
  audience: number;
  present: number;
  leave: number;
  absent: number;
  /** present / (audience − leave); null when nobody was expected */
  rate: number | null;
}

export interface AttendanceStats {
  sessions: (AttendanceFigures & { sessionId: number; startsAt: Date; topic: string })[];
  people: (AttendanceFigures & { cadreId: number; name: string; unitId: number; unitPath: string })[];
  units: (AttendanceFigures & { unitId: number; unitPath: string })[];
  total: AttendanceFigures;
}

const empty = (): AttendanceFigures => ({ audience: 0, present: 0, leave: 0, absent: 0, rate: null });

function add(f: AttendanceFigures, status: string): void {
  f.audience++;
  if (status === 'present') f.present++;
  else if (status === 'leave') f.leave++;
  else f.absent++;
}

const finish = <T extends AttendanceFigures>(f: T): T => ({ ...f, rate: f.audience - f.leave > 0 ? f.present / (f.audience - f.leave) : null });

/** Figures over the closed sessions starting in [from, to), per session, per person and per unit (sorted by path). */
export async function attendanceStats(tx: Kysely<Database>, opts: { from: Date; to: Date; unitId?: number }): Promise<AttendanceStats> {
  let rows: Awaited<ReturnType<SchoolRepository['closedAttendance']>> = [];
  if (opts.unitId === undefined) rows = await repo.closedAttendance(tx, opts.from, opts.to);
  else {
    const path = await repo.unitPath(tx, opts.unitId);
    if (path !== undefined) rows = await repo.closedAttendance(tx, opts.from, opts.to, path);
  }
  const sessions = new Map<number, AttendanceStats['sessions'][number]>();
  const people = new Map<number, AttendanceStats['people'][number]>();
  const units = new Map<number, AttendanceStats['units'][number]>();
  const total = empty();
  for (const r of rows) {
    const s = sessions.get(r.sessionId) ?? { sessionId: r.sessionId, startsAt: r.startsAt, topic: r.topic, ...empty() };
    const p = people.get(r.cadreId) ?? { cadreId: r.cadreId, name: r.name, unitId: r.unitId, unitPath: r.unitPath, ...empty() };
    const u = units.get(r.unitId) ?? { unitId: r.unitId, unitPath: r.unitPath, ...empty() };
    for (const f of [s, p, u, total]) add(f, r.status);
    sessions.set(r.sessionId, s);
    people.set(r.cadreId, p);
    units.set(r.unitId, u);
  }
  return {
    sessions: [...sessions.values()].map(finish),
    people: [...people.values()].map(finish).sort((a, b) => a.cadreId - b.cadreId),
    units: [...units.values()].map(finish).sort((a, b) => a.unitPath.localeCompare(b.unitPath)),
    total: finish(total),
  };
}

/** Figures per unit only, counted in the database (no row per person leaves it): what 统计 rolls up by child unit. */
export async function attendanceByUnit(tx: Kysely<Database>, opts: { from: Date; to: Date; unitPath: string }): Promise<(AttendanceFigures & { unitId: number; unitPath: string })[]> {
  const rows = await repo.closedAttendanceByUnit(tx, opts.from, opts.to, opts.unitPath);
  return rows.map((r) => finish({ ...r, audience: r.present + r.leave + r.absent, rate: null }));
}
