// Plays Lark's side of the webhook: signs, encrypts and retries exactly as Lark does (lark-platform.md §1.3, §1.4,
// §2.1): 200 within 3 s or retry after 15 s, 5 min, 1 h, 6 h with the same event_id, freshly signed each time.
import { encryptForLark, newNonce, signLarkRequest } from './lark-wire';
import {
  cardActionEvent, challengeBody, defaultTenantKey, messageEvent, v1Event,
  type CardActionInput, type EnvelopeContext, type MessageEventInput, type V1EventInput,
} from './lark-envelopes';

export interface LarkEventSenderOptions {
  webhookUrl: string; encryptKey?: string; verificationToken: string; appId: string; tenantKey?: string;
  now?: () => number; retryDelaysMs?: number[]; timeoutMs?: number;
  /** Called with every card-update token handed out, so an emulator can honour it on /interactive/v1/card/update. */
  onCardToken?: (token: string, card: { openMessageId: string; openChatId: string; operatorOpenId: string }) => void;
  /** Called with every body before it is pushed, so an emulator can store a user's message as Lark would. */
  onDeliver?: (body: unknown) => void;
  /** Called after every attempt with what went over the wire and what came back (the playground's inspector). */
  onExchange?: (exchange: Exchange) => void;
}

/** One HTTP attempt of a push: the headers and bytes sent, the plain body behind them, the answer and its time. */
export interface Exchange {
  attempt: number;
  headers: Record<string, string>;
  body: unknown;
  encrypted: boolean;
  rawBody: string;
  status: number;
  error?: string;
  response?: unknown;
  ms: number;
}

export interface DeliverOptions {
  retry?: boolean;
  /** 'valid' (default) signs; 'none' omits the X-Lark-* headers; 'bad' sends a wrong signature. */
  signature?: 'valid' | 'none' | 'bad';
  /** X-Lark-Request-Timestamp in unix seconds (default: now) — for replay-window tests. */
  timestamp?: number;
  /** Sign one body, send it with a space after the first "{": equal JSON, different bytes (catches re-serialising verifiers). */
  tamper?: boolean;
  /** Encrypt the body (default: whenever an encryptKey is configured). */
  encrypt?: boolean;
  onAttempt?: (attempt: AttemptRecord) => void;
}

export interface AttemptRecord { attempt: number; status: number; error?: string; timestamp: number; signature?: string }
export interface DeliveryResult { status: number; body: unknown; attempts: number; history: AttemptRecord[]; rawBody: string }

export const LARK_RETRY_DELAYS_MS = [15_000, 300_000, 3_600_000, 21_600_000];

export class LarkEventSender {
  readonly options: LarkEventSenderOptions;
  private readonly closing = new AbortController();

  constructor(options: LarkEventSenderOptions) {
    this.options = options;
  }

  private get now(): number {
    return (this.options.now ?? Date.now)();
  }

  context(): EnvelopeContext {
    const { appId, verificationToken, tenantKey } = this.options;
    return { appId, verificationToken, tenantKey: tenantKey ?? defaultTenantKey(appId), nowMs: this.now };
  }

  async sendMessage(input: MessageEventInput, opts?: DeliverOptions): Promise<DeliveryResult & { envelope: ReturnType<typeof messageEvent> }> {
    const envelope = messageEvent(this.context(), input);
    return { ...(await this.deliver(envelope, opts)), envelope };
  }

  /** Card callbacks are synchronous and never re-pushed (§2.2), so there is no retry option here. */
  async clickCard(input: CardActionInput, opts?: Omit<DeliverOptions, 'retry'>): Promise<DeliveryResult & { token: string; envelope: ReturnType<typeof cardActionEvent>['envelope'] }> {
    const { envelope, token } = cardActionEvent(this.context(), input);
    this.options.onCardToken?.(token, { openMessageId: input.openMessageId, openChatId: input.openChatId, operatorOpenId: input.operatorOpenId });
    return { ...(await this.deliver(envelope, { ...opts, retry: false })), token, envelope };
  }

