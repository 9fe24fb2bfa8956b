// An in-process Lark: the Open API subset the bot calls (token, send/reply/patch, file upload, delayed card update,
// bot info, contact) with Lark's limits, codes and idempotency, plus the user side (say, click) pushed to the app through
// LarkEventSender. Tests and the playground console both drive it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { EmulatorState } from './emulator-state';
import { FaultBox } from './faults';
import { LarkEventSender, type Exchange } from './lark-event-sender';
import { defaultTenantKey } from './lark-envelopes';
import { larkErrorMiddleware } from './lark-errors';
import { larkId, unionIdFor } from './lark-wire';
import { requestLogger } from './request-log';
import { authRoutes, requireTenantToken } from './routes/auth-routes';
import { cardUpdateRoutes } from './routes/card-update-routes';
import { consoleRoutes } from './routes/console-routes';
import { contactRoutes } from './routes/contact-routes';
import { fileRoutes } from './routes/file-routes';
import { messageRoutes } from './routes/message-routes';
import { click, say, type ActionContext, type ClickResult, type SayResult } from './user-actions';
import type {
  ConnectAppOptions, DeliveryLogEntry, EmulatedChat, EmulatedFile, EmulatedMessage, EmulatedUser, EmulatorOptions, Fault, MessageFilter, RequestLogEntry, StoredFile, UserInput,
} from './types';

export class LarkEmulator {
  readonly url: string;
  readonly botOpenId: string;
  readonly botName: string;
  private readonly state: EmulatorState;
  private readonly faults: FaultBox;
  private readonly now: () => number;
  private appSender: LarkEventSender | undefined;

  private constructor(private readonly server: Server, private readonly opts: EmulatorOptions, state: EmulatorState, faults: FaultBox) {
    const { port } = server.address() as AddressInfo;
    this.url = `http://${opts.host ?? '127.0.0.1'}:${port}`;
    this.botOpenId = opts.botOpenId ?? unionIdFor(`bot:${opts.appId}`).replace(/^on_/, 'ou_');
    this.botName = opts.botName ?? 'Yinhang';
    this.now = opts.now ?? Date.now;
    this.state = state;
    this.faults = faults;
  }

