import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { InboxRepository } from '../db/repositories/inbox-repository';
import type { OutboxRepository } from '../db/repositories/outbox-repository';
import { parseEnvelope, toIncomingMessage, toMenuClick, MalformedEvent, type IncomingMessage, type MenuClick } from '../lark/events';
import type { EventProcessor } from '../routing/event-processor';
import type { Logger } from '../logger';
import type { Metrics } from '../http/metrics';
import { PollingLoop } from './polling-loop';

/** How often an event may fail outside its handler (database trouble mid-way, a bug) before it is set aside. */
const MAX_ATTEMPTS = 5;

export interface InboxWorkerOptions {
  db: Kysely<Database>;
  inbox: InboxRepository;
  outbox: OutboxRepository;
  processor: EventProcessor;
  logger: Logger;
  metrics: Metrics;
  /** the bot's own open_id, to tell whether a group message @-mentions it */
  botOpenId: () => Promise<string>;
  /** called after a commit that queued messages */
  onQueued: () => void;
  concurrency?: number;
  pollMs?: number;
}

/**
 * Runs the handlers for stored messages and menu clicks. Each row is handled in one transaction that
 * holds its row lock: the handler's changes, its replies (outbox rows) and the "done" mark commit
 * together. A crash rolls all of it back and frees the row for any instance (FOR UPDATE SKIP LOCKED).
 */
export class InboxWorker {
  private readonly loop: PollingLoop;

  constructor(private readonly o: InboxWorkerOptions) {
    this.loop = new PollingLoop({ name: 'inbox worker', step: () => this.processNext(), pollMs: o.pollMs ?? 1_000, concurrency: o.concurrency ?? 2, logger: o.logger });
  }

  start(): void {
    this.loop.start();
  }

  /** A new event was stored: handle it now rather than at the next poll. */
  wake(): void {
    this.loop.wake();
  }

  /** Finish the events being handled, take no new ones. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Handle the oldest pending row; false when there was none. Exposed for tests. */
  async processNext(): Promise<boolean> {
    const trx = await this.o.db.startTransaction().execute();
    let itemId: number | undefined;
    try {
      const item = await this.o.inbox.lockNextPending(trx);
      itemId = item?.id;
      if (!item) {
        await trx.commit().execute();
        return false;
      }
      const log = this.o.logger.child({ eventId: item.eventId, eventType: item.eventType });
      const event = await this.normalize(item.payload, log);
      if (!event) {
        await this.o.inbox.finish(trx, item.id, { status: 'done' });
        await trx.commit().execute();
        return true;
      }
      const { queued, failure } = await this.o.processor.handleMessage(event, trx, log);
      await this.o.outbox.enqueue(trx, queued);
      await this.o.inbox.finish(trx, item.id, failure ? { status: 'failed', error: failure.slice(0, 500) } : { status: 'done' });
      await trx.commit().execute();
      this.o.metrics.events.inc({ type: item.eventType, outcome: failure ? 'handler_error' : 'handled' });
      // Services may also have queued messages themselves (card patches): always nudge the dispatcher.
      this.o.onQueued();
      return true;
    } catch (err) {
      await trx.rollback().execute().catch(() => undefined);
      if (itemId !== undefined) {
        // Count the failed attempt outside the rolled-back transaction; a poison event stops after a few.
        const message = err instanceof Error ? err.message : String(err);
        const verdict = await this.o.inbox.recordCrash(itemId, message, MAX_ATTEMPTS).catch(() => 'retry' as const);
        if (verdict === 'failed') this.o.logger.error({ err, inboxId: itemId }, 'event failed repeatedly; set aside as failed');
      }
      throw err;
    }
  }

  /** Stored payload → event to handle, or undefined for something the bot deliberately ignores. */
  private async normalize(payload: unknown, log: Logger): Promise<IncomingMessage | MenuClick | undefined> {
    const env = typeof payload === 'object' && payload !== null ? parseEnvelope(payload as Record<string, unknown>) : undefined;
    if (!env) {
      log.warn('stored event has no envelope; dropped');
      return undefined;
    }
    try {
      if (env.eventType === 'application.bot.menu_v6') return toMenuClick(env);
      const message = toIncomingMessage(env, await this.o.botOpenId());
      // In a group the bot answers only when @-mentioned, judged by its open_id.
      if (message.chatType === 'group' && !message.mentionsBot) {
        log.debug('group message without @bot; ignored');
        return undefined;
      }
      return message;
    } catch (err) {
      if (err instanceof MalformedEvent) {
        log.warn({ err: err.message }, 'malformed stored event; dropped');
        return undefined;
      }
      throw err;
    }
  }
}
