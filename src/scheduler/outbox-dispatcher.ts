import type { OutboxRepository, ClaimedSend } from '../db/repositories/outbox-repository';
import type { Messenger, OutboundRequest } from '../lark/messenger';
import { LarkApiError } from '../lark/lark-api-error';
import type { SessionStore, RateWindow, TokenResult } from '../session/session-store';
import { MemorySessionStore } from '../session/memory-session-store';
import type { Logger } from '../logger';
import type { Metrics } from '../http/metrics';
import { delay } from './delay';
import { PollingLoop } from './polling-loop';

export interface SendLimits {
  /** Lark: 50/s and 1000/min per app for send, reply and patch */
  app: RateWindow[];
  /** Lark: 5/s to one user, 5/s to one group shared by all bots */
  perReceiver: RateWindow[];
}

// Below Lark's counts, and over longer windows: a token is taken a few ms before its request reaches
// Lark, and a delayed first burst (a token fetch, a slow connection) followed by a prompt second one
// would squeeze two of our windows into one of Lark's. The longer window absorbs that jitter.
export const LARK_SEND_LIMITS: SendLimits = {
  app: [{ limit: 45, windowMs: 1_100 }, { limit: 950, windowMs: 61_000 }],
  perReceiver: [{ limit: 4, windowMs: 1_100 }],
};

// Lark keeps a uuid for one hour; past ~50 minutes a re-send of an unconfirmed message could duplicate it.
const AMBIGUOUS_AFTER_MS = 50 * 60_000;
const PAUSE_KEY = 'lark:pause';

export interface DispatcherOptions {
  outbox: OutboxRepository;
  messenger: Messenger;
  store: SessionStore;
  logger: Logger;
  metrics: Metrics;
  instanceId: string;
  limits?: SendLimits;
  leaseMs?: number;
  batchSize?: number;
  pollMs?: number;
}

/**
 * Sends outbox rows. Every instance runs one; rows are claimed with SKIP LOCKED and a lease, the shared
 * Redis buckets pace the whole fleet, a 429 pauses the whole fleet for as long as Lark asks.
 */
export class OutboxDispatcher {
  private readonly loop: PollingLoop;
  private readonly limits: SendLimits;
  private readonly leaseMs: number;
  // When Redis does not answer, pace with a local limiter rather than stop sending or send unpaced.
  private readonly insurance = new MemorySessionStore({ namespace: 'insurance' });
  private onInsurance = false;
  private started = false;

  constructor(private readonly o: DispatcherOptions) {
    this.limits = o.limits ?? LARK_SEND_LIMITS;
    this.leaseMs = o.leaseMs ?? 60_000;
    this.loop = new PollingLoop({ name: 'outbox dispatcher', step: async () => (await this.tick()) > 0, pollMs: o.pollMs ?? 1_000, logger: o.logger });
  }

  start(): void {
    this.started = true;
    this.loop.start();
  }

  /** New rows are waiting: skip the rest of the poll interval. */
  wake(): void {
    this.loop.wake();
  }

  /** Stop claiming, finish the sends under way, hand back what was claimed but not sent. */
  async stop(): Promise<void> {
    await this.loop.stop();
    await this.insurance.close();
  }

  /** One claim-and-send round; returns how many rows it handled. Exposed for tests and the CLI. */
  async tick(): Promise<number> {
    const paused = await this.pausedFor();
    if (paused > 0) {
      await this.loop.sleep(Math.min(paused, 5_000));
      return 0;
    }
    const rows = await this.o.outbox.claimDue(this.o.instanceId, this.o.batchSize ?? 20, this.leaseMs);
    if (rows.length === 0) return 0;
    // One queue per receiver keeps each person's messages in order; receivers are served in parallel.
    const queues = new Map<string, ClaimedSend[]>();
    for (const row of rows) {
      const key = row.receiveId ?? row.target ?? row.id;
      queues.set(key, [...(queues.get(key) ?? []), row]);
    }
    await Promise.all([...queues.values()].map((queue) => this.drain(queue)));
    return rows.length;
  }

