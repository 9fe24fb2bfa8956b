import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addCadres } from '../../helpers/people';
import { card, noChromium, openConsole, say, startPlayground, type Playground } from './console-kit';

// Someone on the roster whose name is markup, and messages that are markup: the console must show them as the
// text they are (no element made, no script run) in the picker, the chat, the cards, the group and the inspector.
const XSS_NAME = '<img src=x onerror=alert(1)>';
const XSS = { openId: 'ou_playground_xss_0000000000', name: XSS_NAME };
const XSS_TEXT = '<script>alert("msg")</script><b>粗体</b><img src=x onerror=alert(2)>';

describe.skipIf(noChromium())('playground console: markup in names and messages is shown as text', () => {
  let pg: Playground;
  beforeAll(async () => {
    pg = await startPlayground('escaping');
    await addCadres(pg.app.db.db, [{ openId: XSS.openId, name: XSS.name, unit: '武隆区/火炉镇/党政办', category: 'young', birthDate: '1998-01-01', hireDate: '2022-08-01' }]);
    await openConsole(pg);
  }, 90_000);
  afterAll(async () => pg?.close());
  afterEach(async () => {
    expect(pg.errors).toEqual([]);
    expect(pg.dialogs).toEqual([]);
    // nothing the data said became an element
    expect(await pg.page.locator('img[src="x"], #messages script, #people-list img').count()).toBe(0);
  });

  // (page-side code as strings: the test project's TypeScript has no DOM types)
  const noMarkup = async () => pg.page.evaluate("({ scripts: document.scripts.length, bold: document.querySelectorAll('#messages .bubble b').length })");

  it('the person picker and the chat header show the name literally', async () => {
    const { page } = pg;
    const search = page.getByRole('searchbox');
    await search.fill('<img');
    const entry = page.locator('#people-list .person').filter({ hasText: XSS_NAME });
    expect(await entry.locator('.person-name').innerText()).toBe(XSS_NAME);
    await entry.click();
    expect(await page.locator('#me-name').innerText()).toBe(XSS_NAME);
    await search.fill('');
    await pg.shot('picker');
  });

  it('a message that is markup is sent as the text it is, and the bot\'s cards quote it as text', async () => {
    const { page } = pg;
    await say(page, XSS_TEXT);
    const bubble = page.locator('#messages .msg.mine .bubble').last();
    expect(await bubble.innerText()).toBe(XSS_TEXT);
    // the bot does not know the words: its help card quotes them back
    const help = await card(page, '引航 · 帮助');
    expect(await help.innerText()).toContain(`没有听懂“${[...XSS_TEXT].slice(0, 40).join('')}…”`);
    await say(page, '我的');
    const me = await card(page, `我的 · ${XSS_NAME}`);
    expect(await me.innerText()).toContain(XSS_NAME);
    expect(await noMarkup()).toEqual({ scripts: 1, bold: 0 });
    await pg.shot('chat');
  });

  it('in the group the name and the message stay text too, and so does the inspector', async () => {
    const { page } = pg;
    await page.getByRole('tab', { name: /火炉镇引航群/ }).click();
    await say(page, `@引航 ${XSS_TEXT}`);
    const mine = page.locator('#messages .msg.mine').last();
    expect(await mine.locator('.bubble').innerText()).toBe(`@引航 ${XSS_TEXT}`);
    expect(await mine.locator('.who').innerText()).toContain(XSS_NAME);
    // the bot answers the @-mention in the group, quoting the words as text
    const reply = await card(page, '引航 · 帮助');
    expect(await reply.innerText()).toContain(`没有听懂“${[...XSS_TEXT].slice(0, 40).join('')}…”`);
    await page.getByRole('tab', { name: '请求' }).click();
    const push = page.locator('#request-list .req.delivery').filter({ hasText: 'im.message.receive_v1' }).first();
    await push.locator('summary').click();
    expect(await push.innerText()).toContain('onerror=alert(2)');
    await pg.shot('group-and-inspector');
  });

  it('is usable from the keyboard (search, Tab to a person, Enter picks them, Enter sends), and speaks English on request', async () => {
    const { page } = pg;
    await page.getByRole('tab', { name: /与引航单聊/ }).click();
    await page.getByRole('searchbox').focus();
    await page.keyboard.type('许一帆');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toContain('许一帆');
    await page.keyboard.press('Enter');
    await page.locator('#me-name', { hasText: '许一帆' }).waitFor();
    await page.getByRole('textbox', { name: /消息/ }).focus();
    await page.keyboard.type('帮助');
    await Promise.all([page.waitForResponse((r) => r.url().includes('/say')), page.keyboard.press('Enter')]);
    await card(page, '引航 · 帮助');
    // the language toggle shows the cards and the console in English, and back
    await page.getByRole('button', { name: 'English' }).click();
    await card(page, 'Yinhang · Help');
    expect(await page.getByRole('tab', { name: 'Chat with the bot' }).count()).toBe(1);
    await page.getByRole('button', { name: '中文' }).click();
    await card(page, '引航 · 帮助');
    // a card's buttons are reachable with Tab and show where focus is
    await page.locator('#messages').focus();
    await page.keyboard.press('Tab');
    const focused = (await page.evaluate(`(() => {
      const a = document.activeElement;
      return { inCard: Boolean(a && a.closest('.lk-card')), tag: a && a.tagName, outline: a ? getComputedStyle(a).outlineStyle : 'none' };
    })()`)) as { inCard: boolean; tag: string; outline: string };
    expect(focused).toMatchObject({ inCard: true, tag: 'BUTTON' });
    expect(focused.outline).not.toBe('none');
    await pg.shot('keyboard');
  });
});
