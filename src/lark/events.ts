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
    const eventId = str(h.event_id);
    const eventType = str(h.event_type);
    if (!eventId || !eventType) return undefined;
    return { eventId, eventType, token: h.token, createdAtMs: toMillis(h.create_time), event: body.event };
  }
  if (body.type === 'event_callback' && isObject(body.event)) {
    const eventId = str(body.uuid);
    const eventType = str(body.event.type);
    if (!eventId || !eventType) return undefined;
    const ts = typeof body.ts === 'string' ? Math.round(Number(body.ts) * 1000) : undefined;
    return { eventId, eventType, token: body.token, createdAtMs: Number.isFinite(ts) ? ts : undefined, event: body.event };
  }
  return undefined;
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
  return text.replace(/\s+/g, ' ').trim();
}

/** im.message.receive_v1 (v2) and the v1 `message` event, normalised. Throws MalformedEvent. */
export function toIncomingMessage(env: Envelope, botOpenId: string | undefined): IncomingMessage {
  const e = env.event;
  if (env.eventType === 'message') {
    // v1: {open_id, open_message_id, open_chat_id, chat_type:'private'|'group', is_mention, text_without_at_bot}
    const messageId = str(e.open_message_id);
    const senderOpenId = str(e.open_id);
    const chatId = str(e.open_chat_id);
    if (!messageId || !senderOpenId || !chatId) throw new MalformedEvent('v1 message event lacks ids');
    const raw = typeof e.text_without_at_bot === 'string' ? e.text_without_at_bot : typeof e.text === 'string' ? e.text : '';
    return {
      kind: 'message', eventId: env.eventId, messageId, chatId, senderOpenId,
      chatType: e.chat_type === 'group' ? 'group' : 'p2p',
      messageType: str(e.msg_type) ?? 'text',
      text: raw.replace(/\s+/g, ' ').trim(),
      mentionsBot: e.is_mention === true,
      mentions: [],
    };
  }
  const message = e.message;
  const sender = e.sender;
  if (!isObject(message) || !isObject(sender) || !isObject(sender.sender_id)) throw new MalformedEvent('message event lacks message or sender');
  const messageId = str(message.message_id);
  const chatId = str(message.chat_id);
  const senderOpenId = str(sender.sender_id.open_id);
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
  const operatorOpenId = operator ? str(operator.open_id) : undefined;
  if (!operatorOpenId || !action) throw new MalformedEvent('card callback lacks operator or action');
  const context = isObject(e.context) ? e.context : {};
  return {
    kind: 'card_action', eventId: env.eventId, operatorOpenId,
    token: str(e.token),
    value: isObject(action.value) ? action.value : {},
    formValue: isObject(action.form_value) ? action.form_value : undefined,
    messageId: str(context.open_message_id),
    chatId: str(context.open_chat_id),
  };
}

/** application.bot.menu_v6: a click on the bot's menu carries an event_key we map like a command word. */
export function toMenuClick(env: Envelope): MenuClick {
  const e = env.event;
  const operator = isObject(e.operator) && isObject(e.operator.operator_id) ? e.operator.operator_id : undefined;
  const operatorOpenId = operator ? str(operator.open_id) : undefined;
  const eventKey = str(e.event_key);
  if (!operatorOpenId || !eventKey) throw new MalformedEvent('menu event lacks operator or event_key');
  return { kind: 'menu', eventId: env.eventId, operatorOpenId, eventKey };
}