  private async drain(queue: ClaimedSend[]): Promise<void> {
    for (let i = 0; i < queue.length; i++) {
      const row = queue[i]!;
      if (this.stopping()) {
        await this.o.outbox.release(queue.slice(i).map((r) => r.id), this.o.instanceId);
        return;
      }
      const outcome = await this.sendOne(row);
      if (outcome === 'requeued') {
        // Keep order: the rest of this receiver's rows wait for the next round too.
        await this.o.outbox.release(queue.slice(i + 1).map((r) => r.id), this.o.instanceId);
        return;
      }
    }
  }

  private async sendOne(row: ClaimedSend): Promise<'done' | 'requeued'> {
    let request: OutboundRequest = { ...row, uuid: row.id };
    if (row.msgType === 'file') {
      const prepared = await this.prepareFile(row);
      if (prepared === 'done' || prepared === 'requeued') return prepared;
      request = prepared;
    }
    const waited = await this.takeTokens(row);
    if (waited !== true) {
      await this.o.outbox.retryLater(row.id, this.o.instanceId, waited, { countAttempt: false, error: 'paced by the shared rate limiter' });
      return 'requeued';
    }
    try {
      const res = await this.o.messenger.deliver(request);
      await this.o.outbox.markSent(row.id, this.o.instanceId, res.messageId);
      this.o.metrics.sends.inc({ result: 'sent', code: '0' });
      return 'done';
    } catch (err) {
      return this.failed(row, err, 'send');
    }
  }

  /**
   * A file message names a file_key: upload the bytes first, unless an earlier attempt did. The key is stored
   * before the send, so a send that fails is retried without a second upload (uploads have no uuid).
   */
  private async prepareFile(row: ClaimedSend): Promise<OutboundRequest | 'done' | 'requeued'> {
    const file = await this.o.outbox.fileOf(row.id);
    let fileKey = file?.fileKey;
    if (!fileKey) {
      if (!file?.bytes) {
        await this.o.outbox.markFinal(row.id, this.o.instanceId, 'failed', { error: 'the file of this message is gone' });
        this.o.metrics.sends.inc({ result: 'failed', code: 'no_file' });
        this.o.logger.error({ outboxId: row.id }, 'file message without its file; not sending');
        return 'done';
      }
      const waited = await this.takeUploadToken();
      if (waited !== true) {
        await this.o.outbox.retryLater(row.id, this.o.instanceId, waited, { countAttempt: false, error: 'paced by the shared rate limiter' });
        return 'requeued';
      }
      let uploaded: string;
      try {
        uploaded = await this.o.messenger.uploadFile({ fileName: file.name, fileType: file.type, bytes: file.bytes });
      } catch (err) {
        return this.failed(row, err, 'upload');
      }
      fileKey = await this.o.outbox.setFileKey(row.id, uploaded);
      this.o.logger.debug({ outboxId: row.id, bytes: file.bytes.length }, 'file uploaded');
    }
    return { ...row, content: { file_key: fileKey }, uuid: row.id };
  }

