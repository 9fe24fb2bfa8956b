import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/create-db';
import { menteePool, mentorPool, programSummaries, programsForCadre } from '../../../src/services/programs';
import { setProgramMember } from '../../../src/services/program-admin';
import { syncProgram } from '../../../src/services/sync-program';
import { ProgramRepository } from '../../../src/db/repositories/program-repository';
import { openTestDb } from '../../helpers/test-db';
import { addCadres } from '../../helpers/people';
import { BACKENDS } from '../../helpers/services';


const TOWN = '武隆区/火炉镇';

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`program pools on ${backend.name}`, () => {
    let db: Db;
    const id: Record<string, number> = {};
    let young = 0;
    let reverse = 0;
    let village = 0;

    beforeAll(async () => {
      db = await openTestDb(backend.name);
      const people = [
        { openId: 'ou_l1', name: '班子甲', unit: `${TOWN}/党委`, category: 'leader_member' as const, birthDate: '1970-01-01', hireDate: '1990-01-01' },
        { openId: 'ou_y1', name: '青年甲', unit: `${TOWN}/党政办`, birthDate: '1995-05-05', hireDate: '2018-07-01' },
        { openId: 'ou_y2', name: '青年乙', unit: `${TOWN}/党政办`, birthDate: '1980-05-05', hireDate: '2010-07-01' },
        { openId: 'ou_y3', name: '青年丙', unit: `${TOWN}/党政办`, hireDate: '2010-07-01' },
        // '武隆区/火炉镇新区' starts with the scope's characters but is not under it
        { openId: 'ou_y4', name: '青年丁', unit: '武隆区/火炉镇新区/党政办', birthDate: '1996-01-01', hireDate: '2020-07-01' },
        { openId: 'ou_y5', name: '青年戊', unit: '武隆区/江口镇/党政办', birthDate: '1996-01-01', hireDate: '2020-07-01' },
        { openId: 'ou_y6', name: '青年己', unit: `${TOWN}/党政办`, birthDate: '1996-01-01', hireDate: '2020-07-01', active: false },
        { openId: 'ou_s1', name: '老将甲', unit: `${TOWN}/农业服务中心`, category: 'senior' as const, birthDate: '1966-01-01', hireDate: '1988-01-01' },
        // two levels below the scope unit
        { openId: 'ou_v1', name: '村干甲', unit: `${TOWN}/石梁村/一组`, category: 'village' as const, birthDate: '1988-04-15', hireDate: '2015-01-01' },
        { openId: 'ou_v2', name: '村干乙', unit: `${TOWN}/万峰村`, category: 'village' as const, birthDate: '1985-01-01', hireDate: '2015-01-01' },
      ];
      const ids = await addCadres(db.db, people);
      people.forEach((p, i) => (id[p.openId] = ids[i]!));
      await db.db.transaction().execute(async (trx) => {
        await syncProgram(trx, { code: 'young', track: 'young_mentoring', nameZh: '导师引航', nameEn: 'Mentoring', unit: TOWN, startDate: '2023-02-01', endDate: null, defaultCapacity: 5 }, 'test');
        await syncProgram(trx, { code: 'reverse', track: 'reverse_mentoring', nameZh: '以新促老', nameEn: 'Reverse', unit: TOWN, startDate: '2023-02-01', endDate: '2023-12-31', defaultCapacity: 2 }, 'test');
        await syncProgram(trx, {
          code: 'village', track: 'village_secondment', nameZh: '挂职锻炼', nameEn: 'Secondment', unit: TOWN, startDate: '2023-03-01', endDate: '2023-07-31', defaultCapacity: 2,
          batches: [{ number: 1, startDate: '2023-03-01', endDate: '2023-03-31', members: ['ou_v1'] }, { number: 3, startDate: '2023-05-01', endDate: '2023-05-31', members: [] }],
        }, 'test');
      });
      const repo = new ProgramRepository();
      const idOf = async (code: string) => (await repo.findByCode(db.db, code))!.id;
      young = await idOf('young');
      reverse = await idOf('reverse');
      village = await idOf('village');
    });
    afterAll(async () => {
      await db?.close();
    });

    const names = (entries: { name: string }[]) => entries.map((e) => e.name).sort();

    it('mentee pool: active cadres of the category in the scope subtree who meet the rule', async () => {
      expect(names(await menteePool(db.db, young))).toEqual(['青年甲']);
      const all = await menteePool(db.db, young, { includeIneligible: true });
      expect(names(all)).toEqual(['青年丙', '青年乙', '青年甲']);
      const y2 = all.find((e) => e.name === '青年乙')!;
      expect(y2).toMatchObject({ via: 'not_eligible', eligibility: { eligible: false, status: 'not_eligible' } });
      expect(y2.eligibility.reasons.map((r) => r.zh).join('|')).toContain('2023-02-01 时 42 岁，已满 35 岁');
      expect(all.find((e) => e.name === '青年丙')!.eligibility).toMatchObject({ status: 'unknown', missing: ['birth_date'] });
    });

    it('mentor pool: by category; reverse mentoring has no rule for its mentees', async () => {
      expect(names(await mentorPool(db.db, young))).toEqual(['班子甲']);
      expect(names(await mentorPool(db.db, reverse))).toEqual(['青年丙', '青年乙', '青年甲']);
      expect(names(await menteePool(db.db, reverse))).toEqual(['老将甲']);
    });

    it('secondment: the subtree reaches villages two levels down, and the batch start date decides', async () => {
      const pool = await menteePool(db.db, village, { includeIneligible: true });
      expect(pool.find((e) => e.name === '村干甲')).toMatchObject({ via: 'rule', batch: { number: 1, startDate: '2023-03-01' } });
      expect(pool.find((e) => e.name === '村干乙')).toMatchObject({ via: 'not_eligible' });
    });

    it('include reaches outside the scope, exclude removes, clear returns to the rules; each change audited', async () => {
      const count = async () => Number((await db.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('action', '=', 'program.member').executeTakeFirstOrThrow()).n);
      const before = await count();
      await setProgramMember(db.db, { code: 'young', role: 'mentee', action: 'include', person: 'ou_y5' }, 'cli:test');
      await setProgramMember(db.db, { code: 'young', role: 'mentee', action: 'exclude', person: '青年甲' }, 'cli:test');
      const pool = await menteePool(db.db, young, { includeIneligible: true });
      expect(pool.find((e) => e.name === '青年戊')).toMatchObject({ via: 'include', eligibility: { eligible: true } });
      expect(pool.find((e) => e.name === '青年甲')).toMatchObject({ via: 'excluded' });
      expect(names(await menteePool(db.db, young))).toEqual(['青年戊']);
      expect((await programSummaries(db.db)).find((s) => s.code === 'young')).toMatchObject({ menteeCandidates: 3, eligibleMentees: 1 });

      await setProgramMember(db.db, { code: 'young', role: 'mentee', action: 'clear', person: 'ou_y5' }, 'cli:test');
      await setProgramMember(db.db, { code: 'young', role: 'mentee', action: 'clear', person: 'ou_y1' }, 'cli:test');
      expect(names(await menteePool(db.db, young))).toEqual(['青年甲']);
      expect(await count()).toBe(before + 4);
      // clearing what is already clear changes nothing and writes nothing
      await setProgramMember(db.db, { code: 'young', role: 'mentee', action: 'clear', person: 'ou_y1' }, 'cli:test');
      expect(await count()).toBe(before + 4);
    });

    it('an inactive cadre stays out even when included', async () => {
      // the admin tools cannot even name someone who has left
      await expect(setProgramMember(db.db, { code: 'young', role: 'mentee', action: 'include', person: 'ou_y6' }, 'cli:test')).rejects.toMatchObject({ code: 'not_found' });
      // an include written before they left does not bring them back
      await db.db.insertInto('program_overrides').values({ program_id: young, cadre_id: id.ou_y6!, role: 'mentee', mode: 'include', created_by: 'test' }).execute();
      const all = await menteePool(db.db, young, { includeIneligible: true });
      expect(all.find((e) => e.name === '青年己')).toMatchObject({ via: 'inactive' });
      await db.db.deleteFrom('program_overrides').where('cadre_id', '=', id.ou_y6!).execute();
      expect(names(await menteePool(db.db, young))).not.toContain('青年己');
    });

    it('refuses an ambiguous name and lists who matches', async () => {
      // outside the scope, so the pools above stay as they are
      await addCadres(db.db, [{ openId: 'ou_dup1', name: '同名', unit: '武隆区/江口镇/党政办' }, { openId: 'ou_dup2', name: '同名', unit: '武隆区/江口镇/社区' }]);
      await expect(setProgramMember(db.db, { code: 'young', role: 'mentee', action: 'include', person: '同名' }, 'cli:test')).rejects.toMatchObject({
        code: 'conflict', text: { zh: expect.stringContaining('ou_dup2') },
      });
      // a mobile number as people write it finds the cadre stored as the roster stores it
      await db.db.updateTable('cadres').set({ mobile: '13800138000' }).where('open_id', '=', 'ou_y2').execute();
      const byMobile = await setProgramMember(db.db, { code: 'young', role: 'mentor', action: 'exclude', person: '+86 138-0013-8000' }, 'cli:test');
      expect(byMobile.person.name).toBe('青年乙');
      await setProgramMember(db.db, { code: 'young', role: 'mentor', action: 'clear', person: '13800138000' }, 'cli:test');
      await expect(setProgramMember(db.db, { code: 'young', role: 'boss', action: 'include', person: 'ou_y1' }, 'cli:test')).rejects.toMatchObject({ code: 'invalid_input' });
      await expect(setProgramMember(db.db, { code: 'nope', role: 'mentee', action: 'include', person: 'ou_y1' }, 'cli:test')).rejects.toMatchObject({ code: 'not_found' });
    });

    it('programsForCadre: every program a cadre is in, as what, and why', async () => {
      const y2 = await programsForCadre(db.db, id.ou_y2!, '2023-06-01');
      expect(y2.map((p) => [p.code, p.role, p.eligibility.eligible, p.status])).toEqual([
        ['young', 'mentee', false, 'running'],
        ['reverse', 'mentor', true, 'running'],
      ]);
      expect(y2[0]!.eligibility.reasons.map((r) => r.en).join('|')).toContain('more than 3 years before the start');

      const s1 = await programsForCadre(db.db, id.ou_s1!, '2024-01-01');
      expect(s1.map((p) => [p.code, p.role, p.status])).toEqual([['reverse', 'mentee', 'ended'], ['village', 'mentor', 'ended']]);

      const v1 = await programsForCadre(db.db, id.ou_v1!, '2023-01-01');
      expect(v1).toEqual([expect.objectContaining({ code: 'village', role: 'mentee', status: 'upcoming', batch: { number: 1, startDate: '2023-03-01', endDate: '2023-03-31' }, eligibility: expect.objectContaining({ eligible: true }) })]);

      // outside every scope and never included: nothing
      expect(await programsForCadre(db.db, id.ou_y4!, '2023-06-01')).toEqual([]);
    });

    it('programSummaries: pool sizes, capacity and batches per program', async () => {
      const s = await programSummaries(db.db);
      expect(s.map((p) => p.code)).toEqual(['young', 'reverse', 'village']);
      expect(s[0]).toMatchObject({ unitPath: TOWN, mentorPoolSize: 1, capacity: 5, menteeCandidates: 3, eligibleMentees: 1, batches: [] });
      expect(s[2]).toMatchObject({ menteeCandidates: 2, eligibleMentees: 1, batches: [{ number: 1, members: 1 }, { number: 3, members: 0 }] });
    });
  });
}
