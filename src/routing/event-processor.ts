import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { OutboxMessage } from '../db/repositories/outbox-repository';
import type { CardAction, IncomingMessage, LarkEvent, MenuClick } from '../lark/events';
import type { Card } from '../lark/cards/card-kit';
import type { CardResponse, HandlerContext, Registry } from '../context';
import type { SessionStore } from '../session/session-store';
import type { Logger } from '../logger';
import type { Metrics } from '../http/metrics';
import { routeCommand, routeMenuKey } from './route-command';

export interface ProcessorDeps {
  registry: Registry;
  session: SessionStore;
  metrics: Metrics;
  timeZone: string;
  now?: () => Date;
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

function actorOf(event: LarkEvent): string {
  return event.kind === 'message' ? event.senderOpenId : event.operatorOpenId;
}

/** Builds one HandlerContext per event and runs the handler the registry names for it. */
export class EventProcessor {
  constructor(private readonly deps: ProcessorDeps) {}

  context<E extends LarkEvent>(event: E, tx: Kysely<Database>, log: Logger): HandlerContext<E> {
    const queued: OutboxMessage[] = [];
    const toReply = replyTarget(event);
    return {
      event, tx, log, queued,
      actorOpenId: actorOf(event),
      session: this.deps.session,
      now: this.deps.now ?? (() => new Date()),
      timeZone: this.deps.timeZone,
      registry: this.deps.registry,
      reply: (card) => queued.push(toReply(card)),
      sendTo: (openId, card) => queued.push({ kind: 'send', receiveIdType: 'open_id', receiveId: openId, msgType: 'interactive', content: card }),
    };
  }

  /** A text message or a menu click: run the command (or the fallback) and return what it queued. */
  async runMessage(event: IncomingMessage | MenuClick, tx: Kysely<Database>, log: Logger): Promise<OutboxMessage[]> {
    const ctx = this.context(event, tx, log);
    let handler: string;
    let run: () => Promise<void>;
    if (event.kind === 'menu') {
      const command = routeMenuKey(this.deps.registry, event.eventKey);
      handler = command?.name ?? 'fallback';
      run = () => (command ? command.run(ctx, '') : this.deps.registry.fallback(ctx, event.eventKey));
    } else {
      const { command, args } = routeCommand(this.deps.registry, event.text);
      handler = command?.name ?? 'fallback';
      run = () => (command ? command.run(ctx, args) : this.deps.registry.fallback(ctx, event.text));
    }
    await this.timed(handler, run);
    return ctx.queued;
  }

  /** A card click: the handler named by the button's `a` key; its answer is the callback's HTTP body. */
  async runCard(event: CardAction, tx: Kysely<Database>, log: Logger): Promise<{ response: CardResponse; queued: OutboxMessage[] }> {
    const ctx = this.context(event, tx, log);
    const key = typeof event.value.a === 'string' ? event.value.a : '';
    const handler = this.deps.registry.cardActions[key];
    if (!handler) {
      log.warn({ key }, 'card action with no handler');
      return { response: { toast: { type: 'warning', text: { zh: '这个按钮已失效，请发送“帮助”重新开始', en: 'This button is out of date; send "help" to start again' } } }, queued: [] };
    }
    const response = (await this.timed(`card:${key}`, () => handler(ctx))) ?? {};
    return { response, queued: ctx.queued };
  }

  private async timed<T>(handler: string, run: () => Promise<T>): Promise<T> {
    const end = this.deps.metrics.handlerSeconds.startTimer({ handler });
    try {
      const result = await run();
      end({ outcome: 'ok' });
      return result;
    } catch (err) {
      end({ outcome: 'error' });
      throw err;
    }
  }
}
