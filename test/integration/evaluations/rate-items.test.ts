import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/create-db';
import type { EvaluationStatus } from '../../../src/db/database';
import type { Actor } from '../../../src/domain/actor';
import { CadreRepository } from '../../../src/db/repositories/cadre-repository';
import { EvaluationRepository } from '../../../src/db/repositories/evaluation-repository';
import { assessorsFor } from '../../../src/services/evaluation-people';
import { correctable, rateItems } from '../../../src/services/evaluation-view';
import { addCadres, ensureUnit, type TestPerson } from '../../helpers/people';
import { BACKENDS } from '../../helpers/services';
import { openTestDb } from '../../helpers/test-db';

/**
 * 我的 and 测评 list the ratings a person gives. The list is narrowed in SQL to what they could rate (a program
 * naming them; for an admin, the units they answer for) before the roster rule decides, so that someone who rates
 * nothing does not read the district's evaluations. The narrowing must never lose one: every person's list is
 * checked against the rule applied to every evaluation, one by one.
 */
const UNITS = ['武隆区', '武隆区/火炉镇', '武隆区/火炉镇/党政办', '武隆区/火炉', '武隆区/白马镇', '武隆区/白马镇/鱼子村', '彭水县'];

const person = (key: string, name: string, unit: string, extra: Partial<TestPerson> = {}): TestPerson => ({
  openId: `ou_rate_${key}`.padEnd(28, '0'), name, unit, category: 'leader_member', ...extra,
});
const people = {
  DA: person('da', '区委组织部干事', '武隆区', { roles: ['admin'] }),
  TA: person('ta', '火炉镇组织委员', '武隆区/火炉镇', { roles: ['admin'] }),
  TB: person('tb', '火炉镇党建办主任', '武隆区/火炉镇', { roles: ['admin'] }),
  FA: person('fa', '火炉社区管理员', '武隆区/火炉', { roles: ['admin', 'leader'] }),
  N: person('n', '项目评定人', '武隆区/白马镇'),
  NX: person('nx', '已调离的评定人', '武隆区/白马镇', { active: false }),
  L: person('l', '火炉镇书记', '武隆区/火炉镇', { roles: ['leader'] }),
  M: person('m', '普通导师', '武隆区/火炉镇/党政办'),
};

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`the ratings a person gives: narrowed in SQL, decided by the roster rule (${backend.name})`, () => {
    let db: Db;
    const actors = new Map<keyof typeof people, Actor>();
    const idsOf = (xs: { id: number }[] | { evaluation: { id: number } }[]) => xs.map((x) => ('evaluation' in x ? x.evaluation.id : x.id)).sort((a, b) => a - b);

    /** The rule applied to every evaluation in these statuses, one by one: what the narrowed list must equal. */
    async function byTheRule(actor: Actor, statuses: EvaluationStatus[]): Promise<{ id: number; quarter: string }[]> {
      const repo = new EvaluationRepository();
      const all = await db.db.selectFrom('evaluations').select('id').where('status', 'in', statuses).execute();
      const mine = [];
      for (const e of await repo.evaluations(db.db, all.map((r) => r.id))) {
        if ((await assessorsFor(db.db, e)).some((a) => a.cadreId === actor.cadreId)) mine.push(e);
      }
      return mine;
    }

    beforeAll(async () => {
      db = await openTestDb(backend.name);
      const tx = db.db;
      const unitIds = new Map<string, number>();
      for (const path of UNITS) unitIds.set(path, await ensureUnit(tx, path));
      const ids = await addCadres(tx, Object.values(people));
      const idOf = new Map(Object.values(people).map((p, i) => [p.openId, ids[i]!]));
      const cadres = new CadreRepository();
      for (const [key, p] of Object.entries(people)) {
        if (p.active === false) continue;
        actors.set(key as keyof typeof people, (await cadres.findActor(tx, p.openId))!);
      }
      const program = async (code: string, assessor: TestPerson | null) => (await tx.insertInto('programs').values({
        code, track: 'young_mentoring', name_zh: `项目${code}`, name_en: `Program ${code}`, start_date: '2024-01-01', end_date: null, unit_id: unitIds.get('武隆区')!,
        default_capacity: 3, mentor_categories: ['leader_member'], mentee_categories: ['young'], mentee_rule: 'young_cadre',
        eval_assessor_id: assessor ? idOf.get(assessor.openId)! : null,
      }).returning('id').executeTakeFirstOrThrow()).id;
      // the admins rate; a program names its own assessor; one names someone who has since left (→ the admins)
      const programs = [await program('rate_p1', null), await program('rate_p2', people.N), await program('rate_p3', people.NX)];
      const mentees = await addCadres(tx, UNITS.map((unit, i) => ({ openId: `ou_rate_e${i}`.padEnd(28, '0'), name: `培养对象${i}`, unit, category: 'young' as const })));
      for (const [n, programId] of programs.entries()) {
        for (const [i, unit] of UNITS.entries()) {
          const pairId = (await tx.insertInto('pairs').values({ program_id: programId, mentee_id: mentees[i]!, formed_by: 'assignment', formed_at: new Date('2026-01-05T10:00:00+08:00') })
            .returning('id').executeTakeFirstOrThrow()).id;
          await tx.insertInto('pair_mentors').values({ pair_id: pairId, mentor_id: idOf.get(people.M.openId)!, lead: true }).execute();
          for (const quarter of ['2026Q2', '2026Q3']) {
            await tx.insertInto('evaluations').values({
              pair_id: pairId, program_id: programId, quarter, mentee_unit_id: unitIds.get(unit)!, evidence: JSON.stringify({}),
              // the last quarter open or sent back; the one before approved or waiting for a leader
              status: quarter === '2026Q3' ? (['open', 'returned'] as const)[(n + i) % 2]! : (['approved', 'pending'] as const)[(n + i) % 2]!,
            }).execute();
          }
        }
      }
    });
    afterAll(async () => db?.close());

    it('each person rates exactly what the rule gives them, to rate and to correct', async () => {
      for (const [key, actor] of actors) {
        expect(idsOf(await rateItems(db.db, actor)), `${key} to rate`).toEqual(idsOf(await byTheRule(actor, ['open', 'returned'])));
        const approved = await byTheRule(actor, ['approved']);
        const latest = approved.map((e) => e.quarter).sort().at(-1);
        expect(idsOf(await correctable(db.db, actor)), `${key} to correct`).toEqual(idsOf(approved.filter((e) => e.quarter === latest)));
      }
    });

    it('who gets what: the nearest admins of the unit, the named assessor, the admins again when the named one has left', async () => {
      const units = async (key: keyof typeof people) => [...new Set((await rateItems(db.db, actors.get(key)!)).map((r) => `${r.evaluation.programNameZh} ${r.evaluation.menteeUnitPath}`))].sort();
      // the town's two admins share it and its office; a unit with a similar name is not theirs
      // (and a unit outside the district's tree, with no admin on its path: every admin answers for it)
      expect(await units('TA')).toEqual(['项目rate_p1 彭水县', '项目rate_p1 武隆区/火炉镇', '项目rate_p1 武隆区/火炉镇/党政办', '项目rate_p3 彭水县', '项目rate_p3 武隆区/火炉镇', '项目rate_p3 武隆区/火炉镇/党政办']);
      expect(await units('TB')).toEqual(await units('TA'));
      expect(await units('FA')).toEqual(['项目rate_p1 彭水县', '项目rate_p1 武隆区/火炉', '项目rate_p3 彭水县', '项目rate_p3 武隆区/火炉']);
      // the district admin: the district itself and the town without an admin of its own
      expect(await units('DA')).toEqual(['项目rate_p1 彭水县', '项目rate_p1 武隆区', '项目rate_p1 武隆区/白马镇', '项目rate_p1 武隆区/白马镇/鱼子村',
        '项目rate_p3 彭水县', '项目rate_p3 武隆区', '项目rate_p3 武隆区/白马镇', '项目rate_p3 武隆区/白马镇/鱼子村']);
      expect((await units('N')).length).toBe(UNITS.length);
      expect((await units('N')).every((u) => u.startsWith('项目rate_p2 '))).toBe(true);
      // a leader who is no admin and named by no program, and a plain mentor, rate nothing
      expect(await rateItems(db.db, actors.get('L')!)).toEqual([]);
      expect(await rateItems(db.db, actors.get('M')!)).toEqual([]);
    });
  });
}
