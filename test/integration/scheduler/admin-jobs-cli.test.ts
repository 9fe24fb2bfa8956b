import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createDb, type Db } from '../../../src/db/create-db';
import { migrateToLatest } from '../../../src/db/migrate';
import { freshDatabaseUrl, quietLogger } from '../../helpers/test-db';
import { missing } from '../../helpers/services';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));

// Each step starts the CLI under tsx (seconds on a busy two-core machine).
describe.skipIf(missing('postgres'))('npm run admin -- jobs / run-job', { timeout: 90_000 }, () => {
  let fresh: { url: string; drop(): Promise<void> };
  let db: Db;
  const admin = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { PATH: process.env.PATH ?? '', DATABASE_URL: fresh.url } }).then(
      (r) => ({ code: 0, out: r.stdout + r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
    );

  beforeAll(async () => {
    fresh = await freshDatabaseUrl();
    db = await createDb({ databaseUrl: fresh.url, logger: quietLogger });
    await migrateToLatest(db.db);
    // What purge-inbox must delete, and what it must keep.
    const inbox = (key: string, status: string, days: number) =>
      sql`insert into inbox (dedupe_key, event_id, event_type, payload, status, received_at)
          values (${key}, ${key}, 'im.message.receive_v1', '{}'::jsonb, ${status}, now() - make_interval(days => ${days}))`.execute(db.db);
    await inbox('msg:old-done', 'done', 9);
    await inbox('msg:old-inline', 'inline', 9);
    await inbox('msg:old-failed', 'failed', 9);
    await inbox('msg:old-pending', 'pending', 9);
    await inbox('msg:recent-done', 'done', 7);
    const outbox = (key: string, status: string, days: number) =>
      sql`insert into outbox (kind, receive_id_type, receive_id, msg_type, content, dedupe_key, status, created_at, sent_at)
          values ('send', 'open_id', 'ou_x', 'text', '{}'::jsonb, ${key}, ${status}, now() - make_interval(days => ${days}),
                  case when ${status} = 'sent' then now() - make_interval(days => ${days}) end)`.execute(db.db);
    await outbox('old-sent', 'sent', 31);
    await outbox('old-failed', 'failed', 31);
    await outbox('old-pending', 'pending', 31);
    await outbox('recent-sent', 'sent', 29);
  });
  afterAll(async () => {
    await db?.close();
    await fresh?.drop();
  });

  it('lists every job with its schedule and next occurrence, and "never" before a run', async () => {
    const r = await admin('jobs');
    expect(r.code).toBe(0);
    expect(r.out).toContain('purge-inbox');
    expect(r.out).toContain('cron 30 3 * * * (Asia/Shanghai) · calendar all · catch-up 20 h');
    expect(r.out).toMatch(/next \d{4}-\d{2}-\d{2} 03:30 (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \(Asia\/Shanghai\)/);
    expect(r.out).toContain('last never');
  });

  it('run-job runs one occurrence once: the second run of the same --at says so and writes nothing', async () => {
    const first = await admin('run-job', 'purge-inbox', '--at', '2024-10-11T03:30');
    expect(first.code).toBe(0);
    expect(first.out).toContain('Ran purge-inbox for 2024-10-11 03:30 Fri (Asia/Shanghai, 2024-10-10T19:30:00.000Z) (late): queued 0 message(s)');
    const keys = async (table: 'inbox' | 'outbox') => (await db.db.selectFrom(table).select('dedupe_key').orderBy('dedupe_key').execute()).map((r) => r.dedupe_key);
    expect(await keys('inbox')).toEqual(['msg:old-pending', 'msg:recent-done']);
    expect(await keys('outbox')).toEqual(['old-pending', 'recent-sent']);

    await sql`insert into inbox (dedupe_key, event_id, event_type, payload, status, received_at)
              values ('msg:old-done-2', 'e', 't', '{}'::jsonb, 'done', now() - interval '9 days')`.execute(db.db);
    const second = await admin('run-job', 'purge-inbox', '--at', '2024-10-11T03:30:00+08:00');
    expect(second.code).toBe(0);
    expect(second.out).toContain('already ran; nothing written');
    expect(await keys('inbox')).toContain('msg:old-done-2');
    const runs = await db.db.selectFrom('job_runs').selectAll().execute();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ job: 'purge-inbox', late: true, recipients: 0 });
    expect(new Date(runs[0]!.scheduled_for).toISOString()).toBe('2024-10-10T19:30:00.000Z');

    const listed = await admin('jobs');
    expect(listed.out).toMatch(/last 2024-10-11 03:30 Fri \(Asia\/Shanghai\) · ran, 0 recipient\(s\) · late · by cli:/);
  });

  it('says when --at is not one of the job\'s times, and still runs it once', async () => {
    const r = await admin('run-job', 'purge-inbox', '--at', '2024-10-12T10:00');
    expect(r.code).toBe(0);
    expect(r.out).toContain("not one of purge-inbox's scheduled times");
    expect(r.out).toContain('Ran purge-inbox');
  });

  it('answers an unknown job or a bad time with the usage and exit code 2', async () => {
    const unknown = await admin('run-job', 'no-such-job');
    expect(unknown.code).toBe(2);
    expect(unknown.out).toContain('unknown job "no-such-job"; jobs: purge-inbox');
    expect(unknown.out).toContain('usage: npm run admin -- run-job <name> [--at <ISO time>]');
    const badTime = await admin('run-job', 'purge-inbox', '--at', 'next friday');
    expect(badTime.code).toBe(2);
    expect(badTime.out).toContain('not an ISO time: next friday');
    expect((await admin('run-job')).code).toBe(2);
  });
});