  static async start(opts: EmulatorOptions): Promise<LarkEmulator> {
    const now = opts.now ?? Date.now;
    const state = new EmulatorState(now);
    const faults = new FaultBox();
    const app = express();
    const server = createServer(app);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
    });
    const emulator = new LarkEmulator(server, opts, state, faults);
    emulator.mount(app);
    return emulator;
  }

  private mount(app: express.Express): void {
    const { opts, state, now } = this;
    const limits = { appPerSecond: opts.limits?.appPerSecond ?? 50, appPerMinute: opts.limits?.appPerMinute ?? 1000, perReceiverPerSecond: opts.limits?.perReceiverPerSecond ?? 5 };
    app.disable('x-powered-by');
    app.use(requestLogger(state.requestLog, now));
    app.use(express.json({ limit: '2mb' }));
    app.use(this.faults.middleware());
    app.use(authRoutes(state, { appId: opts.appId, appSecret: opts.appSecret, tokenTtlSeconds: opts.tokenTtlSeconds ?? 7200, now }));
    app.use('/open-apis', requireTenantToken(state, now));
    app.use(messageRoutes(state, this.faults, { appId: opts.appId, tenantKey: defaultTenantKey(opts.appId), now, uuidTtlMs: opts.uuidTtlMs ?? 3_600_000, limits }));
    app.use(cardUpdateRoutes(state, { now, appPerSecond: limits.appPerSecond, appPerMinute: limits.appPerMinute }));
    app.use(fileRoutes(state, { now, maxBytes: opts.fileMaxBytes ?? 30_000_000, appPerSecond: limits.appPerSecond, appPerMinute: limits.appPerMinute }));
    app.use(contactRoutes(state, { botOpenId: this.botOpenId, botName: this.botName }));
    app.use(consoleRoutes(state, this.actionContext()));
    app.use((_req: express.Request, res: express.Response) => { res.status(404).json({ code: 404, msg: '404 page not found' }); });
    app.use(larkErrorMiddleware);
  }

  private actionContext(): ActionContext {
    return { state: this.state, sender: () => this.appSender, botOpenId: this.botOpenId, botName: this.botName, groupMessages: this.opts.groupMessages ?? 'mentions' };
  }

  /** Tells the emulator where the app listens; events and card callbacks go there, signed and encrypted like Lark's. */
  connectApp(app: ConnectAppOptions): LarkEventSender {
    this.appSender?.close();
    this.appSender = new LarkEventSender({
      webhookUrl: app.webhookUrl, verificationToken: app.verificationToken, appId: this.opts.appId, now: this.now,
      ...(app.encryptKey ? { encryptKey: app.encryptKey } : {}),
      ...(this.opts.retryDelaysMs ? { retryDelaysMs: this.opts.retryDelaysMs } : {}),
      onCardToken: (token, card) => { this.registerCardToken(token, card.openMessageId); },
      // A message the app hears about exists in Lark: store one pushed straight through the sender (tests do
      // that to control ids), so that replying to it works as it would in the real client.
      onDeliver: (body) => { this.rememberUserMessage(body); },
      onExchange: (x) => { this.logDelivery(x); },
    });
    return this.appSender;
  }

  get appId(): string {
    return this.opts.appId;
  }

  get sender(): LarkEventSender | undefined {
    return this.appSender;
  }

  /** A card-update token for a message, as if a user had just clicked it (for tests without an app). */
  issueCardToken(messageId: string): string {
    const token = larkId('c-');
    this.registerCardToken(token, messageId);
    return token;
  }

  private registerCardToken(token: string, messageId: string): void {
    this.state.cardTokens.set(token, { token, messageId, issuedAt: this.now(), uses: 0 });
  }

  private logDelivery(x: Exchange): void {
    const b = (x.body ?? {}) as { header?: { event_type?: unknown; event_id?: unknown }; type?: unknown; event?: { type?: unknown }; uuid?: unknown };
    const eventType = [b.header?.event_type, b.event?.type, b.type].find((v): v is string => typeof v === 'string') ?? 'unknown';
    const eventId = [b.header?.event_id, b.uuid].find((v): v is string => typeof v === 'string');
    this.state.logDelivery({
      eventType, ...(eventId ? { eventId } : {}), attempt: x.attempt, headers: x.headers, body: x.body, encrypted: x.encrypted,
      wire: x.rawBody.length > 400 ? `${x.rawBody.slice(0, 400)}…` : x.rawBody, status: x.status,
      ...(x.error ? { error: x.error } : {}), ...(x.response !== undefined ? { response: x.response } : {}), ms: x.ms, at: this.now(),
    });
  }

  private rememberUserMessage(body: unknown): void {
    const b = body as { header?: { event_type?: string }; type?: string; event?: Record<string, any> };
    const e = b.event ?? {};
    let m: { id: string; chatId: string; chatType: 'p2p' | 'group'; content: string; sender: string } | undefined;
    if (b.header?.event_type === 'im.message.receive_v1' && e.message && e.sender) {
      m = { id: e.message.message_id, chatId: e.message.chat_id, chatType: e.message.chat_type, content: e.message.content, sender: e.sender.sender_id?.open_id };
    } else if (b.type === 'event_callback' && e.type === 'message') {
      m = { id: e.open_message_id, chatId: e.open_chat_id, chatType: e.chat_type === 'group' ? 'group' : 'p2p', content: JSON.stringify({ text: e.text ?? e.text_without_at_bot ?? '' }), sender: e.open_id };
    }
    if (!m || typeof m.id !== 'string' || typeof m.chatId !== 'string' || this.state.byId.has(m.id)) return;
    this.state.store({ messageId: m.id, chatId: m.chatId, chatType: m.chatType, msgType: 'text', rawContent: m.content, sender: 'user', senderOpenId: m.sender });
  }

  addUser(user: UserInput): EmulatedUser {
    return this.state.addUser(user);
  }

  /** A user of the directory, or undefined. */
  user(openId: string): EmulatedUser | undefined {
    const u = this.state.users.get(openId);
    return u ? { ...u, departmentIds: [...u.departmentIds] } : undefined;
  }

  addGroup(group: { chatId: string; name: string; memberOpenIds: string[] }): EmulatedChat {
    return this.state.addGroup(group);
  }

  /** Every chat: the groups added and the p2p chats made so far. */
  chats(): EmulatedChat[] {
    return [...this.state.chats.values()].map((c) => ({ ...c, memberOpenIds: [...c.memberOpenIds] }));
  }

  /** The user's p2p chat with the bot (created on first use, as the send API does). */
  p2pChatId(openId: string): string {
    return this.state.p2pChat(openId).chatId;
  }

  say(openId: string, text: string, chatId?: string): Promise<SayResult> {
    return say(this.actionContext(), openId, text, chatId);
  }

  click(messageId: string, input: { openId: string; value: unknown; formValue?: Record<string, unknown>; name?: string }): Promise<ClickResult> {
    return click(this.actionContext(), messageId, input);
  }

  messages(filter?: MessageFilter): EmulatedMessage[] {
    return this.state.view(filter);
  }

  /** Resolves with the matching messages once there are at least `count`; rejects listing what it saw. */
  waitForMessages(count: number, filter: MessageFilter = {}, timeoutMs = 5_000): Promise<EmulatedMessage[]> {
    return this.state.waitFor(count, filter, timeoutMs);
  }

  /** A file uploaded through im/v1/files (a file message's content names its file_key), or undefined. */
  file(fileKey: string): EmulatedFile | undefined {
    const f = this.state.files.get(fileKey);
    return f ? { name: f.name, type: f.type, bytes: Buffer.from(f.bytes) } : undefined;
  }

  /** Every successful upload, oldest first: `files().length` is how many times the app uploaded. */
  files(): StoredFile[] {
    return [...this.state.files.values()].map((f) => ({ ...f, bytes: Buffer.from(f.bytes) }));
  }

  get requestLog(): readonly RequestLogEntry[] {
    return this.state.requestLog;
  }

  /** The latest pushes to the app's webhook (events and card callbacks), oldest first. */
  get deliveryLog(): readonly DeliveryLogEntry[] {
    return this.state.deliveryLog;
  }

  inject(fault: Fault): void {
    this.faults.inject(fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Forgets messages, uuids, rate windows, card tokens, the request log and faults; keeps users, groups, tenant tokens. */
  reset(): void {
    this.state.reset();
    this.faults.clear();
  }

  async close(): Promise<void> {
    this.appSender?.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
