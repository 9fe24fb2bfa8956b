import axios, { type AxiosError } from 'axios';
import * as lark from '@larksuiteoapi/node-sdk';
import type { LarkConfig } from '../config';
import type { Logger } from '../logger';
import { LarkApiError } from './lark-api-error';

/** One outbound call, as the outbox stores it. `uuid` makes a re-send a no-op at Lark for an hour. */
export interface OutboundRequest {
  kind: 'send' | 'reply' | 'patch' | 'card_update';
  receiveIdType?: string | null;
  receiveId?: string | null;
  target?: string | null;
  msgType: string;
  content: unknown;
  uuid: string;
}

export interface LarkUser {
  openId: string;
  name: string;
  mobile?: string;
  email?: string;
}

/** im/v1/files `file_type` (Lark doc "上传文件"): mp4 must then go as msg_type media, opus as audio, the rest as file. */
export type LarkFileType = 'opus' | 'mp4' | 'pdf' | 'doc' | 'xls' | 'ppt' | 'stream';

export interface UploadRequest {
  /** with its extension; Lark shows it in the chat */
  fileName: string;
  fileType: LarkFileType;
  bytes: Buffer;
}

/** The port everything outbound goes through; tests may substitute it, the app uses LarkMessenger. */
export interface Messenger {
  deliver(req: OutboundRequest): Promise<{ messageId?: string }>;
  /** POST im/v1/files (multipart); resolves to the file_key a msg_type 'file' message names. Not idempotent. */
  uploadFile(file: UploadRequest): Promise<string>;
  botIdentity(): Promise<{ openId: string; name: string }>;
  getUser(openId: string): Promise<LarkUser | undefined>;
  /** mobile/email → open_id through contact/v3/users/batch_get_id (≤ 50 of each per call) */
  resolveIds(query: { mobiles?: string[]; emails?: string[] }): Promise<Map<string, string>>;
}

const FILES_PATH = '/open-apis/im/v1/files';
// Below the dispatcher's 60 s outbox lease: an upload still running when the lease ends could be started twice.
const UPLOAD_TIMEOUT_MS = 45_000;

function domainOf(domain: string): string | lark.Domain {
  if (domain === 'feishu') return lark.Domain.Feishu;
  if (domain === 'lark') return lark.Domain.Lark;
  return domain.replace(/\/+$/, '');
}

/** A token cache per client: the SDK's default cache is process-global and would mix apps in tests. */
function ownCache(): lark.Cache {
  const store = new Map<string | symbol, { value: unknown; expire: number | undefined }>();
  const k = (key: string | symbol, ns?: string): string | symbol => (typeof key === 'symbol' ? key : `${ns ?? ''}:${key}`);
  return {
    async set(key, value, expire, options) {
      store.set(k(key as string | symbol, options?.namespace), { value, expire });
      return true;
    },
    async get(key, options) {
      const hit = store.get(k(key as string | symbol, options?.namespace));
      if (!hit || (hit.expire !== undefined && hit.expire < Date.now())) return undefined;
      return hit.value;
    },
  };
}

export class LarkMessenger implements Messenger {
  private readonly client: lark.Client;

  constructor(config: LarkConfig, private readonly logger: Logger, timeoutMs = 10_000, uploadTimeoutMs = Math.max(timeoutMs, UPLOAD_TIMEOUT_MS)) {
    // Our own axios instance: the SDK's shared one has no timeout, and a hung send would hold an outbox lease.
    const http = axios.create({ timeout: timeoutMs });
    // Up to 30 MB takes longer than a message; the SDK call takes no per-request options, so set it here.
    http.interceptors.request.use((req) => {
      if (req.method?.toLowerCase() === 'post' && req.url?.endsWith(FILES_PATH)) req.timeout = uploadTimeoutMs;
      return req;
    });
    http.interceptors.response.use((r) => r.data);
    const sdkLog = logger.child({ component: 'lark-sdk' });
    this.client = new lark.Client({
      appId: config.appId,
      appSecret: config.appSecret,
      domain: domainOf(config.domain),
      cache: ownCache(),
      httpInstance: http as unknown as lark.HttpInstance,
      loggerLevel: lark.LoggerLevel.warn,
      // The SDK logs every failed call at error level; we classify and log them ourselves.
      logger: { error: (...m: unknown[]) => sdkLog.debug({ sdk: m }, 'sdk error'), warn: (...m: unknown[]) => sdkLog.warn({ sdk: m }, 'sdk warn'), info: () => {}, debug: () => {}, trace: () => {} },
    });
  }

  async deliver(req: OutboundRequest): Promise<{ messageId?: string }> {
    try {
      return await this.deliverAs(req);
    } catch (err) {
      // 230011: the message replied to was withdrawn. Answer in the same chat instead of not at all.
      if (err instanceof LarkApiError && err.code === 230011 && req.kind === 'reply' && req.receiveId) {
        this.logger.info({ target: req.target }, 'reply target withdrawn; sending to the chat instead');
        return this.deliverAs({ ...req, kind: 'send', receiveIdType: req.receiveIdType ?? 'chat_id' });
      }
      throw err;
    }
  }

