/**
 * Lark payloads → the typed events handlers see. The only other file that knows Lark's event shapes is
 * webhook.ts. Mentions are matched by open_id, never by display name (names change and collide).
 */

export interface Envelope {
  eventId: string;
  eventType: string;
  /** header.token (v2) or token (v1) — the Verification Token */
  token: unknown;
  /** when Lark created the event, ms since epoch; undefined when the payload carries none */
  createdAtMs: number | undefined;
  event: Record<string, unknown>;
}

export interface Mention {
  key: string;
  openId: string | undefined;
  name: string;
}

export interface IncomingMessage {
  kind: 'message';
  eventId: string;
  messageId: string;
  chatId: string;
  chatType: 'p2p' | 'group';
  senderOpenId: string;
  messageType: string;
  /** the text with @-placeholders of the bot removed and others replaced by @name; '' for non-text */
  text: string;
  mentionsBot: boolean;
  mentions: Mention[];
}

export interface CardAction {
  kind: 'card_action';
  eventId: string;
  operatorOpenId: string;
  /** the callback token `c-…`: delayed card update, valid 30 min, at most 2 uses */
  token: string | undefined;
  value: Record<string, unknown>;
  formValue: Record<string, unknown> | undefined;
  messageId: string | undefined;
  chatId: string | undefined;
}

export interface MenuClick {
  kind: 'menu';
  eventId: string;
  operatorOpenId: string;
  eventKey: string;
}

export type LarkEvent = IncomingMessage | CardAction | MenuClick;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
/** Lark's ids are a few dozen characters; a longer one is forged (and would not fit an index), so it counts as missing. */
export const MAX_ID_LENGTH = 256;
const id = (v: unknown): string | undefined => { const s = str(v); return s !== undefined && s.length <= MAX_ID_LENGTH ? s : undefined; };

/** Lark timestamps come as seconds, ms (13 digits) or µs (16 digits, in some samples); normalise to ms. */
export function toMillis(value: unknown): number | undefined {
  const s = typeof value === 'number' ? String(Math.trunc(value)) : typeof value === 'string' ? value.split('.')[0] : undefined;
  if (!s || !/^\d{9,17}$/.test(s)) return undefined;
  const n = Number(s);
  if (s.length >= 15) return Math.floor(n / 1000);
  if (s.length >= 12) return n;
  return n * 1000;
}

/** v2 `{schema, header, event}` or v1 `{uuid, token, ts, type:'event_callback', event:{type}}`; undefined otherwise. */
export function parseEnvelope(body: Record<string, unknown>): Envelope | undefined {
  if (body.schema === '2.0' && isObject(body.header) && isObject(body.event)) {
    const h = body.header;
    const eventId = id(h.event_id);
    const eventType = id(h.event_type);
    if (!eventId || !eventType) return undefined;
    return { eventId, eventType, token: h.token, createdAtMs: toMillis(h.create_time), event: body.event };
  }
  if (body.type === 'event_callback' && isObject(body.event)) {
    const eventId = id(body.uuid);
    const eventType = id(body.event.type);
    if (!eventId || !eventType) return undefined;
    const ts = typeof body.ts === 'string' ? Math.round(Number(body.ts) * 1000) : undefined;
    return { eventId, eventType, token: body.token, createdAtMs: Number.isFinite(ts) ? ts : undefined, event: body.event };
  }
  return undefined;
}

/**
 * U+0000 and unpaired UTF-16 surrogates: Postgres stores neither (in text or jsonb) and no Lark client sends
 * them, so what carries one is refused before anything is stored, with this text.
 */
export const UNSTORABLE_REFUSAL = {
  zh: '内容中有无法保存的字符（U+0000 空字符或不成对的代理字符），没有提交。请删除后重试。',
  en: 'The text contains a character that cannot be stored (U+0000 or an unpaired surrogate); nothing was submitted. Remove it and try again.',
};

