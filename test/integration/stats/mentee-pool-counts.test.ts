import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/create-db';
import { addDays } from '../../../src/domain/iso-week';
import { ruleWindow } from '../../../src/domain/eligibility';
import { StatsRepository } from '../../../src/db/repositories/stats-repository';
import { menteePool, pool, poolMember } from '../../../src/services/programs';
import { menteePoolCounts } from '../../../src/services/statistics';
import { addCadres, ensureUnit } from '../../helpers/people';
import { BACKENDS } from '../../helpers/services';
import { openTestDb } from '../../helpers/test-db';

/**
 * 统计 counts each program's eligible mentees in SQL (the rule as date ranges) where the rest of the bot judges
 * them one by one in JS (menteePool). This roster is built to sit on every edge of the rule — born the day
 * before, on and after the 35th birthday, 29 February, hired exactly three years before, missing and future
 * dates, deactivated people, includes inside and outside the scope, excludes, batches with their own start
 * dates, co-located units with similar names — and the two must agree on every scope.
 */
const UNITS = ['武隆区', '武隆区/火炉镇', '武隆区/火炉镇/万峰村', '武隆区/火炉', '武隆区/白马镇', '武隆区/白马镇/鱼子村', '彭水县'];

// a small deterministic generator, so a failure names a roster that can be rebuilt
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`the eligible-mentee counts of 统计, and one person judged alone, agree with the pool judged in JS (${backend.name})`, () => {
    let db: Db;
    const programIds: number[] = [];
    const unitIds = new Map<string, number>();

    beforeAll(async () => {
      db = await openTestDb(backend.name);
      const tx = db.db;
      for (const path of UNITS) unitIds.set(path, await ensureUnit(tx, path));
      const rnd = random(20261129);
      const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
      const starts = ['2024-02-29', '2026-03-01', '2025-09-01'];
      const people = [];
      for (let i = 0; i < 400; i++) {
        const start = pick(starts);
        const born = pick([null, addDays(start, 3), ...[-1, 0, 1, 2].map((d) => addDays(ruleWindow('young_cadre', start).bornFrom!, d)), '1992-02-29', '1989-03-01', '1970-06-01']);
        const hired = pick([null, addDays(start, 10), ...[-1, 0, 1].map((d) => addDays(ruleWindow('young_cadre', start).hiredFrom!, d)), '2021-02-28', '2010-07-01']);
        people.push({
          openId: `ou_mpc_${i}`, name: `干部${i}`, unit: pick(UNITS.slice(1)), category: pick(['young', 'village', 'senior', 'leader_member'] as const),
          birthDate: born, hireDate: hired, active: rnd() > 0.08,
        });
      }
      const ids = await addCadres(tx, people);
      const program = (code: string, unit: string, rule: 'young_cadre' | 'village_young' | 'none', mentees: ('young' | 'village' | 'senior')[], start: string) =>
        tx.insertInto('programs').values({
          code, track: rule === 'village_young' ? 'village_secondment' : rule === 'none' ? 'reverse_mentoring' : 'young_mentoring', name_zh: code, name_en: code,
          start_date: start, unit_id: unitIds.get(unit)!, mentor_categories: ['leader_member'], mentee_categories: mentees, mentee_rule: rule,
        }).returning('id').executeTakeFirstOrThrow();
      const young = (await program('mpc-young', '武隆区', 'young_cadre', ['young'], '2026-03-01')).id;
      const village = (await program('mpc-village', '武隆区/火炉镇', 'village_young', ['village'], '2024-02-29')).id;
      const reverse = (await program('mpc-reverse', '武隆区/白马镇', 'none', ['senior'], '2025-09-01')).id;
      programIds.push(young, village, reverse);
      // batches with start dates of their own; a few people in two batches (the first by number counts)
      const b1 = (await tx.insertInto('secondment_batches').values({ program_id: village, number: 1, start_date: '2025-09-01', end_date: '2025-12-31' }).returning('id').executeTakeFirstOrThrow()).id;
      const b2 = (await tx.insertInto('secondment_batches').values({ program_id: village, number: 2, start_date: '2026-03-01', end_date: '2026-06-30' }).returning('id').executeTakeFirstOrThrow()).id;
      const members = ids.filter((_, i) => i % 3 === 0);
      await tx.insertInto('batch_members').values(members.map((id, i) => ({ batch_id: i % 2 ? b1 : b2, cadre_id: id }))).execute();
      // village cadres in both batches, born around the edge of either batch's start: only the first batch decides
      const edge = [-1, 0, 1].flatMap((d) => ['2025-09-01', '2026-03-01'].map((start) => addDays(ruleWindow('village_young', start).bornFrom!, d)));
      const twice = await addCadres(tx, edge.map((born, i) => ({ openId: `ou_mpc_twice_${i}`, name: `双批${i}`, unit: '武隆区/火炉镇/万峰村', category: 'village' as const, birthDate: born, active: true })));
      await tx.insertInto('batch_members').values(twice.flatMap((id) => [{ batch_id: b1, cadre_id: id }, { batch_id: b2, cadre_id: id }])).execute();
      // includes and excludes, some of them outside the program's unit or of another category
      const overrides = [];
      for (const [i, id] of ids.entries()) {
        if (i % 7 === 0) overrides.push({ program_id: pick(programIds), cadre_id: id, role: 'mentee' as const, mode: pick(['include', 'exclude'] as const), created_by: 'test' });
        if (i % 11 === 0) overrides.push({ program_id: pick(programIds), cadre_id: id, role: 'mentor' as const, mode: pick(['include', 'exclude'] as const), created_by: 'test' });
      }
      await tx.insertInto('program_overrides').values(overrides).onConflict((oc) => oc.doNothing()).execute();
      // active pairs for a third of the candidates (ended ones do not cover)
      for (const [i, id] of ids.entries()) {
        if (i % 3 !== 1) continue;
        await tx.insertInto('pairs').values({ program_id: pick(programIds), mentee_id: id, formed_by: 'assignment', status: i % 9 === 1 ? 'ended' : 'active', ...(i % 9 === 1 ? { ended_at: new Date('2026-05-01T00:00:00Z'), end_reason: 'completed' } : {}) }).execute();
      }
    });
    afterAll(async () => { await db?.close(); });

    it('for every program and every unit as the scope', async () => {
      const repo = new StatsRepository();
      let nonEmpty = 0;
      let coveredSeen = 0;
      for (const path of UNITS) {
        const scope = (await repo.unit(db.db, unitIds.get(path)!))!;
        for (const programId of programIds) {
          const judged = await menteePool(db.db, programId, { within: scope.path });
          const active = await db.db.selectFrom('pairs').select('mentee_id').where('program_id', '=', programId).where('status', '=', 'active').execute();
          const covered = new Set(active.map((p) => p.mentee_id));
          const expected = { eligible: judged.length, covered: judged.filter((e) => covered.has(e.cadreId)).length };
          expect(await menteePoolCounts(db.db, scope, programId), `program ${programId} within ${path}`).toEqual(expected);
          if (expected.eligible > 0) nonEmpty++;
          coveredSeen += expected.covered;
        }
      }
      // the roster really reaches into the pools (a comparison of empty sets proves nothing)
      expect(nonEmpty).toBeGreaterThan(10);
      expect(coveredSeen).toBeGreaterThan(10);
    });

    // A decision (接受, an assignment, a claim) asks about the one person who clicked or was named: poolMember
    // judges them alone and must say what the whole pool says, entry for entry.
    it('poolMember agrees with the whole pool for every person, program and role', async () => {
      const everyone = (await db.db.selectFrom('cadres').select('id').orderBy('id').execute()).map((r) => r.id);
      let inSome = 0;
      for (const programId of programIds) {
        for (const role of ['mentor', 'mentee'] as const) {
          const whole = new Map((await pool(db.db, programId, role)).map((e) => [e.cadreId, e]));
          inSome += whole.size;
          for (const id of everyone) {
            expect(await poolMember(db.db, programId, role, id), `cadre ${id}, program ${programId}, ${role}`).toEqual(whole.get(id));
          }
        }
      }
      expect(inSome).toBeGreaterThan(100);
    });
  });
}
