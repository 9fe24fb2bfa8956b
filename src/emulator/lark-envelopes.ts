// Pure builders for what Lark pushes: v2 envelopes (§1.2, §9b, §9c), the v1 envelope and the url_verification
// challenge (§1.1). No I/O here; LarkEventSender posts them.
import { createHash, randomUUID } from 'node:crypto';
import { larkId, newEventId, unionIdFor } from './lark-wire';

export interface EnvelopeContext { appId: string; verificationToken: string; tenantKey: string; nowMs: number }

export interface LarkV2Envelope {
  schema: '2.0';
  header: { event_id: string; token: string; create_time: string; event_type: string; tenant_key: string; app_id: string };
  event: Record<string, unknown>;
}

export interface MentionInput { openId: string; name: string; key?: string; unionId?: string; userId?: string }

export interface MessageEventInput {
  senderOpenId: string; senderUnionId?: string; senderUserId?: string;
  chatId: string; chatType: 'p2p' | 'group'; text: string; mentions?: MentionInput[];
  messageId?: string; eventId?: string; createTime?: number; rootId?: string; parentId?: string;
}

export interface CardActionInput {
  operatorOpenId: string; operatorUnionId?: string; openMessageId: string; openChatId: string;
  value: unknown; formValue?: Record<string, unknown>; name?: string; tag?: string; eventId?: string; token?: string;
}

export interface V1EventInput { type: string; event?: Record<string, unknown>; uuid?: string; ts?: string }

/** Lark's tenant_key looks like "736588c9260f175e"; derive a stable one per app when none is given. */
export function defaultTenantKey(appId: string): string {
  return createHash('sha256').update(`tenant:${appId}`).digest('hex').slice(0, 16);
}

export function v2Envelope(ctx: EnvelopeContext, eventType: string, event: Record<string, unknown>, eventId?: string): LarkV2Envelope {
  return {
    schema: '2.0',
    // create_time: ms as a string, like the real capture in §9b ("1752346850837").
    header: { event_id: eventId ?? newEventId(), token: ctx.verificationToken, create_time: String(ctx.nowMs),
      event_type: eventType, tenant_key: ctx.tenantKey, app_id: ctx.appId },
    event,
  };
}

/** im.message.receive_v1: content is a JSON *string*; each @ is an `@_user_N` placeholder resolved by mentions[].key (§3). */
export function messageEvent(ctx: EnvelopeContext, input: MessageEventInput): LarkV2Envelope {
  const mentions = (input.mentions ?? []).map((m, i) => ({ ...m, key: m.key ?? `@_user_${i + 1}` }));
  let text = input.text;
  for (const m of [...mentions].reverse()) if (!text.includes(m.key)) text = `${m.key} ${text}`;
  const createTime = String(input.createTime ?? ctx.nowMs);
  const message: Record<string, unknown> = {
    message_id: input.messageId ?? larkId('om_'), create_time: createTime, update_time: createTime,
    chat_id: input.chatId, chat_type: input.chatType, message_type: 'text', content: JSON.stringify({ text }),
  };
  if (input.rootId) message.root_id = input.rootId;
  if (input.parentId) message.parent_id = input.parentId;
  if (mentions.length > 0) {
    message.mentions = mentions.map((m) => ({
      key: m.key, id: { union_id: m.unionId ?? unionIdFor(m.openId), user_id: m.userId ?? null, open_id: m.openId },
      name: m.name, tenant_key: ctx.tenantKey,
    }));
  }
  const sender = {
    // user_id is null unless the app has contact:user.employee_id:readonly, as in the real capture (§9b).
    sender_id: { union_id: input.senderUnionId ?? unionIdFor(input.senderOpenId), user_id: input.senderUserId ?? null, open_id: input.senderOpenId },
    sender_type: 'user', tenant_key: ctx.tenantKey,
  };
  return v2Envelope(ctx, 'im.message.receive_v1', { sender, message }, input.eventId);
}

/** card.action.trigger (§9c): event.token is the card-update token "c-…" (30 min, 2 uses). */
export function cardActionEvent(ctx: EnvelopeContext, input: CardActionInput): { envelope: LarkV2Envelope; token: string } {
  const token = input.token ?? larkId('c-');
  const action: Record<string, unknown> = { value: input.value, tag: input.tag ?? 'button', timezone: 'Asia/Shanghai' };
  if (input.formValue) action.form_value = input.formValue;
  if (input.name) action.name = input.name;
  const event = {
    operator: { tenant_key: ctx.tenantKey, open_id: input.operatorOpenId, union_id: input.operatorUnionId ?? unionIdFor(input.operatorOpenId) },
    token, action, host: 'im_message',
    context: { open_message_id: input.openMessageId, open_chat_id: input.openChatId },
  };
  return { envelope: v2Envelope(ctx, 'card.action.trigger', event, input.eventId), token };
}

/** The url_verification body is v1-shaped even for v2 apps (§1.1). */
export function challengeBody(ctx: EnvelopeContext, input: { token?: string; challenge?: string }): { challenge: string; token: string; type: 'url_verification' } {
  return { challenge: input.challenge ?? randomUUID(), token: input.token ?? ctx.verificationToken, type: 'url_verification' };
}

/** v1: {uuid, token, ts (seconds with fraction), type:'event_callback', event:{type, …}} (§1.2). */
export function v1Event(ctx: EnvelopeContext, input: V1EventInput): Record<string, unknown> {
  return {
    uuid: input.uuid ?? newEventId(), token: ctx.verificationToken, ts: input.ts ?? secondsWithFraction(ctx.nowMs),
    type: 'event_callback', event: { app_id: ctx.appId, tenant_key: ctx.tenantKey, ...input.event, type: input.type },
  };
}

/** "1502199207.7171419": seconds with a 7-digit fraction, built from integers to avoid float noise. */
function secondsWithFraction(ms: number): string {
  return `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}0000`;
}
