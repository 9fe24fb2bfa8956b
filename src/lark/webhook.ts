import type { IncomingHttpHeaders } from 'node:http';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { InboxRepository } from '../db/repositories/inbox-repository';
import type { InboxBatcher } from '../db/repositories/inbox-batcher';
import type { OutboxRepository, OutboxMessage } from '../db/repositories/outbox-repository';
import type { EventProcessor } from '../routing/event-processor';
import type { CardResponse } from '../context';
import type { Logger } from '../logger';
import type { Metrics } from '../http/metrics';
import type { WebhookHandler } from '../http/create-http-app';
import type { JsonReply } from '../http/send-json';
import { decryptLark, DecryptError, larkSignature, signatureMatches, tokenMatches } from './crypto';
import { parseEnvelope, toCardAction, MalformedEvent, MAX_ID_LENGTH, UNSTORABLE_REFUSAL, type CardAction, type Envelope } from './events';

export interface WebhookOptions {
  encryptKey: string;
  verificationToken: string;
  db: Kysely<Database>;
  /** a card click's dedupe row, written at once: the click is answered inline, within Lark's 3 s */
  inbox: InboxRepository;
  /** messages and menu clicks, stored in group commits with the events that arrive with them */
  inboxBatcher: InboxBatcher;
  outbox: OutboxRepository;
  processor: EventProcessor;
  logger: Logger;
  metrics: Metrics;
  /** a message or menu click was stored: wake the inbox worker */
  onInboxed: () => void;
  /** outbox rows were written: wake the dispatcher */
  onQueued: () => void;
  /** Lark waits 3 s for a card callback; answer well inside it */
  cardDeadlineMs?: number;
  now?: () => number;
}

// Lark retries an unacknowledged event after 15 s, 5 min, 1 h and 6 h: nothing genuine is older than
// about 7.1 h. Anything older is a replay. A little slack for clock skew in the other direction.
export const MAX_EVENT_AGE_MS = 7.2 * 3_600_000;
const MAX_FUTURE_SKEW_MS = 5 * 60_000;
const MESSAGE_EVENTS = new Set(['im.message.receive_v1', 'message']);
/**
 * In JSON.stringify's output, `\u0000` and `\udXXX` escapes (not preceded by an escaped backslash) are exactly
 * the NULs and the unpaired surrogates: well-formed pairs are written as they are.
 */
