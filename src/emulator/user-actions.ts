// What a person does in the Lark client, played by the emulator: type a message to the bot, click a card button.
// Both are stored as Lark would store them and then pushed to the app through LarkEventSender.
import { checkCardJson } from './card-checks';
import type { EmulatorState } from './emulator-state';
import type { LarkEventSender, AttemptRecord } from './lark-event-sender';

export class ConsoleError extends Error {
  constructor(readonly httpStatus: number, message: string) {
    super(message);
  }
}

export interface ActionContext {
  state: EmulatorState;
  sender: () => LarkEventSender | undefined;
  botOpenId: string;
  botName: string;
  groupMessages: 'mentions' | 'all';
}

export interface SayResult { messageId: string; chatId: string; delivered: boolean; status?: number; reason?: string }

export interface ClickResult {
  ok: boolean; status: number; toast?: unknown; cardUpdated: boolean;
  /** Client-side error Lark would show: 200671 no valid answer within 3 s, 200672 malformed card in the answer. */
  errorCode?: number; error?: string;
}

const BOT_KEY = '@_user_1';

export async function say(ctx: ActionContext, openId: string, text: string, chatId?: string): Promise<SayResult> {
  const user = ctx.state.users.get(openId);
  if (!user) throw new ConsoleError(404, `unknown user ${openId}`);
  if (typeof text !== 'string' || text.trim() === '') throw new ConsoleError(400, 'text is required');
  const chat = chatId ? ctx.state.chats.get(chatId) : ctx.state.p2pChat(openId);
  if (!chat) throw new ConsoleError(404, `unknown chat ${chatId}`);
  if (!chat.memberOpenIds.includes(openId)) throw new ConsoleError(403, `${openId} is not a member of ${chat.chatId}`);
  // In a group, "@bot" (or "@<bot name>") becomes a real mention: an @_user_N placeholder plus a mentions[] entry (§3).
  const mentionRe = new RegExp(`@(?:bot|${escapeRe(ctx.botName)})(?![\\w])`, 'g');
  const mentionsBot = chat.chatType === 'group' && mentionRe.test(text);
  const wire = mentionsBot ? text.replace(mentionRe, BOT_KEY) : text;
  const mentions = mentionsBot ? [{ openId: ctx.botOpenId, name: ctx.botName, key: BOT_KEY }] : [];
  const stored = ctx.state.store({
    chatId: chat.chatId, chatType: chat.chatType, msgType: 'text', rawContent: JSON.stringify({ text: wire }),
    sender: 'user', senderOpenId: openId, ...(mentionsBot ? { mentions: mentions.map(({ key, openId: id, name }) => ({ key, openId: id, name })) } : {}),
  });
  const base = { messageId: stored.messageId, chatId: chat.chatId };
  // With only the group_at_msg scope, group messages that do not @ the bot never reach the app.
  if (chat.chatType === 'group' && !mentionsBot && ctx.groupMessages === 'mentions') return { ...base, delivered: false, reason: 'group message without @bot' };
  const sender = ctx.sender();
  if (!sender) return { ...base, delivered: false, reason: 'no app connected (call connectApp)' };
  const first = await new Promise<AttemptRecord>((resolve) => {
    // Lark retries a failed push later (15 s, 5 min, …); the caller only waits for the first attempt.
    sender.sendMessage({
      senderOpenId: openId, senderUnionId: user.unionId, ...(user.userId ? { senderUserId: user.userId } : {}),
      chatId: chat.chatId, chatType: chat.chatType, text: wire, mentions, messageId: stored.messageId, createTime: stored.createdAt,
    }, { retry: true, onAttempt: (a) => { if (a.attempt === 1) resolve(a); } })
      .catch((err: unknown) => resolve({ attempt: 1, status: 0, error: String(err), timestamp: 0 }));
  });
  return { ...base, delivered: first.status === 200, status: first.status, ...(first.error ? { reason: first.error } : {}) };
}

export async function click(
  ctx: ActionContext, messageId: string, input: { openId: string; value: unknown; formValue?: Record<string, unknown>; name?: string },
): Promise<ClickResult> {
  const msg = ctx.state.byId.get(messageId);
  if (!msg) throw new ConsoleError(404, `unknown message ${messageId}`);
  if (msg.msgType !== 'interactive') throw new ConsoleError(400, `message ${messageId} is not a card`);
  if (!ctx.state.users.has(input.openId)) throw new ConsoleError(404, `unknown user ${input.openId}`);
  const sender = ctx.sender();
  if (!sender) throw new ConsoleError(409, 'no app connected (call connectApp)');
  const result = await sender.clickCard({
    operatorOpenId: input.openId, openMessageId: messageId, openChatId: msg.chatId, value: input.value,
    ...(input.formValue ? { formValue: input.formValue } : {}), ...(input.name ? { name: input.name } : {}),
  });
  if (result.status !== 200) {
    return { ok: false, status: result.status, cardUpdated: false, errorCode: 200671, error: 'no valid answer to the card callback within 3 s' };
  }
  const answer = (typeof result.body === 'object' && result.body !== null ? result.body : {}) as { toast?: unknown; card?: { type?: unknown; data?: unknown } };
  const toast = answer.toast;
  if (answer.card === undefined) return { ok: true, status: 200, cardUpdated: false, ...(toast ? { toast } : {}) };
  if (answer.card.type !== 'raw') {
    return { ok: false, status: 200, cardUpdated: false, errorCode: 200672, error: 'the emulator only renders card {type:"raw"} answers' };
  }
  const raw = JSON.stringify(answer.card.data ?? null);
  try {
    checkCardJson(raw);
  } catch (err) {
    return { ok: false, status: 200, cardUpdated: false, errorCode: 200672, error: (err as Error).message, ...(toast ? { toast } : {}) };
  }
  ctx.state.updateContent(msg, raw);
  return { ok: true, status: 200, cardUpdated: true, ...(toast ? { toast } : {}) };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
