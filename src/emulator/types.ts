// Public shapes of the Lark emulator: its options, its directory (users, chats), what it stores and what tests inject.

export interface EmulatorLimits { appPerSecond?: number; appPerMinute?: number; perReceiverPerSecond?: number }

export interface EmulatorOptions {
  appId: string;
  appSecret: string;
  /** 0 or absent = a random free port. */
  port?: number;
  host?: string;
  botOpenId?: string;
  botName?: string;
  limits?: EmulatorLimits;
  /** How long a create/reply `uuid` is remembered (Lark: 1 h). */
  uuidTtlMs?: number;
  now?: () => number;
  tokenTtlSeconds?: number;
  /**
   * Which group messages reach the app: 'mentions' (default; the im:message.group_at_msg scope — only messages that
   * @ the bot) or 'all' (im:message.group_msg).
   */
  groupMessages?: 'mentions' | 'all';
  /** Event retry delays for the sender built by connectApp (Lark: 15 s, 5 min, 1 h, 6 h). */
  retryDelaysMs?: number[];
  /** Largest file im/v1/files accepts (Lark: "不得超过 30 MB"; default 30 000 000 bytes, the strict reading). */
  fileMaxBytes?: number;
}

export interface UserInput {
  openId: string; name: string; enName?: string; mobile?: string; email?: string;
  unionId?: string; userId?: string; departmentIds?: string[];
}

export interface EmulatedUser {
  openId: string; name: string; enName?: string; mobile?: string; email?: string;
  unionId: string; userId?: string; departmentIds: string[];
}

export interface EmulatedChat { chatId: string; chatType: 'p2p' | 'group'; name: string; memberOpenIds: string[] }

export interface StoredMessage {
  messageId: string;
  chatId: string;
  chatType: 'p2p' | 'group';
  msgType: string;
  /** The JSON string exactly as Lark stores it. */
  rawContent: string;
  sender: 'app' | 'user';
  senderOpenId?: string;
  uuid?: string;
  rootId?: string;
  parentId?: string;
  mentions?: { key: string; openId: string; name: string }[];
  createdAt: number;
  updatedAt: number;
  /** Global change counter: bumped on create and on every update, so `after=<version>` returns both. */
  version: number;
}

/** What messages() returns: the stored message with its content parsed. */
export type EmulatedMessage = Omit<StoredMessage, 'rawContent'> & { content: unknown };

export interface MessageFilter { chatId?: string; receiveOpenId?: string; sender?: 'app' | 'user' }

export type Fault =
  | { kind: 'status'; status: 429 | 500 | 502 | 503; code?: number; resetSeconds?: number; times: number; path?: RegExp }
  | { kind: 'reset-after-deliver'; times: number }
  /** Store the message and keep its uuid, then hold the answer for `ms`: a sender killed meanwhile never learns it was sent. */
  | { kind: 'hold-after-deliver'; ms: number; times: number }
  | { kind: 'delay'; ms: number; times: number };

export interface RequestLogEntry {
  method: string;
  path: string;
  /** 0 when the emulator dropped the connection without answering. */
  status: number;
  code?: number;
  uuid?: string;
  at: number;
  /** Lark's `msg` when `code` is not 0 */
  msg?: string;
  /** time from the request's arrival to the answer */
  ms?: number;
}

/** One push from "Lark" to the app's webhook (an event or a card callback), as the playground inspector shows it. */
export interface DeliveryLogEntry {
  /** im.message.receive_v1, card.action.trigger, url_verification, … */
  eventType: string;
  eventId?: string;
  attempt: number;
  /** the request headers as sent (X-Lark-Signature, X-Lark-Request-Timestamp, X-Lark-Request-Nonce, …) */
  headers: Record<string, string>;
  /** the body before encryption, i.e. what the app reads once it has decrypted it */
  body: unknown;
  encrypted: boolean;
  /** the bytes on the wire, cut to a few hundred characters */
  wire: string;
  /** 0 when no answer came (timeout, refused) */
  status: number;
  error?: string;
  response?: unknown;
  ms: number;
  at: number;
}

/** A file uploaded through im/v1/files, as the emulator keeps it. */
export interface StoredFile {
  fileKey: string;
  name: string;
  /** the file_type given at upload: opus, mp4, pdf, doc, xls, ppt or stream */
  type: string;
  bytes: Buffer;
  uploadedAt: number;
}

/** What emulator.file(fileKey) returns. */
export interface EmulatedFile { name: string; type: string; bytes: Buffer }

export interface ConnectAppOptions { webhookUrl: string; encryptKey?: string; verificationToken: string }

export interface CardToken { token: string; messageId: string; issuedAt: number; uses: number }
