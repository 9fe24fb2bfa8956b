// What every bench shares: medians with their spread, subjects measured in turn so that drift on a shared
// machine hits them all alike, and a report that prints as it goes and is written to bench/results/<name>.txt.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export interface Timing { median: number; min: number; max: number }

/** Median and min–max of a set of samples. */
export function summary(samples: number[]): Timing {
  if (samples.length === 0) return { median: NaN, min: NaN, max: NaN };
  const s = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return { median: s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2, min: s[0]!, max: s[s.length - 1]! };
}

/** The p-th percentile (0–100) by nearest rank. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** One warm-up each, then `rounds` rounds taking the subjects in turn, so drift hits them all alike. */
export async function interleaved(subjects: Record<string, () => Promise<unknown>>, rounds: number): Promise<Record<string, Timing>> {
  const samples: Record<string, number[]> = {};
  for (const [name, fn] of Object.entries(subjects)) { await fn(); samples[name] = []; }
  for (let r = 0; r < rounds; r++) for (const [name, fn] of Object.entries(subjects)) samples[name]!.push(await timed(fn));
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summary(v)]));
}

export const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;

/** A bench's output: printed line by line and, at the end, written to bench/results/<name>.txt. */
export class BenchReport {
  private readonly lines: string[] = [];
  constructor(private readonly name: string) {}

  out(line = ''): void {
    console.log(line);
    this.lines.push(line);
  }

  /** The machine, Node and the load at the start: absolute figures only mean something next to these. */
  machine(extra = ''): void {
    const cpu = os.cpus()[0]?.model.trim() ?? '?';
    this.out(`machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GB; Node ${process.version}${extra ? `; ${extra}` : ''}`);
    this.out(`load average at the start ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} (other work on the machine slows every figure, the ratios less)`);
  }

  /** A fixed-width table; the first row is the header. */
  table(rows: string[][]): void {
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)) + 2);
    for (const r of rows) this.out(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(''));
  }

  /** The load average at the end (other work on the machine shows in every figure), then save. */
  async finish(): Promise<void> {
    this.out(`load average at the end ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    await this.save();
  }

  async save(): Promise<void> {
    await mkdir(new URL('./results/', import.meta.url), { recursive: true });
    await writeFile(fileURLToPath(new URL(`./results/${this.name}.txt`, import.meta.url)), `${this.lines.join('\n')}\n`);
    console.log(`\n(written to bench/results/${this.name}.txt)`);
  }
}
