import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import type { Config, LarkConfig } from './config';
import { createLogger, type Logger } from './logger';
import { createDb, type Db } from './db/create-db';
import { migrateToLatest } from './db/migrate';
import { InboxRepository } from './db/repositories/inbox-repository';
import { InboxBatcher } from './db/repositories/inbox-batcher';
import { OutboxRepository } from './db/repositories/outbox-repository';
import { createSessionStore } from './session/create-session-store';
import type { SessionStore } from './session/session-store';
import { LarkMessenger, type Messenger } from './lark/messenger';
import { createWebhookHandler } from './lark/webhook';
import { EventProcessor } from './routing/event-processor';
import { InboxWorker } from './scheduler/inbox-worker';
import { OutboxDispatcher, type SendLimits } from './scheduler/outbox-dispatcher';
import { ApplicationSweeper } from './scheduler/application-sweeper';
import { BatchNotices } from './scheduler/batch-notices';
import { JobScheduler } from './scheduler/job-scheduler';
import { createHttpApp } from './http/create-http-app';
import { createMetrics, type Metrics } from './http/metrics';
import { registry as defaultRegistry } from '../handlers/index';
import type { Registry } from './context';
import { LarkEmulator } from './emulator/lark-emulator';
import { createConsoleRouter } from './playground/console-router';
import { playgroundPeople } from './playground/demo-people';
import { ensureDemoGroup } from './playground/demo-group';

export interface AppOptions {
  logger?: Logger;
  registry?: Registry;
  /** tests: a scaled limiter, a short lease, a fast poll */
  sendLimits?: SendLimits;
  outboxLeaseMs?: number;
  pollMs?: number;
  cardDeadlineMs?: number;
  sessionNamespace?: string;
  /** the address to listen on (default: all interfaces) */
  host?: string;
  /** tests: the clock behind "today" (handlers' ctx.now, the secondment batch notices) */
  now?: () => Date;
}

export interface App {
  readonly config: Readonly<Config>;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** set once started */
  url: string;
  db: Db;
  session: SessionStore;
  lark: LarkConfig;
  emulator: LarkEmulator | undefined;
  inboxWorker: InboxWorker;
  dispatcher: OutboxDispatcher;
  /** the registry's scheduled jobs; tick() plans a round now */
  scheduler: JobScheduler;
  stop(): Promise<void>;
}

/**
 * The composition root: the only place that wires everything. start = migrate → workers → listen;
 * stop = stop listening → finish handlers and sends → close the pools, in that order.
 */
