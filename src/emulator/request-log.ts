// Records every Open API call (method, path, HTTP status, Lark code, uuid) so tests can count what reached "Lark",
// e.g. "raw POSTs per uuid ≤ 2" in the ambiguous-send chaos test (reliability.md §7).
import type { NextFunction, Request, Response } from 'express';
import type { RequestLogEntry } from './types';

export function requestLogger(log: RequestLogEntry[], now: () => number) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!req.path.startsWith('/open-apis/')) return next();
    const started = performance.now();
    const json = res.json.bind(res);
    res.json = ((body?: unknown) => {
      const { code, msg } = (body ?? {}) as { code?: unknown; msg?: unknown };
      if (typeof code === 'number') res.locals.larkCode = code;
      if (typeof msg === 'string' && code !== 0) res.locals.larkMsg = msg;
      return json(body);
    }) as Response['json'];
    let done = false;
    const record = (status: number): void => {
      if (done) return;
      done = true;
      const uuid = (req.body as { uuid?: unknown } | undefined)?.uuid;
      log.push({
        method: req.method, path: req.path, status,
        ...(typeof res.locals.larkCode === 'number' ? { code: res.locals.larkCode } : {}),
        ...(typeof uuid === 'string' ? { uuid } : {}), at: now(),
        ...(typeof res.locals.larkMsg === 'string' ? { msg: res.locals.larkMsg } : {}),
        ms: Math.round(performance.now() - started),
      });
    };
    res.on('finish', () => record(res.statusCode));
    res.on('close', () => record(res.locals.dropped ? 0 : res.statusCode));
    next();
  };
}
