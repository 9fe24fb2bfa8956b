import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';
import type { LarkEmulator } from '../emulator/lark-emulator';

const PAGE = readFileSync(fileURLToPath(new URL('./console.html', import.meta.url)), 'utf8');

/**
 * The playground console at `/`: a page that speaks to the bot as a demo user through the emulator.
 * `/console-api/*` forwards to the emulator's `/_emulator/*` so the page needs one origin only.
 */
export function createConsoleRouter(emulator: LarkEmulator): Router {
  const router = express.Router();
  router.get('/', (_req, res) => {
    res.type('html').send(PAGE);
  });
  router.use('/console-api', express.json({ limit: '64kb' }), async (req, res) => {
    try {
      const upstream = await fetch(`${emulator.url}/_emulator${req.url}`, {
        method: req.method,
        headers: { 'content-type': 'application/json' },
        ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body: JSON.stringify(req.body ?? {}) }),
        signal: AbortSignal.timeout(10_000),
      });
      res.status(upstream.status).type('json').send(await upstream.text());
    } catch (err) {
      res.status(502).json({ error: `emulator did not answer: ${err instanceof Error ? err.message : String(err)}` });
    }
  });
  return router;
}
