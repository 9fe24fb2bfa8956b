// An HTTP load generator for the benches, run in its own process (bench/load-worker.ts) pinned to a core of its
// own, so that the server under test has the other core to itself (reliability.md §5.3). Two ways to load:
//
// - closed: `connections` requests in flight; each connection sends its next request when the previous one
//   answered. For throughput at saturation, and for "n users clicking at once". Latency = answer − send.
// - open: `rate` requests a second on a fixed schedule, whatever the server does. Latency is measured from
//   the moment the schedule said the request was due, not from when it was sent, so a server (or a loader)
//   that falls behind shows as latency instead of quietly lowering the load ("coordinated omission").
//
// Every request is built by a module's default export (a RequestFactory), inside the loader, so that each one
// can carry its own ids, timestamp and signature: a server that dedupes is never measured on a cache hit.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface LoadRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** A request module's default export: given its args (plain JSON), a builder of the i-th request of a job. */
export type RequestFactory<A = unknown> = (args: A) => (i: number) => LoadRequest;

export interface LoadJob {
  /** where every request goes, e.g. http://127.0.0.1:4321/webhook/event */
  url: string;
  /** absolute path of the module whose default export builds the requests; without it, POST "{}" */
  requests?: { module: string; args?: unknown };
  mode: 'closed' | 'open';
  /** closed: requests in flight; open: the most sockets used (more requests due than that wait for one) */
  connections: number;
  /** open: requests per second */
  rate?: number;
  /** how long the measured part lasts (closed without `count`, and open) */
  durationMs?: number;
  /** closed: send exactly this many requests, then stop */
  count?: number;
  /** load at the same settings first, for this long, and discard it */
  warmupMs?: number;
  /** return every measured response (index, status, latency, body) */
  keepResponses?: boolean;
  /** give up on a request after this long (counted as an error) */
  timeoutMs?: number;
}

export interface LoadResponse { index: number; status: number; ms: number; body: string }

export interface LoadResult {
  /** answered requests in the measured part (any status) */
  requests: number;
  /** 2xx among them */
  ok: number;
  /** every status seen, with its count */
  statuses: Record<string, number>;
  /** requests that got no answer (connection error, timeout), and the first such error */
  errors: number;
  firstError?: string;
  seconds: number;
  /** answered requests per second over the measured part */
  rps: number;
  /** milliseconds; open mode: from the time the request was due */
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** fraction of one core the loader itself used during the measured part (near 1: the loader is the limit) */
  loaderCpu: number;
  /** requests (warm-up included) sent in all, and how many of those were 2xx: for counting what a server stored */
  sentTotal: number;
  okTotal: number;
  responses?: LoadResponse[];
}

/** The p-th percentile (0–100), nearest rank, of an already sorted array. */
function rank(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function latencySummary(ms: number[]): LoadResult['latency'] {
  const s = Float64Array.from(ms).sort();
  const a = Array.from(s);
  return { p50: rank(a, 50), p90: rank(a, 90), p99: rank(a, 99), max: a.length ? a[a.length - 1]! : NaN, mean: a.length ? a.reduce((x, y) => x + y, 0) / a.length : NaN };
}

export interface LoadGenerator {
  pid: number;
  run(job: LoadJob): Promise<LoadResult>;
  close(): Promise<void>;
}

const WORKER = fileURLToPath(new URL('./load-worker.ts', import.meta.url));

/**
 * Start the loader process, pinned to `cpu` with taskset when given (Linux). It stays up for every job of
 * the bench: one tsx start-up, and its JIT warm for all subjects alike.
 */
export async function startLoadGenerator(opts: { cpu?: number } = {}): Promise<LoadGenerator> {
  const child = spawnNode(WORKER, { cpu: opts.cpu, env: {}, ipc: true });
  let nextId = 0;
  const waiting = new Map<number, { resolve: (r: LoadResult) => void; reject: (e: Error) => void }>();
  child.on('message', (m: { id: number; result?: LoadResult; error?: string }) => {
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.error !== undefined) w.reject(new Error(`load generator: ${m.error}`));
    else w.resolve(m.result!);
  });
  child.once('exit', (code, signal) => {
    for (const w of waiting.values()) w.reject(new Error(`load generator exited (${code ?? signal})`));
    waiting.clear();
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve()); // the worker says hello once it can take jobs
    child.once('exit', (code) => reject(new Error(`load generator exited (${code}) before it was ready`)));
  });
  return {
    pid: child.pid!,
    run(job) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        child.send({ id, job });
      });
    },
    close: () => killChild(child),
  };
}

const children = new Set<ChildProcess>();
const interruptHandlers = new Set<() => Promise<unknown>>();
let hooksInstalled = false;

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.once('exit', () => { for (const c of children) c.kill('SIGKILL'); });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      // Interrupted mid-bench: undo what the benches registered (drop their databases…), at most 15 s, then go.
      const undo = Promise.allSettled([...interruptHandlers].map((fn) => fn()));
      void Promise.race([undo, new Promise((resolve) => setTimeout(resolve, 15_000))]).then(() => process.exit(130));
    });
  }
}

/** Run `fn` if the bench is interrupted (Ctrl-C, SIGTERM) before the returned function unregisters it. */
export function onInterrupt(fn: () => Promise<unknown>): () => void {
  installHooks();
  interruptHandlers.add(fn);
  return () => { interruptHandlers.delete(fn); };
}

/**
 * `node --import tsx <script>`, pinned to `cpu` when given. Every child is also killed when this process
 * exits, however it exits, so an aborted bench leaves nothing running.
 */
export function spawnNode(script: string, o: { cpu?: number | undefined; env: Record<string, string>; ipc?: boolean; nodeArgs?: string[] }): ChildProcess {
  const node = [process.execPath, ...(o.nodeArgs ?? []), '--import', 'tsx', script];
  const [cmd, ...args] = o.cpu === undefined ? node : ['taskset', '-c', String(o.cpu), ...node];
  const child = spawn(cmd!, args, { env: { ...process.env, ...o.env }, stdio: ['ignore', 'pipe', 'pipe', ...(o.ipc ? (['ipc'] as const) : [])] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  installHooks();
  return child;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child has exited. */
export function killChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    child.kill('SIGTERM');
  });
}
