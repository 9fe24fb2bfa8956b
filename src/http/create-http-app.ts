import type { IncomingHttpHeaders, IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import express, { type ErrorRequestHandler } from 'express';
import type { Metrics } from './metrics';
import { BodyAborted, BodyRefusal, readBody } from './read-body';
import { sendJson, type JsonReply } from './send-json';

/** A webhook request, decided: its headers and its body's bytes in, the answer out. */
export type WebhookHandler = (request: { headers: IncomingHttpHeaders }, rawBody: Buffer) => Promise<JsonReply>;

export interface HttpDeps {
  webhook: WebhookHandler;
  metrics: Metrics;
  /** resolves when the app can serve; rejects with the reason it cannot */
  ready: () => Promise<void>;
  isDraining: () => boolean;
  /** the playground console, mounted at / in playground mode only */
  console?: express.Router;
  /** something went wrong that no request should see (a bug): logged, answered 500 */
  onError?: (err: unknown) => void;
}

// Lark text messages may be 150 KB; encrypted and base64-wrapped an event stays well under this.
const WEBHOOK_BODY_LIMIT = 512 * 1024;
const WEBHOOK_PATHS = new Set(['/webhook/event', '/webhook/card']);

/**
 * The HTTP server's request listener. The two webhook routes are served here directly on Node's request and
 * response: they carry nearly every request the bot gets, and express's routing and response helpers cost more
 * CPU than the rest of an acknowledgement short of the insert (bench/README.md). Everything else (health,
 * metrics, the playground console, 404s) is an express app, where speed does not matter.
 */
export function createHttpApp(deps: HttpDeps): RequestListener {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    if (deps.isDraining()) {
      res.status(503).json({ status: 'unavailable', reason: 'shutting down' });
      return;
    }
    try {
      await deps.ready();
      res.json({ status: 'ready' });
    } catch (err) {
      res.status(503).json({ status: 'unavailable', reason: err instanceof Error ? err.message : String(err) });
    }
  });
  app.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  if (deps.console) app.use('/', deps.console);

  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  const errors: ErrorRequestHandler = (err, _req, res, _next) => {
    // body-parser marks client faults with a 4xx status (413 too large, 400 bad encoding, 415 charset).
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    const reason = status === 413 ? 'body too large' : status < 500 ? String(err.message ?? 'bad request') : 'internal error';
    if (status === 500) deps.onError?.(err);
    if (!res.headersSent) res.status(status).json({ error: reason });
  };
  app.use(errors);

  async function serveWebhook(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // While shutting down, a 503 makes Lark deliver the event again, to an instance that stays up.
    if (deps.isDraining()) return sendJson(res, { status: 503, body: { error: 'shutting down, retry later' } }, true);
    let raw: Buffer;
    try {
      raw = await readBody(req, WEBHOOK_BODY_LIMIT);
    } catch (err) {
      if (err instanceof BodyRefusal) return sendJson(res, { status: err.status, body: { error: err.reason } }, err.close);
      if (err instanceof BodyAborted) return;
      throw err;
    }
    sendJson(res, await deps.webhook(req, raw));
  }

  return (req, res) => {
    if (req.method === 'POST' && WEBHOOK_PATHS.has(pathOf(req.url))) {
      serveWebhook(req, res).catch((err: unknown) => {
        deps.onError?.(err);
        sendJson(res, { status: 500, body: { error: 'internal error' } });
      });
    } else {
      void app(req, res);
    }
  };
}

/** As express matches a route: without the query, case-insensitive, one trailing slash allowed. */
function pathOf(url = '/'): string {
  const q = url.indexOf('?');
  const path = (q < 0 ? url : url.slice(0, q)).toLowerCase();
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}
