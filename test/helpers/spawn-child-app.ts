import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./child-app.ts', import.meta.url));

export interface ChildApp {
  url: string;
  process: ChildProcess;
  /** resolves when the child printed a line starting with `prefix` */
  waitFor(prefix: string, timeoutMs?: number): Promise<string>;
  kill(): Promise<void>;
}

/** Start the app in another process (tsx loader), for crash tests. */
export async function spawnChildApp(spec: { env: Record<string, string>; options?: Record<string, unknown>; hang?: boolean }): Promise<ChildApp> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    env: { ...process.env, YINHANG_CHILD: JSON.stringify(spec) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { prefix: string; resolve: (l: string) => void }[] = [];
  let stderr = '';
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let i;
    while ((i = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      lines.push(line);
      for (const w of waiters.filter((w) => line.startsWith(w.prefix))) w.resolve(line);
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const waitFor = (prefix: string, timeoutMs = 20_000): Promise<string> => new Promise((resolve, reject) => {
    const seen = lines.find((l) => l.startsWith(prefix));
    if (seen) return resolve(seen);
    const timer = setTimeout(() => reject(new Error(`child did not print "${prefix}" within ${timeoutMs} ms; stderr: ${stderr.slice(-2000)}`)), timeoutMs);
    waiters.push({ prefix, resolve: (l) => { clearTimeout(timer); resolve(l); } });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`child exited (${code}) before "${prefix}"; stderr: ${stderr.slice(-2000)}`)); });
  });
  // tsx compiles the app as it loads: many seconds when a busy 2-core machine runs two test files at once.
  const ready = await waitFor('READY ', 60_000);
  return {
    url: ready.slice('READY '.length).trim(),
    process: child,
    waitFor,
    kill: () => new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    }),
  };
}
