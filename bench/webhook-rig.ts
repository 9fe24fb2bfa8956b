// What the webhook and callback benches set up alike: the cores (server on one, everything else on the other),
// Lark credentials, the bot and the baselines as pinned processes.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { startServer, type ServerProcess } from './load-server';
import type { BenchBotSpec, Worker } from './webhook-bot';

const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/**
 * Core 0 for the server under test, core 1 for the loader, this process (the emulator) and nothing else
 * of ours. Without taskset or a second core, nothing is pinned and the figures say less (printed).
 */
export const cores: { server: number | undefined; loader: number | undefined; note: string } = hasTaskset && os.cpus().length >= 2
  ? { server: 0, loader: 1, note: 'server under test pinned to core 0; loader, emulator and bench to core 1 (taskset); Postgres and Redis not pinned' }
  : { server: undefined, loader: undefined, note: 'NOT pinned (no taskset or one core): server and loader share the cores' };

/**
 * Pin this process (every thread) to the loader's core, so the emulator and the bookkeeping stay off the
 * server's. Returns the undo: `npm run bench` runs the next bench in this same process.
 */
export function pinSelf(): () => void {
  if (cores.loader === undefined) return () => undefined;
  const pid = String(process.pid);
  const mask = /([0-9a-f]+)\s*$/i.exec(execFileSync('taskset', ['-p', pid], { encoding: 'utf8' }))![1]!;
  execFileSync('taskset', ['-a', '-p', '-c', String(cores.loader), pid], { stdio: 'ignore' });
  return () => execFileSync('taskset', ['-a', '-p', mask, pid], { stdio: 'ignore' });
}

export interface LarkApp { appId: string; appSecret: string; encryptKey: string; verificationToken: string }

export function larkApp(): LarkApp {
  return {
    appId: `cli_${randomBytes(8).toString('hex')}`, appSecret: randomBytes(12).toString('hex'),
    encryptKey: randomBytes(12).toString('hex'), verificationToken: randomBytes(12).toString('hex'),
  };
}

/** The real bot on the server core, talking to the emulator at `larkUrl`; `pause` names the workers to stop once up. */
export function startBenchBot(o: { lark: LarkApp; larkUrl: string; databaseUrl: string; redisUrl: string; sessionNamespace: string; pause: Worker[] }): Promise<ServerProcess> {
  const spec: BenchBotSpec = {
    env: {
      LARK_APP_ID: o.lark.appId, LARK_APP_SECRET: o.lark.appSecret, LARK_ENCRYPT_KEY: o.lark.encryptKey, LARK_VERIFICATION_TOKEN: o.lark.verificationToken,
      LARK_DOMAIN: o.larkUrl, DATABASE_URL: o.databaseUrl, REDIS_URL: o.redisUrl, PORT: '0', DATA_DIR: 'memory://',
    },
    pause: o.pause,
    sessionNamespace: o.sessionNamespace,
  };
  return startServer(fileURLToPath(new URL('./webhook-bot.ts', import.meta.url)), { cpu: cores.server, env: { YINHANG_BENCH_BOT: JSON.stringify(spec) } });
}

export function startBaseline(kind: 'bare' | 'sdk' | 'nostore', lark: LarkApp): Promise<ServerProcess> {
  return startServer(fileURLToPath(new URL('./webhook-baselines.ts', import.meta.url)), {
    cpu: cores.server, env: { BENCH_BASELINE: kind, LARK_ENCRYPT_KEY: lark.encryptKey, LARK_VERIFICATION_TOKEN: lark.verificationToken },
  });
}

/** How many requests the baseline's handler saw (GET /count on the port it printed). */
export async function handledBy(server: ServerProcess): Promise<number> {
  const url = /^COUNT (\S+)$/m.exec(server.stdout())![1]!;
  return ((await (await fetch(`${url}/count`)).json()) as { handled: number }).handled;
}

export const pct = (x: number): string => (Number.isFinite(x) ? `${Math.round(x * 100)}%` : '?');
export const int = (x: number): string => Math.round(x).toLocaleString('en-US');
