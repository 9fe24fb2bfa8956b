// bot/v3/info and the contact subset (lark-platform.md §3, §7): user get (41050 outside the contacts range) and
// batch_get_id by mobiles/emails (≤ 50 each; unknown ones come back without user_id, as Lark does).
import { Router } from 'express';
import { LarkApiError, LarkCode } from '../lark-errors';
import type { EmulatorState } from '../emulator-state';
import type { EmulatedUser } from '../types';

export interface ContactConfig { botOpenId: string; botName: string }

const ID_TYPES = new Set(['open_id', 'union_id', 'user_id']);

export function contactRoutes(state: EmulatorState, cfg: ContactConfig): Router {
  const router = Router();

  // `bot` sits at the top level of this answer, not inside `data`.
  router.get('/open-apis/bot/v3/info', (_req, res) => {
    res.json({ code: 0, msg: 'ok', bot: { activate_status: 2, app_name: cfg.botName, avatar_url: '', ip_white_list: [], open_id: cfg.botOpenId } });
  });

  router.get('/open-apis/contact/v3/users/:user_id', (req, res) => {
    const idType = idTypeOf(req.query.user_id_type);
    const user = state.findUser(idType, String(req.params.user_id));
    if (!user) throw new LarkApiError(400, LarkCode.noUserAuthority, 'no user authority error');
    res.json({ code: 0, msg: 'success', data: { user: userJson(user) } });
  });

  router.post('/open-apis/contact/v3/users/batch_get_id', (req, res) => {
    const idType = idTypeOf(req.query.user_id_type);
    const { mobiles = [], emails = [] } = (req.body ?? {}) as { mobiles?: unknown; emails?: unknown };
    if (!isStrings(mobiles) || !isStrings(emails)) throw new LarkApiError(400, LarkCode.fieldValidation, 'field validation failed: mobiles and emails must be string arrays');
    if (mobiles.length > 50 || emails.length > 50) {
      throw new LarkApiError(400, LarkCode.fieldValidation, 'field validation failed: at most 50 mobiles and 50 emails per request');
    }
    const users = [...state.users.values()];
    const idOf = (u: EmulatedUser | undefined) => (u ? pickId(u, idType) : undefined);
    const list = [
      ...emails.map((email) => withId({ email }, idOf(users.find((u) => u.email?.toLowerCase() === email.toLowerCase())))),
      ...mobiles.map((mobile) => withId({ mobile }, idOf(users.find((u) => u.mobile && sameMobile(u.mobile, mobile))))),
    ];
    res.json({ code: 0, msg: 'success', data: { user_list: list } });
  });

  return router;
}

function idTypeOf(q: unknown): string {
  const t = q === undefined ? 'open_id' : String(q);
  if (!ID_TYPES.has(t)) throw new LarkApiError(400, LarkCode.fieldValidation, 'field validation failed: user_id_type must be open_id, union_id or user_id');
  return t;
}

function pickId(u: EmulatedUser, idType: string): string | undefined {
  return idType === 'open_id' ? u.openId : idType === 'union_id' ? u.unionId : u.userId;
}

function withId<T extends object>(entry: T, id: string | undefined): T & { user_id?: string } {
  return id === undefined ? entry : { user_id: id, ...entry };
}

/** Mainland numbers may be given with or without +86 (batch_get_id doc). */
function sameMobile(a: string, b: string): boolean {
  const norm = (m: string) => m.replace(/[\s-]/g, '').replace(/^\+86/, '');
  return norm(a) === norm(b);
}

function isStrings(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function userJson(u: EmulatedUser): Record<string, unknown> {
  return {
    open_id: u.openId, union_id: u.unionId, ...(u.userId ? { user_id: u.userId } : {}), name: u.name,
    ...(u.enName ? { en_name: u.enName } : {}), ...(u.mobile ? { mobile: u.mobile } : {}), ...(u.email ? { email: u.email } : {}),
    department_ids: [...u.departmentIds], status: { is_activated: true, is_exited: false, is_frozen: false, is_resigned: false, is_unjoin: false },
  };
}
