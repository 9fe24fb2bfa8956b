// im/v1 message create, reply and patch (lark-platform.md §5, §2.3), with uuid idempotency (1 h), the app/receiver
// rate limits, the content rules, and the 'reset-after-deliver' fault (stored, uuid kept, socket dropped unanswered).
import { Router, type Request, type Response } from 'express';
import { checkCardJson } from '../card-checks';
import { LarkApiError, LarkCode } from '../lark-errors';
import { checkMessageContent } from '../message-content';
import { checkFileMessage } from './file-routes';
import type { EmulatorState } from '../emulator-state';
import type { FaultBox } from '../faults';
import type { EmulatedChat, StoredMessage } from '../types';

export interface MessageConfig {
  appId: string; tenantKey: string; now: () => number; uuidTtlMs: number;
  limits: { appPerSecond: number; appPerMinute: number; perReceiverPerSecond: number };
}

const RECEIVE_ID_TYPES = new Set(['open_id', 'user_id', 'union_id', 'email', 'chat_id']);
const PATCH_MAX_AGE_MS = 14 * 24 * 3600 * 1000; // "within 14 days" (patch doc, 230031)

export function messageRoutes(state: EmulatorState, faults: FaultBox, cfg: MessageConfig): Router {
  const router = Router();

  const appRules = (receiverKey: string) => [
    { key: 'app:1s', limit: cfg.limits.appPerSecond, windowMs: 1_000 },
    { key: 'app:60s', limit: cfg.limits.appPerMinute, windowMs: 60_000 },
    { key: receiverKey, limit: cfg.limits.perReceiverPerSecond, windowMs: 1_000 },
  ];

  const send = (req: Request, res: Response, chat: EmulatedChat, parent?: StoredMessage): void => {
    const { msg_type: msgType, content, uuid } = (req.body ?? {}) as Record<string, unknown>;
    if (uuid !== undefined && (typeof uuid !== 'string' || uuid.length > 50)) {
      throw new LarkApiError(400, LarkCode.fieldValidation, 'field validation failed: uuid must be a string of at most 50 characters');
    }
    const now = cfg.now();
    state.windows.acquire(appRules(`chat:${chat.chatId}`), now);
    const seen = uuid ? state.uuids.get(uuid) : undefined;
    if (seen && now - seen.at < cfg.uuidTtlMs) {
      // Same uuid within the hour: Lark answers success again and sends nothing new.
      res.json(seen.body);
      return;
    }
    checkMessageContent(msgType, content);
    checkFileMessage(state, String(msgType), String(content));
    const msg = state.store({
      chatId: chat.chatId, chatType: chat.chatType, msgType: String(msgType), rawContent: String(content), sender: 'app',
      ...(uuid ? { uuid } : {}),
      ...(parent ? { rootId: parent.rootId ?? parent.messageId, parentId: parent.messageId } : {}),
    });
    const body = { code: 0, msg: 'success', data: messageData(msg, cfg) };
    if (uuid) state.uuids.set(uuid, { at: now, body });
    if (faults.take('reset-after-deliver', req.path)) {
      res.locals.dropped = true;
      req.socket.destroy();
      return;
    }
    const hold = faults.take('hold-after-deliver', req.path);
    if (hold) {
      setTimeout(() => { if (!res.writableEnded && !req.socket.destroyed) res.json(body); }, hold.ms);
      return;
    }
    res.json(body);
  };

  router.post('/open-apis/im/v1/messages', (req, res) => {
    const idType = String(req.query.receive_id_type ?? '');
    if (!RECEIVE_ID_TYPES.has(idType)) {
      throw new LarkApiError(400, LarkCode.fieldValidation, 'field validation failed: receive_id_type must be open_id, user_id, union_id, email or chat_id');
    }
    const receiveId = (req.body as { receive_id?: unknown } | undefined)?.receive_id;
    if (typeof receiveId !== 'string' || receiveId === '') throw new LarkApiError(400, LarkCode.fieldValidation, 'field validation failed: receive_id is required');
    let chat: EmulatedChat | undefined;
    if (idType === 'chat_id') {
      chat = state.chats.get(receiveId);
      if (!chat) throw new LarkApiError(400, LarkCode.botNotInChat, `Bot is not in the chat ${receiveId} (or it does not exist)`);
    } else {
      const user = state.findUser(idType, receiveId);
      if (!user) throw new LarkApiError(400, LarkCode.userUnavailable, `The user ${receiveId} is not in the app's availability or has left`);
      chat = state.p2pChat(user.openId);
    }
    send(req, res, chat);
  });

  router.post('/open-apis/im/v1/messages/:message_id/reply', (req, res) => {
    const parent = state.byId.get(String(req.params.message_id));
    const chat = parent ? state.chats.get(parent.chatId) : undefined;
    if (!parent || !chat) throw new LarkApiError(400, LarkCode.messageWithdrawn, `The message ${req.params.message_id} was withdrawn or does not exist`);
    send(req, res, chat, parent);
  });

  router.patch('/open-apis/im/v1/messages/:message_id', (req, res) => {
    const msg = state.byId.get(String(req.params.message_id));
    if (!msg) throw new LarkApiError(400, LarkCode.messageWithdrawn, `The message ${req.params.message_id} was withdrawn or does not exist`);
    const content = (req.body as { content?: unknown } | undefined)?.content;
    if (typeof content !== 'string') throw new LarkApiError(400, LarkCode.fieldValidation, 'field validation failed: content must be a JSON string');
    const now = cfg.now();
    // PATCH shares the app budget and is limited to 5 QPS per message (patch doc).
    state.windows.acquire(appRules(`message:${msg.messageId}`), now);
    if (msg.msgType !== 'interactive') throw new LarkApiError(400, LarkCode.invalidParam, 'only interactive (card) messages can be patched');
    if (msg.sender !== 'app') throw new LarkApiError(400, LarkCode.invalidParam, 'only cards sent by this app can be patched');
    if (!isSharedCard(msg.rawContent)) throw new LarkApiError(400, LarkCode.invalidParam, 'only shared cards (schema 2.0, or config.update_multi true) can be patched');
    if (now - msg.createdAt > PATCH_MAX_AGE_MS) throw new LarkApiError(400, LarkCode.messageTooOldToUpdate, 'the message is older than 14 days and can no longer be updated');
    checkCardJson(content);
    state.updateContent(msg, content);
    res.json({ code: 0, msg: 'success', data: {} });
  });

  return router;
}

/** JSON 2.0 cards are always shared; a 1.0 card is shared only with config.update_multi = true (§4). */
function isSharedCard(raw: string): boolean {
  try {
    const card = JSON.parse(raw) as { schema?: unknown; config?: { update_multi?: unknown } };
    return card.schema === '2.0' || card.config?.update_multi === true;
  } catch {
    return false;
  }
}

/** The `data` of Lark's send/reply answer; the sender of an app message is the app_id (id_type app_id). */
function messageData(msg: StoredMessage, cfg: MessageConfig): Record<string, unknown> {
  return {
    message_id: msg.messageId, ...(msg.rootId ? { root_id: msg.rootId, parent_id: msg.parentId } : {}),
    msg_type: msg.msgType, create_time: String(msg.createdAt), update_time: String(msg.updatedAt),
    deleted: false, updated: false, chat_id: msg.chatId,
    sender: { id: cfg.appId, id_type: 'app_id', sender_type: 'app', tenant_key: cfg.tenantKey },
    body: { content: msg.rawContent },
  };
}
