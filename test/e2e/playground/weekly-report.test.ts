import { describe, expect, it } from 'vitest';
import { button, card, clickAndWait, makePair, noChromium, say, speakAs, playgroundStory } from './console-kit';

// From demo/roster.csv: a young cadre of 经济发展办 who wants to learn 推动发展 and 项目推进, and a 班子成员
// strong in exactly those. The demo has no pairs, so the organisation's assignment is made in the database.
const MENTEE = { openId: 'ou_demo_young_02', name: '陆晨曦' };
const MENTOR = { openId: 'ou_demo_leader_07', name: '陈思远' };

describe.skipIf(noChromium())('playground console: the weekly report, written and commented', () => {
  const pg = playgroundStory('weekly-report', async (pg) => {
    await makePair(pg.app, 'huolu-young', MENTEE.openId, [MENTOR.openId], '2026-01-05T10:00:00+08:00');
  });

  it('the mentee opens 周报, fills the form (with a tutoring date) and submits it', async () => {
    const { page } = pg;
    await speakAs(page, MENTEE.name);
    await say(page, '周报');
    const form = await card(page, '填写周报');
    await form.getByRole('textbox', { name: '本周所学', exact: true }).fill('学习了项目申报的流程');
    await form.getByRole('textbox', { name: '本周所做', exact: true }).fill('整理了三个村的产业项目清单');
    await form.getByLabel('第 1 次辅导日期').fill('2026-11-30');
    await form.getByRole('textbox', { name: /第 1 次辅导主题/ }).fill('项目可行性研究');
    await form.getByRole('textbox', { name: /第 1 次辅导时长/ }).fill('90');
    await pg.shot('mentee-form');

    const sent = await clickAndWait(page, button(form, '提交周报'));
    expect(sent.toast).toMatchObject({ type: 'success', i18n: { zh_cn: '周报已提交' } });
    // the form turns into what was sent, in place
    const done = await card(page, '周报已提交');
    const text = await done.innerText();
    expect(text).toContain(`已送导师 ${MENTOR.name} 批阅`);
    expect(text).toContain('学习了项目申报的流程');
    expect(text).toContain('2026-11-30 · 项目可行性研究 · 90 分钟');
    expect(await page.locator('#messages .lk-title').allInnerTexts()).toEqual(['周报已提交']);
    await pg.shot('mentee-sent');
  });

  it('the mentor reads it in his inbox and sends a comment', async () => {
    const { page } = pg;
    await speakAs(page, MENTOR.name);
    const report = await card(page, `周报 · ${MENTEE.name}`);
    expect(await report.innerText()).toContain('整理了三个村的产业项目清单');
    await report.getByRole('textbox', { name: /给 陆晨曦 的评语/ }).fill('清单要附上每个项目的带动效益');
    await pg.shot('mentor-report');
    const commented = await clickAndWait(page, button(report, '发送评语'));
    expect(commented.toast).toMatchObject({ type: 'success', i18n: { zh_cn: '评语已发送' } });
    await report.getByText('您的评语：清单要附上每个项目的带动效益').waitFor();
    await pg.shot('mentor-commented');
  });

  it('the mentee reads the comment', async () => {
    const { page } = pg;
    await speakAs(page, MENTEE.name);
    const comment = await card(page, '导师评语');
    const text = await comment.innerText();
    expect(text).toContain(MENTOR.name);
    expect(text).toContain('清单要附上每个项目的带动效益');
    await pg.shot('mentee-comment');
  });
});
