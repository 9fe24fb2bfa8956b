import type { Kysely } from 'kysely';
import { inSavepoint } from '../db/in-savepoint';
import type { Database } from '../db/database';
import { fileMessage, type OutboxMessage } from '../db/repositories/outbox-repository';
import { CadreRepository } from '../db/repositories/cadre-repository';
import { AuditRepository, type AuditEntry } from '../db/repositories/audit-repository';
import { hasUnstorable, UNSTORABLE_REFUSAL, type CardAction, type IncomingMessage, type LarkEvent, type MenuClick } from '../lark/events';
import { t, type Card } from '../lark/cards/card-kit';
import { apologyCard } from '../lark/cards/apology-card';
import { noticeCard, strangerCard } from '../lark/cards/notice-card';
import type { CardResponse, HandlerContext, Registry } from '../context';
import type { Actor } from '../domain/actor';
import { DomainError } from '../domain/domain-error';
import type { SessionStore } from '../session/session-store';
import type { Logger } from '../logger';
import type { Metrics } from '../http/metrics';
import { routeCommand, routeMenuKey } from './route-command';

export interface ProcessorDeps {
  registry: Registry;
  session: SessionStore;
  metrics: Metrics;
  timeZone: string;
  /** Db.reader; the event's own transaction when absent */
  reader?: Kysely<Database>;
  now?: () => Date;
}

export interface Outcome {
  queued: OutboxMessage[];
  /** set when the handler failed unexpectedly (the person got an apology) */
  failure?: string;
}

/** Where "answer the person" goes for each kind of event. */
function replyTarget(event: LarkEvent): (card: Card) => OutboxMessage {
  switch (event.kind) {
    case 'message':
      // Reply in the conversation; the chat id is kept so the per-chat 5/s bucket applies.
      return (card) => ({ kind: 'reply', target: event.messageId, receiveIdType: 'chat_id', receiveId: event.chatId, msgType: 'interactive', content: card });
    case 'card_action':
      return (card) => event.chatId
        ? { kind: 'send', receiveIdType: 'chat_id', receiveId: event.chatId, msgType: 'interactive', content: card }
        : { kind: 'send', receiveIdType: 'open_id', receiveId: event.operatorOpenId, msgType: 'interactive', content: card };
    case 'menu':
      return (card) => ({ kind: 'send', receiveIdType: 'open_id', receiveId: event.operatorOpenId, msgType: 'interactive', content: card });
  }
}

export function actorOpenIdOf(event: LarkEvent): string {
  return event.kind === 'message' ? event.senderOpenId : event.operatorOpenId;
}

const cadres = new CadreRepository();
const audit = new AuditRepository();

/**
 * Runs one event inside the caller's transaction: who is acting (from the roster, never from the event's
 * payload), which handler the registry names, and what happens when it refuses or fails. A handler's
 * writes sit behind a savepoint, so a refusal or a crash undoes them while the answer (and the audit of
 * a refusal) still commits.
 */
export class EventProcessor {
  constructor(private readonly deps: ProcessorDeps) {}

  context<E extends LarkEvent>(event: E, actor: Actor, tx: Kysely<Database>, log: Logger): HandlerContext<E> {
    const queued: OutboxMessage[] = [];
    const toReply = replyTarget(event);
    return {
      event, actor, tx, log, queued,
      reader: this.deps.reader ?? tx,
      actorOpenId: actor.openId,
      session: this.deps.session,
      now: this.deps.now ?? (() => new Date()),
      timeZone: this.deps.timeZone,
      registry: this.deps.registry,
      reply: (card) => queued.push(toReply(card)),
      sendTo: (openId, card, opts) => queued.push({ kind: 'send', receiveIdType: 'open_id', receiveId: openId, msgType: 'interactive', content: card, ...(opts?.dedupeKey ? { dedupeKey: opts.dedupeKey } : {}) }),
      sendFile: (openId, file, opts) => queued.push(fileMessage(openId, file, opts?.dedupeKey ? { dedupeKey: opts.dedupeKey } : {})),
      audit: (entry) => audit.record(tx, { actor: actor.openId, eventId: event.eventId, ...entry }),
    };
  }

