// Resident memory of another process, for bench/growth.bench.ts: sampled once a second from /proc, with how
// far the run had got at each sample, and a summary that says whether it grew steadily (a leak) or levelled off.
import { readFileSync } from 'node:fs';

export interface RssSample { atMs: number; rssMb: number; done: number }

/** VmRSS of `pid` in MB (Linux), or NaN when it cannot be read. */
export function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

export class RssSampler {
  readonly samples: RssSample[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly t0 = Date.now();

  constructor(private readonly pid: number, private readonly progress: () => number, everyMs = 1_000) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  sample(): void {
    const rss = rssMb(this.pid);
    if (Number.isFinite(rss)) this.samples.push({ atMs: Date.now() - this.t0, rssMb: rss, done: this.progress() });
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }
}

export interface RssVerdict {
  startMb: number;
  peakMb: number;
  endMb: number;
  /** RSS at the first sample at or past each quarter of the events */
  quarters: number[];
  /** medians of the first and the last third of the samples: a sawtooth of collections does not move them */
  firstThirdMb: number;
  lastThirdMb: number;
  /** least-squares slope of RSS over events done, MB per 10,000 events */
  slopeMbPer10k: number;
  flat: boolean;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/**
 * A heap warms up (code, caches, pools) and then saws up and down between collections; a leak keeps climbing
 * with the work done. So: flat when the median RSS of the last third of the run is above the first third's by
 * less than 10% or 30 MB, whichever is more. `samples` are those taken while events ran; `endMb` is after the idle tail.
 */
export function verdict(samples: RssSample[], total: number, endMb: number): RssVerdict {
  const at = (done: number) => (samples.find((s) => s.done >= done) ?? samples.at(-1)!).rssMb;
  const third = Math.max(1, Math.floor(samples.length / 3));
  const firstThirdMb = median(samples.slice(0, third).map((s) => s.rssMb));
  const lastThirdMb = median(samples.slice(-third).map((s) => s.rssMb));
  const n = samples.length;
  const mx = samples.reduce((a, s) => a + s.done, 0) / n;
  const my = samples.reduce((a, s) => a + s.rssMb, 0) / n;
  const sxx = samples.reduce((a, s) => a + (s.done - mx) ** 2, 0);
  const slope = sxx > 0 ? samples.reduce((a, s) => a + (s.done - mx) * (s.rssMb - my), 0) / sxx : 0;
  return {
    startMb: samples[0]!.rssMb, peakMb: Math.max(endMb, ...samples.map((s) => s.rssMb)), endMb,
    quarters: [0.25, 0.5, 0.75, 1].map((q) => at(Math.ceil(q * total))),
    firstThirdMb, lastThirdMb, slopeMbPer10k: slope * 10_000,
    flat: lastThirdMb - firstThirdMb < Math.max(30, 0.1 * firstThirdMb),
  };
}
