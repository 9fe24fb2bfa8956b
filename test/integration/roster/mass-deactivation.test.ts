import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/create-db';
import { importRoster } from '../../../src/services/import-roster';
import { openTestDb } from '../../helpers/test-db';
import { imported, importText, noLark, rowCounts, TODAY } from './roster-test-kit';

const header = 'open_id,name,unit,category\n';
const person = (i: number) => `ou_mass_${String(i).padStart(4, '0')},干部${i},武隆区/火炉镇/党政办,young\n`;
const roster = (from: number, to: number) => header + Array.from({ length: to - from + 1 }, (_, k) => person(from + k)).join('');

describe('a file that would deactivate much of the roster', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb('pglite');
    await imported(db.db, roster(1, 30));
  });
  afterAll(async () => {
    await db?.close();
  });

  it('is refused with an explanation, and nothing changes', async () => {
    const before = await rowCounts(db.db);
    const r = await importText(db.db, roster(1, 3));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.reason).toContain('停用 27 人');
    expect(r.errors[0]!.reason).toContain('--deactivate-missing');
    expect(await rowCounts(db.db)).toEqual(before);
    const active = await db.db.selectFrom('cadres').select('id').where('active', '=', true).execute();
    expect(active).toHaveLength(30);
  });

  it('allows a few people to leave without any flag', async () => {
    const r = await imported(db.db, roster(1, 26));
    expect(r.counts.deactivated).toBe(4);
  });

  it('goes through when the admin says it is meant', async () => {
    const r = await importRoster({ db: db.db, messenger: noLark, file: { name: 'roster.csv', bytes: Buffer.from(roster(1, 3)) }, today: TODAY, allowMassDeactivation: true });
    expect(r.ok && r.counts.deactivated).toBe(23);
  });
});
