import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Db } from '../../../src/db/create-db';
import { seedDemo } from '../../../src/services/seed-demo';
import { menteePool, programSummaries, programsForCadre } from '../../../src/services/programs';
import { playgroundPeople } from '../../../src/playground/demo-people';
import { openTestDb, quietLogger } from '../../helpers/test-db';
import { BACKENDS } from '../../helpers/services';


for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`the Huolu-town demo on ${backend.name}`, () => {
    let db: Db;
    beforeAll(async () => {
      db = await openTestDb(backend.name);
    });
    afterAll(async () => {
      await db?.close();
    });

    const cadreId = async (openId: string) => (await db.db.selectFrom('cadres').select('id').where('open_id', '=', openId).executeTakeFirstOrThrow()).id;

    it('loads on the first run and changes nothing on the second', async () => {
      const first = await seedDemo({ db: db.db, actor: 'test' });
      expect(first.unchanged).toBe(false);
      expect(first.roster.counts.created).toBe(79);
      expect(first.programs.map((p) => [p.code, p.action])).toEqual([['huolu-young', 'created'], ['huolu-reverse', 'created'], ['huolu-village', 'created']]);

      const snapshot = async () => ({
        programs: await db.db.selectFrom('programs').select(['code', 'name_zh', 'start_date', 'end_date', 'default_capacity', 'updated_at']).orderBy('id').execute(),
        batches: await db.db.selectFrom('batch_members').selectAll().orderBy('batch_id').orderBy('cadre_id').execute(),
        cadres: await db.db.selectFrom('cadres').select(['id', 'updated_at']).orderBy('id').execute(),
        programAudits: (await db.db.selectFrom('audit_log').select('id').where('action', 'like', 'program.%').execute()).length,
      });
      const before = await snapshot();
      const second = await seedDemo({ db: db.db, actor: 'test' });
      expect(second.unchanged).toBe(true);
      expect(second.roster).toMatchObject({ unchanged: true, counts: { created: 0, updated: 0, unchanged: 79 } });
      expect(second.programs.every((p) => p.action === 'unchanged' && p.changes.length === 0)).toBe(true);
      expect(await snapshot()).toEqual(before);
    });

    it('has the article\'s cast: 12 leadership members, 24 young, 24 older, 17 village cadres, 2 admins', async () => {
      const rows = await db.db.selectFrom('cadres').select(['category']).select((eb) => eb.fn.countAll<number>().as('n')).groupBy('category').execute();
      expect(Object.fromEntries(rows.map((r) => [r.category, Number(r.n)]))).toEqual({ leader_member: 12, young: 24, senior: 24, village: 17, other: 2 });
      const admins = await db.db.selectFrom('cadres').select('open_id').where(sql<boolean>`'admin' = any(roles)`).orderBy('open_id').execute();
      expect(admins.map((a) => a.open_id)).toEqual(['ou_demo_admin_01', 'ou_demo_admin_02']);
      const leaders = await db.db.selectFrom('cadres').select('open_id').where(sql<boolean>`'leader' = any(roles)`).orderBy('open_id').execute();
      expect(leaders.map((a) => a.open_id)).toEqual(['ou_demo_mayor', 'ou_demo_secretary']);
      const villages = await db.db.selectFrom('cadres').innerJoin('units', 'units.id', 'cadres.unit_id').select('units.path').distinct().where('category', '=', 'village').execute();
      expect(villages.length).toBeGreaterThanOrEqual(5);
    });

    it('the 人大主席 is a leadership member with the most strengths', async () => {
      const chair = await db.db.selectFrom('cadres').innerJoin('units', 'units.id', 'cadres.unit_id').select(['cadres.id', 'category', 'units.path']).where('open_id', '=', 'ou_demo_renda_chair').executeTakeFirstOrThrow();
      expect(chair).toMatchObject({ category: 'leader_member', path: '武隆区/火炉镇/人大' });
      const counts = await db.db.selectFrom('cadre_strengths').select('cadre_id').select((eb) => eb.fn.countAll<number>().as('n')).groupBy('cadre_id').execute();
      const mine = Number(counts.find((c) => c.cadre_id === chair.id)!.n);
      expect(mine).toBeGreaterThanOrEqual(6);
      expect(Math.max(...counts.filter((c) => c.cadre_id !== chair.id).map((c) => Number(c.n)))).toBeLessThan(mine);
    });

    it('the programs: pools as the article counts them, and the ineligible shown with reasons', async () => {
      const s = Object.fromEntries((await programSummaries(db.db)).map((p) => [p.code, p]));
      expect(s['huolu-young']).toMatchObject({ mentorPoolSize: 12, menteeCandidates: 24, eligibleMentees: 21, defaultCapacity: 5, startDate: '2023-02-01', unitPath: '武隆区/火炉镇' });
      expect(s['huolu-reverse']).toMatchObject({ mentorPoolSize: 24, menteeCandidates: 24, eligibleMentees: 24 });
      expect(s['huolu-village']).toMatchObject({ mentorPoolSize: 24, menteeCandidates: 17, eligibleMentees: 15 });
      expect(s['huolu-village']!.batches).toEqual([1, 2, 3, 4, 5].map((n) => expect.objectContaining({ number: n, members: 3, startDate: `2023-0${n + 2}-01` })));

      const young = await menteePool(db.db, s['huolu-young']!.programId, { includeIneligible: true });
      const out = young.filter((e) => !e.eligibility.eligible);
      expect(out.map((e) => e.openId).sort()).toEqual(['ou_demo_young_22', 'ou_demo_young_23', 'ou_demo_young_24']);
      expect(out.find((e) => e.openId === 'ou_demo_young_22')!.eligibility.reasons.map((r) => r.zh)).toContain('2023-02-01 时 35 岁，已满 35 岁');
      // older than 35 but hired within the 3 years, exactly 3 years before included
      const y18 = young.find((e) => e.openId === 'ou_demo_young_18')!.eligibility;
      expect(y18.eligible).toBe(true);
      expect(y18.reasons.map((r) => r.zh)).toContain('入职于 2020-02-01，在项目开始（2023-02-01）前三年内');
    });

    it('programsForCadre for the 我的 card: a seconded village cadre sees the batch; an ineligible one why not', async () => {
      const v1 = await programsForCadre(db.db, await cadreId('ou_demo_village_01'), '2023-03-10');
      expect(v1).toEqual([expect.objectContaining({ code: 'huolu-village', role: 'mentee', status: 'running', batch: { number: 1, startDate: '2023-03-01', endDate: '2023-03-31' }, eligibility: expect.objectContaining({ eligible: true }) })]);
      const v17 = await programsForCadre(db.db, await cadreId('ou_demo_village_17'), '2023-03-10');
      expect(v17[0]).toMatchObject({ role: 'mentee', eligibility: { eligible: false } });
      expect(v17[0]!.eligibility.reasons.map((r) => r.en)).toContain('aged 35 on 2023-03-01, not under 35');
      const young = await programsForCadre(db.db, await cadreId('ou_demo_young_01'), '2024-01-01');
      expect(young.map((p) => [p.code, p.role])).toEqual([['huolu-young', 'mentee'], ['huolu-reverse', 'mentor']]);
    });

    it('the playground adds every cadre with an open_id to the emulator and does not seed a database twice', async () => {
      const users = await playgroundPeople(db.db, quietLogger);
      expect(users).toHaveLength(79);
      expect(users[0]).toEqual({ openId: 'ou_demo_admin_01', name: '林晓岚' });
      expect(users.map((u) => u.openId)).toContain('ou_demo_renda_chair');
    });
  });
}

describe('the playground on an empty database', () => {
  it('loads the demo once', async () => {
    const db = await openTestDb('pglite');
    try {
      expect(await playgroundPeople(db.db, quietLogger)).toHaveLength(79);
      const audits = async () => (await db.db.selectFrom('audit_log').select('id').execute()).length;
      const after = await audits();
      expect(await playgroundPeople(db.db, quietLogger)).toHaveLength(79);
      expect(await audits()).toBe(after);
    } finally {
      await db.close();
    }
  });
});
