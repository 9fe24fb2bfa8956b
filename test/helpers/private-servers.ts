// A Postgres and a Redis of a test's own, on free ports, so fault tests can stop, kill and restart them without
// disturbing the shared servers other suites use (notes/reliability.md §7, "single-machine harness").
// Every server lives in a temp dir `yinhang-private-*` that names the process owning it. The test's teardown stops
// it; failing that, the owner's exit (or the SIGTERM vitest stops a worker with); failing that (a worker SIGKILLed),
// the sweep in vitest's global setup and teardown, since nothing else would.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { servicesRequired } from './services';

const PREFIX = 'yinhang-private-';
const OWNER_FILE = 'owner.json';

export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  readonly url: string;
  readonly port: number;
  start(): Promise<void>;
  /** `pg_ctl stop`: 'fast' disconnects clients and checkpoints; 'immediate' is a crash (recovery on the next start) */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  restart(): Promise<void>;
  /** a crash: `pg_ctl stop -m immediate` (SIGQUIT, no checkpoint), which leaves the data dir restartable */
  kill(): Promise<void>;
  /** stop and delete the data */
  close(): Promise<void>;
}

export interface PrivateRedis {
  /** redis://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  start(): Promise<void>;
  /** SIGTERM: Redis shuts down cleanly (nothing to save: --save '' --appendonly no) */
  stop(): Promise<void>;
  restart(): Promise<void>;
  /** SIGKILL */
  kill(): Promise<void>;
  close(): Promise<void>;
}

/** The newest Postgres bin dir on a Debian-style install, or $PG_BIN. */
function postgresBin(): string | undefined {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => /^\d+(\.\d+)?$/.test(v) && existsSync(join(root, v, 'bin', 'initdb')));
  versions.sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

function redisBin(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** For describe.skipIf: true when initdb or redis-server is missing and that is allowed. Throws in CI. */
export function privateServersMissing(): boolean {
  const lacking = [postgresBin() ? undefined : 'initdb/pg_ctl (set PG_BIN)', redisBin() ? undefined : 'redis-server'].filter(Boolean);
  if (lacking.length === 0) return false;
  if (servicesRequired) throw new Error(`REQUIRE_SERVICES=1 but ${lacking.join(' and ')} cannot be found: the fault suites cannot run`);
  console.warn(`[tests] ${lacking.join(' and ')} not found: skipping the fault suites`);
  return true;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

interface Owner { ownerPid: number; kind: 'postgres' | 'redis'; redisPid?: number; redisPort?: number }

// Postgres refuses to run as root: as root, run its tools as the postgres user, in a dir it owns.
const asRoot = process.getuid?.() === 0;
function postgresIds(): { uid: number; gid: number } {
  return { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) };
}

function privateDir(kind: Owner['kind']): string {
  const dir = mkdtempSync(join(tmpdir(), `${PREFIX}${kind}-`));
  writeOwner(dir, { ownerPid: process.pid, kind });
  return dir;
}

function writeOwner(dir: string, owner: Owner): void {
  writeFileSync(join(dir, OWNER_FILE), JSON.stringify(owner));
}

/** Run a Postgres tool (as the postgres user when we are root); resolves on exit, rejects with its output. */
function pgTool(bin: string, tool: string, args: string[], cwd: string): Promise<string> {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
  return new Promise((resolve, reject) => {
    // pg_ctl start leaves the postmaster running with -l's log as its output; wait for our tool's exit, not
    // for its pipes to close.
    const child = spawn(cmd as string, argv as string[], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      child.stdout!.destroy();
      child.stderr!.destroy();
      if (code === 0) resolve(out);
      else reject(new Error(`${tool} ${args.join(' ')} exited with ${code}: ${out.slice(-2000)}`));
    });
  });
}

