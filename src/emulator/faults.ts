// Injected failures for chaos tests (reliability.md §7): 429 storms, 5xx, slow answers, and the ambiguous send —
// Lark stored the message but the connection died before the answer, so the client must retry with the same uuid.
import type { NextFunction, Request, Response } from 'express';
import type { Fault } from './types';

const TOKEN_PATH = '/open-apis/auth/v3/tenant_access_token/internal';

export class FaultBox {
  private faults: Fault[] = [];

  inject(fault: Fault): void {
    if (!(fault.times > 0)) throw new Error('inject: times must be ≥ 1');
    this.faults.push({ ...fault });
  }

  clear(): void {
    this.faults = [];
  }

  /** Consumes one use of the first matching fault of that kind. */
  take<K extends Fault['kind']>(kind: K, path: string): Extract<Fault, { kind: K }> | undefined {
    const fault = this.faults.find((f) => f.kind === kind && f.times > 0 && matches(f, path));
    if (!fault) return undefined;
    fault.times -= 1;
    this.faults = this.faults.filter((f) => f.times > 0);
    return fault as Extract<Fault, { kind: K }>;
  }

  /** Express middleware for /open-apis: delay first, then answer an injected status instead of the route. */
  middleware() {
    return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
      const path = req.path;
      if (!path.startsWith('/open-apis/')) return next(); // the console API is not Lark and never fails on purpose
      const delay = this.take('delay', path);
      if (delay) await new Promise((r) => setTimeout(r, delay.ms));
      const status = this.take('status', path);
      if (!status) return next();
      if (status.status === 429) {
        res.set({ 'x-ogw-ratelimit-limit': '50', 'x-ogw-ratelimit-reset': String(status.resetSeconds ?? 1) });
        res.status(429).json({ code: status.code ?? 99991400, msg: 'request trigger frequency limit' });
        return;
      }
      res.status(status.status).json({ code: status.code ?? 1, msg: `injected ${status.status}` });
    };
  }
}

/**
 * Status faults match `path` when given (the token endpoint included); by default they and delays spare the token
 * endpoint, so "fail the next send" means the send and not the SDK's token fetch before it.
 */
function matches(fault: Fault, path: string): boolean {
  if (fault.kind === 'status' && fault.path) return fault.path.test(path);
  return path !== TOKEN_PATH;
}
