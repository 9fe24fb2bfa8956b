import { button, card, divider, markdown, t, type Bilingual, type Card } from './card-kit';

export interface HelpEntry {
  name: string;
  words: string[];
  label: Bilingual;
  description: Bilingual;
}

/** Every command with one button each; a click runs the command as if it had been typed. */
export function helpCard(entries: HelpEntry[], opts: { unknownText?: string } = {}): Card {
  const intro = opts.unknownText !== undefined
    ? t(`没有听懂“${opts.unknownText.slice(0, 40)}”。可以这样跟我说：`, `I did not understand "${opts.unknownText.slice(0, 40)}". Here is what I can do:`)
    : t('我是引航，帮您完成导师引航的各项工作。发送下面的指令，或点按钮：', 'I am Yinhang, your mentoring-program assistant. Send a command below, or tap a button:');
  const elements = [markdown(plain(intro))];
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

/** The user's own words are shown inside markdown: neutralise markup characters. */
function plain(b: Bilingual): Bilingual {
  const esc = (s: string): string => s.replace(/[*_`[\]<>~#|\\]/g, (c) => `\\${c}`);
  return { zh: esc(b.zh), en: esc(b.en) };
}
