import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/create-db';
import { formPair } from '../../../src/services/pairing';
import { openTestDb } from '../../helpers/test-db';
import { ensureUnit } from '../../helpers/people';
import { imported } from '../roster/roster-test-kit';
import { BACKENDS } from '../../helpers/services';

const roster = (rows: string[]) => ['open_id,name,unit,category,birth_date,hire_date', ...rows].join('\n') + '\n';
const MENTOR = 'ou_left_mentor,韩德明,武隆区/火炉镇/人大,leader_member,1968-11-02,1990-09-01';
const MENTEE = 'ou_left_mentee,许一帆,武隆区/火炉镇/党政办,young,1998-06-30,2022-08-01';
const OTHER = 'ou_left_other,陆晨曦,武隆区/火炉镇/党政办,young,1996-09-18,2020-09-01';

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`someone who leaves the roster leaves their pairs (${backend.name})`, () => {
    let db: Db;
    beforeAll(async () => {
      db = await openTestDb(backend.name);
    });
    afterAll(async () => {
      await db?.close();
    });

    it("ends their pairs as 'left' and closes their open applications, keeping the history", async () => {
      await imported(db.db, roster([MENTOR, MENTEE, OTHER]));
      const id = async (openId: string) => (await db.db.selectFrom('cadres').select('id').where('open_id', '=', openId).executeTakeFirstOrThrow()).id;
      const unitId = await ensureUnit(db.db, '武隆区/火炉镇');
      const programId = (await db.db.insertInto('programs').values({
        code: 'y', track: 'young_mentoring', name_zh: '导师引航', name_en: 'Mentoring', start_date: '2023-02-01', end_date: null, unit_id: unitId,
        default_capacity: 3, mentor_categories: ['leader_member'], mentee_categories: ['young'], mentee_rule: 'young_cadre',
      }).returning('id').executeTakeFirstOrThrow()).id;
      const mentor = await id('ou_left_mentor');
      const mentee = await id('ou_left_mentee');
      const other = await id('ou_left_other');
      await db.db.transaction().execute((trx) => formPair(trx, { programId, menteeId: mentee, mentorId: mentor, formedBy: 'assignment' }));
      await db.db.insertInto('applications').values({ program_id: programId, mentee_id: other, mentor_id: mentor, rank: 1, reason: '' }).execute();

      const r = await imported(db.db, roster([MENTEE, OTHER]));
      expect(r.counts.deactivated).toBe(1);
      expect(r.pairsEnded).toBe(1);
      const pair = await db.db.selectFrom('pairs').select(['status', 'end_reason']).where('mentee_id', '=', mentee).executeTakeFirstOrThrow();
      expect(pair).toEqual({ status: 'ended', end_reason: 'left' });
      const app = await db.db.selectFrom('applications').select(['status', 'decline_reason']).where('mentee_id', '=', other).executeTakeFirstOrThrow();
      expect(app).toEqual({ status: 'declined', decline_reason: 'left' });
      // the pair's history is still there
      expect(await db.db.selectFrom('pair_mentors').select('mentor_id').execute()).toEqual([{ mentor_id: mentor }]);
    });
  });
}