const live = new Map<string, () => void>();

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBin();
  if (!bin) throw new Error('startPrivatePostgres: no Postgres binaries (looked in /usr/lib/postgresql/*/bin; set PG_BIN)');
  const dir = privateDir('postgres');
  if (asRoot) {
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  await pgTool(bin, 'initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'], dir);

  let port = 0;
  let running = false;
  const options = (): string => [
    '-c listen_addresses=127.0.0.1', `-p ${port}`, `-k ${dir}`,
    // A throwaway server: surviving an OS crash is not under test, so no fsync. A server crash is (pg_ctl stop -m
    // immediate), and synchronous_commit stays on: off, a crash forgets commits the app was told about.
    '-c fsync=off', '-c full_page_writes=off', '-c shared_buffers=16MB',
  ].join(' ');
  const start = async (): Promise<void> => {
    await pgTool(bin, 'pg_ctl', ['-D', data, '-l', logFile, '-w', '-t', '30', '-o', options(), 'start'], dir);
    running = true;
  };
  const stop = async (mode: 'fast' | 'immediate' = 'fast'): Promise<void> => {
    if (!running) return;
    await pgTool(bin, 'pg_ctl', ['-D', data, '-w', '-t', '30', '-m', mode, 'stop'], dir);
    running = false;
  };
  // For exit paths, where nothing can be awaited: SIGQUIT is what `pg_ctl stop -m immediate` sends.
  const stopNow = (): void => {
    signalPostmaster(data);
    rmSync(dir, { recursive: true, force: true });
  };
  live.set(dir, stopNow);
  stopOnExit();

  // A free port can be taken between the probe and the bind: try a few.
  for (let tries = 1; ; tries++) {
    port = await freePort();
    try {
      await start();
      break;
    } catch (err) {
      if (tries >= 3) {
        stopNow();
        live.delete(dir);
        throw err;
      }
    }
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    restart: async () => {
      await stop('fast');
      await start();
    },
    kill: () => stop('immediate'),
    close: async () => {
      await stop('immediate').catch(() => undefined);
      live.delete(dir);
      stopNow();
    },
  };
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const bin = redisBin();
  if (!bin) throw new Error('startPrivateRedis: redis-server is not on PATH');
  const dir = privateDir('redis');
  let port = 0;
  let child: ChildProcess | undefined;
  let output = '';

  const exited = (c: ChildProcess): Promise<void> => new Promise((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve();
    c.once('exit', () => resolve());
  });
  const start = async (): Promise<void> => {
    if (child) return;
    const c = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    c.stdout!.on('data', (b: Buffer) => (output = (output + b.toString()).slice(-4000)));
    c.stderr!.on('data', (b: Buffer) => (output = (output + b.toString()).slice(-4000)));
    child = c;
    writeOwner(dir, { ownerPid: process.pid, kind: 'redis', redisPort: port, ...(c.pid ? { redisPid: c.pid } : {}) });
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (c.exitCode !== null) {
        child = undefined;
        throw new Error(`redis-server on port ${port} exited (${c.exitCode}): ${output}`);
      }
      if (await pings(port)) return;
      if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer PING within 10 s: ${output}`);
      await new Promise((r) => setTimeout(r, 30));
    }
  };
  const signal = async (sig: 'SIGTERM' | 'SIGKILL'): Promise<void> => {
    const c = child;
    if (!c) return;
    child = undefined;
    const gone = exited(c);
    c.kill(sig);
    await gone;
  };
  const stopNow = (): void => {
    if (child?.pid && child.exitCode === null) {
      try { process.kill(child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  live.set(dir, stopNow);
  stopOnExit();

  for (let tries = 1; ; tries++) {
    port = await freePort();
    try {
      await start();
      break;
    } catch (err) {
      await signal('SIGKILL');
      if (tries >= 3) {
        stopNow();
        live.delete(dir);
        throw err;
      }
    }
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    stop: () => signal('SIGTERM'),
    restart: async () => {
      await signal('SIGTERM');
      await start();
    },
    kill: () => signal('SIGKILL'),
    close: async () => {
      await signal('SIGKILL');
      live.delete(dir);
      stopNow();
    },
  };
}

/** true when something on the port answers a RESP PING with +PONG */
function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (b: Buffer) => {
      reply += b.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

/**
 * Something else to stop with the servers when this process exits or is told to (a test's child processes, which
 * would otherwise outlive a worker stopped before its teardown). Returns the way to forget it.
 */
export function stopOnProcessExit(key: string, stopNow: () => void): () => void {
  live.set(key, stopNow);
  stopOnExit();
  return () => live.delete(key);
}

function stopAllNow(): void {
  for (const stopNow of live.values()) stopNow();
  live.clear();
}

/** SIGQUIT to the postmaster of this data dir, if it runs: an immediate shutdown, without waiting for it. */
function signalPostmaster(data: string): void {
  try {
    const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (pid > 0) process.kill(pid, 'SIGQUIT');
  } catch {
    // not running
  }
}

// A worker that exits after a failure that skipped the test's teardown takes its servers with it. Vitest stops its
// workers with SIGTERM (SIGKILL 500 ms later), which skips 'exit' handlers: stop them on the signal too, then let the
// signal do what it would have done. Installed with the first server, so that only processes that run one get them.
let hooked = false;
function stopOnExit(): void {
  if (hooked) return;
  hooked = true;
  process.once('exit', stopAllNow);
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      stopAllNow();
      process.off(signal, onSignal);
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Stop the private servers whose owner process is gone (a worker SIGKILLed before its teardown), and delete their
 * dirs. Called from vitest's global setup and teardown; the final sweep also takes this process's own (in a threads
 * pool, workers share its pid). Servers of other vitest runs still going on this machine are left alone.
 */
export function sweepOrphanedPrivateServers(opts: { finalSweep: boolean }): number {
  let swept = 0;
  let entries: string[];
  try {
    entries = readdirSync(tmpdir()).filter((e) => e.startsWith(PREFIX));
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const dir = join(tmpdir(), entry);
    let owner: Owner;
    try {
      owner = JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8')) as Owner;
    } catch {
      continue; // being created right now, or not ours
    }
    if (alive(owner.ownerPid) && !(opts.finalSweep && owner.ownerPid === process.pid)) continue;
    if (owner.kind === 'postgres') {
      const bin = postgresBin();
      if (bin && existsSync(join(dir, 'data', 'postmaster.pid'))) {
        const args = ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop'];
        if (asRoot) spawnSync('runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), ...args], { cwd: dir, stdio: 'ignore' });
        else spawnSync(join(bin, 'pg_ctl'), args, { cwd: dir, stdio: 'ignore' });
      }
    } else if (owner.redisPid && owner.redisPort && alive(owner.redisPid) && isOurRedis(owner.redisPid, owner.redisPort)) {
      try { process.kill(owner.redisPid, 'SIGKILL'); } catch { /* gone meanwhile */ }
    }
    rmSync(dir, { recursive: true, force: true });
    swept += 1;
  }
  return swept;
}

/** the pid is still our redis-server, not a recycled pid: Redis titles itself "redis-server 127.0.0.1:<port>" */
function isOurRedis(pid: number, port: number): boolean {
  try {
    const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return title.includes('redis-server') && title.includes(`:${port}`);
  } catch {
    return false;
  }
}