  private async deliverAs(req: OutboundRequest): Promise<{ messageId?: string }> {
    const content = typeof req.content === 'string' ? req.content : JSON.stringify(req.content);
    const res = await this.call(async () => {
      switch (req.kind) {
        case 'send':
          return this.client.im.v1.message.create({
            params: { receive_id_type: (req.receiveIdType ?? 'open_id') as 'open_id' },
            data: { receive_id: req.receiveId ?? '', msg_type: req.msgType, content, uuid: req.uuid },
          });
        case 'reply':
          return this.client.im.v1.message.reply({ path: { message_id: req.target ?? '' }, data: { content, msg_type: req.msgType, uuid: req.uuid } });
        case 'patch':
          return this.client.im.v1.message.patch({ path: { message_id: req.target ?? '' }, data: { content } });
        case 'card_update':
          // No generated SDK method for the delayed update; the generic request adds domain and token.
          return this.client.request({ method: 'POST', url: '/open-apis/interactive/v1/card/update', data: { token: req.target, card: req.content } });
      }
    });
    const messageId = (res as { data?: { message_id?: string } }).data?.message_id;
    return messageId ? { messageId } : {};
  }

  async uploadFile(file: UploadRequest): Promise<string> {
    // The SDK turns `data` into multipart/form-data (axios + form-data) and returns the body's `data` only.
    const res = await this.call(() => this.client.im.v1.file.create({ data: { file_type: file.fileType, file_name: file.fileName, file: file.bytes } }));
    if (!res?.file_key) throw new LarkApiError('im/v1/files answered without a file_key', undefined, 200, 'transient', undefined);
    return res.file_key;
  }

  async botIdentity(): Promise<{ openId: string; name: string }> {
    const res = (await this.call(() => this.client.request({ method: 'GET', url: '/open-apis/bot/v3/info' }))) as { bot?: { open_id?: string; app_name?: string } };
    if (!res.bot?.open_id) throw new LarkApiError('bot/v3/info returned no open_id', undefined, 200, 'transient', undefined);
    return { openId: res.bot.open_id, name: res.bot.app_name ?? '' };
  }

  async getUser(openId: string): Promise<LarkUser | undefined> {
    try {
      const res = await this.call(() => this.client.contact.v3.user.get({ path: { user_id: openId }, params: { user_id_type: 'open_id' } }));
      const u = (res as { data?: { user?: { open_id?: string; name?: string; mobile?: string; email?: string } } }).data?.user;
      if (!u?.open_id) return undefined;
      return { openId: u.open_id, name: u.name ?? '', ...(u.mobile ? { mobile: u.mobile } : {}), ...(u.email ? { email: u.email } : {}) };
    } catch (err) {
      // 41050: the user is outside the app's contact range, which for us means "unknown person".
      if (err instanceof LarkApiError && err.code === 41050) return undefined;
      throw err;
    }
  }

  async resolveIds(query: { mobiles?: string[]; emails?: string[] }): Promise<Map<string, string>> {
    const res = await this.call(() =>
      this.client.contact.v3.user.batchGetId({ params: { user_id_type: 'open_id' }, data: { mobiles: query.mobiles ?? [], emails: query.emails ?? [] } }),
    );
    const out = new Map<string, string>();
    for (const u of (res as { data?: { user_list?: { user_id?: string; mobile?: string; email?: string }[] } }).data?.user_list ?? []) {
      if (u.user_id) out.set(u.mobile ?? u.email ?? '', u.user_id);
    }
    return out;
  }

  /** Run one SDK call; every failure comes out as a classified LarkApiError. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    let res: T;
    try {
      res = await fn();
    } catch (err) {
      throw toLarkError(err);
    }
    const code = (res as { code?: number } | undefined)?.code;
    if (typeof code === 'number' && code !== 0) {
      const msg = (res as { msg?: string }).msg ?? 'error';
      throw new LarkApiError(`lark code ${code}: ${msg}`, code, 200, LarkApiError.classify(code, 200), undefined);
    }
    return res;
  }
}

function toLarkError(err: unknown): LarkApiError {
  if (err instanceof LarkApiError) return err;
  const ax = err as AxiosError<{ code?: number; msg?: string }>;
  if (ax?.isAxiosError && ax.response) {
    const status = ax.response.status;
    const code = typeof ax.response.data?.code === 'number' ? ax.response.data.code : undefined;
    const reset = Number(ax.response.headers?.['x-ogw-ratelimit-reset']);
    const retryAfterMs = Number.isFinite(reset) && reset > 0 ? reset * 1000 : undefined;
    return new LarkApiError(`lark HTTP ${status}${code !== undefined ? ` code ${code}` : ''}: ${ax.response.data?.msg ?? ax.message}`, code, status, LarkApiError.classify(code, status), retryAfterMs);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new LarkApiError(`lark request failed: ${message}`, undefined, undefined, 'transient', undefined);
}
