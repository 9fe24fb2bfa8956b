// The baselines of the webhook and callback benches, each a process of its own. BENCH_BASELINE selects:
//
// - bare: express 5, express.json(), a POST handler answering {} — the least an express server can do.
// - sdk:  express 5, express.json(), the official @larksuiteoapi/node-sdk adaptExpress + EventDispatcher with
//         the Encrypt Key and Verification Token, and an empty im.message.receive_v1 handler: what most Lark
//         bots run. It verifies the signature and decrypts, but stores nothing.
// - nostore: the bot's own HTTP app and webhook handler (src/http/create-http-app.ts, src/lark/webhook.ts) with
//         the inbox insert replaced by a no-op: everything the bot does to an event except store it, so that
//         the bot's figure splits into "the handler" and "the Postgres insert".
//
// Each counts the requests its handler saw, served by GET /count on a port of its own (printed as COUNT <url>, so
// that the subject's app stays exactly as it is): the SDK answers 200 to a bad signature without calling the
// handler (reliability.md §3.2), so a 200 alone would not prove the events were accepted. Like the bot:
// x-powered-by and etag off. Prints "READY <url>".
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import * as lark from '@larksuiteoapi/node-sdk';
import pino from 'pino';
import { createHttpApp } from '../src/http/create-http-app';
import { createMetrics } from '../src/http/metrics';
import { createWebhookHandler } from '../src/lark/webhook';
import type { InboxBatcher } from '../src/db/repositories/inbox-batcher';

const mode = process.env.BENCH_BASELINE;
let handled = 0;
const routes = ['/webhook/event', '/webhook/card'];
let app: RequestListener;
if (mode === 'nostore') {
  const metrics = createMetrics(async () => ({}));
  // A message event touches only inboxBatcher.record; the card path (db, inbox, outbox, processor) is never reached here.
  const inboxBatcher = { record: async () => { handled++; return true; } } as unknown as InboxBatcher;
  const webhook = createWebhookHandler({
    encryptKey: process.env.LARK_ENCRYPT_KEY!, verificationToken: process.env.LARK_VERIFICATION_TOKEN!, inboxBatcher, metrics,
    logger: pino({ level: 'silent' }), db: undefined as never, inbox: undefined as never, outbox: undefined as never, processor: undefined as never,
    onInboxed: () => undefined, onQueued: () => undefined,
  });
  app = createHttpApp({ webhook, metrics, ready: async () => undefined, isDraining: () => false });
} else {
  const plain = express();
  app = plain;
  plain.disable('x-powered-by');
  plain.set('etag', false);
  if (mode === 'bare') {
    plain.post(routes, express.json({ limit: '512kb' }), (_req, res) => {
      handled++;
      res.json({});
    });
  } else if (mode === 'sdk') {
    const dispatcher = new lark.EventDispatcher({
      encryptKey: process.env.LARK_ENCRYPT_KEY!, verificationToken: process.env.LARK_VERIFICATION_TOKEN!, loggerLevel: lark.LoggerLevel.error,
    }).register({ 'im.message.receive_v1': async () => { handled++; } });
    plain.post(routes, express.json({ limit: '512kb' }), lark.adaptExpress(dispatcher, { autoChallenge: true }));
  } else {
    throw new Error(`BENCH_BASELINE must be bare, sdk or nostore, not ${mode}`);
  }
}
// Outside the bot's app the count has its own server: the bot's app answers 404 to anything it does not know.
const counter = express().get('/count', (_req, res) => { res.json({ handled }); });
const server = createServer(app).listen(0, '127.0.0.1', () => {
  const counting = counter.listen(0, '127.0.0.1', () => {
    const port = (a: ReturnType<typeof server.address>) => (a as AddressInfo).port;
    process.stdout.write(`COUNT http://127.0.0.1:${port(counting.address())}\nREADY http://127.0.0.1:${port(server.address())}\n`);
  });
  process.on('SIGTERM', () => {
    counting.close();
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
});
