import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { startApp, type App, type AppOptions } from '../../src/app';
import { LarkEmulator } from '../../src/emulator/lark-emulator';
import type { LarkEventSender } from '../../src/emulator/lark-event-sender';
import type { EmulatorLimits } from '../../src/emulator/types';
import { freshDatabaseUrl, quietLogger } from './test-db';
import { addCadres, type TestPerson } from './people';
import { databaseUrl, redisUrl } from './services';

export interface Harness {
  app: App;
  emulator: LarkEmulator;
  /** signs and encrypts like Lark, posting to the app's /webhook/event */
  sender: LarkEventSender;
  lark: { appId: string; appSecret: string; encryptKey: string; verificationToken: string };
  /** the database this harness created (Postgres), for a second instance to share */
  databaseUrl: string | undefined;
  /** a person known to both Lark (the emulator) and the roster (the database); returns their p2p chat id */
  addPerson(person: TestPerson): Promise<string>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  app?: AppOptions;
  limits?: EmulatorLimits;
  /** how the emulator's sender retries an event Lark could not deliver (Lark: 15 s, 5 min, 1 h, 6 h) */
  retryDelaysMs?: number[];
  /** share an existing emulator / database (a second instance of the same deployment) */
  emulator?: LarkEmulator;
  databaseUrl?: string;
  /** instead of REDIS_URL (e.g. through a fault proxy) */
  redisUrl?: string;
  sessionNamespace?: string;
  lark?: Harness['lark'];
}

/**
 * A real app (real Postgres and Redis when configured, else PGlite and the in-process store) talking to a
 * real Lark emulator over HTTP, with a sender that signs and encrypts events exactly as Lark does.
 */
export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const lark = opts.lark ?? {
    appId: `cli_${randomBytes(8).toString('hex')}`,
    appSecret: randomBytes(12).toString('hex'),
    encryptKey: randomBytes(12).toString('hex'),
    verificationToken: randomBytes(12).toString('hex'),
  };
  const ownEmulator = !opts.emulator;
  const emulator = opts.emulator ?? (await LarkEmulator.start({ appId: lark.appId, appSecret: lark.appSecret, botName: '引航', ...(opts.limits ? { limits: opts.limits } : {}), ...(opts.retryDelaysMs ? { retryDelaysMs: opts.retryDelaysMs } : {}) }));
  const fresh = !opts.databaseUrl && databaseUrl ? await freshDatabaseUrl() : undefined;
  const dbUrl = opts.databaseUrl ?? fresh?.url;
  const config = loadConfig({
    LARK_APP_ID: lark.appId,
    LARK_APP_SECRET: lark.appSecret,
    LARK_ENCRYPT_KEY: lark.encryptKey,
    LARK_VERIFICATION_TOKEN: lark.verificationToken,
    LARK_DOMAIN: emulator.url,
    PORT: '0',
    DATA_DIR: 'memory://',
    ...(dbUrl ? { DATABASE_URL: dbUrl } : {}),
    ...(opts.redisUrl ?? redisUrl ? { REDIS_URL: opts.redisUrl ?? redisUrl! } : {}),
  });
  const app = await startApp(config, {
    logger: quietLogger,
    host: '127.0.0.1',
    sessionNamespace: opts.sessionNamespace ?? `t${randomBytes(4).toString('hex')}`,
    pollMs: 100,
    ...opts.app,
  });
  const sender = emulator.connectApp({ webhookUrl: `${app.url}/webhook/event`, encryptKey: lark.encryptKey, verificationToken: lark.verificationToken });
  return {
    app, emulator, sender, lark, databaseUrl: dbUrl,
    async addPerson(person) {
      emulator.addUser({ openId: person.openId, name: person.name });
      await addCadres(app.db.db, [person]);
      return emulator.p2pChatId(person.openId);
    },
    async close() {
      await app.stop();
      if (ownEmulator) await emulator.close();
      await fresh?.drop();
    },
  };
}

/** Poll until `check` returns a value (not undefined/false), or fail after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 5_000, what = 'condition'): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The Chinese title of a card the bot sent. */
export function cardTitle(content: unknown): string | undefined {
  return (content as { header?: { title?: { content?: string } } })?.header?.title?.content;
}

/** A harness with these people on the roster and in Lark: their p2p chats and cadre ids by open_id. */
export async function startWithPeople(people: Record<string, TestPerson>, opts: HarnessOptions = {}): Promise<{ h: Harness; chat: Record<string, string>; ids: Record<string, number> }> {
  const h = await startHarness(opts);
  const chat: Record<string, string> = {};
  for (const p of Object.values(people)) chat[p.openId] = await h.addPerson(p);
  const ids: Record<string, number> = {};
  for (const r of await h.app.db.db.selectFrom('cadres').select(['id', 'open_id']).execute()) if (r.open_id) ids[r.open_id] = r.id;
  return { h, chat, ids };
}
