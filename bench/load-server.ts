// A server under test in its own process, pinned to a core: started by script path, ready when it prints
// "READY <url>", stopped with SIGTERM (SIGKILL if it lingers). BENCH_CPU_PROF=<dir> has every server write a
// V8 CPU profile there when it stops (open it in Chrome DevTools), to see where a figure's time goes.
import { readFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { killChild, spawnNode } from './load-generator';

export interface ServerProcess {
  url: string;
  pid: number;
  /** everything it printed so far */
  stdout(): string;
  stop(): Promise<void>;
}

export async function startServer(script: string, o: { cpu?: number | undefined; env: Record<string, string>; timeoutMs?: number }): Promise<ServerProcess> {
  const profile = process.env.BENCH_CPU_PROF;
  const child: ChildProcess = spawnNode(script, { cpu: o.cpu, env: o.env, ...(profile ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profile}`] } : {}) });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => { stderr = (stderr + c.toString()).slice(-4000); });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => { void killChild(child); reject(new Error(`${script} was not ready within ${o.timeoutMs ?? 60_000} ms; stderr: ${stderr}`)); }, o.timeoutMs ?? 60_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /^READY (\S+)$/m.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]!); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${script} exited (${code}) before it was ready; stderr: ${stderr}`)); });
  });
  return {
    url,
    pid: child.pid!,
    stdout: () => out,
    stop: () => killChild(child, 15_000),
  };
}

/** CPU seconds a process has used so far (all its threads), from /proc; NaN where there is no /proc. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Busy and total time of one core so far, from /proc/stat (busy = everything but idle and iowait). */
export function coreTimes(core: number): { busy: number; total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n').find((l) => l.startsWith(`cpu${core} `));
    const n = line!.trim().split(/\s+/).slice(1).map(Number);
    const total = n.reduce((a, b) => a + b, 0);
    return { busy: total - n[3]! - n[4]!, total };
  } catch {
    return { busy: NaN, total: NaN };
  }
}

/**
 * Measure around `fn`: the CPU the server process used (as a fraction of a core, and in seconds), the CPU
 * seconds of `helpers()` (the server's Postgres backends: their pids are asked for before and after, as
 * the pool may open connections meanwhile), and how busy the server's core was with anything at all.
 * Server well under 1 while its core is near 1 means something else took the core.
 */
export async function withCpu<T>(serverPid: number, core: number, fn: () => Promise<T>, helpers: () => Promise<number[]> = async () => []): Promise<{
  result: T; serverCpu: number; coreBusy: number; serverSeconds: number; helperSeconds: number;
}> {
  const before = new Map((await helpers()).map((pid) => [pid, processCpuSeconds(pid)]));
  const p0 = processCpuSeconds(serverPid);
  const c0 = coreTimes(core);
  const t0 = performance.now();
  const result = await fn();
  const seconds = (performance.now() - t0) / 1000;
  const c1 = coreTimes(core);
  const serverSeconds = processCpuSeconds(serverPid) - p0;
  let helperSeconds = 0;
  for (const pid of new Set([...before.keys(), ...(await helpers())])) {
    const now = processCpuSeconds(pid);
    if (Number.isFinite(now)) helperSeconds += now - (before.get(pid) ?? 0);
  }
  return { result, serverCpu: serverSeconds / seconds, coreBusy: (c1.busy - c0.busy) / (c1.total - c0.total), serverSeconds, helperSeconds };
}
