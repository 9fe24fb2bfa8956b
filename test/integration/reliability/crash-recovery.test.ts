import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LarkEmulator } from '../../../src/emulator/lark-emulator';
import { card, markdown, t } from '../../../src/lark/cards/card-kit';
import { registry as defaultRegistry } from '../../../handlers/index';
import type { Registry } from '../../../src/context';
import { freshDatabaseUrl, quietLogger } from '../../helpers/test-db';
import { addCadres } from '../../helpers/people';
import { createDb } from '../../../src/db/create-db';
import { migrateToLatest } from '../../../src/db/migrate';
import { spawnChildApp, type ChildApp } from '../../helpers/spawn-child-app';
import { startHarness, cardTitle, eventually, sleep, type Harness } from '../../helpers/test-app';
import { missing, redisUrl } from '../../helpers/services';

// Instance B knows `hang` as a quick command: the message a killed instance was handling gets answered by B.
const survivorRegistry: Registry = {
  ...defaultRegistry,
  commands: [
    ...defaultRegistry.commands,
    { name: 'hang', words: ['hang'], label: t('挂起', 'Hang'), description: t('', ''), run: async (ctx) => ctx.reply(card({ title: t('已处理', 'Handled'), elements: [markdown(t('好', 'ok'))] })) },
  ],
};

describe.skipIf(missing('postgres') || missing('redis'))('a killed instance loses nothing and repeats nothing', () => {
  const lark = { appId: `cli_${randomBytes(8).toString('hex')}`, appSecret: 'secret', encryptKey: randomBytes(8).toString('hex'), verificationToken: randomBytes(8).toString('hex') };
  const user = { openId: 'ou_crash_user_000000000001', name: '陆晨曦' };
  let emulator: LarkEmulator;
  let db: { url: string; drop(): Promise<void> };
  let child: ChildApp | undefined;
  let survivor: Harness | undefined;

  const childEnv = (): Record<string, string> => ({
    LARK_APP_ID: lark.appId, LARK_APP_SECRET: lark.appSecret, LARK_ENCRYPT_KEY: lark.encryptKey, LARK_VERIFICATION_TOKEN: lark.verificationToken,
    LARK_DOMAIN: emulator.url, DATABASE_URL: db.url, REDIS_URL: redisUrl!, PORT: '0',
  });

  /** a fresh database with the user on the roster */
  async function freshRosterDb(): Promise<{ url: string; drop(): Promise<void> }> {
    const fresh = await freshDatabaseUrl();
    const d = await createDb({ databaseUrl: fresh.url, logger: quietLogger });
    await migrateToLatest(d.db);
    await addCadres(d.db, [user]);
    await d.close();
    return fresh;
  }

  beforeAll(async () => {
    emulator = await LarkEmulator.start({ appId: lark.appId, appSecret: lark.appSecret });
    emulator.addUser(user);
    db = await freshRosterDb();
  });
  afterAll(async () => {
    await child?.kill();
    await survivor?.close();
    await emulator?.close();
    await db?.drop();
  });

  it('an inbox row a killed instance was handling is handled once by another instance', async () => {
    child = await spawnChildApp({ env: childEnv(), hang: true });
    const sender = emulator.connectApp({ webhookUrl: `${child.url}/webhook/event`, encryptKey: lark.encryptKey, verificationToken: lark.verificationToken });
    const chatId = emulator.p2pChatId(user.openId);
    const sent = await sender.sendMessage({ senderOpenId: user.openId, chatId, chatType: 'p2p', text: 'hang' });
    expect(sent.status).toBe(200);
    await child.waitFor('HANDLING');
    await child.kill();
    child = undefined;

    survivor = await startHarness({ emulator, databaseUrl: db.url, lark, app: { registry: survivorRegistry } });
    const [reply] = await emulator.waitForMessages(1, { sender: 'app', chatId }, 10_000);
    expect(cardTitle(reply!.content)).toBe('已处理');
    await sleep(800);
    expect(emulator.messages({ sender: 'app', chatId })).toHaveLength(1);
    const row = await survivor.app.db.db.selectFrom('inbox').select(['status', 'attempts']).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'done', attempts: 1 });
    await survivor.close();
    survivor = undefined;
  });

  it('a reply sent by an instance killed before it could mark it is not sent twice', async () => {
    emulator.reset();
    await db.drop();
    db = await freshRosterDb();
    // the first send is stored by "Lark" but its answer is held back; the instance dies waiting for it
    emulator.inject({ kind: 'hold-after-deliver', ms: 30_000, times: 1 });
    child = await spawnChildApp({ env: childEnv(), options: { outboxLeaseMs: 1_500 } });
    const sender = emulator.connectApp({ webhookUrl: `${child.url}/webhook/event`, encryptKey: lark.encryptKey, verificationToken: lark.verificationToken });
    const chatId = emulator.p2pChatId(user.openId);
    await sender.sendMessage({ senderOpenId: user.openId, chatId, chatType: 'p2p', text: '帮助' });
    await emulator.waitForMessages(1, { sender: 'app', chatId }, 10_000);
    await child.kill();
    child = undefined;

    survivor = await startHarness({ emulator, databaseUrl: db.url, lark, app: { outboxLeaseMs: 1_500 } });
    const sent = await eventually(async () => {
      const rows = await survivor!.app.db.db.selectFrom('outbox').select(['status', 'attempts', 'id']).execute();
      return rows.length === 1 && rows[0]!.status === 'sent' ? rows[0] : undefined;
    }, 15_000, 'the outbox row to be marked sent by the survivor');
    expect(sent.attempts).toBe(2);
    const posts = emulator.requestLog.filter((r) => r.method === 'POST' && r.path.includes('/reply'));
    expect(posts).toHaveLength(2);
    expect(new Set(posts.map((p) => p.uuid))).toEqual(new Set([sent.id]));
    expect(emulator.messages({ sender: 'app', chatId })).toHaveLength(1);
  });
});
