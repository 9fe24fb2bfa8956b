import { card, markdown, t, type Card } from './card-kit';

/** Shown when a handler failed: short, honest, with a reference the organisation department can look up. */
export function apologyCard(reference: string): Card {
  return card({
    title: t('抱歉，出了点问题', 'Sorry, something went wrong'),
    colour: 'red',
    elements: [
      markdown(t(
        `这次操作没有完成，您的数据没有改动。请稍后再试；如果一再出现，请联系组织部。\n参考编号：\`${reference}\``,
        `This did not go through and nothing was changed. Please try again later; if it keeps happening, contact the organisation department.\nReference: \`${reference}\``,
      )),
    ],
  });
}
