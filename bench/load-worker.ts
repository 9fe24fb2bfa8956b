// The loader process behind bench/load-generator.ts: takes jobs over IPC, one at a time, and answers with
// what it measured. Plain node:http with a keep-alive agent of `connections` sockets.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { latencySummary, type LoadJob, type LoadRequest, type LoadResponse, type LoadResult, type RequestFactory } from './load-generator';

interface Outcome { status: number; ms: number; body: string; error?: string }

async function run(job: LoadJob): Promise<LoadResult> {
  const build: (i: number) => LoadRequest = job.requests
    ? ((await import(pathToFileURL(job.requests.module).href)) as { default: RequestFactory }).default(job.requests.args)
    : () => ({ body: '{}' });
  const target = new URL(job.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections });
  const timeoutMs = job.timeoutMs ?? 30_000;
  let next = 0;
  let sentTotal = 0;
  let okTotal = 0;

  function send(index: number, since: () => number): Promise<Outcome> {
    const r = build(index);
    const body = r.body ?? '';
    sentTotal++;
    return new Promise((resolve) => {
      let started = 0;
      const req = http.request({
        agent, host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: r.method ?? 'POST',
        headers: { 'content-type': 'application/json', ...r.headers, 'content-length': String(Buffer.byteLength(body)) },
      }, (res) => {
        const chunks: Buffer[] = [];
        if (job.keepResponses) res.on('data', (c: Buffer) => chunks.push(c));
        else res.resume();
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) okTotal++;
          resolve({ status, ms: performance.now() - started, body: job.keepResponses ? Buffer.concat(chunks).toString('utf8') : '' });
        });
        res.on('error', (err) => resolve({ status: 0, ms: performance.now() - started, body: '', error: err.message }));
      });
      started = since();
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', (err) => resolve({ status: 0, ms: performance.now() - started, body: '', error: err.message }));
      req.end(body);
    });
  }

  /** One phase at the job's settings; returns what it saw, measured or not. */
  async function phase(durationMs: number | undefined, count: number | undefined): Promise<{ outcomes: [number, Outcome][]; seconds: number; cpu: number }> {
    const outcomes: [number, Outcome][] = [];
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const deadline = durationMs === undefined ? Infinity : t0 + durationMs;
    if (job.mode === 'closed') {
      let issued = 0;
      const connection = async (): Promise<void> => {
        while (performance.now() < deadline && (count === undefined || issued < count)) {
          issued++;
          const index = next++;
          outcomes.push([index, await send(index, () => performance.now())]);
        }
      };
      await Promise.all(Array.from({ length: job.connections }, connection));
    } else {
      const rate = job.rate ?? 0;
      if (!(rate > 0) || durationMs === undefined) throw new Error('open mode needs rate and durationMs');
      const total = Math.floor((durationMs / 1000) * rate);
      const interval = 1000 / rate;
      const inFlight: Promise<void>[] = [];
      let k = 0;
      await new Promise<void>((resolve) => {
        const tick = (): void => {
          const now = performance.now();
          while (k < total && t0 + k * interval <= now) {
            const due = t0 + k * interval;
            const index = next++;
            inFlight.push(send(index, () => due).then((o) => { outcomes.push([index, o]); }));
            k++;
          }
          if (k >= total) resolve();
          else setTimeout(tick, Math.max(0, t0 + k * interval - performance.now()));
        };
        tick();
      });
      await Promise.all(inFlight);
    }
    const seconds = (performance.now() - t0) / 1000;
    const used = process.cpuUsage(cpu0);
    return { outcomes, seconds, cpu: (used.user + used.system) / 1e6 / seconds };
  }

  try {
    if (job.warmupMs) await phase(job.warmupMs, undefined);
    const { outcomes, seconds, cpu } = await phase(job.durationMs, job.count);
    const statuses: Record<string, number> = {};
    let errors = 0;
    let firstError: string | undefined;
    const answered: number[] = [];
    for (const [, o] of outcomes) {
      if (o.error !== undefined) {
        errors++;
        firstError ??= o.error;
        continue;
      }
      statuses[o.status] = (statuses[o.status] ?? 0) + 1;
      answered.push(o.ms);
    }
    const ok = Object.entries(statuses).filter(([s]) => s.startsWith('2')).reduce((n, [, c]) => n + c, 0);
    const responses: LoadResponse[] | undefined = job.keepResponses
      ? outcomes.map(([index, o]) => ({ index, status: o.status, ms: o.ms, body: o.error ?? o.body })).sort((a, b) => a.index - b.index)
      : undefined;
    return {
      requests: answered.length, ok, statuses, errors, ...(firstError ? { firstError } : {}),
      seconds, rps: answered.length / seconds, latency: latencySummary(answered), loaderCpu: cpu,
      sentTotal, okTotal, ...(responses ? { responses } : {}),
    };
  } finally {
    agent.destroy();
  }
}

process.on('message', (m: { id: number; job: LoadJob }) => {
  run(m.job).then(
    (result) => process.send!({ id: m.id, result }),
    (err: unknown) => process.send!({ id: m.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  );
});
process.send!({ ready: true });