export function hasUnstorable(text: string): boolean {
  return /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

export class MalformedEvent extends Error {
  override name = 'MalformedEvent';
}

function messageText(content: unknown, mentions: Mention[], botOpenId: string | undefined): string {
  let parsed: unknown;
  try {
    parsed = typeof content === 'string' ? JSON.parse(content) : undefined;
  } catch {
    return '';
  }
  if (!isObject(parsed) || typeof parsed.text !== 'string') return '';
  let text = parsed.text;
  for (const m of mentions) {
    const replacement = botOpenId !== undefined && m.openId === botOpenId ? '' : `@${m.name}`;
    text = text.split(m.key).join(replacement);
  }
  // Kept as typed (line breaks too: `周报 <text>` stores it); only the ends are trimmed. The router splits off the command.
  return text.trim();
}

/** im.message.receive_v1 (v2) and the v1 `message` event, normalised. Throws MalformedEvent. */
export function toIncomingMessage(env: Envelope, botOpenId: string | undefined): IncomingMessage {
  const e = env.event;
  if (env.eventType === 'message') {
    // v1: {open_id, open_message_id, open_chat_id, chat_type:'private'|'group', is_mention, text_without_at_bot}
    const messageId = id(e.open_message_id);
    const senderOpenId = id(e.open_id);
    const chatId = id(e.open_chat_id);
    if (!messageId || !senderOpenId || !chatId) throw new MalformedEvent('v1 message event lacks ids');
    const raw = typeof e.text_without_at_bot === 'string' ? e.text_without_at_bot : typeof e.text === 'string' ? e.text : '';
    return {
      kind: 'message', eventId: env.eventId, messageId, chatId, senderOpenId,
      chatType: e.chat_type === 'group' ? 'group' : 'p2p',
      messageType: str(e.msg_type) ?? 'text',
      text: raw.trim(),
      mentionsBot: e.is_mention === true,
      mentions: [],
    };
  }
  const message = e.message;
  const sender = e.sender;
  if (!isObject(message) || !isObject(sender) || !isObject(sender.sender_id)) throw new MalformedEvent('message event lacks message or sender');
  const messageId = id(message.message_id);
  const chatId = id(message.chat_id);
  const senderOpenId = id(sender.sender_id.open_id);
  if (!messageId || !chatId || !senderOpenId) throw new MalformedEvent('message event lacks message_id, chat_id or sender open_id');
  const mentions: Mention[] = (Array.isArray(message.mentions) ? message.mentions : []).filter(isObject).map((m) => ({
    key: str(m.key) ?? '',
    openId: isObject(m.id) ? str(m.id.open_id) : undefined,
    name: str(m.name) ?? '',
  })).filter((m) => m.key !== '');
  const messageType = str(message.message_type) ?? 'unknown';
  return {
    kind: 'message', eventId: env.eventId, messageId, chatId, senderOpenId, messageType,
    chatType: message.chat_type === 'group' ? 'group' : 'p2p',
    text: messageType === 'text' ? messageText(message.content, mentions, botOpenId) : '',
    mentionsBot: botOpenId !== undefined && mentions.some((m) => m.openId === botOpenId),
    mentions,
  };
}

/** card.action.trigger (schema 2.0 callback). */
export function toCardAction(env: Envelope): CardAction {
  const e = env.event;
  const operator = isObject(e.operator) ? e.operator : undefined;
  const action = isObject(e.action) ? e.action : undefined;
  const operatorOpenId = operator ? id(operator.open_id) : undefined;
  if (!operatorOpenId || !action) throw new MalformedEvent('card callback lacks operator or action');
  const context = isObject(e.context) ? e.context : {};
  return {
    kind: 'card_action', eventId: env.eventId, operatorOpenId,
    token: str(e.token),
    value: isObject(action.value) ? action.value : {},
    formValue: isObject(action.form_value) ? action.form_value : undefined,
    messageId: id(context.open_message_id),
    chatId: id(context.open_chat_id),
  };
}

/** application.bot.menu_v6: a click on the bot's menu carries an event_key we map like a command word. */
export function toMenuClick(env: Envelope): MenuClick {
  const e = env.event;
  const operator = isObject(e.operator) && isObject(e.operator.operator_id) ? e.operator.operator_id : undefined;
  const operatorOpenId = operator ? id(operator.open_id) : undefined;
  const eventKey = str(e.event_key);
  if (!operatorOpenId || !eventKey) throw new MalformedEvent('menu event lacks operator or event_key');
  return { kind: 'menu', eventId: env.eventId, operatorOpenId, eventKey };
}
