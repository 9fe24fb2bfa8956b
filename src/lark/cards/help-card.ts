import { button, card, divider, escapeMarkdown, markdown, t, type Bilingual, type Card } from './card-kit';

export interface HelpEntry {
  name: string;
  words: string[];
  label: Bilingual;
  description: Bilingual;
}

/** Every command with one button each; a click runs the command as if it had been typed. */
export function helpCard(entries: HelpEntry[], opts: { unknownText?: string } = {}): Card {
  const quoted = opts.unknownText === undefined ? undefined : escapeMarkdown(shorten(opts.unknownText));
  const intro = quoted !== undefined
    ? t(`没有听懂“${quoted}”。可以这样跟我说：`, `I did not understand "${quoted}". Here is what I can do:`)
    : t('我是引航，帮您完成导师引航的各项工作。发送下面的指令，或点按钮：', 'I am Yinhang, your mentoring-program assistant. Send a command below, or tap a button:');
  const elements = [markdown(intro)];
  for (const entry of entries) {
    elements.push(divider());
    elements.push(markdown(t(
      `**${entry.label.zh}**　发送 \`${entry.words.join('` / `')}\`\n${entry.description.zh}`,
      `**${entry.label.en}**　send \`${entry.words.join('` / `')}\`\n${entry.description.en}`,
    )));
    elements.push(button({ label: entry.label, value: { a: 'cmd', c: entry.name }, type: 'primary', name: `run_${entry.name}` }));
  }
  return card({ title: t('引航 · 帮助', 'Yinhang · Help'), colour: 'blue', elements });
}

function shorten(s: string): string {
  const chars = [...s];
  return chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : s;
}