const UNSTORABLE_ESCAPE = /(?:^|[^\\])(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/;
const QUEUED_EVENTS = new Set([...MESSAGE_EVENTS, 'application.bot.menu_v6']);

class Refusal extends Error {
  constructor(readonly status: 400 | 401 | 413 | 415, readonly reason: string) {
    super(reason);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseJsonObject(text: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Refusal(400, `${what} is not JSON`);
  }
  if (!isObject(value)) throw new Refusal(400, `${what} must be a JSON object`);
  return value;
}

/**
 * POST /webhook/event and /webhook/card. Order matters: the URL-verification challenge carries no
 * signature, so it is recognised (after decryption, token checked) before the signature is required.
 * Everything else: raw-body signature → freshness → token → store → 200 at once → handle.
 */
export function createWebhookHandler(o: WebhookOptions): WebhookHandler {
  const now = o.now ?? Date.now;
  const deadline = o.cardDeadlineMs ?? 2_500;

  function isStale(ms: number | undefined): boolean {
    return ms !== undefined && (now() - ms > MAX_EVENT_AGE_MS || ms - now() > MAX_FUTURE_SKEW_MS);
  }

  function verifySignature(headers: IncomingHttpHeaders, raw: Buffer): void {
    const timestamp = header(headers, 'x-lark-request-timestamp');
    const nonce = header(headers, 'x-lark-request-nonce');
    const signature = header(headers, 'x-lark-signature');
    if (!timestamp || !nonce || !signature) throw new Refusal(401, 'missing Lark signature headers');
    if (!signatureMatches(larkSignature(timestamp, nonce, o.encryptKey, raw), signature)) throw new Refusal(401, 'bad signature');
    const seconds = Number(timestamp);
    if (!Number.isFinite(seconds) || isStale(seconds * 1000)) throw new Refusal(401, 'stale or future request timestamp');
  }

  return async function webhook(req, raw): Promise<JsonReply> {
    let eventType = 'unknown';
    try {
      if (raw.length === 0) throw new Refusal(400, 'empty body');
      const outer = parseJsonObject(raw.toString('utf8'), 'body');
      let payload = outer;
      if ('encrypt' in outer) {
        if (typeof outer.encrypt !== 'string') throw new Refusal(400, 'encrypt must be a string');
        try {
          payload = parseJsonObject(decryptLark(o.encryptKey, outer.encrypt), 'decrypted payload');
        } catch (err) {
          if (err instanceof DecryptError) throw new Refusal(400, err.message);
          throw err;
        }
      }
      if (payload.type === 'url_verification') {
        eventType = 'url_verification';
        if (!tokenMatches(o.verificationToken, payload.token)) throw new Refusal(401, 'verification token mismatch');
        if (typeof payload.challenge !== 'string') throw new Refusal(400, 'challenge must be a string');
        o.metrics.events.inc({ type: eventType, outcome: 'ok' });
        return ok({ challenge: payload.challenge });
      }
      verifySignature(req.headers, raw);
      const env = parseEnvelope(payload);
      if (!env) throw new Refusal(400, 'not a Lark event envelope');
      eventType = env.eventType;
      if (!tokenMatches(o.verificationToken, env.token)) throw new Refusal(401, 'verification token mismatch');
      if (isStale(env.createdAtMs)) throw new Refusal(401, 'event is older than the retry window');
      const log = o.logger.child({ eventId: env.eventId, eventType });
      // The inbox keeps the payload as jsonb: what Postgres cannot store is refused here rather than failing there.
      let serialized: string;
      try {
        serialized = JSON.stringify(payload);
      } catch {
        throw new Refusal(400, 'the event is nested too deeply');
      }
      if (UNSTORABLE_ESCAPE.test(serialized)) {
        if (env.eventType !== 'card.action.trigger') throw new Refusal(400, 'the event contains U+0000 or an unpaired surrogate, which cannot be stored');
        o.metrics.events.inc({ type: eventType, outcome: 'refused_unstorable' });
        return ok(toLarkCallbackBody({ toast: { type: 'warning', text: UNSTORABLE_REFUSAL } }));
      }

      if (QUEUED_EVENTS.has(env.eventType)) {
        // Resolves only after the commit of this event's batch; a failed batch rejects every event in it (→ 503).
        const inserted = await o.inboxBatcher.record({ dedupeKey: dedupeKey(env), eventId: env.eventId, eventType, payloadJson: serialized, status: 'pending' });
        o.metrics.events.inc({ type: eventType, outcome: inserted ? 'queued' : 'duplicate' });
        if (inserted) o.onInboxed();
        else log.info('duplicate delivery ignored');
        return ok({});
      }
      if (env.eventType === 'card.action.trigger') {
        let action: CardAction;
        try {
          action = toCardAction(env);
        } catch (err) {
          if (err instanceof MalformedEvent) throw new Refusal(400, err.message);
          throw err;
        }
        const fresh = await o.inbox.record({ dedupeKey: `evt:${env.eventId}`, eventId: env.eventId, eventType, payloadJson: serialized, status: 'inline' });
        if (!fresh) {
          o.metrics.events.inc({ type: eventType, outcome: 'duplicate' });
          return ok({});
        }
        return ok(toLarkCallbackBody(await answerCard(action, log)));
      }
      log.info('event type not handled; acknowledged');
      o.metrics.events.inc({ type: eventType, outcome: 'ignored' });
      return ok({});
    } catch (err) {
      if (err instanceof Refusal) {
        o.metrics.events.inc({ type: eventType, outcome: `refused_${err.status}` });
        o.logger.warn({ status: err.status, reason: err.reason, eventType }, 'webhook request refused');
        return { status: err.status, body: { error: err.reason } };
      }
      // Our fault (database down…): 503 so that Lark delivers the event again later.
      o.logger.error({ err, eventType }, 'webhook could not store the event');
      o.metrics.events.inc({ type: eventType, outcome: 'unavailable' });
      return { status: 503, body: { error: 'temporarily unavailable, retry later' } };
    }
  };

  /** Run the card handler in its own transaction; past the deadline answer {} and update the card later. */
  async function answerCard(action: CardAction, log: Logger): Promise<CardResponse> {
    const work = o.db
      .transaction()
      .execute(async (trx) => {
        const { response, queued, failure } = await o.processor.handleCard(action, trx, log);
        await o.outbox.enqueue(trx, queued);
        return { response, queued: queued.length, failure };
      })
      .then(
        (r) => {
          o.metrics.events.inc({ type: 'card.action.trigger', outcome: r.failure ? 'handler_error' : 'handled' });
          o.onQueued();
          return r.response;
        },
        (err): CardResponse => {
          // The transaction itself failed (database away): nothing was changed; say so.
          log.error({ err }, 'card callback could not be processed');
          o.metrics.events.inc({ type: 'card.action.trigger', outcome: 'unavailable' });
          return { toast: { type: 'error', text: { zh: '抱歉，操作没有完成，请稍后再试', en: 'Sorry, that did not go through; please try again later' } } };
        },
      );
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), deadline)));
    const first = await Promise.race([work, late]);
    clearTimeout(timer);
    if (first !== 'late') return first;
    log.warn({ deadlineMs: deadline }, 'card handler past the deadline; answering {} and updating the card later');
    void work.then(async (response) => {
      if (!response.card || !action.token) return;
      const update: OutboxMessage = { kind: 'card_update', target: action.token, msgType: 'interactive', content: response.card };
      await o.outbox.enqueue(o.db, [update]);
      o.onQueued();
    }).catch((err) => log.error({ err }, 'late card update could not be queued'));
    return {};
  }
}

const ok = (body: unknown): JsonReply => ({ status: 200, body });

/** A header's value; a header sent twice (Node joins most, keeps some as a list) counts as its first. */
function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Messages dedupe on message_id (Lark: event_id may differ between duplicate pushes); others on event_id. */
function dedupeKey(env: Envelope): string {
  const e = env.event;
  const message = isObject(e.message) ? e.message : undefined;
  const messageId = message && typeof message.message_id === 'string' ? message.message_id : typeof e.open_message_id === 'string' ? e.open_message_id : undefined;
  if (MESSAGE_EVENTS.has(env.eventType)) {
    if (!messageId || messageId.length > MAX_ID_LENGTH) throw new Refusal(400, 'message event without a message_id of Lark\'s form');
    return `msg:${messageId}`;
  }
  return `evt:${env.eventId}`;
}

/** Our CardResponse → Lark's callback body: toast with i18n, card as `{type:'raw', data}`. */
export function toLarkCallbackBody(r: CardResponse): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (r.toast) body.toast = { type: r.toast.type, content: r.toast.text.zh, i18n: { zh_cn: r.toast.text.zh, en_us: r.toast.text.en } };
  if (r.card) body.card = { type: 'raw', data: r.card };
  return body;
}
