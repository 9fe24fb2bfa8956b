import { describe, expect, it } from 'vitest';
import { button, callbackLine, card, clickAndWait, noChromium, say, speakAs, unreadOf, playgroundStory } from './console-kit';

// From demo/roster.csv: a young cadre of 党政办 (a mentee of the 导师引航 program) and the 人大主席, a 班子成员
// whose strengths fit her needs best, so he is at the top of her list.
const MENTEE = { openId: 'ou_demo_young_01', name: '许一帆' };
const MENTOR = { openId: 'ou_demo_renda_chair', name: '韩德明' };

describe.skipIf(noChromium())('playground console: choosing a mentor, by clicks', () => {
  const pg = playgroundStory('mentor-selection');

  it('the mentee sends 选导师, adds the best-fitting mentor and submits', async () => {
    const { page } = pg;
    await speakAs(page, MENTEE.name);
    await say(page, '选导师');
    const list = await card(page, /^选导师 · /);
    // her own words, shown back as a chat bubble
    expect(await page.locator('#messages .msg.mine .bubble').last().innerText()).toBe('选导师');
    const first = list.locator('.lk-markdown').filter({ hasText: MENTOR.name }).first();
    expect(await first.innerText()).toContain('带教 0/5');
    await pg.shot('mentee-list');

    const added = await clickAndWait(page, first.locator('xpath=following-sibling::button[1]'));
    expect(added).toMatchObject({ cardUpdated: true });
    // the same card, updated in place: her choice is listed with a form to send it
    await list.getByText('我的志愿（待提交）').waitFor();
    expect(await page.locator('#messages .lk-title').allInnerTexts()).toEqual([await list.locator('.lk-title').innerText()]);
    await list.getByRole('textbox', { name: /给导师的话/ }).fill('想向您学习调查研究');
    await pg.shot('mentee-choice');

    const sent = await clickAndWait(page, button(list, '提交志愿'));
    expect(sent.toast).toMatchObject({ type: 'success' });
    await page.locator('#toasts').getByText('已提交 1 个志愿，等待导师答复').waitFor();
    // the console says how long the bot took, against Lark's 3 s
    expect(await callbackLine(list).innerText()).toMatch(/卡片回调 \d+ ms，在飞书 3 秒时限内 ✓/);
    await list.getByText('等待答复的志愿').waitFor();
    await pg.shot('mentee-sent');
  });

  it('the mentor sees the request in his inbox (an unread badge first) and accepts', async () => {
    const { page } = pg;
    expect(await unreadOf(page, MENTOR.openId)).toBeGreaterThanOrEqual(1);
    await speakAs(page, MENTOR.name);
    const request = await card(page, `拜师申请 · ${MENTEE.name}`);
    expect(await request.innerText()).toContain('想向您学习调查研究');
    await page.locator(`#people-list .person[data-open-id="${MENTOR.openId}"] .unread`).waitFor({ state: 'detached' });
    await pg.shot('mentor-request');

    const accepted = await clickAndWait(page, button(request, '接受'));
    expect(accepted.toast).toMatchObject({ type: 'success' });
    // decided: the card loses its buttons in place
    await button(request, '接受').waitFor({ state: 'detached' });
    await pg.shot('mentor-accepted');
  });

  it('back as the mentee: told of the pair, and 我的 shows her mentor', async () => {
    const { page } = pg;
    await speakAs(page, MENTEE.name);
    const told = await card(page, '结对成功');
    expect(await told.innerText()).toContain(MENTOR.name);
    await say(page, '我的');
    const me = await card(page, /我的/);
    await me.getByText(`导师：${MENTOR.name}`).waitFor();
    await pg.shot('mentee-pair');
  });
});
