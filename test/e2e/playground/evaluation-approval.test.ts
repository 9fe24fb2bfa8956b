import { describe, expect, it } from 'vitest';
import { nthWorkdayFrom } from '../../../src/services/evaluation-opening';
import { button, card, clickAndWait, makePair, noChromium, runJobAt, speakAs, playgroundStory } from './console-kit';

// From demo/roster.csv: two young cadres of 党政办, 许一帆 mentored by 韩德明 and 马骁 by 罗晓梅, since the start of
// 2026's second quarter; 苏静怡 is the admin of 党政办 (so the assessor of its pairs); 周立群 is the town's party
// secretary, a main leader.
const MENTEE = { openId: 'ou_demo_young_01', name: '许一帆' };
const MENTOR = { openId: 'ou_demo_renda_chair', name: '韩德明' };
const MENTEE2 = { openId: 'ou_demo_young_06', name: '马骁' };
const MENTOR2 = { openId: 'ou_demo_leader_09', name: '罗晓梅' };
const ASSESSOR = { openId: 'ou_demo_admin_02', name: '苏静怡' };
const LEADER = { openId: 'ou_demo_secretary', name: '周立群' };
const OPENS = `${nthWorkdayFrom('2026-07-01', 1)}T09:00`;

describe.skipIf(noChromium())('playground console: a main leader approves a rating from the approval card', () => {
  const pg = playgroundStory('evaluation-approval', async (pg) => {
    await makePair(pg.app, 'huolu-young', MENTEE.openId, [MENTOR.openId], '2026-04-01T09:00:00+08:00');
    await makePair(pg.app, 'huolu-young', MENTEE2.openId, [MENTOR2.openId], '2026-04-01T09:00:00+08:00');
  });

  it('the time control opens the second quarter\'s evaluation on its first working day', async () => {
    const { page } = pg;
    await speakAs(page, ASSESSOR.name);
    const report = await runJobAt(page, 'evaluation-open', OPENS);
    // the admin command's own words: one batch card for the assessor, a self-assessment form for each mentor and mentee
    expect(report).toMatch(/Ran evaluation-open for 2026-07-01 09:00 Wed \(Asia\/Shanghai.*queued 5 message\(s\)/);
    expect(report).toContain('排入发件箱的消息：5 条');
    await pg.shot('job-ran');
  });

  it('the assessor rates both pairs in one form and sends them for approval', async () => {
    const { page } = pg;
    const batch = await card(page, '2026年第二季度帮带测评');
    const text = await batch.innerText();
    expect(text).toContain(MENTEE.name);
    expect(text).toContain(MENTEE2.name);
    const ratings = batch.getByRole('combobox', { name: '评定等级' });
    expect(await ratings.count()).toBe(2);
    for (let i = 0; i < 2; i++) {
      await ratings.nth(i).selectOption({ label: '良好' });
      await batch.getByRole('textbox', { name: /评语/ }).nth(i).fill('完成了两项调研任务');
    }
    await pg.shot('assessor-rating');
    const sent = await clickAndWait(page, button(batch, '提交审批'));
    expect(sent.toast).toMatchObject({ type: 'success' });
    await card(page, '2026年第二季度测评已送审');
    await pg.shot('assessor-sent');
  });

  it('the leader approves all from the card, after a real confirmation dialog; cancelling sends nothing', async () => {
    const { page } = pg;
    await speakAs(page, LEADER.name);
    const approval = await card(page, '2026年第二季度测评审批');
    const text = await approval.innerText();
    expect(text).toContain('拟评定：良好');
    expect(text).toContain('完成了两项调研任务');

    let clicks = 0;
    page.on('request', (r) => { if (r.url().includes('/click')) clicks++; });
    const all = button(approval, '全部同意（2）');
    await all.click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('全部同意？').waitFor();
    expect(await dialog.innerText()).toContain('同意这 2 条评定。');
    await pg.shot('leader-confirm');
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(clicks).toBe(0);

    await all.click();
    const [outcome] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/click')).then(async (r) => (await r.json()) as { toast?: unknown }),
      dialog.getByRole('button', { name: '确定' }).click(),
    ]);
    expect(outcome.toast).toMatchObject({ type: 'success' });
    expect(clicks).toBe(1);
    // both ratings decided, by him, in place
    await approval.getByText(`✅ 已同意 · ${LEADER.name}`).nth(1).waitFor();
    expect(await approval.getByText(`✅ 已同意 · ${LEADER.name}`).count()).toBe(2);
    expect(await button(approval, '全部同意（2）').count()).toBe(0);
    await pg.shot('leader-approved');
  });

  it('mentees and mentors are told the result', async () => {
    const { page } = pg;
    for (const who of [MENTEE, MENTOR, MENTEE2, MENTOR2]) {
      await speakAs(page, who.name);
      await card(page, '2026年第二季度测评结果：良好');
      if (who === MENTEE) await pg.shot('mentee-result');
    }
  });
});
