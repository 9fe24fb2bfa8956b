import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/create-db';
import { addBatch, assignToBatch, listBatches, setProgramFields } from '../../../src/services/program-admin';
import { syncProgram } from '../../../src/services/sync-program';
import { addCatalogueItem, renameCatalogueItem, retireCatalogueItem } from '../../../src/services/catalogue';
import { CatalogueRepository } from '../../../src/db/repositories/catalogue-repository';
import { ProgramRepository } from '../../../src/db/repositories/program-repository';
import { openTestDb } from '../../helpers/test-db';
import { addCadres, ensureUnit } from '../../helpers/people';
import { BACKENDS } from '../../helpers/services';


const TOWN = '武隆区/火炉镇';

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`program and catalogue administration on ${backend.name}`, () => {
    let db: Db;
    const programs = new ProgramRepository();
    const audits = async (action: string) =>
      Number((await db.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).where('action', '=', action).executeTakeFirstOrThrow()).n);

    beforeAll(async () => {
      db = await openTestDb(backend.name);
      await ensureUnit(db.db, `${TOWN}/党政办`);
      await ensureUnit(db.db, '武隆区/江口镇');
      await addCadres(db.db, [
        { openId: 'ou_v1', name: '村干甲', unit: `${TOWN}/石梁村`, category: 'village', birthDate: '1988-04-15' },
        { openId: 'ou_v2', name: '村干乙', unit: `${TOWN}/石梁村`, category: 'village', birthDate: '1996-04-15' },
      ]);
      await db.db.transaction().execute(async (trx) => {
        await syncProgram(trx, { code: 'young', track: 'young_mentoring', nameZh: '导师引航', nameEn: 'Mentoring', unit: TOWN, startDate: '2023-02-01', endDate: null, defaultCapacity: 3 }, 'test');
        await syncProgram(trx, { code: 'village', track: 'village_secondment', nameZh: '挂职锻炼', nameEn: 'Secondment', unit: TOWN, startDate: '2023-03-01', endDate: '2023-07-31', defaultCapacity: 2 }, 'test');
      });
    });
    afterAll(async () => {
      await db?.close();
    });

    describe('program-set', () => {
      const set = (...a: string[]) => setProgramFields(db.db, 'young', a, 'cli:test');

      it.each([
        [['end_date=2023-01-31'], 'invalid_input', 'ends (2023-01-31) before it starts'],
        [['start_date=2023-02-30'], 'invalid_input', 'YYYY-MM-DD'],
        [['unit=武隆区/没有镇'], 'invalid_input', 'unknown unit path'],
        [['default_capacity=0'], 'invalid_input', 'from 1 to 50'],
        [['default_capacity=51'], 'invalid_input', 'from 1 to 50'],
        [['colour=red'], 'invalid_input', 'settable fields'],
        [['active=maybe'], 'invalid_input', 'true or false'],
      ])('%j is refused (%s) and nothing changes', async (args, code, en) => {
        await expect(set(...args)).rejects.toMatchObject({ code, text: { en: expect.stringContaining(en) } });
        expect(await programs.findByCode(db.db, 'young')).toMatchObject({ startDate: '2023-02-01', endDate: null, defaultCapacity: 3, unitPath: TOWN });
      });

      it('checks the fields together: a valid capacity next to a bad end date is not applied either', async () => {
        await expect(set('default_capacity=7', 'end_date=2020-01-01')).rejects.toMatchObject({ code: 'invalid_input' });
        expect((await programs.findByCode(db.db, 'young'))!.defaultCapacity).toBe(3);
      });

      it('applies valid changes in one go with one audit row, and a repeat is a no-op', async () => {
        const before = await audits('program.set');
        const r = await set('default_capacity=4', 'end_date=2023-12-31', 'unit=武隆区/江口镇', 'name_en=Young mentoring');
        expect(r.changes.map((c) => c.field).sort()).toEqual(['default_capacity', 'end_date', 'name_en', 'unit']);
        expect(await programs.findByCode(db.db, 'young')).toMatchObject({ defaultCapacity: 4, endDate: '2023-12-31', unitPath: '武隆区/江口镇', nameEn: 'Young mentoring' });
        expect(await audits('program.set')).toBe(before + 1);
        expect((await set('default_capacity=4')).changes).toEqual([]);
        expect(await audits('program.set')).toBe(before + 1);
        await set(`unit=${TOWN}`, 'end_date=none');
        expect((await programs.findByCode(db.db, 'young'))!.endDate).toBeNull();
      });
    });

    describe('batches', () => {
      it('adds batches inside the term and refuses overlaps, duplicates and other tracks', async () => {
        await addBatch(db.db, 'village', { number: '1', startDate: '2023-03-01', endDate: '2023-03-31' }, 'cli:test');
        await addBatch(db.db, 'village', { number: '3', startDate: '2023-05-01', endDate: '2023-05-31' }, 'cli:test');
        await expect(addBatch(db.db, 'village', { number: '2', startDate: '2023-03-31', endDate: '2023-04-30' }, 'cli:test')).rejects.toMatchObject({ text: { en: expect.stringContaining('overlaps batch 1') } });
        await expect(addBatch(db.db, 'village', { number: '1', startDate: '2023-06-01', endDate: '2023-06-30' }, 'cli:test')).rejects.toMatchObject({ code: 'conflict' });
        await expect(addBatch(db.db, 'village', { number: '6', startDate: '2023-07-15', endDate: '2023-08-14' }, 'cli:test')).rejects.toMatchObject({ text: { en: expect.stringContaining("outside the program's term") } });
        await expect(addBatch(db.db, 'village', { number: 'two', startDate: '2023-06-01', endDate: '2023-06-30' }, 'cli:test')).rejects.toMatchObject({ code: 'invalid_input' });
        await expect(addBatch(db.db, 'young', { number: '1', startDate: '2023-06-01', endDate: '2023-06-30' }, 'cli:test')).rejects.toMatchObject({ text: { en: expect.stringContaining('not a secondment program') } });
        expect((await listBatches(db.db, 'village')).batches.map((b) => b.number)).toEqual([1, 3]);
      });

      it('a program term change that would strand a batch is refused', async () => {
        await expect(setProgramFields(db.db, 'village', ['start_date=2023-03-15'], 'cli:test')).rejects.toMatchObject({ text: { en: expect.stringContaining('batch 1') } });
      });

      it('assigns a cadre to one batch at a time and judges them on that batch start date', async () => {
        const first = await assignToBatch(db.db, 'village', { number: '1', person: '村干甲' }, 'cli:test');
        expect(first).toMatchObject({ unchanged: false, movedFrom: undefined, eligibility: { eligible: true } });
        // born 1988-04-15: 34 on 2023-03-01, 35 on 2023-05-01
        const moved = await assignToBatch(db.db, 'village', { number: '3', person: 'ou_v1' }, 'cli:test');
        expect(moved).toMatchObject({ movedFrom: 1, eligibility: { eligible: false } });
        expect(moved.eligibility.reasons.map((r) => r.zh).join('|')).toContain('2023-05-01 时 35 岁，已满 35 岁');
        expect((await assignToBatch(db.db, 'village', { number: '3', person: 'ou_v1' }, 'cli:test')).unchanged).toBe(true);
        const view = await listBatches(db.db, 'village');
        expect(view.batches.map((b) => b.members.map((m) => m.name))).toEqual([[], ['村干甲']]);
        await expect(assignToBatch(db.db, 'village', { number: '9', person: 'ou_v2' }, 'cli:test')).rejects.toMatchObject({ code: 'not_found' });
        expect(await audits('program.batch_assign')).toBe(2);
      });
    });

    describe('catalogue', () => {
      const catalogue = new CatalogueRepository();

      it('lists the seeded menu in order, by kind and track, and finds by code or Chinese name', async () => {
        const abilities = await catalogue.listActive(db.db, { kind: 'ability' });
        expect(abilities[0]).toMatchObject({ code: 'policy_theory', nameZh: '政策理论' });
        expect((await catalogue.listActive(db.db, { track: 'reverse', kind: 'ability' })).map((i) => i.code)).toEqual(['official_writing', 'word', 'excel', 'ppt', 'office_software']);
        expect((await catalogue.findByCodeOrName(db.db, '公文写作'))?.code).toBe('official_writing');
        expect((await catalogue.findByCodeOrName(db.db, 'EXCEL'))?.nameZh).toBe('Excel 表格操作');
        expect(await catalogue.findByCodeOrName(db.db, '不存在')).toBeUndefined();
      });

      it('adds an item at the end of the menu, refusing a taken code or name and an unknown kind', async () => {
        const item = await addCatalogueItem(db.db, { code: 'party_building', kind: 'ability', tracks: 'young;village', nameZh: '基层党建', nameEn: 'Grassroots Party building' }, 'cli:test');
        const all = await catalogue.listActive(db.db);
        expect(all.at(-1)).toEqual(item);
        expect(item.tracks).toEqual(['young', 'village']);
        await expect(addCatalogueItem(db.db, { code: 'party_building', kind: 'ability', tracks: 'young', nameZh: '别的', nameEn: 'x' }, 'cli:test')).rejects.toMatchObject({ code: 'conflict' });
        await expect(addCatalogueItem(db.db, { code: 'other_code', kind: 'ability', tracks: 'young', nameZh: '公文写作', nameEn: 'x' }, 'cli:test')).rejects.toMatchObject({ code: 'conflict', text: { en: expect.stringContaining('official_writing') } });
        await expect(addCatalogueItem(db.db, { code: 'other_code', kind: 'skill', tracks: 'young', nameZh: '新的', nameEn: 'x' }, 'cli:test')).rejects.toMatchObject({ code: 'invalid_input' });
        await expect(addCatalogueItem(db.db, { code: 'Bad Code', kind: 'ability', tracks: 'young', nameZh: '新的', nameEn: 'x' }, 'cli:test')).rejects.toMatchObject({ code: 'invalid_input' });
        expect(await audits('catalogue.add')).toBe(1);
      });

      it('renames an item, refusing a name another item has', async () => {
        expect(await renameCatalogueItem(db.db, 'party_building', { nameZh: '党建引领', nameEn: 'Party leadership' }, 'cli:test')).toMatchObject({ nameZh: '党建引领', nameEn: 'Party leadership' });
        await expect(renameCatalogueItem(db.db, 'party_building', { nameZh: '政策理论' }, 'cli:test')).rejects.toMatchObject({ code: 'conflict' });
      });

      it('retires an item: off the menu, kept by the cadres who hold it, never deleted', async () => {
        const [cadreId] = await addCadres(db.db, [{ openId: 'ou_holder', name: '持有人', category: 'senior' }]);
        const word = (await catalogue.findByCodeOrName(db.db, 'word'))!;
        await db.db.insertInto('cadre_needs').values({ cadre_id: cadreId!, item_id: word.id, rank: 1 }).execute();
        const r = await retireCatalogueItem(db.db, 'word', 'cli:test');
        expect(r).toMatchObject({ alreadyRetired: false, holders: { needs: 1, strengths: 0 }, item: { active: false } });
        expect((await catalogue.listActive(db.db)).map((i) => i.code)).not.toContain('word');
        expect(await catalogue.findByCodeOrName(db.db, 'word')).toBeUndefined();
        expect(await catalogue.findByCodeOrName(db.db, 'Word 文档操作', { includeRetired: true })).toMatchObject({ code: 'word', active: false });
        expect(await db.db.selectFrom('cadre_needs').select('item_id').where('cadre_id', '=', cadreId!).execute()).toEqual([{ item_id: word.id }]);
        expect((await retireCatalogueItem(db.db, 'word', 'cli:test')).alreadyRetired).toBe(true);
        expect(await audits('catalogue.retire')).toBe(1);
        await expect(retireCatalogueItem(db.db, 'no_such', 'cli:test')).rejects.toMatchObject({ code: 'not_found' });
      });
    });
  });
}
