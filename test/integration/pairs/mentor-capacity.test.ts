import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/create-db';
import { PairRepository } from '../../../src/db/repositories/pair-repository';
import { setMentorCapacity, setProgramFields } from '../../../src/services/program-admin';
import { DomainError } from '../../../src/domain/domain-error';
import { openTestDb } from '../../helpers/test-db';
import { addCadres, ensureUnit } from '../../helpers/people';

describe('mentor capacity and pairing settings', () => {
  let db: Db;
  let programId: number;
  let mentorId: number;
  beforeAll(async () => {
    db = await openTestDb('pglite');
    mentorId = (await addCadres(db.db, [{ openId: "ou_cap_mentor", name: "韩德明", category: "leader_member" }]))[0]!;
    const unitId = await ensureUnit(db.db, '武隆区/火炉镇');
    programId = (await db.db.insertInto('programs').values({
      code: 'y', track: 'young_mentoring', name_zh: '导师引航', name_en: 'Mentoring', start_date: '2023-02-01', end_date: null, unit_id: unitId,
      default_capacity: 3, mentor_categories: ['leader_member'], mentee_categories: ['young'], mentee_rule: 'young_cadre',
    }).returning('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await db?.close();
  });

  it('gives one mentor a capacity of their own, and back to the default', async () => {
    const pairs = new PairRepository();
    expect(await pairs.mentorLoad(db.db, programId, mentorId!)).toEqual({ load: 0, capacity: 3 });
    expect((await setMentorCapacity(db.db, { code: 'y', person: '韩德明', capacity: '5' }, 'test')).after).toBe(5);
    expect(await pairs.mentorLoad(db.db, programId, mentorId!)).toEqual({ load: 0, capacity: 5 });
    await setMentorCapacity(db.db, { code: 'y', person: 'ou_cap_mentor', capacity: 'default' }, 'test');
    expect(await pairs.mentorLoad(db.db, programId, mentorId!)).toEqual({ load: 0, capacity: 3 });
    await expect(setMentorCapacity(db.db, { code: 'y', person: '韩德明', capacity: '99' }, 'test')).rejects.toBeInstanceOf(DomainError);
  });

  it('sets 多带一 and the application delays, refusing a nudge that comes after expiry', async () => {
    const r = await setProgramFields(db.db, 'y', ['allow_co_mentors=true', 'application_nudge_days=2', 'application_expire_days=5'], 'test');
    expect(r.changes.map((c) => c.field).sort()).toEqual(['allow_co_mentors', 'application_expire_days', 'application_nudge_days']);
    expect(await new PairRepository().settings(db.db, programId)).toMatchObject({ allowCoMentors: true, nudgeDays: 2, expireDays: 5 });
    await expect(setProgramFields(db.db, 'y', ['application_nudge_days=9'], 'test')).rejects.toThrow(/less than/);
    await setProgramFields(db.db, 'y', ['report_weekday=4', 'report_time=17:30'], 'test');
    const p = await db.db.selectFrom('programs').select(['report_weekday', 'report_time']).where('id', '=', programId).executeTakeFirstOrThrow();
    expect(p).toEqual({ report_weekday: 4, report_time: '17:30' });
    await expect(setProgramFields(db.db, 'y', ['report_time=25:00'], 'test')).rejects.toThrow(/HH:MM/);
    await expect(setProgramFields(db.db, 'y', ['report_weekday=8'], 'test')).rejects.toThrow(/report_weekday/);
  });

  it('sets when the quarter\'s evaluation opens and who assesses, and back to the unit admins', async () => {
    const r = await setProgramFields(db.db, 'y', ['eval_open_workday=3', 'eval_assessor=韩德明'], 'test');
    expect(r.changes.map((c) => [c.field, c.to])).toEqual([['eval_open_workday', '3'], ['eval_assessor', String(mentorId)]]);
    const read = () => db.db.selectFrom('programs').select(['eval_open_workday', 'eval_assessor_id']).where('id', '=', programId).executeTakeFirstOrThrow();
    expect(await read()).toEqual({ eval_open_workday: 3, eval_assessor_id: mentorId });
    await setProgramFields(db.db, 'y', ['eval_assessor=none'], 'test');
    expect((await read()).eval_assessor_id).toBeNull();
    await expect(setProgramFields(db.db, 'y', ['eval_open_workday=0'], 'test')).rejects.toThrow(/eval_open_workday/);
    await expect(setProgramFields(db.db, 'y', ['eval_assessor=nobody-here'], 'test')).rejects.toBeInstanceOf(DomainError);
  });
});