  /** A text message or a menu click: run the command (or the fallback). */
  async handleMessage(event: IncomingMessage | MenuClick, tx: Kysely<Database>, log: Logger): Promise<Outcome> {
    const reply = replyTarget(event);
    let args: string;
    let command;
    if (event.kind === 'menu') {
      command = routeMenuKey(this.deps.registry, event.eventKey);
      args = command ? '' : event.eventKey;
    } else {
      ({ command, args } = routeCommand(this.deps.registry, event.text));
      if (!command) args = event.text;
    }
    const actor = await cadres.findActor(tx, actorOpenIdOf(event));
    if (!actor) {
      // Refused and audited like a stranger's click: the log then shows who tried to use the bot before they were
      // on the roster (or after they left it), and what they asked for. Never their words: only the command's name.
      const target = command ? `command:${command.name}` : event.kind === 'menu' ? `menu:${event.eventKey.slice(0, 64)}` : 'message';
      await audit.record(tx, { actor: actorOpenIdOf(event), action: 'denied:not_on_roster', target, eventId: event.eventId });
      return { queued: [reply(strangerCard(await cadres.adminNames(tx)))] };
    }
    // The text inside a message's content can still hold what Postgres cannot store (the event itself was checked).
    if (event.kind === 'message' && hasUnstorable(event.text)) return { queued: [reply(noticeCard(t('没有办成', 'That did not work'), UNSTORABLE_REFUSAL, 'orange'))] };
    const name = command?.name ?? 'fallback';
    const run = command ? command.run : this.deps.registry.fallback;
    const ctx = this.context(event, actor, tx, log);
    const result = await this.guarded(name, tx, log, event, () => run(ctx, args));
    if (result.ok) return { queued: ctx.queued };
    return { queued: [reply(result.card)], ...(result.failure ? { failure: result.failure } : {}) };
  }

  /** A card click: the handler named by the button's `a` key; its answer is the callback's HTTP body. */
  async handleCard(event: CardAction, tx: Kysely<Database>, log: Logger): Promise<Outcome & { response: CardResponse }> {
    const actor = await cadres.findActor(tx, event.operatorOpenId);
    if (!actor) {
      // Someone off the roster pressing a button (a forwarded card, a forged click) is a refusal like any other.
      await audit.record(tx, { actor: event.operatorOpenId, action: 'denied:not_on_roster', target: `card:${String(event.value.a ?? '').slice(0, 64)}`, eventId: event.eventId });
      return { response: { toast: { type: 'warning', text: t('您还不在引航名单中，请联系组织部', 'You are not on the Yinhang roster; please contact the organisation department') } }, queued: [] };
    }
    const key = typeof event.value.a === 'string' ? event.value.a : '';
    const handler = this.deps.registry.cardActions[key];
    if (!handler) {
      log.warn({ key }, 'card action with no handler');
      return { response: { toast: { type: 'warning', text: t('这个按钮已失效，请发送“帮助”重新开始', 'This button is out of date; send "help" to start again') } }, queued: [] };
    }
    const ctx = this.context(event, actor, tx, log);
    let response: CardResponse = {};
    const result = await this.guarded(`card:${key}`, tx, log, event, async () => {
      response = (await handler(ctx)) ?? {};
    });
    if (result.ok) return { response, queued: ctx.queued };
    if (result.failure) {
      return { response: { toast: { type: 'error', text: t('抱歉，操作没有完成，请稍后再试', 'Sorry, that did not go through; please try again later') } }, queued: [replyTarget(event)(result.card)], failure: result.failure };
    }
    return { response: { toast: { type: 'warning', text: result.text } }, queued: [] };
  }

  /** Run behind a savepoint; turn a refusal into its message and a crash into an apology. */
  private async guarded(handler: string, tx: Kysely<Database>, log: Logger, event: LarkEvent, run: () => Promise<void>): Promise<
    { ok: true } | { ok: false; card: Card; text: { zh: string; en: string }; failure?: string }
  > {
    const end = this.deps.metrics.handlerSeconds.startTimer({ handler });
    try {
      await inSavepoint(tx, 'handler', run);
      end({ outcome: 'ok' });
      return { ok: true };
    } catch (err) {
      if (err instanceof DomainError) {
        end({ outcome: 'refused' });
        log.info({ code: err.code }, 'handler refused');
        const entry = err.detail?.audit as AuditEntry | undefined;
        if (entry) await audit.record(tx, { ...entry, eventId: event.eventId });
        const title = err.code === 'forbidden' ? t('没有权限', 'Not allowed') : t('没有办成', 'That did not work');
        return { ok: false, card: noticeCard(title, err.text, 'orange'), text: err.text };
      }
      end({ outcome: 'error' });
      log.error({ err }, 'handler failed; apologising');
      const failure = err instanceof Error ? err.message : String(err);
      return { ok: false, card: apologyCard(event.eventId), text: t('抱歉，出了点问题', 'Sorry, something went wrong'), failure };
    }
  }
}
