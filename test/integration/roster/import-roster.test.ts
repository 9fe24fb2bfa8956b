import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/create-db';
import { formatRosterError } from '../../../src/roster/roster-error';
import { BACKENDS } from '../../helpers/services';
import { openTestDb } from '../../helpers/test-db';
import { cadresByOpenId, fixture, imported, importText, needCodes, resetRoster, rowCounts } from './roster-test-kit';


const HUOLU = fixture('huolu-zh.csv');
const huoluText = HUOLU.toString('utf8');

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`import-roster on ${backend.name}`, () => {
    let db: Db;
    beforeAll(async () => {
      db = await openTestDb(backend.name);
    });
    beforeEach(async () => {
      await resetRoster(db.db);
    });
    afterAll(async () => {
      await db?.close();
    });

    it('imports a CSV with BOM, CRLF and Chinese headers: units tree, cadres, needs by rank, strengths, audit', async () => {
      const r = await imported(db.db, HUOLU, 'huolu-zh.csv');
      expect(r).toEqual({ ok: true, unchanged: false, unresolved: [], pairsEnded: 0, counts: { created: 5, updated: 0, unchanged: 0, deactivated: 0, reactivated: 0, unitsCreated: 6 } });

      const units = await db.db.selectFrom('units').select(['id', 'parent_id', 'name', 'path', 'depth']).orderBy('path').execute();
      const byPath = new Map(units.map((u) => [u.path, u]));
      expect(units.map((u) => [u.path, u.depth])).toEqual([
        ['武隆区', 0], ['武隆区/火炉镇', 1], ['武隆区/火炉镇/党委', 2], ['武隆区/火炉镇/党政办', 2], ['武隆区/火炉镇/农业服务中心', 2], ['武隆区/火炉镇/石梁村', 2],
      ]);
      expect(byPath.get('武隆区')!.parent_id).toBeNull();
      expect(byPath.get('武隆区/火炉镇/石梁村')).toMatchObject({ name: '石梁村', parent_id: byPath.get('武隆区/火炉镇')!.id });

      const cadres = await cadresByOpenId(db.db);
      expect(cadres.get('ou_t_admin')).toMatchObject({ name: '林晓岚', path: '武隆区/火炉镇/党政办', category: 'other', birth_date: '1985-03-12', hire_date: '2009-07-01', roles: ['admin'], active: true });
      expect(cadres.get('ou_t_leader')).toMatchObject({ category: 'leader_member', roles: ['leader'] });
      expect(cadres.get('ou_t_senior')).toMatchObject({ name: '邓守仁', category: 'senior', hire_date: null, roles: [] });
      expect(cadres.get('ou_t_village')).toMatchObject({ category: 'village' });

      expect(await needCodes(db.db)).toEqual({
        ou_t_young: ['emergency_response', 'policy_theory', 'official_writing'],
        ou_t_senior: ['excel', 'ppt'],
        ou_t_village: ['mass_work', 'driving_development', 'rural_governance'],
      });
      expect(await needCodes(db.db, 'cadre_strengths')).toEqual({
        ou_t_admin: ['office_software', 'official_writing'], ou_t_leader: ['decision_making', 'policy_theory'], ou_t_young: ['word'],
      });
      const audit = await db.db.selectFrom('audit_log').select(['action', 'target', 'detail']).execute();
      expect(audit).toEqual([{ action: 'roster.import', target: 'huolu-zh.csv', detail: expect.objectContaining({ file: 'huolu-zh.csv', counts: r.counts }) }]);
    });

    it('re-importing the same file changes nothing and says so', async () => {
      await imported(db.db, HUOLU, 'huolu-zh.csv');
      const before = await cadresByOpenId(db.db);
      const needsBefore = await needCodes(db.db);
      const again = await imported(db.db, HUOLU, 'huolu-zh.csv');
      expect(again).toEqual({ ok: true, unchanged: true, unresolved: [], pairsEnded: 0, counts: { created: 0, updated: 0, unchanged: 5, deactivated: 0, reactivated: 0, unitsCreated: 0 } });
      const after = await cadresByOpenId(db.db);
      for (const [k, row] of before) expect(after.get(k)!.updated_at).toEqual(row.updated_at);
      expect(await needCodes(db.db)).toEqual(needsBefore);
    });

    it('writes nothing when one row among good ones is bad', async () => {
      await imported(db.db, HUOLU, 'huolu-zh.csv');
      const before = await rowCounts(db.db);
      const r = await importText(db.db, fixture('one-bad-row.csv'), 'one-bad-row.csv');
      expect(r.ok === false && r.errors.map(formatRosterError)).toEqual(['line 3, column birth_date: 日期不存在 no such date "1996-02-30"']);
      expect(await rowCounts(db.db)).toEqual(before);
      expect([...(await cadresByOpenId(db.db)).values()].every((c) => c.active)).toBe(true);
    });

    it('a changed file: exact counts and active flags, then the old file reactivates', async () => {
      await imported(db.db, HUOLU, 'huolu-zh.csv');
      const changed = huoluText
        .replace(/\r\nou_t_village[^\r]*/, '') // left
        .replace('ou_t_young,许一帆,武隆区/火炉镇/党政办', 'ou_t_young,许一帆,武隆区/火炉镇/经济发展办') // moved
        .concat('ou_t_new,冉新,武隆区/火炉镇/党政办,young,2000-01-01,2024-06-01,,,\r\n'); // joined
      const r1 = await imported(db.db, changed);
      expect(r1.counts).toEqual({ created: 1, updated: 1, unchanged: 3, deactivated: 1, reactivated: 0, unitsCreated: 1 });
      let cadres = await cadresByOpenId(db.db);
      expect(Object.fromEntries([...cadres].map(([k, c]) => [k, c.active]))).toEqual({
        ou_t_admin: true, ou_t_leader: true, ou_t_young: true, ou_t_senior: true, ou_t_village: false, ou_t_new: true,
      });
      expect(cadres.get('ou_t_young')!.path).toBe('武隆区/火炉镇/经济发展办');
      // needs of the deactivated cadre are kept: deactivation is not deletion
      expect((await needCodes(db.db)).ou_t_village).toHaveLength(3);

      const r2 = await imported(db.db, HUOLU);
      expect(r2.counts).toEqual({ created: 0, updated: 1, unchanged: 3, deactivated: 1, reactivated: 1, unitsCreated: 0 });
      cadres = await cadresByOpenId(db.db);
      expect(cadres.get('ou_t_village')!.active).toBe(true);
      expect(cadres.get('ou_t_new')!.active).toBe(false);
      expect(await db.db.selectFrom('units').select('path').where('path', '=', '武隆区/火炉镇/经济发展办').executeTakeFirst()).toBeDefined();
    });

    it('replaces needs in the new order when the column is there, and leaves them alone when it is not', async () => {
      await imported(db.db, HUOLU);
      const reordered = huoluText.replace('应急处突;政策理论;公文写作', 'official_writing;应急处突');
      expect((await imported(db.db, reordered)).counts).toMatchObject({ updated: 1, unchanged: 4 });
      expect((await needCodes(db.db)).ou_t_young).toEqual(['official_writing', 'emergency_response']);
      const ranks = await db.db.selectFrom('cadre_needs').innerJoin('cadres', 'cadres.id', 'cadre_needs.cadre_id').select('rank').where('open_id', '=', 'ou_t_young').orderBy('rank').execute();
      expect(ranks.map((x) => x.rank)).toEqual([1, 2]);

      const withoutNeeds = '飞书ID,姓名,单位,类别\n' + ['ou_t_admin,林晓岚,武隆区/火炉镇/党政办,其他', 'ou_t_leader,周立群,武隆区/火炉镇/党委,班子成员', 'ou_t_young,许一帆,武隆区/火炉镇/党政办,年轻干部', 'ou_t_senior,邓守仁,武隆区/火炉镇/农业服务中心,中老年干部', 'ou_t_village,蒲小川,武隆区/火炉镇/石梁村,村社干部'].join('\n');
      const r = await imported(db.db, withoutNeeds);
      expect(r.unchanged).toBe(true);
      expect((await needCodes(db.db)).ou_t_young).toEqual(['official_writing', 'emergency_response']);
      expect((await cadresByOpenId(db.db)).get('ou_t_admin')!.birth_date).toBe('1985-03-12');
    });

    it('moves mobiles between cadres (a swap, and one taken from a cadre who left) despite the unique index', async () => {
      const head = 'open_id,mobile,email,name,unit,category\n';
      await imported(db.db, `${head}ou_a,13800000001,,甲,武隆区,young\nou_b,13800000002,,乙,武隆区,young\nou_c,13800000003,c@x.cn,丙,武隆区,young\nou_d,,,丁,武隆区,young\n`);
      const r = await imported(db.db, `${head}ou_a,13800000002,,甲,武隆区,young\nou_b,+86 13800000001,,乙,武隆区,young\nou_d,13800000003,,丁,武隆区,young\n`);
      expect(r.counts).toMatchObject({ created: 0, updated: 3, deactivated: 1 });
      const cadres = await cadresByOpenId(db.db);
      expect([...cadres.values()].map((c) => [c.open_id, c.mobile, c.email, c.active])).toEqual([
        ['ou_a', '13800000002', null, true], ['ou_b', '13800000001', null, true], ['ou_c', null, 'c@x.cn', false], ['ou_d', '13800000003', null, true],
      ]);
    });

    it('an identity clash with the database is reported by line and writes nothing', async () => {
      const head = 'open_id,mobile,name,unit,category\n';
      await imported(db.db, `${head}ou_a,13800000001,甲,武隆区,young\n`);
      const before = await rowCounts(db.db);
      const r = await importText(db.db, `${head}ou_z,13800000009,新,武隆区/新镇,young\nou_b,13800000001,乙,武隆区,young\n`);
      expect(r.ok === false && r.errors.map(formatRosterError)).toEqual([
        'line 3, column mobile: 身份冲突 identity conflict: this mobile belongs to 甲 (ou_a) in the database, but this line is ou_b',
      ]);
      expect(await rowCounts(db.db)).toEqual(before);
    });

    it('imports the first sheet of an .xlsx with real date cells; reports sheet rows on error', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('名册');
      ws.addRow(['飞书ID', 'Name', '单位', 'category', '出生日期', 'hire_date', 'email', '需求']);
      ws.addRow(['ou_x_1', '张三', '武隆区/火炉镇/党政办', '年轻干部', new Date(Date.UTC(1996, 1, 29)), '2020-09-01', { text: 'Zhang@Huolu.gov', hyperlink: 'mailto:Zhang@Huolu.gov' }, '调查研究;政策理论']);
      ws.addRow([]);
      ws.addRow(['ou_x_2', '李四', '武隆区/火炉镇/党委', 'senior', new Date(Date.UTC(1968, 10, 2)), new Date(Date.UTC(1990, 8, 1)), null, null]);
      wb.addWorksheet('备注').addRow(['not read']);
      const bytes = Buffer.from(await wb.xlsx.writeBuffer());

      const r = await imported(db.db, bytes, 'roster.xlsx');
      expect(r.counts).toMatchObject({ created: 2, unitsCreated: 4 });
      const cadres = await cadresByOpenId(db.db);
      expect(cadres.get('ou_x_1')).toMatchObject({ name: '张三', birth_date: '1996-02-29', hire_date: '2020-09-01', email: 'zhang@huolu.gov', category: 'young' });
      expect(cadres.get('ou_x_2')).toMatchObject({ birth_date: '1968-11-02', hire_date: '1990-09-01' });
      expect((await needCodes(db.db)).ou_x_1).toEqual(['research', 'policy_theory']);

      ws.getRow(4).getCell(5).value = new Date(Date.UTC(2031, 0, 1));
      ws.getRow(4).getCell(3).value = '';
      const bad = await importText(db.db, Buffer.from(await wb.xlsx.writeBuffer()), 'roster.xlsx');
      expect(bad.ok === false && bad.errors.map(formatRosterError)).toEqual([
        'line 4, column 单位: 单位为空 unit is required',
        'line 4, column 出生日期: 日期在未来 date "2031-01-01" is in the future (today is 2024-06-15)',
      ]);
    });

    it('refuses a file that is not a readable .xlsx, and an empty file, writing nothing', async () => {
      const before = await rowCounts(db.db);
      const notXlsx = await importText(db.db, 'a,b\n', 'roster.xlsx');
      expect(notXlsx.ok === false && notXlsx.errors.map(formatRosterError)).toEqual([expect.stringMatching(/^line 1: .*not a readable \.xlsx file/)]);
      const empty = await importText(db.db, '\uFEFF', 'roster.csv');
      expect(empty.ok === false && empty.errors).toHaveLength(1);
      expect(await rowCounts(db.db)).toEqual(before);
    });
  });
}
