import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { freshDatabaseUrl } from '../../helpers/test-db';
import { missing } from '../../helpers/services';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));
const admin = (args: string[], env: Record<string, string>) =>
  run(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env } }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
  );

// Each step starts the CLI under tsx (seconds on a busy two-core machine).
describe.skipIf(missing('postgres'))('npm run admin -- migrate', { timeout: 90_000 }, () => {
  let db: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    db = await freshDatabaseUrl();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('applies the migrations once, then says there is nothing to apply', async () => {
    const first = await admin(['migrate'], { DATABASE_URL: db.url });
    expect(first).toMatchObject({ code: 0 });
    expect(first.out).toContain('0001_foundation');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query("select count(*)::int as n from information_schema.tables where table_name in ('units','cadres','inbox','outbox','job_runs','audit_log')");
    await client.end();
    expect(rows[0].n).toBe(6);
    const second = await admin(['migrate'], { DATABASE_URL: db.url });
    expect(second).toEqual({ code: 0, out: expect.stringContaining('nothing to apply') });
  });

  it('answers an unknown command with the usage and exit code 2', async () => {
    const r = await admin(['frobnicate'], { DATABASE_URL: db.url });
    expect(r.code).toBe(2);
    expect(r.out).toContain('unknown command "frobnicate"');
    expect(r.out).toContain('migrate');
  });

  it('names the variable when the configuration is wrong', async () => {
    const r = await admin(['migrate'], { DATABASE_URL: 'not a url' });
    expect(r.code).toBe(1);
    expect(r.out).toContain('DATABASE_URL');
  });
});
