import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missing } from '../../helpers/services';
import { attendanceStats } from '../../../src/services/night-school';
import { schoolWorld, type SchoolWorld } from './school-kit';

/**
 * The attendance figures against a hand-computed fixture. People: S1, S3 in 党政办; S2, S4 in 经发办.
 *   session A (10-08, closed):  S1 present, S2 present, S3 leave,   S4 absent
 *   session B (10-15, closed):  S1 present, S2 absent,  S3 present, S4 leave
 *   session C (10-22, closed):  S1 leave,   S2 absent,  S3 absent,  S4 leave
 *   session D (10-29, scheduled, not counted), session E (11-05, closed, outside the range)
 * rate = present / (audience − leave):
 *   A 2/3, B 2/3, C 0/3 = 0;  S1 2/2 = 1, S2 1/3, S3 1/2, S4 0/1 = 0;
 *   党政办: present 3, leave 2, absent 1 → 3/4;  经发办: present 1, leave 2, absent 3 → 1/4;  total 4/8
 */
describe.skipIf(missing('postgres') || missing('redis'))('夜校 attendance figures', () => {
  let w: SchoolWorld;
  const sessions: number[] = [];
  beforeAll(async () => {
    w = await schoolWorld('ou_sch_sta_', '2024-11-20T10:00:00+08:00');
    const db = w.h.app.db.db;
    const id = (p: { openId: string }) => w.ids[p.openId]!;
    const { YT, S1, S2, S3, S4 } = w.people;
    const series = (await db.insertInto('school_series').values({ name: '夜校', weekday: 2, start_time: '19:00', place: '会议室', audience_kind: 'people', audience_program_id: null, audience_unit_id: null, teacher_id: id(YT), starts_on: '2024-10-08', created_by: 'test' }).returning('id').executeTakeFirstOrThrow()).id;
    await db.insertInto('school_audience').values([S1, S2, S3, S4].map((p) => ({ series_id: series, cadre_id: id(p) }))).execute();
    const plan: [string, 'closed' | 'scheduled', string[]][] = [
      ['2024-10-08', 'closed', ['present', 'present', 'leave', 'absent']],
      ['2024-10-15', 'closed', ['present', 'absent', 'present', 'leave']],
      ['2024-10-22', 'closed', ['leave', 'absent', 'absent', 'leave']],
      ['2024-10-29', 'scheduled', ['registered', 'registered', 'leave', 'registered']],
      ['2024-11-05', 'closed', ['absent', 'absent', 'absent', 'absent']],
    ];
    for (const [date, status, marks] of plan) {
      const s = (await db.insertInto('school_sessions').values({ series_id: series, starts_at: new Date(`${date}T19:00:00+08:00`), place: '会议室', topic: date, teacher_id: id(YT), status }).returning('id').executeTakeFirstOrThrow()).id;
      sessions.push(s);
      await db.insertInto('school_attendance').values([S1, S2, S3, S4].map((p, i) => ({ session_id: s, cadre_id: id(p), status: marks[i] as 'present' }))).execute();
    }
  });
  afterAll(async () => { await w?.h.close(); });

  const range = { from: new Date('2024-10-01T00:00:00+08:00'), to: new Date('2024-11-01T00:00:00+08:00') };

  it('per session, per person, per unit and in total', async () => {
    const { S1, S2, S3, S4 } = w.people;
    const stats = await attendanceStats(w.h.app.db.db, range);
    expect(stats.sessions.map((s) => [s.sessionId, s.audience, s.present, s.leave, s.absent, s.rate])).toEqual([
      [sessions[0], 4, 2, 1, 1, 2 / 3], [sessions[1], 4, 2, 1, 1, 2 / 3], [sessions[2], 4, 0, 2, 2, 0],
    ]);
    expect(stats.people.map((p) => [p.cadreId, p.present, p.leave, p.absent, p.rate])).toEqual([
      [w.ids[S1.openId], 2, 1, 0, 1], [w.ids[S2.openId], 1, 0, 2, 1 / 3], [w.ids[S3.openId], 1, 1, 1, 1 / 2], [w.ids[S4.openId], 0, 2, 1, 0],
    ]);
    expect(stats.units.map((u) => [u.unitPath, u.present, u.leave, u.absent, u.rate])).toEqual([
      ['武隆区/火炉镇/党政办', 3, 2, 1, 3 / 4], ['武隆区/火炉镇/经发办', 1, 2, 3, 1 / 4],
    ]);
    expect(stats.total).toEqual({ audience: 12, present: 4, leave: 4, absent: 4, rate: 1 / 2 });
  });

  it('a unit filter keeps that subtree; everyone on leave gives no rate (null), not 0', async () => {
    const db = w.h.app.db.db;
    const jingfa = (await db.selectFrom('units').select('id').where('path', '=', '武隆区/火炉镇/经发办').executeTakeFirstOrThrow()).id;
    const town = (await db.selectFrom('units').select('id').where('path', '=', '武隆区/火炉镇').executeTakeFirstOrThrow()).id;
    const only = await attendanceStats(db, { ...range, unitId: jingfa });
    expect(only.people.map((p) => p.cadreId)).toEqual([w.ids[w.people.S2.openId], w.ids[w.people.S4.openId]]);
    expect(only.total).toMatchObject({ present: 1, leave: 2, absent: 3, rate: 1 / 4 });
    expect((await attendanceStats(db, { ...range, unitId: town })).total.rate).toBe(1 / 2);
    const c = await attendanceStats(db, { from: new Date('2024-10-22T00:00:00+08:00'), to: new Date('2024-10-23T00:00:00+08:00'), unitId: jingfa });
    expect(c.people.find((p) => p.cadreId === w.ids[w.people.S4.openId])).toMatchObject({ leave: 1, rate: null });
  });
});
