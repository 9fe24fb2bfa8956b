// The webhook routes are served on Node's request and response directly, not through express
// (src/http/create-http-app.ts): what express did for them has to hold still. Paths as express matched them,
// compressed bodies, the size limit with and without Content-Length, clients that hang up, and everything else
// left to express (404s, health).
import { connect } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { messageEvent } from '../../../src/emulator/lark-envelopes';
import { encryptForLark, newNonce, signLarkRequest } from '../../../src/emulator/lark-wire';
import { cardTitle, eventually, startHarness, type Harness } from '../../helpers/test-app';
import { missing } from '../../helpers/services';

const LIMIT = 512 * 1024;

describe.skipIf(missing('postgres') || missing('redis'))('webhook transport (real app, Postgres, Redis, emulator)', () => {
  let h: Harness;
  const mei = { openId: 'ou_transport_mei_000000001', name: '江雨桐' };
  let meiChat: string;

  beforeAll(async () => {
    h = await startHarness();
    meiChat = await h.addPerson(mei);
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => {
    h.emulator.reset();
  });

  /** 帮助 from Mei as Lark pushes it: the JSON body's bytes and its signature headers. */
  function push(text = '帮助'): { raw: Buffer; headers: Record<string, string>; messageId: string } {
    const context = h.sender.context();
    const event = messageEvent(context, { senderOpenId: mei.openId, chatId: meiChat, chatType: 'p2p', text });
    const raw = Buffer.from(JSON.stringify({ encrypt: encryptForLark(h.lark.encryptKey, JSON.stringify(event)) }));
    const timestamp = String(Math.floor(context.nowMs / 1000));
    const nonce = newNonce();
    return {
      raw,
      headers: { 'content-type': 'application/json', 'x-lark-request-timestamp': timestamp, 'x-lark-request-nonce': nonce, 'x-lark-signature': signLarkRequest(timestamp, nonce, h.lark.encryptKey, raw) },
      messageId: (event.event.message as { message_id: string }).message_id,
    };
  }
  /** Mei's chat holds one answer (the emulator is emptied before each test) and her message is handled */
  const answerTo = async (messageId: string) => {
    const [reply] = await eventually(() => { const m = h.emulator.messages({ sender: 'app', chatId: meiChat }); return m.length > 0 && m; }, 15_000, `the answer to ${messageId}`);
    const row = await h.app.db.db.selectFrom('inbox').select('status').where('dedupe_key', '=', `msg:${messageId}`).executeTakeFirst();
    expect(row?.status).toBe('done');
    return reply!;
  };
  const challenge = (path: string) => fetch(`${h.app.url}${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'url_verification', token: h.lark.verificationToken, challenge: 'c-42' }),
  });

  it('takes the routes as express did: a query string, a trailing slash, any case', async () => {
    for (const path of ['/webhook/event?from=lark', '/webhook/card/', '/Webhook/Event']) {
      const res = await challenge(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await res.json()).toEqual({ challenge: 'c-42' });
    }
    for (const path of ['/webhook/events', '/webhook', '/webhook/event/x']) {
      const res = await challenge(path);
      expect(res.status, path).toBe(404);
      expect(await res.json()).toEqual({ error: 'not found' });
    }
    const get = await fetch(`${h.app.url}/webhook/event`);
    expect(get.status).toBe(404);
    expect((await fetch(`${h.app.url}/healthz`)).status).toBe(200);
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ])('stores and answers an event sent %s-compressed (signed over the bytes it decompresses to)', async (encoding, compress) => {
    const p = push();
    const res = await fetch(`${h.app.url}/webhook/event`, { method: 'POST', headers: { ...p.headers, 'content-encoding': encoding }, body: compress(p.raw) });
    expect(res.status).toBe(200);
    expect(cardTitle((await answerTo(p.messageId)).content)).toBe('引航 · 帮助');
  });

  it('refuses an encoding it does not know (415) and one that does not decode (400), with the reason, storing nothing', async () => {
    const before = await h.app.db.db.selectFrom('inbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const p = push();
    const unknown = await fetch(`${h.app.url}/webhook/event`, { method: 'POST', headers: { ...p.headers, 'content-encoding': 'x-nonsense' }, body: p.raw });
    expect(unknown.status).toBe(415);
    expect(await unknown.json()).toEqual({ error: 'unsupported content encoding "x-nonsense"' });
    const corrupt = await fetch(`${h.app.url}/webhook/event`, { method: 'POST', headers: { ...p.headers, 'content-encoding': 'gzip' }, body: p.raw });
    expect(corrupt.status).toBe(400);
    expect(await corrupt.json()).toEqual({ error: 'the body does not decode as gzip' });
    const after = await h.app.db.db.selectFrom('inbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // and the very same push, sent plainly, is taken
    const plain = await fetch(`${h.app.url}/webhook/event`, { method: 'POST', headers: p.headers, body: p.raw });
    expect(plain.status).toBe(200);
    await answerTo(p.messageId);
  });

  it('reads a body of exactly the limit and refuses one byte more, with Content-Length or streamed without it', async () => {
    const at = await fetch(`${h.app.url}/webhook/event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.alloc(LIMIT, 'a') });
    expect(at.status).toBe(400);
    expect(await at.json()).toEqual({ error: 'body is not JSON' });
    const over = await fetch(`${h.app.url}/webhook/event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.alloc(LIMIT + 1, 'a') });
    expect(over.status).toBe(413);
    expect(await over.json()).toEqual({ error: 'body too large' });
    // chunked: no Content-Length to refuse on, so the count while reading has to
    const chunks = async function* () {
      for (let i = 0; i < 12; i++) yield Buffer.alloc(64 * 1024, 'a');
    };
    const streamed = await fetch(`${h.app.url}/webhook/event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: chunks() as unknown as ReadableStream, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toEqual({ error: 'body too large' });
    // a small bomb: 1 KB of gzip that would inflate to 2 MB
    const bomb = gzipSync(Buffer.alloc(2 * 1024 * 1024, 'a'));
    expect(bomb.length).toBeLessThan(LIMIT);
    const inflated = await fetch(`${h.app.url}/webhook/event`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: bomb });
    expect(inflated.status).toBe(413);
  });

  it('shrugs off clients that hang up halfway through a body, and serves the next push', async () => {
    const { port } = new URL(h.app.url);
    for (let i = 0; i < 20; i++) {
      await new Promise<void>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write(`POST /webhook/event HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"encrypt":"abc`);
          setTimeout(() => { socket.destroy(); resolve(); }, 5);
        });
        socket.on('error', reject);
      });
    }
    const p = push();
    const res = await fetch(`${h.app.url}/webhook/event`, { method: 'POST', headers: p.headers, body: p.raw });
    expect(res.status).toBe(200);
    await answerTo(p.messageId);
    expect((await fetch(`${h.app.url}/healthz`)).status).toBe(200);
  });
});
