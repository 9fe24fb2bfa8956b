// Delayed card update with the callback token (delay-update-message-card doc, lark-platform.md §2.3): the token comes
// from a card.action.trigger the emulator sent, lives 30 min, serves 2 updates (the current doc; an older one says 3),
// and updates only the card that was clicked; card ≤ 100 KB after conversion.
import { Router } from 'express';
import { checkCard, type CardLimits } from '../card-checks';
import { LarkApiError, LarkCode } from '../lark-errors';
import type { EmulatorState } from '../emulator-state';

export interface CardUpdateConfig { now: () => number; appPerSecond: number; appPerMinute: number }

const TOKEN_TTL_MS = 30 * 60 * 1000;
const MAX_USES = 2;
const LIMITS: CardLimits = { maxBytes: 100 * 1024, sizeCode: LarkCode.cardUpdateBadFormat, invalidCode: LarkCode.cardUpdateBadFormat, label: 'card format invalid' };

export function cardUpdateRoutes(state: EmulatorState, cfg: CardUpdateConfig): Router {
  const router = Router();
  router.post('/open-apis/interactive/v1/card/update', (req, res) => {
    const { token, card } = (req.body ?? {}) as { token?: unknown; card?: unknown };
    if (typeof token !== 'string' || token === '') throw new LarkApiError(400, LarkCode.fieldValidation, 'field validation failed: token is required');
    const now = cfg.now();
    // A separate API with its own 1000/min & 50/s budget (reliability.md §2.2).
    state.windows.acquire([
      { key: 'card-update:1s', limit: cfg.appPerSecond, windowMs: 1_000 },
      { key: 'card-update:60s', limit: cfg.appPerMinute, windowMs: 60_000 },
    ], now);
    const issued = state.cardTokens.get(token);
    if (!issued || now - issued.issuedAt > TOKEN_TTL_MS) {
      throw new LarkApiError(400, LarkCode.cardTokenExpired, 'card update token is expired or was never issued (valid 30 min after the click)');
    }
    if (issued.uses >= MAX_USES) throw new LarkApiError(400, LarkCode.cardTokenUsedUp, `card update token was already used ${MAX_USES} times`);
    const raw = JSON.stringify(card ?? null);
    if (Buffer.byteLength(raw, 'utf8') > LIMITS.maxBytes) {
      throw new LarkApiError(400, LIMITS.sizeCode, `card is ${Buffer.byteLength(raw, 'utf8')} bytes; the delayed-update limit is ${LIMITS.maxBytes}`);
    }
    checkCard(card, LIMITS);
    const msg = state.byId.get(issued.messageId);
    if (!msg) throw new LarkApiError(400, 200000, 'the card message was recalled');
    issued.uses += 1;
    state.updateContent(msg, raw);
    res.json({ code: 0, msg: 'success', data: {} });
  });
  return router;
}
