import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';

/**
 * A help-card button: `{ a: 'cmd', c: <command name> }`. The command runs for the person who clicked,
 * exactly as if they had typed it, and its answer arrives as a new message.
 */
export async function runCommand(ctx: CardContext): Promise<CardResponse> {
  const name = ctx.event.value.c;
  const command = ctx.registry.commands.find((c) => c.name === name);
  if (!command) return { toast: { type: 'warning', text: t('这个按钮已失效，请发送“帮助”重新开始', 'This button is out of date; send "help" to start again') } };
  await command.run(ctx, '');
  return { toast: { type: 'success', text: t(`已打开：${command.label.zh}`, `Opened: ${command.label.en}`) } };
}
