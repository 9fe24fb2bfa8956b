import type { HandlerContext } from '../../src/context';
import { button, buttonRow, t } from '../../src/lark/cards/card-kit';
import { noticeCard } from '../../src/lark/cards/notice-card';
import { card, markdown } from '../../src/lark/cards/card-kit';
import { localDate } from '../../src/domain/local-date';
import { choosablePrograms } from '../../src/services/applications';
import { openSelection } from '../../src/services/mentor-selection';
import { renderSelection } from '../selection-render';

/** `选导师 / mentors`: the mentors of my program, ranked for me, to choose up to three. */
export async function mentors(ctx: HandlerContext): Promise<void> {
  const { programs, turnedAway } = await choosablePrograms(ctx.tx, ctx.actor, localDate(ctx.now(), ctx.timeZone));
  if (programs.length === 0) {
    const why = turnedAway.flatMap((p) => p.eligibility.reasons);
    ctx.reply(noticeCard(
      t('暂时没有可以选导师的项目', 'No program to choose a mentor in'),
      t(
        `选导师是培养对象的事。${why.length > 0 ? `您目前不符合条件：\n${why.map((r) => `- ${r.zh}`).join('\n')}` : '您目前不是任何进行中项目的培养对象。'}村社干部挂职请发送“认领”。`,
        `Choosing a mentor is for mentees. ${why.length > 0 ? `You do not qualify at the moment:\n${why.map((r) => `- ${r.en}`).join('\n')}` : 'You are not a mentee of any running program.'} Village cadres on secondment send "claim".`,
      ),
      'orange',
    ));
    return;
  }
  if (programs.length > 1) {
    ctx.reply(card({
      title: t('选导师 · 选择项目', 'Choose a mentor · pick a program'),
      elements: [
        markdown(t('您在多个项目中是培养对象，请选择：', 'You are a mentee in several programs; pick one:')),
        buttonRow(programs.map((p) => button({ label: t(p.nameZh, p.nameEn), value: { a: 'sel.open', p: p.programId }, type: 'primary', name: `open_${p.programId}` }))),
      ],
    }));
    return;
  }
  const program = programs[0]!;
  const { state, version } = await openSelection(ctx.session, ctx.actor.openId, program.programId);
  ctx.reply(await renderSelection(ctx, program.programId, state, version));
}
