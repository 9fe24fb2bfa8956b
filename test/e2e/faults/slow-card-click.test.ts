// Slow work behind a card click (reliability.md §7, "slow work in webhook"): Lark gives a card callback 3 s. The
// click is answered {} inside the deadline and the card is updated once the work is done.
import { describe, expect, it } from 'vitest';
import { registry as defaultRegistry } from '../../../handlers/index';
import { card, markdown, t } from '../../../src/lark/cards/card-kit';
import type { Registry } from '../../../src/context';
import { privateServersMissing } from '../../helpers/private-servers';
import { cardTitle, eventually, sleep } from '../../helpers/test-app';
import { startFaultWorld } from './fault-world';

const user = { openId: 'ou_slow_click_user_0000001', name: '秦雅芳' };

describe.skipIf(privateServersMissing())('a card click whose work outlasts Lark\'s deadline', () => {
  it('is answered {} inside the deadline, and the card is updated when the work is done', async () => {
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
    const w = await startFaultWorld();
    const chatId = (await w.addPeople([user]))[user.openId]!;
    const h = await w.harness({ registry, cardDeadlineMs: 1_000 });
    await h.sender.sendMessage({ senderOpenId: user.openId, chatId, chatType: 'p2p', text: '帮助' });
    const [helpCard] = await w.emulator.waitForMessages(1, { sender: 'app', chatId }, 20_000);
    const started = Date.now();
    const click = await h.sender.clickCard({ operatorOpenId: user.openId, openMessageId: helpCard!.messageId, openChatId: chatId, value: { a: 'slow' } });
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(click.status).toBe(200);
    expect(click.body).toEqual({});
    await eventually(() => cardTitle(w.emulator.messages({ chatId }).find((m) => m.messageId === helpCard!.messageId)?.content) === '已完成', 20_000, 'the delayed card update');
  }, 60_000);
});
