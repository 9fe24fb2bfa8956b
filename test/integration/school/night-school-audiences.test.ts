import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/create-db';
import type { Actor } from '../../../src/domain/actor';
import { audienceOf, createSeries } from '../../../src/services/night-school-series';
import { closeStale } from '../../../src/services/night-school';
import { openTestDb } from '../../helpers/test-db';
import { addCadres, ensureUnit } from '../../helpers/people';

const TZ = 'Asia/Shanghai';
const NOW = new Date('2024-09-25T10:00:00+08:00');

describe('night school audiences and the automatic close', () => {
  let db: Db;
  let admin: Actor;
  let programId: number;
  const id: Record<string, number> = {};

  beforeAll(async () => {
    db = await openTestDb('pglite');
    const people = [
      { openId: 'ou_aud_admin', name: '组织委员', category: 'other' as const, roles: ['admin' as const], unit: '武隆区/火炉镇' },
      { openId: 'ou_aud_teacher', name: '唐果', category: 'young' as const, unit: '武隆区/火炉镇/党政办', birthDate: '1996-01-01' },
      { openId: 'ou_aud_s1', name: '邓守仁', category: 'senior' as const, unit: '武隆区/火炉镇/党政办' },
      { openId: 'ou_aud_s2', name: '王德胜', category: 'senior' as const, unit: '武隆区/火炉镇/经发办' },
      { openId: 'ou_aud_s3', name: '李桂兰', category: 'senior' as const, unit: '武隆区/白马镇/党政办' },
      { openId: 'ou_aud_y2', name: '陆晨曦', category: 'young' as const, unit: '武隆区/火炉镇/经发办', birthDate: '1996-01-01' },
    ];
    const ids = await addCadres(db.db, people);
    people.forEach((p, i) => (id[p.openId] = ids[i]!));
    admin = { cadreId: id.ou_aud_admin!, openId: 'ou_aud_admin', name: '组织委员', category: 'other', unitId: await ensureUnit(db.db, '武隆区/火炉镇'), unitPath: '武隆区/火炉镇', roles: ['admin'] };
    programId = (await db.db.insertInto('programs').values({
      code: 'r', track: 'reverse_mentoring', name_zh: '以新促老', name_en: 'Reverse mentoring', start_date: '2023-02-01', end_date: null,
      unit_id: await ensureUnit(db.db, '武隆区/火炉镇'), default_capacity: 2, mentor_categories: ['young'], mentee_categories: ['senior'], mentee_rule: 'none',
    }).returning('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await db?.close();
  });

  const form = (audience: Record<string, unknown>, weekday: string) => ({ name: '夜校', weekday, time: '19:00', duration: '90', place: '会议室', teacher: 'ou_aud_teacher', starts_on: '2024-09-25 +0800', ...audience });
  const names = (people: { cadreId: number }[]) => people.map((p) => p.cadreId).sort((a, b) => a - b);

  it("a program audience is the program's mentees: the older cadres of 以新促老 in its scope", async () => {
    const created = await db.db.transaction().execute((trx) => createSeries(trx, admin, form({ program: String(programId) }, '2'), NOW, TZ));
    expect(names(await audienceOf(db.db, created.series))).toEqual([id.ou_aud_s1!, id.ou_aud_s2!].sort((a, b) => a - b));
    expect(created.audience).toBe(2);
  });

  it('a unit audience is everyone active in that unit and below it, the teacher excepted', async () => {
    const created = await db.db.transaction().execute((trx) => createSeries(trx, admin, form({ unit: '武隆区/火炉镇/经发办' }, '3'), NOW, TZ));
    expect(names(await audienceOf(db.db, created.series, id.ou_aud_teacher))).toEqual([id.ou_aud_s2!, id.ou_aud_y2!].sort((a, b) => a - b));
  });

  it('an unknown unit or two kinds of audience at once are refused', async () => {
    await expect(db.db.transaction().execute((trx) => createSeries(trx, admin, form({ unit: '武隆区/不存在镇' }, '4'), NOW, TZ))).rejects.toThrow(/No unit/);
    await expect(db.db.transaction().execute((trx) => createSeries(trx, admin, form({ unit: '武隆区/火炉镇', program: String(programId) }, '4'), NOW, TZ))).rejects.toThrow(/one audience/);
  });

  it('a series with an end date has no sessions after it, and an end before the start is refused', async () => {
    const created = await db.db.transaction().execute((trx) => createSeries(trx, admin, form({ people: ['ou_aud_s3'], ends_on: '2024-10-05 +0800' }, '5'), NOW, TZ));
    expect(created.series.endsOn).toBe('2024-10-05');
    const dates = (await db.db.selectFrom('school_sessions').select('starts_at').where('series_id', '=', created.series.id).orderBy('starts_at').execute()).map((r) => r.starts_at.toISOString());
    expect(dates).toEqual(['2024-09-27T11:00:00.000Z', '2024-10-04T11:00:00.000Z']);
    await expect(db.db.transaction().execute((trx) => createSeries(trx, admin, form({ people: ['ou_aud_s3'], ends_on: '2024-09-01 +0800' }, '6'), NOW, TZ))).rejects.toThrow(/before the start/);
  });

  it('sessions left open two hours after their end are closed by the daily job: no-shows become absent', async () => {
    // the unit series' first evening, Wednesday 2024-09-25 19:00: its audience is 王德胜 and 陆晨曦
    const session = await db.db.selectFrom('school_sessions').select(['id', 'starts_at']).where('starts_at', '=', new Date('2024-09-25T19:00:00+08:00')).executeTakeFirstOrThrow();
    await db.db.insertInto('school_attendance').values([
      { session_id: session.id, cadre_id: id.ou_aud_s2!, status: 'registered' },
      { session_id: session.id, cadre_id: id.ou_aud_y2!, status: 'present', checked_in_at: session.starts_at },
    ]).execute();
    const soon = new Date(session.starts_at.getTime() + 90 * 60_000 + 60 * 60_000);
    expect(await db.db.transaction().execute((trx) => closeStale(trx, soon))).toEqual([]);
    const later = new Date(session.starts_at.getTime() + 90 * 60_000 + 3 * 3_600_000);
    const closed = await db.db.transaction().execute((trx) => closeStale(trx, later));
    expect(closed.map((c) => c.session.id)).toContain(session.id);
    const rows = await db.db.selectFrom('school_attendance').select(['cadre_id', 'status']).where('session_id', '=', session.id).orderBy('cadre_id').execute();
    expect(rows).toEqual([{ cadre_id: id.ou_aud_s2, status: 'absent' }, { cadre_id: id.ou_aud_y2, status: 'present' }]);
  });
});