  /** The url_verification request carries no signature headers (§1.1); it is encrypted when an Encrypt Key is set. */
  async challenge(input: { encrypted: boolean; token?: string; challenge?: string }): Promise<DeliveryResult & { challenge: string }> {
    const body = challengeBody(this.context(), input);
    return { ...(await this.deliver(body, { signature: 'none', encrypt: input.encrypted })), challenge: body.challenge };
  }

  v1Event(input: V1EventInput): Record<string, unknown> {
    return v1Event(this.context(), input);
  }

  async deliver(body: unknown, opts: DeliverOptions = {}): Promise<DeliveryResult> {
    this.options.onDeliver?.(body);
    const key = this.options.encryptKey;
    const plain = JSON.stringify(body);
    const encrypt = opts.encrypt ?? Boolean(key);
    if (encrypt && !key) throw new Error('LarkEventSender: cannot encrypt without an encryptKey');
    // Same bytes on every attempt (same event_id); only the signature headers are fresh.
    const rawBody = encrypt ? JSON.stringify({ encrypt: encryptForLark(key ?? '', plain) }) : plain;
    const delays = opts.retry ? (this.options.retryDelaysMs ?? LARK_RETRY_DELAYS_MS) : [];
    const history: AttemptRecord[] = [];
    let last = { status: 0, body: undefined as unknown };
    for (let attempt = 1; attempt <= delays.length + 1; attempt++) {
      if (attempt > 1 && !(await this.sleep(delays[attempt - 2] ?? 0))) break;
      const { record, response } = await this.post(rawBody, attempt, opts, { body, encrypted: encrypt });
      history.push(record);
      opts.onAttempt?.(record);
      last = response;
      if (record.status === 200) break;
    }
    return { status: last.status, body: last.body, attempts: history.length, history, rawBody };
  }

  /** Stops pending retries (their deliver() resolves with what it had). */
  close(): void {
    this.closing.abort();
  }

  private async post(
    rawBody: string, attempt: number, opts: DeliverOptions, plain: { body: unknown; encrypted: boolean },
  ): Promise<{ record: AttemptRecord; response: { status: number; body: unknown } }> {
    const timestamp = opts.timestamp ?? Math.floor(this.now / 1000);
    const nonce = newNonce();
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Go-http-client/1.1' };
    let signature: string | undefined;
    if ((opts.signature ?? 'valid') !== 'none') {
      // Lark signs with the Encrypt Key; without one the formula degenerates to an empty key (real unencrypted pushes are signed too, §9b).
      signature = signLarkRequest(timestamp, nonce, this.options.encryptKey ?? '', rawBody);
      if (opts.signature === 'bad') signature = signature.replace(/^./, (c) => (c === '0' ? '1' : '0'));
      Object.assign(headers, { 'x-lark-request-timestamp': String(timestamp), 'x-lark-request-nonce': nonce, 'x-lark-signature': signature });
    }
    const sent = opts.tamper ? rawBody.replace(/^\{/, '{ ') : rawBody;
    const record: AttemptRecord = { attempt, status: 0, timestamp, ...(signature ? { signature } : {}) };
    const started = performance.now();
    const report = (response: { status: number; body: unknown }): void => {
      this.options.onExchange?.({
        attempt, headers: { ...headers }, body: plain.body, encrypted: plain.encrypted, rawBody: sent, status: response.status,
        ...(record.error ? { error: record.error } : {}), ...(response.body !== undefined ? { response: response.body } : {}),
        ms: Math.round(performance.now() - started),
      });
    };
    try {
      const res = await fetch(this.options.webhookUrl, {
        method: 'POST', headers, body: sent,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 3_000),
      });
      const text = await res.text();
      record.status = res.status;
      const response = { status: res.status, body: parseMaybeJson(text) };
      report(response);
      return { record, response };
    } catch (err) {
      record.error = (err as Error).name === 'TimeoutError' ? 'timeout' : (err as Error).message;
      const response = { status: 0, body: undefined };
      report(response);
      return { record, response };
    }
  }

  private sleep(ms: number): Promise<boolean> {
    const signal = this.closing.signal;
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve(true); }, ms);
      const onAbort = (): void => { clearTimeout(timer); resolve(false); };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

function parseMaybeJson(text: string): unknown {
  if (text === '') return undefined;
  try { return JSON.parse(text); } catch { return text; }
}
