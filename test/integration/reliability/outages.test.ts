import { afterEach, describe, expect, it } from 'vitest';
import { registry as defaultRegistry } from '../../../handlers/index';
import { card, markdown, t } from '../../../src/lark/cards/card-kit';
import type { Registry } from '../../../src/context';
import { freshDatabaseUrl } from '../../helpers/test-db';
import { startFaultProxy, type FaultProxy } from '../../helpers/tcp-fault-proxy';
import { startHarness, cardTitle, eventually, sleep, type Harness } from '../../helpers/test-app';
import { missing, redisUrl } from '../../helpers/services';

const user = { openId: 'ou_outage_user_00000000001', name: '秦雅芳' };

function through(proxy: FaultProxy, url: string): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(proxy.port);
  return u.toString();
}

describe.skipIf(missing('postgres') || missing('redis'))('outages and shutdown', () => {
  let h: Harness | undefined;
  let proxy: FaultProxy | undefined;
  let drop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await proxy?.restore().catch(() => undefined);
    await h?.close();
    await proxy?.close();
    await drop?.();
    h = proxy = drop = undefined;
  });

  it('answers 503 while Postgres is unreachable, so Lark retries, and serves the retry once it is back', async () => {
    const fresh = await freshDatabaseUrl();
    drop = fresh.drop;
    const u = new URL(fresh.url);
    proxy = await startFaultProxy(u.hostname, Number(u.port || 5432));
    // Lark's retry schedule, shortened: 15 s, 5 min… become 1.5 s each.
    h = await startHarness({ databaseUrl: through(proxy, fresh.url), retryDelaysMs: [1_500, 1_500, 1_500] });
    const chatId = await h.addPerson(user);
    await proxy.cut();

    const ready = await fetch(`${h.app.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { reason: string }).reason).toMatch(/^postgres/);
    expect((await fetch(`${h.app.url}/healthz`)).status).toBe(200);

    // The first push is refused with 503, so Lark keeps the event and pushes it again later.
    const delivery = h.sender.sendMessage({ senderOpenId: user.openId, chatId, chatType: 'p2p', text: '帮助' }, { retry: true });
    await sleep(700);
    await proxy.restore();
    const result = await delivery;
    expect(result.history[0]!.status).toBe(503);
    expect(result.status).toBe(200);
    const [reply] = await h.emulator.waitForMessages(1, { sender: 'app', chatId }, 10_000);
    expect(cardTitle(reply!.content)).toBe('引航 · 帮助');
    expect((await fetch(`${h.app.url}/readyz`)).status).toBe(200);
  });

  it('keeps answering users while Redis is down, and says it is not ready', async () => {
    const u = new URL(redisUrl!);
    proxy = await startFaultProxy(u.hostname, Number(u.port || 6379));
    h = await startHarness({ redisUrl: through(proxy, redisUrl!) });
    const chatId = await h.addPerson(user);
    await proxy.cut();
    const ready = await eventually(async () => {
      const r = await fetch(`${h!.app.url}/readyz`);
      return r.status === 503 ? ((await r.json()) as { reason: string }) : undefined;
    }, 5_000, 'readyz to report redis');
    expect(ready.reason).toMatch(/^redis/);
    const sent = await h.sender.sendMessage({ senderOpenId: user.openId, chatId, chatType: 'p2p', text: 'help' });
    expect(sent.status).toBe(200);
    const [reply] = await h.emulator.waitForMessages(1, { sender: 'app', chatId }, 10_000);
    expect(cardTitle(reply!.content)).toBe('引航 · 帮助');
  });

  it('answers a slow card click with {} inside the deadline and updates the card when the work is done', async () => {
    const registry: Registry = {
      ...defaultRegistry,
      cardActions: {
        ...defaultRegistry.cardActions,
        slow: async () => {
          await sleep(3_000);
          return { card: card({ title: t('已完成', 'Done'), elements: [markdown(t('处理完毕', 'All done'))] }) };
        },
      },
    };
    h = await startHarness({ app: { registry, cardDeadlineMs: 1_000 } });
    const chatId = await h.addPerson(user);
    await h.sender.sendMessage({ senderOpenId: user.openId, chatId, chatType: 'p2p', text: '帮助' });
    const [helpCard] = await h.emulator.waitForMessages(1, { sender: 'app', chatId });
    const started = Date.now();
    const click = await h.sender.clickCard({ operatorOpenId: user.openId, openMessageId: helpCard!.messageId, openChatId: chatId, value: { a: 'slow' } });
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(click.status).toBe(200);
    expect(click.body).toEqual({});
    await eventually(() => cardTitle(h!.emulator.messages({ chatId }).find((m) => m.messageId === helpCard!.messageId)?.content) === '已完成', 10_000, 'the delayed card update');
  });

  it('drains on stop: the handler under way finishes, its reply is kept, and the next instance sends it', async () => {
    let started = false;
    const registry: Registry = {
      ...defaultRegistry,
      commands: [...defaultRegistry.commands, {
        name: 'slow', words: ['slow'], label: t('慢', 'Slow'), description: t('', ''),
        run: async (ctx) => {
          started = true;
          await sleep(1_500);
          ctx.reply(card({ title: t('慢慢来', 'Took a while'), elements: [markdown(t('好了', 'done'))] }));
        },
      }],
    };
    const fresh = await freshDatabaseUrl();
    drop = fresh.drop;
    const first = await startHarness({ databaseUrl: fresh.url, app: { registry } });
    const chatId = await first.addPerson(user);
    await first.sender.sendMessage({ senderOpenId: user.openId, chatId, chatType: 'p2p', text: 'slow' });
    await eventually(() => started, 5_000, 'the slow handler to start');
    await first.app.stop();
    const rows = await (async () => {
      h = await startHarness({ databaseUrl: fresh.url, emulator: first.emulator, lark: first.lark, app: { registry } });
      return h.app.db.db.selectFrom('inbox').select('status').execute();
    })();
    expect(rows).toEqual([{ status: 'done' }]);
    const [reply] = await first.emulator.waitForMessages(1, { sender: 'app', chatId }, 10_000);
    expect(cardTitle(reply!.content)).toBe('慢慢来');
    await sleep(500);
    expect(first.emulator.messages({ sender: 'app', chatId })).toHaveLength(1);
    await first.emulator.close();
  });
});