  /** After a failed upload or send: wait out a rate limit, retry a transient fault, or record a permanent one. */
  private async failed(row: ClaimedSend, err: unknown, phase: 'send' | 'upload'): Promise<'done' | 'requeued'> {
    const e = err instanceof LarkApiError ? err : new LarkApiError(String(err), undefined, undefined, 'transient', undefined);
    const code = String(e.code ?? e.httpStatus ?? 'network');
    if (e.failure === 'rate_limited') {
      const waitMs = Math.max(e.retryAfterMs ?? 1_000, 200);
      await this.o.store.set(PAUSE_KEY, { by: this.o.instanceId, code: e.code }, waitMs).catch(() => undefined);
      await this.o.outbox.retryLater(row.id, this.o.instanceId, waitMs + Math.random() * 250, { countAttempt: false, code: e.code, error: e.message });
      this.o.metrics.sends.inc({ result: 'rate_limited', code });
      this.o.logger.warn({ outboxId: row.id, code: e.code, waitMs, phase }, 'lark rate limit: pausing sends');
      return 'requeued';
    }
    if (e.failure === 'transient') {
      if (row.firstAttemptAgeMs > AMBIGUOUS_AFTER_MS) {
        // A failed upload sent nothing (the send comes after it), so past the window it is a plain failure.
        const status = phase === 'upload' ? 'failed' : 'ambiguous';
        await this.o.outbox.markFinal(row.id, this.o.instanceId, status, { code: e.code, error: phase === 'upload' ? `upload kept failing: ${e.message}` : e.message });
        this.o.metrics.sends.inc({ result: status, code });
        this.o.logger.error({ outboxId: row.id, err: e.message, phase }, phase === 'upload'
          ? 'file upload kept failing for the whole uuid window; giving up'
          : 'send outcome unknown past the uuid window; not re-sending');
        return 'done';
      }
      // Full-jitter backoff: base 1 s, cap 5 min (AWS architecture blog, "Exponential Backoff And Jitter").
      const backoff = 200 + Math.random() * Math.min(300_000, 1_000 * 2 ** Math.min(row.attempts, 10));
      await this.o.outbox.retryLater(row.id, this.o.instanceId, backoff, { countAttempt: true, code: e.code, error: e.message });
      this.o.metrics.sends.inc({ result: 'retry', code });
      this.o.logger.warn({ outboxId: row.id, err: e.message, backoffMs: Math.round(backoff), phase }, `${phase} failed; will retry`);
      return 'requeued';
    }
    await this.o.outbox.markFinal(row.id, this.o.instanceId, 'failed', { code: e.code, error: e.message });
    this.o.metrics.sends.inc({ result: 'failed', code });
    this.o.logger.error({ outboxId: row.id, code: e.code, err: e.message, phase }, `${phase} failed permanently`);
    return 'done';
  }

  /** Lark limits im/v1/files on its own (1000/min, 50/s per app), apart from sending. */
  private async takeUploadToken(): Promise<true | number> {
    for (let spins = 0; spins < 20; spins++) {
      const app = await this.take('lark:app:files', this.limits.app);
      if (app.ok) return true;
      if (app.retryAfterMs > 2_000) return app.retryAfterMs;
      await delay(app.retryAfterMs + Math.random() * 20);
    }
    return 1_000;
  }

  /** true when both buckets gave a token; otherwise how long to wait before trying this row again. */
  private async takeTokens(row: ClaimedSend): Promise<true | number> {
    const receiver = row.kind === 'card_update' ? undefined : row.receiveId ?? row.target;
    for (let spins = 0; spins < 20; spins++) {
      const perReceiver = receiver ? await this.take(`lark:rcpt:${receiver}`, this.limits.perReceiver) : ({ ok: true } as const);
      if (perReceiver.ok) {
        const bucket = row.kind === 'card_update' ? 'lark:app:card-update' : 'lark:app:im';
        const app = await this.take(bucket, this.limits.app);
        if (app.ok) return true;
        if (app.retryAfterMs > 2_000) return app.retryAfterMs;
        await delay(app.retryAfterMs + Math.random() * 20);
      } else {
        if (perReceiver.retryAfterMs > 2_000) return perReceiver.retryAfterMs;
        await delay(perReceiver.retryAfterMs + Math.random() * 20);
      }
    }
    return 1_000;
  }

  /** Stopping (started once, no longer running): claimed rows not yet sent go back to the queue. */
  private stopping(): boolean {
    return this.started && !this.loop.running;
  }

  private async take(bucket: string, windows: RateWindow[]): Promise<TokenResult> {
    try {
      const result = await this.o.store.takeToken(bucket, windows);
      if (this.onInsurance) this.o.logger.info('shared rate buckets are back');
      this.onInsurance = false;
      return result;
    } catch (err) {
      if (!this.onInsurance) this.o.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'shared rate buckets unavailable; pacing locally');
      this.onInsurance = true;
      return this.insurance.takeToken(bucket, windows);
    }
  }

  private async pausedFor(): Promise<number> {
    try {
      return await this.o.store.ttl(PAUSE_KEY);
    } catch {
      return 0;
    }
  }
}
