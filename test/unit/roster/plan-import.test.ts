import { describe, expect, it } from 'vitest';
import type { ExistingCadre } from '../../../src/roster/cadre-state';
import { parseRoster } from '../../../src/roster/parse-roster';
import { planImport } from '../../../src/roster/plan-import';
import { formatRosterError } from '../../../src/roster/roster-error';
import type { Resolution } from '../../../src/roster/resolve-identities';
import { catalogue, TODAY } from './catalogue-fixture';

async function roster(text: string) {
  const r = await parseRoster(Buffer.from(text), 'r.csv', { catalogue, today: TODAY });
  if (!r.ok) throw new Error(r.errors.map(formatRosterError).join('\n'));
  return r.roster;
}

const cadre = (id: number, over: Partial<ExistingCadre>): ExistingCadre => ({
  id, openId: null, mobile: null, email: null, name: `c${id}`, unitPath: '武隆区', category: 'young', birthDate: null, hireDate: null,
  roles: [], needs: [], strengths: [], active: true, ...over,
});

const none = new Map<number, Resolution>();

describe('planImport', () => {
  it('matches by open_id, else mobile, else email; counts created/updated/unchanged/deactivated/reactivated', async () => {
    const r = await roster('open_id,mobile,email,name,unit,category\n' +
      'ou_1,,,c1,武隆区,young\n' + // unchanged
      ',13800000002,,c2 renamed,武隆区,young\n' + // updated, by mobile
      ',,C3@X.CN,c3,武隆区,young\n' + // reactivated, by email
      'ou_new,,,new,武隆区/新单位,other\n'); // created
    const existing = [
      cadre(1, { openId: 'ou_1' }), cadre(2, { mobile: '13800000002', openId: 'ou_2' }), cadre(3, { email: 'c3@x.cn', active: false }),
      cadre(4, { openId: 'ou_4' }), cadre(5, { openId: 'ou_5', active: false }),
    ];
    const p = planImport(r, none, existing);
    if (!p.ok) throw new Error('plan failed');
    expect(p.plan.counts).toEqual({ created: 1, updated: 1, unchanged: 1, deactivated: 1, reactivated: 1 });
    expect(p.plan.deactivate).toEqual([4]);
    expect(p.plan.reactivate).toEqual([3]);
    expect(p.plan.updates.map((u) => [u.id, u.state.name, u.state.openId])).toEqual([[2, 'c2 renamed', 'ou_2']]);
    expect(p.plan.creates.map((c) => c.openId)).toEqual(['ou_new']);
    expect(p.plan.unitPaths).toEqual(['武隆区', '武隆区/新单位']);
    expect(p.plan.unresolved).toEqual([{ line: 4, name: 'c3', identity: 'c3@x.cn' }]);
  });

  it('leaves data of absent columns alone and clears it for present empty cells', async () => {
    const existing = [cadre(1, { openId: 'ou_1', birthDate: '1990-01-01', roles: ['admin'], needs: [2, 1], strengths: [3], mobile: '13800000001' })];
    const absent = planImport(await roster('open_id,name,unit,category\nou_1,c1,武隆区,young\n'), none, existing);
    expect(absent.ok && absent.plan.counts.unchanged).toBe(1);
    const cleared = planImport(await roster('open_id,name,unit,category,birth_date,roles,needs,strengths,mobile\nou_1,c1,武隆区,young,,,,,\n'), none, existing);
    if (!cleared.ok) throw new Error('plan failed');
    expect(cleared.plan.updates).toEqual([{
      id: 1, rowChanged: true, needsChanged: true, strengthsChanged: true,
      state: expect.objectContaining({ birthDate: null, roles: [], needs: [], strengths: [], mobile: null }),
    }]);
  });

  it('a needs-only change is an update of needs, not of the cadre row; order matters', async () => {
    const existing = [cadre(1, { openId: 'ou_1', needs: [1, 2] })];
    const p = planImport(await roster('open_id,name,unit,category,needs\nou_1,c1,武隆区,young,调查研究;政策理论\n'), none, existing);
    expect(p.ok && p.plan.updates).toEqual([{ id: 1, rowChanged: false, needsChanged: true, strengthsChanged: false, state: expect.objectContaining({ needs: [2, 1] }) }]);
  });

  it('links a cadre found by mobile to the open_id Lark gave, and never drops a known open_id', async () => {
    const r = await roster('mobile,name,unit,category\n13800000001,c1,武隆区,young\n13800000002,c2,武隆区,young\n');
    const existing = [cadre(1, { mobile: '13800000001' }), cadre(2, { mobile: '13800000002', openId: 'ou_2' })];
    const p = planImport(r, new Map([[2, { openId: 'ou_1', via: 'mobile' }]]), existing);
    if (!p.ok) throw new Error('plan failed');
    expect(p.plan.updates.map((u) => [u.id, u.state.openId])).toEqual([[1, 'ou_1']]);
    expect(p.plan.counts).toMatchObject({ updated: 1, unchanged: 1 });
    expect(p.plan.unresolved).toEqual([]);
  });

  it('refuses two lines that are one Lark user or one cadre, and a mobile whose cadre has another open_id', async () => {
    const r = await roster('open_id,mobile,email,name,unit,category\nou_1,,,a,武隆区,young\n,13800000009,,b,武隆区,young\n,13800000001,,c,武隆区,young\nou_x,,x@x.cn,d,武隆区,young\n');
    const existing = [cadre(1, { openId: 'ou_1', mobile: '13800000001' }), cadre(2, { openId: 'ou_2', email: 'x@x.cn' })];
    const p = planImport(r, new Map([[3, { openId: 'ou_1', via: 'mobile' }]]), existing);
    expect(!p.ok && p.errors.map(formatRosterError)).toEqual([
      'line 3, column mobile: 重复人员 duplicate person: Lark says this is the same user (ou_1) as line 2',
      "line 4, column mobile: 重复人员 duplicate person: this mobile is c1's in the database, the same cadre as line 2",
      'line 5, column email: 身份冲突 identity conflict: this email belongs to c2 (ou_2) in the database, but this line is ou_x',
    ]);
  });

  it('moves a mobile from a cadre who keeps another identity; refuses to strip the only identity', async () => {
    const existing = [cadre(1, { openId: 'ou_1' }), cadre(2, { openId: 'ou_2', mobile: '13800000001' }), cadre(3, { mobile: '13800000003' })];
    const moved = planImport(await roster('open_id,mobile,name,unit,category\nou_1,13800000001,c1,武隆区,young\n'), none, existing);
    expect(moved.ok && moved.plan.releases).toEqual([{ id: 2, mobile: true, email: false }]);
    expect(moved.ok && moved.plan.deactivate).toEqual([2, 3]);
    const stripped = planImport(await roster('open_id,mobile,name,unit,category\nou_1,13800000003,c1,武隆区,young\n'), none, existing);
    expect(!stripped.ok && stripped.errors.map(formatRosterError)).toEqual([expect.stringMatching(/^line 2, column mobile: 身份冲突 identity conflict: 13800000003 is how the database knows c3/)]);
  });
});
