import { card, escapeMarkdown, markdown, t, type Card } from './card-kit';
import type { SendProblem } from '../../services/send-problems';

/** For admins: messages that did not reach people, and why, so someone can follow up by phone. */
export function sendProblemsCard(v: { total: number; problems: SendProblem[]; timeZone: string }): Card {
  const when = (d: Date): string => new Intl.DateTimeFormat('zh-CN', { timeZone: v.timeZone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(d);
  const lines = v.problems.map((p) => t(`- ${when(p.at)}　**${escapeMarkdown(p.who)}**：${p.why.zh}`, `- ${when(p.at)} **${escapeMarkdown(p.who)}**: ${p.why.en}`));
  const more = v.total > v.problems.length ? t(`\n…… 另有 ${v.total - v.problems.length} 条（npm run admin -- failed-sends）`, `\n… and ${v.total - v.problems.length} more (npm run admin -- failed-sends)`) : t('', '');
  return card({
    title: t('未送达的消息', 'Undelivered messages'),
    colour: 'orange',
    elements: [markdown(v.problems.length === 0
      ? t('所有消息都已送达。', 'Every message was delivered.')
      : t(`共 ${v.total} 条消息未能送达，请联系这些同志：\n${lines.map((l) => l.zh).join('\n')}${more.zh}`, `${v.total} message(s) could not be delivered; please contact these people:\n${lines.map((l) => l.en).join('\n')}${more.en}`))],
  });
}
