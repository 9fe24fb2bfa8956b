import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missing } from '../../helpers/services';
import { freshDatabaseUrl } from '../../helpers/test-db';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../fixtures/roster/', import.meta.url));
const admin = (args: string[], env: Record<string, string>) =>
  run(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env } }).then(
    (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr }),
  );

// Each step starts the CLI under tsx (seconds on a busy two-core machine).
describe.skipIf(missing('postgres'))('npm run admin -- import-roster', { timeout: 90_000 }, () => {
  let db: { url: string; drop(): Promise<void> };
  let dir: string;
  const count = async (table: string) => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      return (await c.query(`select count(*)::int as n from ${table}`)).rows[0].n as number;
    } finally {
      await c.end();
    }
  };
  beforeAll(async () => {
    db = await freshDatabaseUrl();
    dir = mkdtempSync(join(tmpdir(), 'roster-cli-'));
  });
  afterAll(async () => {
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints every error with line and column and exits 1, writing nothing', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'open_id,姓名,单位,类别,需求,部门\nou_1,甲,武隆区,young,政策理论,x\n');
    const headerError = await admin(['import-roster', file], { DATABASE_URL: db.url });
    expect(headerError.code).toBe(1);
    expect(headerError.err).toContain('nothing was written');
    expect(headerError.err).toMatch(/line 1, column 部门: 未知列 unknown column/);

    const r = await admin(['import-roster', join(FIXTURES, 'one-bad-row.csv')], { DATABASE_URL: db.url });
    expect(r.code).toBe(1);
    expect(r.err).toContain('The roster has 1 error(s); nothing was written');
    expect(r.err).toContain('line 3, column birth_date: 日期不存在 no such date "1996-02-30"');
    expect(await count('cadres')).toBe(0);
    expect(await count('units')).toBe(0);
  });

  it('imports, then says "no changes"; playground mode reports mobiles it cannot look up', async () => {
    const ok = await admin(['import-roster', join(FIXTURES, 'huolu-zh.csv')], { DATABASE_URL: db.url });
    expect(ok).toMatchObject({ code: 0, err: '' });
    expect(ok.out).toContain('导入完成 Imported: 新建 created 5 · 更新 updated 0 · 未变 unchanged 0 · 停用 deactivated 0 · 恢复 reactivated 0 · 新单位 units created 6');
    expect(await count('cadres')).toBe(5);

    const again = await admin(['import-roster', join(FIXTURES, 'huolu-zh.csv')], { DATABASE_URL: db.url });
    expect(again.code).toBe(0);
    expect(again.out).toContain('无变化 No changes: 5 cadre(s) already up to date.');

    const file = join(dir, 'by-mobile.csv');
    writeFileSync(file, 'mobile,name,unit,category\n13800000001,手机甲,武隆区,young\n');
    const mobileOnly = await admin(['import-roster', file], { DATABASE_URL: db.url });
    expect(mobileOnly.code).toBe(0);
    expect(mobileOnly.out).toContain('新建 created 1');
    expect(mobileOnly.out).toContain('停用 deactivated 5');
    expect(mobileOnly.out).toContain('Playground mode (no LARK_APP_ID)');
    expect(mobileOnly.out).toMatch(/line 2: 手机甲 \(13800000001\)/);
  });

  it('answers a missing argument with the usage (exit 2) and a missing file with exit 1', async () => {
    expect(await admin(['import-roster'], { DATABASE_URL: db.url })).toMatchObject({ code: 2, err: expect.stringContaining('usage: npm run admin -- import-roster') });
    expect(await admin(['import-roster', join(dir, 'nope.csv')], { DATABASE_URL: db.url })).toMatchObject({ code: 1, err: expect.stringContaining('cannot read') });
  });
});
