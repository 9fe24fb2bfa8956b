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

  // Every chat's messages created or updated since `after`: one poll keeps a whole console (all inboxes) current.
  router.get('/_emulator/messages', (req, res) => {
    const after = Number(req.query.after ?? 0);
    if (!Number.isFinite(after)) throw new ConsoleError(400, 'after must be a number');
    const cursor = state.currentVersion();
    res.json({ messages: state.messages.filter((m) => m.version > after).map(toView), cursor });
  });

  router.post('/_emulator/users/:openId/say', async (req, res) => {
    const { text, chatId } = (req.body ?? {}) as { text?: unknown; chatId?: unknown };
    const started = performance.now();
    const result = await say(ctx, req.params.openId, String(text ?? ''), typeof chatId === 'string' ? chatId : undefined);
    // How long the app took to answer the push (Lark gives up after 3 s), for the console; a header keeps the body as it was.
    res.set('x-elapsed-ms', String(Math.round(performance.now() - started))).json(result);
  });

  router.post('/_emulator/messages/:messageId/click', async (req, res) => {
    const { openId, value, formValue, name } = (req.body ?? {}) as Record<string, unknown>;
    if (typeof openId !== 'string') throw new ConsoleError(400, 'openId is required');
    const started = performance.now();
    const result = await click(ctx, req.params.messageId, {
      openId, value,
      ...(typeof formValue === 'object' && formValue !== null ? { formValue: formValue as Record<string, unknown> } : {}),
      ...(typeof name === 'string' ? { name } : {}),
    });
    res.set('x-elapsed-ms', String(Math.round(performance.now() - started))).json(result);
  });

  router.get('/_emulator/requests', (_req, res) => {
    // requests: the app's Open API calls (bot → Lark); deliveries: Lark's pushes to the app's webhook (Lark → bot).
    res.json({ requests: state.requestLog, deliveries: state.deliveryLog });
  });

  router.use('/_emulator', (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (!(err instanceof ConsoleError)) return next(err);
    res.status(err.httpStatus).json({ error: err.message });
  });
  return router;
}
