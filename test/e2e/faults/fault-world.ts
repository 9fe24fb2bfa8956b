// What every fault test starts from: its own Postgres and Redis (test/helpers/private-servers.ts), a Lark emulator,
// and any number of bot instances sharing them — child processes (which a test may SIGKILL or SIGTERM) or in-process
// harnesses. The world tears itself down when its test finishes, failed or not.
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';
import { LarkEmulator } from '../../../src/emulator/lark-emulator';
import type { EmulatedMessage, EmulatorLimits } from '../../../src/emulator/types';
import type { LarkEventSender } from '../../../src/emulator/lark-event-sender';
import type { AppOptions } from '../../../src/app';
import { createDb, type Db } from '../../../src/db/create-db';
import { migrateToLatest } from '../../../src/db/migrate';
import { OutboxRepository } from '../../../src/db/repositories/outbox-repository';
import { startPrivatePostgres, startPrivateRedis, stopOnProcessExit, type PrivatePostgres, type PrivateRedis } from '../../helpers/private-servers';
import { spawnChildApp, type ChildApp } from '../../helpers/spawn-child-app';
import { startHarness, type Harness } from '../../helpers/test-app';
import { addCadres, type TestPerson } from '../../helpers/people';
import { quietLogger } from '../../helpers/test-db';

const MAIN = fileURLToPath(new URL('../../../src/main.ts', import.meta.url));

export interface LarkCredentials { appId: string; appSecret: string; encryptKey: string; verificationToken: string }

/** src/main.ts in a child process: the real entry point, with its own signal handling. */
export interface MainProcess {
  url: string;
  process: ChildProcess;
  /** resolves with the exit code (null when killed by a signal) */
  exited: Promise<number | null>;
  /** pino's JSON lines so far */
  logs(): Record<string, unknown>[];
}

export interface FaultWorld {
  pg: PrivatePostgres;
  redis: PrivateRedis;
  emulator: LarkEmulator;
  lark: LarkCredentials;
  /** the test's own connection to the private Postgres (migrated) */
  db: Db;
  /** the environment a bot instance of this world runs with */
  env(): Record<string, string>;
  /** a bot instance in a child process (test/helpers/child-app.ts): options as startApp's, `hang` adds the never-ending command */
  spawnChild(spec?: { options?: Record<string, unknown>; hang?: boolean }): Promise<ChildApp>;
  /** src/main.ts in a child process */
  spawnMain(): Promise<MainProcess>;
  /** a bot instance in this process */
  harness(app?: AppOptions): Promise<Harness>;
  /** people in Lark and on the roster; their p2p chat ids by open_id */
  addPeople(people: TestPerson[]): Promise<Record<string, string>>;
  outboxCounts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/** A child outlives a worker stopped before its teardown: kill it with the worker. */
function track(child: ChildProcess): void {
  const forget = stopOnProcessExit(`child:${child.pid}`, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  child.once('exit', forget);
}

/** Start a world for the current test; it is closed when the test finishes. */
export async function startFaultWorld(opts: { limits?: EmulatorLimits; retryDelaysMs?: number[] } = {}): Promise<FaultWorld> {
  const closers: (() => Promise<unknown>)[] = [];
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => (closed ??= (async () => {
    // last started, first stopped: instances before the emulator, the emulator before the servers
    for (const c of closers.reverse()) await c().catch((err) => console.warn('[faults] teardown step failed:', err));
  })());
  onTestFinished(close);

  const [pg, redis] = await Promise.all([startPrivatePostgres(), startPrivateRedis()]);
  closers.push(() => pg.close(), () => redis.close());
  const lark: LarkCredentials = {
    appId: `cli_${randomBytes(8).toString('hex')}`, appSecret: randomBytes(12).toString('hex'),
    encryptKey: randomBytes(12).toString('hex'), verificationToken: randomBytes(12).toString('hex'),
  };
  const emulator = await LarkEmulator.start({
    appId: lark.appId, appSecret: lark.appSecret, botName: '引航',
    ...(opts.limits ? { limits: opts.limits } : {}), ...(opts.retryDelaysMs ? { retryDelaysMs: opts.retryDelaysMs } : {}),
  });
  closers.push(() => emulator.close());
  const db = await createDb({ databaseUrl: pg.url, logger: quietLogger, poolSize: 4 });
  closers.push(() => db.close());
  await migrateToLatest(db.db);

  const env = (): Record<string, string> => ({
    LARK_APP_ID: lark.appId, LARK_APP_SECRET: lark.appSecret, LARK_ENCRYPT_KEY: lark.encryptKey, LARK_VERIFICATION_TOKEN: lark.verificationToken,
    LARK_DOMAIN: emulator.url, DATABASE_URL: pg.url, REDIS_URL: redis.url, PORT: '0',
  });

  return {
    pg, redis, emulator, lark, db, env, close,
    async spawnChild(spec = {}) {
      const child = await spawnChildApp({ env: env(), ...spec });
      track(child.process);
      closers.push(() => child.kill());
      return child;
    },
    async spawnMain() {
      const main = await spawnMain(env());
      closers.push(async () => {
        if (main.process.exitCode === null && main.process.signalCode === null) main.process.kill('SIGKILL');
        await main.exited;
      });
      return main;
    },
    async harness(app = {}) {
      // The children's namespace, so that in-process and child instances share rate buckets and the 429 pause.
      const h = await startHarness({ emulator, lark, databaseUrl: pg.url, redisUrl: redis.url, sessionNamespace: 'yinhang', app });
      closers.push(() => h.close());
      return h;
    },
    async addPeople(people) {
      for (const p of people) emulator.addUser({ openId: p.openId, name: p.name });
      await addCadres(db.db, people);
      return Object.fromEntries(people.map((p) => [p.openId, emulator.p2pChatId(p.openId)]));
    },
    outboxCounts: () => new OutboxRepository(db.db).statusCounts(),
  };
}

async function spawnMain(env: Record<string, string>): Promise<MainProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child);
  const logs: Record<string, unknown>[] = [];
  let buffer = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`src/main.ts did not listen within 60 s; stderr: ${stderr.slice(-2000)}`)), 60_000);
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`src/main.ts exited (${code}) before listening; stderr: ${stderr.slice(-2000)}`)); });
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let i;
      while ((i = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          logs.push(entry);
          if (entry.msg === 'yinhang is listening' && typeof entry.url === 'string') {
            clearTimeout(timer);
            resolve(entry.url);
          }
        } catch {
          // not a log line
        }
      }
    });
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { url: await url, process: child, exited, logs: () => logs };
}

