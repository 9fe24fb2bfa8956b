import type { CommandDef, Registry } from '../context';

export interface RoutedCommand {
  command: CommandDef | undefined;
  args: string;
}

/**
 * The first word picks the command ("帮助", "help", "选导师 张三"); Chinese commands may be typed without
 * a space before their argument ("选导师张三"), so a command word that prefixes the text also matches,
 * longest word first. Anything else goes to the registry's fallback.
 */
export function routeCommand(registry: Registry, text: string): RoutedCommand {
  const input = text.trim().replace(/^[/／]/, '');
  const lower = input.toLowerCase();
  const candidates = registry.commands
    .flatMap((command) => command.words.map((word) => ({ command, word: word.toLowerCase() })))
    .sort((a, b) => b.word.length - a.word.length);
  for (const { command, word } of candidates) {
    if (lower === word) return { command, args: '' };
    const ascii = /^[a-z]+$/.test(word);
    // English words need a word boundary ("helpme" is not "help"; a space or a line break ends one); Chinese ones do not.
    if (ascii ? lower.startsWith(word) && /^\s/.test(lower.slice(word.length)) : lower.startsWith(word)) return { command, args: input.slice(word.length).trim() };
  }
  return { command: undefined, args: input };
}

/** Bot-menu clicks carry an event_key: the command name or one of its words. */
export function routeMenuKey(registry: Registry, eventKey: string): CommandDef | undefined {
  const key = eventKey.trim().toLowerCase();
  return registry.commands.find((c) => c.name === key || c.words.some((w) => w.toLowerCase() === key));
}