export async function startApp(config: Readonly<Config>, opts: AppOptions = {}): Promise<App> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const instanceId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const db = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  const cleanups: (() => Promise<unknown>)[] = [() => db.close()];
  try {
    const migrated = await migrateToLatest(db.db);
    logger.info({ backend: db.backend, applied: migrated.applied }, 'database ready');

    const session = createSessionStore({ redisUrl: config.redisUrl, namespace: opts.sessionNamespace ?? 'yinhang', logger });
    cleanups.unshift(() => session.close());

    let emulator: LarkEmulator | undefined;
    let lark = config.lark;
    if (!lark) {
      // Playground: no Lark app, so the bot talks to its own emulator with throwaway credentials.
      lark = { appId: 'cli_playground00000001', appSecret: randomBytes(16).toString('hex'), encryptKey: randomBytes(16).toString('hex'), verificationToken: randomBytes(16).toString('hex'), domain: '' };
      emulator = await LarkEmulator.start({ appId: lark.appId, appSecret: lark.appSecret, port: 0, botName: '引航' });
      cleanups.unshift(() => emulator!.close());
      lark = { ...lark, domain: emulator.url };
      const people = await playgroundPeople(db.db, logger);
      for (const person of people) emulator.addUser(person);
      ensureDemoGroup(emulator, people.map((p) => p.openId));
      logger.info({ emulator: emulator.url }, 'playground mode: no LARK_APP_ID, talking to the built-in Lark emulator');
    }

    const inbox = new InboxRepository(db.db);
    const inboxBatcher = new InboxBatcher((rows) => inbox.recordMany(rows));
    // Cleanups run once the server has closed and before the pool does: a batch still waiting is written now.
    cleanups.unshift(() => inboxBatcher.close());
    const outbox = new OutboxRepository(db.db);
    const metrics = createMetrics(() => outbox.depth());
    const messenger: Messenger = new LarkMessenger(lark, logger);
    const botOpenId = memoiseUntilSuccess(async () => (await messenger.botIdentity()).openId);
    const processor = new EventProcessor({ registry: opts.registry ?? defaultRegistry, session, metrics, timeZone: config.timeZone, reader: db.reader, ...(opts.now ? { now: opts.now } : {}) });
    const dispatcher = new OutboxDispatcher({
      outbox, messenger, store: session, logger: logger.child({ component: 'outbox' }), metrics, instanceId,
      ...(opts.sendLimits ? { limits: opts.sendLimits } : {}),
      ...(opts.outboxLeaseMs ? { leaseMs: opts.outboxLeaseMs } : {}),
      ...(opts.pollMs ? { pollMs: opts.pollMs } : {}),
    });
    const inboxWorker = new InboxWorker({
      db: db.db, inbox, outbox, processor, metrics, botOpenId,
      logger: logger.child({ component: 'inbox' }),
      onQueued: () => dispatcher.wake(),
      // PGlite has one connection: more than one worker would only queue behind it.
      concurrency: db.backend === 'pglite' ? 1 : 4,
      ...(opts.pollMs ? { pollMs: opts.pollMs } : {}),
    });
    let draining = false;
    const webhook = createWebhookHandler({
      encryptKey: lark.encryptKey, verificationToken: lark.verificationToken, db: db.db, inbox, inboxBatcher, outbox, processor, logger, metrics,
      onInboxed: () => inboxWorker.wake(),
      onQueued: () => dispatcher.wake(),
      ...(opts.cardDeadlineMs ? { cardDeadlineMs: opts.cardDeadlineMs } : {}),
    });
    const listener = createHttpApp({
      webhook, metrics,
      onError: (err) => logger.error({ err }, 'request failed'),
      isDraining: () => draining,
      ready: async () => {
        await sql`select 1`.execute(db.db).catch((e: Error) => { throw new Error(`postgres: ${e.message}`); });
        await session.ping().catch((e: Error) => { throw new Error(`${session.kind === 'redis' ? 'redis' : 'session store'}: ${e.message}`); });
      },
      ...(emulator ? { console: createConsoleRouter(emulator, { db, config, logger: logger.child({ component: 'console' }), wake: () => dispatcher.wake() }) } : {}),
    });

    const applicationSweeper = new ApplicationSweeper({ db: db.db, logger: logger.child({ component: 'applications' }), onQueued: () => dispatcher.wake() });
    dispatcher.start();
    inboxWorker.start();
    applicationSweeper.start();
    const batchNotices = new BatchNotices({
      db: db.db, outbox, timeZone: config.timeZone, logger: logger.child({ component: 'batch-notices' }), onQueued: () => dispatcher.wake(),
      ...(opts.now ? { now: opts.now } : {}), ...(opts.pollMs ? { pollMs: opts.pollMs } : {}),
    });
    batchNotices.start();
    const scheduler = new JobScheduler({
      jobs: (opts.registry ?? defaultRegistry).jobs, db: db.db, timeZone: config.timeZone, instanceId,
      logger: logger.child({ component: 'jobs' }), now: opts.now ?? (() => new Date()), onQueued: () => dispatcher.wake(),
    });
    scheduler.start();
    const server: Server = await new Promise((resolve, reject) => {
      const s = createServer(listener).listen(config.port, opts.host ?? '0.0.0.0', () => resolve(s)).on('error', reject);
    });
    // Lark gives up after 3 s; a client that takes longer than this to send its request is not Lark.
    server.requestTimeout = 15_000;
    server.headersTimeout = 10_000;
    const port = (server.address() as AddressInfo).port;
    const url = `http://127.0.0.1:${port}`;
    if (emulator) emulator.connectApp({ webhookUrl: `${url}/webhook/event`, encryptKey: lark.encryptKey, verificationToken: lark.verificationToken });
    logger.info({ url, playground: config.playground, store: session.kind, db: db.backend }, 'yinhang is listening');

    let stopped: Promise<void> | undefined;
    const stop = (): Promise<void> => (stopped ??= (async () => {
      draining = true;
      logger.info('draining: no new requests, finishing handlers and sends');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Handlers first, so the replies they queue are in the outbox before the dispatcher's last round.
      await Promise.all([inboxWorker.stop(), applicationSweeper.stop(), batchNotices.stop(), scheduler.stop()]);
      await dispatcher.stop();
      server.closeAllConnections();
      await closed;
      for (const cleanup of cleanups) await cleanup().catch((err) => logger.warn({ err }, 'cleanup failed'));
      logger.info('stopped');
    })());

    return { config, logger, metrics, url, db, session, lark, emulator, inboxWorker, dispatcher, scheduler, stop };
  } catch (err) {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    throw err;
  }
}

/** Caches a successful result; a failure is not cached, so the next caller tries again. */
function memoiseUntilSuccess<T>(fn: () => Promise<T>): () => Promise<T> {
  let cached: Promise<T> | undefined;
  return () => {
    cached ??= fn().catch((err) => {
      cached = undefined;
      throw err;
    });
    return cached;
  };
}
