import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../../src/db/create-db';
import { migrateToLatest } from '../../../src/db/migrate';
import { freshDatabaseUrl, quietLogger } from '../../helpers/test-db';
import { missing } from '../../helpers/services';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));

// Each step starts the CLI under tsx (seconds on a busy two-core machine).
describe.skipIf(missing('postgres'))('npm run admin -- failed-sends', { timeout: 90_000 }, () => {
  let db: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    db = await freshDatabaseUrl();
    const d = await createDb({ databaseUrl: db.url, logger: quietLogger });
    await migrateToLatest(d.db);
    await d.db.insertInto('outbox').values({ kind: 'send', receive_id_type: 'open_id', receive_id: 'ou_blocked', msg_type: 'text', content: '{}', status: 'failed', last_code: 230053, last_error: 'blocked' }).execute();
    await d.close();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('lists undelivered messages with the reason in both languages', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', CLI, 'failed-sends'], { env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.url } });
    expect(stdout).toContain('1 条未送达');
    expect(stdout).toContain('ou_blocked');
    expect(stdout).toContain('已屏蔽机器人 / has blocked the bot');
  });
});
