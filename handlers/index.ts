import type { Registry } from '../src/context';
import { t } from '../src/lark/cards/card-kit';
import { help, unknownText } from './commands/help';
import { runCommand } from './cards/run-command';

/**
 * The one registry: command words (Chinese and English), card-action keys and, later, job names.
 * Adding a behaviour = one file under handlers/ plus one entry here.
 */
export const registry: Registry = {
  commands: [
    {
      name: 'help',
      words: ['帮助', 'help'],
      label: t('帮助', 'Help'),
      description: t('看看引航能做什么', 'See what Yinhang can do'),
      run: help,
    },
  ],
  cardActions: {
    cmd: runCommand,
  },
  fallback: unknownText,
};
