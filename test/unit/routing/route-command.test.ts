import { describe, expect, it } from 'vitest';
import { routeCommand, routeMenuKey } from '../../../src/routing/route-command';
import type { CommandDef, Registry } from '../../../src/context';

const def = (name: string, words: string[]): CommandDef => ({
  name, words, label: { zh: name, en: name }, description: { zh: '', en: '' }, run: async () => {},
});
const registry: Registry = {
  commands: [def('help', ['帮助', 'help']), def('mentors', ['选导师', 'mentors']), def('me', ['我的', 'me'])],
  cardActions: {},
  fallback: async () => {},
  jobs: [],
};

describe('routeCommand', () => {
  it.each([
    ['帮助', 'help', ''],
    ['HELP', 'help', ''],
    ['  help  ', 'help', ''],
    ['/help', 'help', ''],
    ['选导师 韩德明', 'mentors', '韩德明'],
    ['选导师韩德明', 'mentors', '韩德明'],
    ['mentors 2', 'mentors', '2'],
    ['我的', 'me', ''],
  ])('%s → %s', (text, name, args) => {
    const r = routeCommand(registry, text);
    expect(r.command?.name).toBe(name);
    expect(r.args).toBe(args);
  });

  it.each(['helpme', 'hello', '', '帮', 'mentorship'])('"%s" is not a command', (text) => {
    expect(routeCommand(registry, text).command).toBeUndefined();
  });

  it('maps bot-menu keys by name or word', () => {
    expect(routeMenuKey(registry, 'mentors')?.name).toBe('mentors');
    expect(routeMenuKey(registry, '我的')?.name).toBe('me');
    expect(routeMenuKey(registry, 'unknown')).toBeUndefined();
  });
});
