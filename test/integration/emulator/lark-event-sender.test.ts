import { createDecipheriv, createHash } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import * as lark from '@larksuiteoapi/node-sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LarkEventSender } from '../../../src/emulator/lark-event-sender';

const KEY = 'sender-test-encrypt-key';
const silent = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, trace: () => {} };

interface Received { raw: string; headers: Record<string, string | undefined>; signatureOk: boolean; payload: Record<string, any>; sdkSaw?: Record<string, any> }

// An independent receiver: raw bytes in, signature checked with node:crypto over those bytes, decrypted as the docs say,
// and the official SDK's EventDispatcher run on the same request as a second opinion.
describe('LarkEventSender against a local receiver', () => {
  let server: Server;
  let url = '';
  const received: Received[] = [];
  let answers: Array<{ status: number; delayMs?: number; body?: unknown }> = [];
  const sdkSaw: Record<string, any>[] = [];
  const dispatcher = new lark.EventDispatcher({ encryptKey: KEY, loggerLevel: lark.LoggerLevel.fatal, logger: silent }).register({
    'im.message.receive_v1': async (data: any) => { sdkSaw.push(data); return {}; },
  });

  beforeAll(async () => {
    const app = express();
    app.post('/webhook', express.raw({ type: '*/*' }), async (req, res) => {
      const raw = (req.body as Buffer).toString('utf8');
      const h = (n: string) => req.get(n);
      const expected = createHash('sha256').update(`${h('x-lark-request-timestamp')}${h('x-lark-request-nonce')}${KEY}`).update(req.body as Buffer).digest('hex');
      const outer = JSON.parse(raw) as Record<string, any>;
      const payload = outer.encrypt ? JSON.parse(decrypt(outer.encrypt)) : outer;
      received.push({ raw, headers: { ...req.headers } as Record<string, string | undefined>, signatureOk: h('x-lark-signature') === expected, payload });
      const sdkCount = sdkSaw.length;
      await dispatcher.invoke(Object.assign(Object.create({ headers: req.headers }), outer));
      if (sdkSaw.length > sdkCount) received[received.length - 1]!.sdkSaw = sdkSaw[sdkSaw.length - 1];
      const answer = answers.shift() ?? { status: 200 };
      if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
      res.status(answer.status).json(answer.body ?? {});
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
  });
  afterAll(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));
  beforeEach(() => { received.length = 0; answers = []; });

  const sender = (extra: Partial<ConstructorParameters<typeof LarkEventSender>[0]> = {}) =>
    new LarkEventSender({ webhookUrl: url, encryptKey: KEY, verificationToken: 'vtok', appId: 'cli_a1b2c3d4e5f60718', retryDelaysMs: [20, 20, 20, 20], ...extra });

  it('sends an encrypted, correctly signed im.message.receive_v1 that the official SDK also accepts', async () => {
    const res = await sender().sendMessage({ senderOpenId: 'ou_u', chatId: 'oc_1', chatType: 'p2p', text: '帮助' });
    expect(res).toMatchObject({ status: 200, attempts: 1 });
    const [got] = received;
    expect(got?.signatureOk).toBe(true);
    expect(Object.keys(JSON.parse(got!.raw))).toEqual(['encrypt']);
    expect(got?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(got?.headers['x-lark-request-nonce']).toMatch(/^\d+$/);
    expect(Math.abs(Number(got?.headers['x-lark-request-timestamp']) - Date.now() / 1000)).toBeLessThan(5);
    expect(got?.payload).toMatchObject({ schema: '2.0', header: { token: 'vtok', event_type: 'im.message.receive_v1' }, event: { message: { content: '{"text":"帮助"}' } } });
    expect(got?.sdkSaw).toMatchObject({ event_id: got?.payload.header.event_id, message: { chat_id: 'oc_1' } });
  });

  it('retries non-200 answers after retryDelaysMs with the same event_id, freshly signed', async () => {
    answers = [{ status: 500 }, { status: 500 }, { status: 200 }];
    const res = await sender().sendMessage({ senderOpenId: 'ou_u', chatId: 'oc_1', chatType: 'p2p', text: 'again' }, { retry: true });
    expect(res.attempts).toBe(3);
    expect(res.history.map((a) => a.status)).toEqual([500, 500, 200]);
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.payload.header.event_id)).size).toBe(1);
    expect(received.every((r) => r.signatureOk)).toBe(true);
    expect(new Set(received.map((r) => r.headers['x-lark-request-nonce'])).size).toBe(3);
  });

  it('treats a slow answer as a failure (timeout) and stops after the last retry', async () => {
    answers = [{ status: 200, delayMs: 400 }, { status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }];
    const res = await sender({ timeoutMs: 150 }).sendMessage({ senderOpenId: 'ou_u', chatId: 'oc_1', chatType: 'p2p', text: 'slow' }, { retry: true });
    expect(res.history[0]).toMatchObject({ status: 0, error: 'timeout' });
    expect(res).toMatchObject({ status: 503, attempts: 5 });
  });

  it('can omit, break or invalidate the signature on purpose', async () => {
    const s = sender();
    await s.sendMessage({ senderOpenId: 'ou_u', chatId: 'oc_1', chatType: 'p2p', text: 'a' }, { signature: 'none' });
    await s.sendMessage({ senderOpenId: 'ou_u', chatId: 'oc_1', chatType: 'p2p', text: 'b' }, { signature: 'bad' });
    await s.sendMessage({ senderOpenId: 'ou_u', chatId: 'oc_1', chatType: 'p2p', text: 'c' }, { tamper: true });
    await s.sendMessage({ senderOpenId: 'ou_u', chatId: 'oc_1', chatType: 'p2p', text: 'd' }, { timestamp: 1_000_000_000 });
    expect(received[0]?.headers['x-lark-signature']).toBeUndefined();
    expect(received[1]?.signatureOk).toBe(false);
    // tamper: same JSON, one more byte — a raw-byte check fails while a re-serialising check (the SDK's) passes.
    expect(received[2]?.signatureOk).toBe(false);
    expect(received[2]?.raw.startsWith('{ "encrypt"')).toBe(true);
    expect(received[2]?.sdkSaw).toBeDefined();
    expect(received[3]).toMatchObject({ signatureOk: true, headers: { 'x-lark-request-timestamp': '1000000000' } });
  });

  it('sends card.action.trigger with a fresh c- token and reports it', async () => {
    const tokens: string[] = [];
    answers = [{ status: 200, body: { toast: { type: 'success', content: 'OK' } } }];
    const res = await sender({ onCardToken: (t) => tokens.push(t) }).clickCard({ operatorOpenId: 'ou_u', openMessageId: 'om_1', openChatId: 'oc_1', value: { action: 'approve' } });
    expect(res.body).toEqual({ toast: { type: 'success', content: 'OK' } });
    expect(tokens).toEqual([res.token]);
    expect(received[0]?.payload.event).toMatchObject({ token: res.token, action: { value: { action: 'approve' } }, context: { open_message_id: 'om_1' } });
  });

  it('sends the challenge v1-shaped, encrypted or not, without signature headers', async () => {
    answers = [{ status: 200, body: { challenge: 'x' } }];
    const enc = await sender().challenge({ encrypted: true, challenge: 'ch-1' });
    expect(enc.status).toBe(200);
    expect(received[0]?.payload).toEqual({ challenge: 'ch-1', token: 'vtok', type: 'url_verification' });
    expect(Object.keys(JSON.parse(received[0]!.raw))).toEqual(['encrypt']);
    expect(received[0]?.headers['x-lark-signature']).toBeUndefined();
    await sender().challenge({ encrypted: false, challenge: 'ch-2', token: 'other' });
    expect(JSON.parse(received[1]!.raw)).toEqual({ challenge: 'ch-2', token: 'other', type: 'url_verification' });
  });

  it('without an Encrypt Key sends the plain envelope, still signed (with an empty key)', async () => {
    const s = sender({ encryptKey: undefined });
    const v1 = s.v1Event({ type: 'p2p_chat_create', event: { chat_id: 'oc_9' } });
    await s.deliver(v1);
    const got = received[0]!;
    expect(JSON.parse(got.raw)).toEqual(v1);
    const expected = createHash('sha256').update(`${got.headers['x-lark-request-timestamp']}${got.headers['x-lark-request-nonce']}${got.raw}`).digest('hex');
    expect(got.headers['x-lark-signature']).toBe(expected);
  });
});

function decrypt(encrypted: string): string {
  const key = createHash('sha256').update(KEY).digest();
  const buf = Buffer.from(encrypted, 'base64');
  const d = createDecipheriv('aes-256-cbc', key, buf.subarray(0, 16));
  return Buffer.concat([d.update(buf.subarray(16)), d.final()]).toString('utf8');
}
