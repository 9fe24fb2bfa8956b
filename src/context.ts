import type { Kysely } from 'kysely';
import type { Database } from './db/database';
import type { CardAction, IncomingMessage, LarkEvent, MenuClick } from './lark/events';
import type { Bilingual, Card } from './lark/cards/card-kit';
import type { SessionStore } from './session/session-store';
import type { Logger } from './logger';
import type { OutboxFile, OutboxMessage } from './db/repositories/outbox-repository';
import type { AuditEntry } from './db/repositories/audit-repository';
import type { Actor } from './domain/actor';
import type { JobDef } from './scheduler/job-def';

/**
 * What a handler gets for one event: who acts, the normalised event, the transaction its changes belong
 * to, and ways to answer. Answers are queued and written to the outbox in that same transaction, so a
 * handler's state changes and its messages commit together or not at all.
 */
export interface HandlerContext<E extends LarkEvent = LarkEvent> {
  event: E;
  /** the person acting (message sender, card operator, menu clicker), as the roster knows them */
  actor: Actor;
  actorOpenId: string;
  /** the event's transaction; services take it as their executor */
  tx: Kysely<Database>;
  /**
   * Outside the transaction, for read-only work that runs several queries at once (统计): it sees what is
   * committed, never the event's own writes, and must never write.
   */
  reader: Kysely<Database>;
  session: SessionStore;
  log: Logger;
  now: () => Date;
  timeZone: string;
  registry: Registry;
  /** answer the person where they spoke: reply to their message, or write to the card's chat */
  reply(card: Card): void;
  /** write to someone else (a mentor, a leader) in their p2p chat; a dedupe key lets the card be found later */
  sendTo(openId: string, card: Card, opts?: { dedupeKey?: string }): void;
  /**
   * Send a file (an XLSX export goes as type 'xls') to someone's p2p chat as a file message, queued like the
   * cards: it is uploaded and sent only if the event's transaction commits. Throws DomainError 'invalid_input'
   * for an empty file or one over 30 MB (Lark refuses both).
   */
  sendFile(openId: string, file: OutboxFile, opts?: { dedupeKey?: string }): void;
  /** record who did what, in the event's transaction */
  audit(entry: Omit<AuditEntry, 'actor' | 'eventId'>): Promise<void>;
  /** messages queued so far (for the worker, and for tests) */
  readonly queued: OutboxMessage[];
}

export type MessageContext = HandlerContext<IncomingMessage | MenuClick>;
export type CardContext = HandlerContext<CardAction>;

export interface CardResponse {
  toast?: { type: 'info' | 'success' | 'error' | 'warning'; text: Bilingual };
  /** replaces the clicked card */
  card?: Card;
}

/** Commands run for a typed message, a menu click or a help-card button alike. */
export type CommandHandler = (ctx: HandlerContext, args: string) => Promise<void>;
export type CardActionHandler = (ctx: CardContext) => Promise<CardResponse | void>;

export interface CommandDef {
  /** stable English key, also the bot-menu event_key */
  name: string;
  /** words that start the command, Chinese and English; matched case-insensitively */
  words: string[];
  label: Bilingual;
  description: Bilingual;
  run: CommandHandler;
}

export interface Registry {
  commands: CommandDef[];
  /** card callbacks, by the `a` key of the button value */
  cardActions: Record<string, CardActionHandler>;
  /** what unknown text gets: never silence */
  fallback: CommandHandler;
  /** scheduled jobs, by name (src/scheduler runs each occurrence once across instances) */
  jobs: JobDef[];
}
