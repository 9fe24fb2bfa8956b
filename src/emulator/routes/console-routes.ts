// JSON API under /_emulator/ for the playground console and for tests that drive the emulator over HTTP.
// Not part of Lark: no tenant token, permissive CORS (the console page may be served from the app's origin).
import { Router, type NextFunction, type Request, type Response } from 'express';
import { toView, type EmulatorState } from '../emulator-state';
import { click, ConsoleError, say, type ActionContext } from '../user-actions';

export function consoleRoutes(state: EmulatorState, ctx: ActionContext): Router {
  const router = Router();
  router.use('/_emulator', (req, res, next) => {
    res.set({ 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type', 'access-control-allow-methods': 'GET, POST, OPTIONS' });
    if (req.method === 'OPTIONS') { res.status(204).end(); return; }
    next();
  });

  router.get('/_emulator/users', (_req, res) => {
    const users = [...state.users.values()].map((u) => ({ ...u, p2pChatId: state.p2pChatIdIfAny(u.openId) }));
    res.json({ users, bot: { openId: ctx.botOpenId, name: ctx.botName } });
  });

  router.get('/_emulator/chats', (_req, res) => {
    res.json({ chats: [...state.chats.values()] });
  });

  router.get('/_emulator/p2p/:openId', (req, res) => {
    if (!state.users.has(req.params.openId)) throw new ConsoleError(404, `unknown user ${req.params.openId}`);
    res.json({ chatId: state.p2pChat(req.params.openId).chatId });
  });

  // `after` is a version cursor: messages created or updated since then, in send order; `cursor` is the next `after`.
  router.get('/_emulator/chats/:chatId/messages', (req, res) => {
    if (!state.chats.has(req.params.chatId)) throw new ConsoleError(404, `unknown chat ${req.params.chatId}`);
    const after = Number(req.query.after ?? 0);
    if (!Number.isFinite(after)) throw new ConsoleError(400, 'after must be a number');
    const cursor = state.currentVersion();
    const messages = state.messages.filter((m) => m.chatId === req.params.chatId && m.version > after).map(toView);
    res.json({ messages, cursor });
  });

  router.post('/_emulator/users/:openId/say', async (req, res) => {
    const { text, chatId } = (req.body ?? {}) as { text?: unknown; chatId?: unknown };
    res.json(await say(ctx, req.params.openId, String(text ?? ''), typeof chatId === 'string' ? chatId : undefined));
  });

  router.post('/_emulator/messages/:messageId/click', async (req, res) => {
    const { openId, value, formValue, name } = (req.body ?? {}) as Record<string, unknown>;
    if (typeof openId !== 'string') throw new ConsoleError(400, 'openId is required');
    res.json(await click(ctx, req.params.messageId, {
      openId, value,
      ...(typeof formValue === 'object' && formValue !== null ? { formValue: formValue as Record<string, unknown> } : {}),
      ...(typeof name === 'string' ? { name } : {}),
    }));
  });

  router.get('/_emulator/requests', (_req, res) => {
    res.json({ requests: state.requestLog });
  });

  router.use('/_emulator', (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (!(err instanceof ConsoleError)) return next(err);
    res.status(err.httpStatus).json({ error: err.message });
  });
  return router;
}
