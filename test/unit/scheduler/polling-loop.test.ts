import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { PollingLoop } from '../../../src/scheduler/polling-loop';

const logger = pino({ level: 'silent' });
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PollingLoop', () => {
  it('wakes every idle round at once, not only one', async () => {
    let rounds = 0;
    const loop = new PollingLoop({ name: 't', step: async () => { rounds += 1; return false; }, pollMs: 60_000, concurrency: 3, logger });
    loop.start();
    await tick(20);
    expect(rounds).toBe(3);
    loop.wake();
    await tick(20);
    expect(rounds).toBe(6);
    await loop.stop();
  });

  it('runs the next round at once while there is work, and sleeps when there is none', async () => {
    let work = 5;
    let rounds = 0;
    const loop = new PollingLoop({ name: 't', step: async () => { rounds += 1; return work-- > 0; }, pollMs: 60_000, logger });
    loop.start();
    await tick(30);
    expect(rounds).toBe(6);
    await loop.stop();
  });

  it('backs off while its store fails, and recovers', async () => {
    let rounds = 0;
    let failing = true;
    const loop = new PollingLoop({ name: 't', step: async () => { rounds += 1; if (failing) throw new Error('down'); return false; }, pollMs: 10, logger });
    loop.start();
    await tick(700);
    // 500 ms after the first failure, 1 s after the second: two or three rounds, not seventy
    expect(rounds).toBeLessThanOrEqual(3);
    failing = false;
    loop.wake();
    await tick(30);
    const after = rounds;
    await tick(50);
    expect(rounds).toBeGreaterThan(after);
    await loop.stop();
  });

  it('stop waits for the round under way', async () => {
    let finished = false;
    const loop = new PollingLoop({ name: 't', step: async () => { await tick(100); finished = true; return false; }, pollMs: 60_000, logger });
    loop.start();
    await tick(10);
    await loop.stop();
    expect(finished).toBe(true);
    expect(loop.running).toBe(false);
  });
});
