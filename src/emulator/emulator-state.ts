// Everything the emulated tenant holds: the directory, chats, delivered messages, remembered uuids, issued tokens.
// Routes and the console read and write it; 'message' events let waitForMessages react without polling.
import { EventEmitter } from 'node:events';
import { larkId, unionIdFor } from './lark-wire';
import { SlidingWindows } from './rate-limit';
import type {
  CardToken, DeliveryLogEntry, EmulatedChat, EmulatedMessage, EmulatedUser, MessageFilter, RequestLogEntry, StoredFile, StoredMessage, UserInput,
} from './types';

/** The delivery log keeps whole bodies, so it keeps only the latest pushes (a playground may run for days). */
const DELIVERY_LOG_MAX = 500;

export type NewMessage = Omit<StoredMessage, 'messageId' | 'createdAt' | 'updatedAt' | 'version'> & { messageId?: string };

export class EmulatorState extends EventEmitter {
  readonly users = new Map<string, EmulatedUser>();
  readonly chats = new Map<string, EmulatedChat>();
  readonly messages: StoredMessage[] = [];
  readonly byId = new Map<string, StoredMessage>();
  readonly uuids = new Map<string, { at: number; body: unknown }>();
  readonly cardTokens = new Map<string, CardToken>();
  /** im/v1/files uploads by file_key, in upload order */
  readonly files = new Map<string, StoredFile>();
  readonly tenantTokens = new Map<string, number>();
  readonly requestLog: RequestLogEntry[] = [];
  /** pushes to the app's webhook, newest last */
  readonly deliveryLog: DeliveryLogEntry[] = [];
  readonly windows = new SlidingWindows();
  private readonly p2p = new Map<string, string>();
  private version = 0;

  constructor(private readonly now: () => number) {
    super();
  }

  addUser(input: UserInput): EmulatedUser {
    const user: EmulatedUser = { ...input, unionId: input.unionId ?? unionIdFor(input.openId), departmentIds: input.departmentIds ?? [] };
    this.users.set(user.openId, user);
    return user;
  }

  addGroup(input: { chatId: string; name: string; memberOpenIds: string[] }): EmulatedChat {
    const chat: EmulatedChat = { ...input, memberOpenIds: [...input.memberOpenIds], chatType: 'group' };
    this.chats.set(chat.chatId, chat);
    return chat;
  }

  /** Lark's send API resolves a user to their p2p chat with the bot, which exists from the first message on. */
  p2pChat(openId: string): EmulatedChat {
    const known = this.p2p.get(openId);
    const existing = known ? this.chats.get(known) : undefined;
    if (existing) return existing;
    const user = this.users.get(openId);
    const chat: EmulatedChat = { chatId: larkId('oc_'), chatType: 'p2p', name: user?.name ?? openId, memberOpenIds: [openId] };
    this.chats.set(chat.chatId, chat);
    this.p2p.set(openId, chat.chatId);
    return chat;
  }

  p2pChatIdIfAny(openId: string): string | undefined {
    return this.p2p.get(openId);
  }

  findUser(idType: string, id: string): EmulatedUser | undefined {
    if (idType === 'open_id') return this.users.get(id);
    for (const u of this.users.values()) {
      if (idType === 'union_id' && u.unionId === id) return u;
      if (idType === 'user_id' && u.userId === id) return u;
      if (idType === 'email' && u.email?.toLowerCase() === id.toLowerCase()) return u;
    }
    return undefined;
  }

  store(input: NewMessage): StoredMessage {
    const t = this.now();
    const msg: StoredMessage = { ...input, messageId: input.messageId ?? larkId('om_'), createdAt: t, updatedAt: t, version: ++this.version };
    this.messages.push(msg);
    this.byId.set(msg.messageId, msg);
    this.emit('message', msg);
    return msg;
  }

  updateContent(msg: StoredMessage, rawContent: string): void {
    msg.rawContent = rawContent;
    msg.updatedAt = this.now();
    msg.version = ++this.version;
    this.emit('message', msg);
  }

  logDelivery(entry: DeliveryLogEntry): void {
    this.deliveryLog.push(entry);
    if (this.deliveryLog.length > DELIVERY_LOG_MAX) this.deliveryLog.splice(0, this.deliveryLog.length - DELIVERY_LOG_MAX);
  }

  currentVersion(): number {
    return this.version;
  }

  view(filter: MessageFilter = {}): EmulatedMessage[] {
    const chatIds = new Set<string>();
    if (filter.chatId) chatIds.add(filter.chatId);
    if (filter.receiveOpenId) {
      const p2p = this.p2p.get(filter.receiveOpenId);
      if (!p2p) return [];
      if (filter.chatId && filter.chatId !== p2p) return [];
      chatIds.add(p2p);
    }
    return this.messages
      .filter((m) => (chatIds.size === 0 || chatIds.has(m.chatId)) && (!filter.sender || m.sender === filter.sender))
      .map(toView);
  }

  waitFor(count: number, filter: MessageFilter, timeoutMs: number): Promise<EmulatedMessage[]> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const list = this.view(filter);
        if (list.length < count) return false;
        cleanup();
        resolve(list);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        const seen = this.view(filter).map((m) => `  ${m.sender} ${m.msgType} in ${m.chatId}: ${JSON.stringify(m.content).slice(0, 120)}`);
        reject(new Error(`waitForMessages: wanted ${count} matching ${JSON.stringify(filter)} within ${timeoutMs} ms, ` +
          `saw ${seen.length} (of ${this.messages.length} in total)${seen.length ? `:\n${seen.join('\n')}` : ''}`));
      }, timeoutMs);
      const cleanup = (): void => { clearTimeout(timer); this.off('message', check); };
      if (!check()) this.on('message', check);
    });
  }

  /** Forget traffic (messages, uuids, rate windows, card tokens, uploads, log); keep users, chats and tenant tokens. */
  reset(): void {
    this.messages.length = 0;
    this.byId.clear();
    this.uuids.clear();
    this.cardTokens.clear();
    this.files.clear();
    this.requestLog.length = 0;
    this.deliveryLog.length = 0;
    this.windows.reset();
  }
}

export function toView(m: StoredMessage): EmulatedMessage {
  const { rawContent, ...rest } = m;
  let content: unknown = rawContent;
  try { content = JSON.parse(rawContent); } catch { /* keep the raw string */ }
  return { ...rest, content, ...(m.mentions ? { mentions: m.mentions.map((x) => ({ ...x })) } : {}) };
}