/** Rows of the outbox as a fan-out writes them: one per recipient, each with its dedupe key, in one transaction. */
export async function enqueueFanOut(db: Db, openIds: string[], tag: string): Promise<void> {
  await new OutboxRepository(db.db).enqueue(db.db, openIds.map((openId, i) => ({
    kind: 'send' as const, receiveIdType: 'open_id' as const, receiveId: openId, msgType: 'text' as const,
    content: { text: `第 ${i} 条提醒` }, dedupeKey: `job:${tag}:${i}`,
  })));
}

/** how many times each value occurs */
export function tally(values: Iterable<string | undefined>): Map<string | undefined, number> {
  const counts = new Map<string | undefined, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

export interface SentEvent {
  messageId: string;
  chatId: string;
  /** what the test was doing when this event was sent (e.g. 'before', 'down', 'after') */
  phase: string;
  sentAt: number;
  /** Lark's last answer: 200 = accepted, 0 = no answer */
  status: number;
  attempts: number;
  firstStatus: number;
  /** what Lark pushed, for pushing it again */
  envelope: unknown;
}

/** A steady stream of messages from Lark, one every `everyMs`, people taking turns; each push on its own. */
export interface Traffic {
  phase: string;
  readonly results: SentEvent[];
  /** stop sending, wait for the pushes (and their retries) under way */
  stop(): Promise<SentEvent[]>;
}

export function startTraffic(
  sender: LarkEventSender, people: { openId: string; chatId: string }[],
  opts: { everyMs: number; text?: string; retry?: boolean; phase?: string },
): Traffic {
  const results: SentEvent[] = [];
  const inFlight = new Set<Promise<void>>();
  let n = 0;
  const traffic: Traffic = {
    phase: opts.phase ?? 'start',
    results,
    async stop() {
      clearInterval(timer);
      while (inFlight.size > 0) await Promise.all(inFlight);
      return results;
    },
  };
  const timer = setInterval(() => {
    const who = people[n++ % people.length]!;
    const phase = traffic.phase;
    const sentAt = Date.now();
    const p = sender.sendMessage({ senderOpenId: who.openId, chatId: who.chatId, chatType: 'p2p', text: opts.text ?? '帮助' }, { retry: opts.retry ?? false })
      .then((r) => {
        const message = r.envelope.event.message as { message_id: string };
        results.push({ messageId: message.message_id, chatId: who.chatId, phase, sentAt, status: r.status, attempts: r.attempts, firstStatus: r.history[0]?.status ?? 0, envelope: r.envelope });
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  }, opts.everyMs);
  return traffic;
}

/** The bot's answers to one message (replies point at it). */
export function repliesTo(emulator: LarkEmulator, messageId: string): EmulatedMessage[] {
  return emulator.messages({ sender: 'app' }).filter((m) => m.parentId === messageId);
}

/** GET /readyz: the status and the reason given. */
export async function readiness(url: string): Promise<{ status: number; reason?: string }> {
  try {
    const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) });
    const body = (await res.json().catch(() => ({}))) as { reason?: string };
    return { status: res.status, ...(body.reason ? { reason: body.reason } : {}) };
  } catch {
    return { status: 0 };
  }
}
