import type { Logger } from '../logger';

export interface PollingLoopOptions {
  name: string;
  /** one round of work; true when it found something to do (then the next round starts at once) */
  step: () => Promise<boolean>;
  pollMs: number;
  /** rounds running side by side */
  concurrency?: number;
  logger: Logger;
}

/**
 * The shape every background worker shares: run rounds until stopped, sleep between idle rounds, wake up
 * early when told new work is waiting, and back off (logging once) while a store is unreachable.
 */
export class PollingLoop {
  private readonly sleepers = new Set<() => void>();
  private pendingWake = false;
  private active = false;
  private loops: Promise<void>[] = [];

  constructor(private readonly o: PollingLoopOptions) {}

  get running(): boolean {
    return this.active;
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    this.loops = Array.from({ length: this.o.concurrency ?? 1 }, () => this.run());
  }

  /** New work is waiting: every idle round starts now. */
  wake(): void {
    if (this.sleepers.size === 0) this.pendingWake = true;
    for (const wakeUp of [...this.sleepers]) wakeUp();
  }

  /** Take no new rounds; resolves when the rounds under way have finished. */
  async stop(): Promise<void> {
    this.active = false;
    this.wake();
    await Promise.all(this.loops);
  }

  /** A sleep that wake() and stop() cut short. */
  sleep(ms: number): Promise<void> {
    if (this.pendingWake || !this.active) {
      this.pendingWake = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.active) {
      let busy = false;
      try {
        busy = await this.o.step();
        if (failures > 0) this.o.logger.info(`${this.o.name} recovered`);
        failures = 0;
      } catch (err) {
        // Usually the database is away: log once, then back off instead of filling the log.
        if (failures === 0) this.o.logger.error({ err }, `${this.o.name} round failed; backing off`);
        failures += 1;
      }
      if (!busy && this.active) await this.sleep(failures > 0 ? Math.min(30_000, 500 * 2 ** failures) : this.o.pollMs);
    }
  }
}
