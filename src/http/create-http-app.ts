import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { Metrics } from './metrics';

export interface HttpDeps {
  webhook: RequestHandler;
  metrics: Metrics;
  /** resolves when the app can serve; rejects with the reason it cannot */
  ready: () => Promise<void>;
  isDraining: () => boolean;
  /** the playground console, mounted at / in playground mode only */
  console?: express.Router;
}

// Lark text messages may be 150 KB; encrypted and base64-wrapped an event stays well under this.
const WEBHOOK_BODY_LIMIT = '512kb';

export function createHttpApp(deps: HttpDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  const rawBody = express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT });
  const refuseWhileDraining: RequestHandler = (_req, res, next) => {
    // While shutting down, a 503 makes Lark deliver the event again, to an instance that stays up.
    if (deps.isDraining()) res.status(503).set('connection', 'close').json({ error: 'shutting down, retry later' });
    else next();
  };
  app.post('/webhook/event', refuseWhileDraining, rawBody, deps.webhook);
  app.post('/webhook/card', refuseWhileDraining, rawBody, deps.webhook);

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
    if (!res.headersSent) res.status(status).json({ error: reason });
  };
  app.use(errors);
  return app;
}
