import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../helpers/test-db';
import { missing } from '../../helpers/services';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));

// Each call starts a process (~1–2 s under tsx), so the tests that make several get more time.
describe.skipIf(missing('postgres'))('npm run admin -- seed-demo / programs / program-set / batches / catalogue', { timeout: 90_000 }, () => {
  let db: { url: string; drop(): Promise<void> };
  const admin = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.url } }).then(
      (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr }),
    );

  beforeAll(async () => {
    db = await freshDatabaseUrl();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('seed-demo loads the demo, then says nothing changed', async () => {
    const first = await admin('seed-demo');
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toContain('Roster: 79 created');
    expect(first.out).toContain('Program huolu-young: created');
    const second = await admin('seed-demo');
    expect(second.code).toBe(0);
    expect(second.out).toContain('Nothing changed: the demo was already loaded.');
  });

  it('programs lists the three programs with pool sizes; programs <code> shows who and why', async () => {
    const list = await admin('programs');
    expect(list.code).toBe(0);
    expect(list.out).toContain('huolu-young');
    expect(list.out).toContain('mentors 12 (60 places) · mentees 21 eligible of 24 candidates');
    expect(list.out).toContain('batch 5: 2023-07-01 – 2023-07-31, 3 member(s)');
    const detail = await admin('programs', 'huolu-village');
    expect(detail.out).toMatch(/✗ 段国富.*\n.*\n.*2023-03-01 时 37 岁，已满 35 岁/);
    expect((await admin('programs', 'nope')).code).toBe(1);
  });

  it('program-set refuses bad input with exit 1 in both languages, and applies good input', async () => {
    const bad = await admin('program-set', 'huolu-young', 'default_capacity=0');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('导师容量应为 1 到 50 之间的整数');
    expect(bad.err).toContain('capacity must be a whole number from 1 to 50');
    expect((await admin('program-set', 'huolu-young')).code).toBe(2);
    const good = await admin('program-set', 'huolu-young', 'default_capacity=6');
    expect(good).toMatchObject({ code: 0, out: expect.stringContaining('default_capacity 5 → 6') });
  });

  it('program-member and batches take a name or an open_id', async () => {
    const inc = await admin('program-member', 'huolu-young', 'mentee', 'include', '康文杰');
    expect(inc.code).toBe(0);
    expect(inc.out).toContain('decided by the rules → included by hand');
    const moved = await admin('batches', 'huolu-village', 'assign', '2', 'ou_demo_village_01');
    expect(moved).toMatchObject({ code: 0, out: expect.stringContaining('moved from batch 1') });
    const overlap = await admin('batches', 'huolu-village', 'add', '6', '2023-07-31', '2023-07-31');
    expect(overlap.code).toBe(1);
    expect(overlap.err).toContain('overlaps batch 5');
  });

  it('catalogue: list, add, retire, with usage errors exiting 2', async () => {
    const list = await admin('catalogue', 'list');
    expect(list.out).toContain('政策理论 / Policy theory');
    const added = await admin('catalogue', 'add', 'party_building', 'ability', 'young;village', '基层党建', 'Grassroots', 'Party', 'building');
    expect(added).toMatchObject({ code: 0, out: expect.stringContaining('基层党建 / Grassroots Party building') });
    expect((await admin('catalogue', 'add', 'party_building', 'ability', 'young', '别名', 'x')).code).toBe(1);
    expect((await admin('catalogue', 'retire', 'party_building')).out).toContain('Retired party_building');
    expect((await admin('catalogue', 'frobnicate')).code).toBe(2);
  });
});
