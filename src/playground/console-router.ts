import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';
import type { LarkEmulator } from '../emulator/lark-emulator';
import { createConsoleApi, type ConsoleApiDeps } from './console-api';

const PAGE = readFileSync(fileURLToPath(new URL('./console.html', import.meta.url)), 'utf8');
const STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));

// The page runs only its own modules: an inline script or handler smuggled into a card or a name would not run
// even if escaping failed somewhere. Styles may be inline (the card renderer colours text with style attributes).
const PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** Forwarded from the emulator's console API: how long the app took to answer a push or a card callback. */
const FORWARDED_HEADERS = ['x-elapsed-ms'];

/**
 * The playground console at `/`: a page that speaks to the bot as any demo user through the emulator.
 * `/console/static/*` serves its modules and styles (no build step). `/console-api/app/*` answers from the
 * bot's side (roster, jobs, outbox, see console-api.ts); the rest of `/console-api/*` forwards to the
 * emulator's `/_emulator/*`, so the page needs one origin only.
 */
export function createConsoleRouter(emulator: LarkEmulator, app?: Omit<ConsoleApiDeps, 'emulator'>): Router {
  const router = express.Router();
  router.get('/', (_req, res) => {
    res.set({ 'content-security-policy': PAGE_POLICY, 'cache-control': 'no-cache' }).type('html').send(PAGE);
  });
  router.use('/console/static', express.static(STATIC_DIR, {
    index: false, fallthrough: false, dotfiles: 'ignore',
    setHeaders: (res) => { res.set({ 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' }); },
  }));
  if (app) router.use('/console-api/app', createConsoleApi({ emulator, ...app }));
  router.use('/console-api', express.json({ limit: '64kb' }), async (req, res) => {
    try {
      const upstream = await fetch(`${emulator.url}/_emulator${req.url}`, {
        method: req.method,
        headers: { 'content-type': 'application/json' },
        ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body: JSON.stringify(req.body ?? {}) }),
        signal: AbortSignal.timeout(10_000),
      });
      for (const h of FORWARDED_HEADERS) {
        const v = upstream.headers.get(h);
        if (v !== null) res.set(h, v);
      }
      res.status(upstream.status).type('json').send(await upstream.text());
    } catch (err) {
      res.status(502).json({ error: `emulator did not answer: ${err instanceof Error ? err.message : String(err)}` });
    }
  });
  return router;
}
