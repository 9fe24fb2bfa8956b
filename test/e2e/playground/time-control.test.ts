import { describe, expect, it } from 'vitest';
import { card, makePair, noChromium, runJobAt, say, speakAs, unreadOf, playgroundStory } from './console-kit';

// From demo/roster.csv: two young cadres with their mentors (the demo has no pairs: made in the database). The
// 导师引航 program keeps the default report time, Friday 16:00.
const A = { openId: 'ou_demo_young_02', name: '陆晨曦' };
const B = { openId: 'ou_demo_young_03', name: '唐雨桐' };
const FRIDAY = '2026-11-27T16:00';

describe.skipIf(noChromium())('playground console: a job fired from the time control, and the inspector', () => {
  const pg = playgroundStory('time-control', async (pg) => {
    await makePair(pg.app, 'huolu-young', A.openId, ['ou_demo_leader_07'], '2026-09-01T10:00:00+08:00');
    await makePair(pg.app, 'huolu-young', B.openId, ['ou_demo_leader_04'], '2026-09-01T10:00:00+08:00');
  });

  it('weekly-report-prompt at Friday 16:00: the panel says what it queued, and the cards arrive in both inboxes', async () => {
    const { page } = pg;
    await speakAs(page, A.name);
    await say(page, '帮助');
    await card(page, '引航 · 帮助');
    const report = await runJobAt(page, 'weekly-report-prompt', FRIDAY);
    expect(report).toMatch(/Ran weekly-report-prompt for 2026-11-27 16:00 Fri \(Asia\/Shanghai, 2026-11-27T08:00:00\.000Z\).*queued 2 message\(s\)/);
    expect(report).toContain('排入发件箱的消息：2 条');
    expect(report).toContain(`${A.name} · 填写周报`);
    expect(report).toContain(`${B.name} · 填写周报`);
    const prompt = await card(page, '填写周报');
    expect(await prompt.innerText()).toContain('2026-W48');
    await pg.shot('prompt-arrived');

    expect(await unreadOf(page, B.openId)).toBe(1);
    await speakAs(page, B.name);
    expect(await (await card(page, '填写周报')).innerText()).toContain('2026-W48');
    await pg.shot('other-inbox');
  });

  it('the same moment again runs nothing: once only, as run-job promises', async () => {
    const { page } = pg;
    const report = await runJobAt(page, 'weekly-report-prompt', FRIDAY);
    expect(report).toContain('weekly-report-prompt for 2026-11-27 16:00 Fri (Asia/Shanghai, 2026-11-27T08:00:00.000Z) already ran; nothing written.');
    await page.waitForTimeout(1500);
    expect(await page.locator('#messages .lk-title').allInnerTexts()).toEqual(['填写周报']);
    await pg.shot('once-only');
  });

  it('the inspector shows the outbox rows and the traffic both ways: signed pushes to the bot, the bot\'s calls and their Lark codes', async () => {
    const { page } = pg;
    await page.getByRole('tab', { name: '发件箱' }).click();
    const rows = page.locator('#outbox-table tbody tr').filter({ hasText: 'job:weekly-report-prompt:2026-11-27T08:00:00.000Z:' });
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(2);
    await rows.filter({ hasText: 'sent' }).nth(1).waitFor();
    expect(await rows.first().innerText()).toContain('填写周报');
    await pg.shot('inspector-outbox');

    await page.getByRole('tab', { name: '请求' }).click();
    const calls = page.locator('#request-list .req.call').filter({ hasText: 'POST /open-apis/im/v1/messages' });
    await calls.nth(1).waitFor();
    expect(await calls.first().innerText()).toMatch(/HTTP 200 code 0/);
    const push = page.locator('#request-list .req.delivery').filter({ hasText: 'im.message.receive_v1' }).first();
    expect(await push.innerText()).toMatch(/HTTP 200 \d+ ms/);
    await push.locator('summary').click();
    const details = await push.innerText();
    expect(details).toContain('x-lark-signature');
    expect(details).toContain('x-lark-request-nonce');
    // the decrypted body: the real event, with what she typed
    expect(details).toContain('"event_type": "im.message.receive_v1"');
    expect(details).toContain('\\"text\\":\\"帮助\\"');
    expect(details).toContain(A.openId);
    await pg.shot('inspector-requests');
  });
});
