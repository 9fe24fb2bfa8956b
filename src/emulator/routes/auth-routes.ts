// tenant_access_token/internal and the Bearer check every other Open API route needs (lark-platform.md §5):
// token lives tokenTtlSeconds (Lark: 2 h); once less than a quarter (Lark: 30 min) is left a new one is issued and
// both stay valid.
import { Router, type NextFunction, type Request, type Response } from 'express';
import { LarkApiError, LarkCode } from '../lark-errors';
import { larkId } from '../lark-wire';
import type { EmulatorState } from '../emulator-state';

export interface AuthConfig { appId: string; appSecret: string; tokenTtlSeconds: number; now: () => number }

export function authRoutes(state: EmulatorState, cfg: AuthConfig): Router {
  const router = Router();
  let current: string | undefined;
  router.post('/open-apis/auth/v3/tenant_access_token/internal', (req, res) => {
    const { app_id: appId, app_secret: appSecret } = (req.body ?? {}) as { app_id?: unknown; app_secret?: unknown };
    if (appId !== cfg.appId) throw new LarkApiError(400, LarkCode.appIdInvalid, 'app_id is invalid');
    if (appSecret !== cfg.appSecret) throw new LarkApiError(400, LarkCode.appSecretInvalid, 'app secret invalid');
    const now = cfg.now();
    const ttlMs = cfg.tokenTtlSeconds * 1000;
    const expiresAt = current ? state.tenantTokens.get(current) : undefined;
    if (!current || expiresAt === undefined || expiresAt - now < ttlMs / 4) {
      current = larkId('t-');
      state.tenantTokens.set(current, now + ttlMs);
    }
    const left = Math.floor(((state.tenantTokens.get(current) ?? now) - now) / 1000);
    res.json({ code: 0, msg: 'ok', tenant_access_token: current, expire: left });
  });
  return router;
}

/** Missing → 99991661, unknown or expired → 99991663 (both HTTP 400, as Lark's gateway answers them). */
export function requireTenantToken(state: EmulatorState, now: () => number) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new LarkApiError(400, LarkCode.tokenMissing, 'Missing access token for authorization. Please make a request with token attached.');
    const expiresAt = state.tenantTokens.get(match[1]);
    if (expiresAt === undefined || expiresAt <= now()) {
      throw new LarkApiError(400, LarkCode.tokenInvalid, 'Invalid access token for authorization. Please make a request with token attached.');
    }
    next();
  };
}
