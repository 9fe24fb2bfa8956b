// The baseline of bench/fan-out.bench.ts, run in a process of its own: the same messages sent by a plain loop
// with an in-memory limiter (the same windows the bot is given), the bot's Lark client, no database, no Redis.
// 20 sends in flight, as many as the dispatcher's claim batch. Reads FANOUT_NAIVE (JSON), prints "READY" once
// it holds a tenant token, starts on a line on stdin and prints "DONE" when every message was accepted.
import { readFile } from 'node:fs/promises';
import pino from 'pino';
import { LarkMessenger } from '../src/lark/messenger';
import { LarkApiError } from '../src/lark/lark-api-error';
import { MemorySessionStore } from '../src/session/memory-session-store';
import type { SendLimits } from '../src/scheduler/outbox-dispatcher';
import { delay } from '../src/scheduler/delay';

interface Spec {
  lark: { appId: string; appSecret: string; encryptKey: string; verificationToken: string; domain: string };
  limits: SendLimits;
  /** a JSON file: [{ id, receiveId, msgType, content }] in send order */
  rowsFile: string;
  inFlight: number;
}

const spec = JSON.parse(process.env.FANOUT_NAIVE ?? '{}') as Spec;
const rows = JSON.parse(await readFile(spec.rowsFile, 'utf8')) as { id: string; receiveId: string; msgType: string; content: unknown }[];
const messenger = new LarkMessenger(spec.lark, pino({ level: 'silent' }));
const limiter = new MemorySessionStore({ namespace: 'naive' });

// The tenant token first, as a warmed-up bot has it.
await messenger.botIdentity();
process.stdout.write('READY\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));

async function token(bucket: string, windows: SendLimits['app']): Promise<void> {
  for (;;) {
    const t = await limiter.takeToken(bucket, windows);
    if (t.ok) return;
    await delay(t.retryAfterMs);
  }
}

let next = 0;
let failed = 0;
await Promise.all(Array.from({ length: spec.inFlight }, async () => {
  while (next < rows.length) {
    const row = rows[next++]!;
    for (;;) {
      await token(`rcpt:${row.receiveId}`, spec.limits.perReceiver);
      await token('app', spec.limits.app);
      try {
        await messenger.deliver({ kind: 'send', receiveIdType: 'open_id', receiveId: row.receiveId, msgType: row.msgType, content: row.content, uuid: row.id });
        break;
      } catch (err) {
        // The emulator counts the 429s; a loop that keeps failing otherwise is broken, not slow.
        if (err instanceof LarkApiError && err.failure === 'rate_limited') await delay(err.retryAfterMs ?? 1_000);
        else if (++failed > 100) throw err;
      }
    }
  }
}));
process.stdout.write('DONE\n');
await limiter.close();
process.exit(0);
