import type { LarkEmulator } from '../emulator/lark-emulator';
import { larkId } from '../emulator/lark-wire';
import type { EmulatedChat, UserInput } from '../emulator/types';

/** The playground's group chat: everyone on the demo roster and the bot, which answers when @-mentioned. */
export const DEMO_GROUP_NAME = '火炉镇引航群';

/**
 * The demo group, made on first use, with `openIds` among its members (a person added to the roster later
 * joins it). Returns the group as it now is.
 */
export function ensureDemoGroup(emulator: LarkEmulator, openIds: string[]): EmulatedChat {
  const existing = emulator.chats().find((c) => c.chatType === 'group' && c.name === DEMO_GROUP_NAME);
  if (existing && openIds.every((id) => existing.memberOpenIds.includes(id))) return existing;
  const members = [...new Set([...(existing?.memberOpenIds ?? []), ...openIds])];
  return emulator.addGroup({ chatId: existing?.chatId ?? larkId('oc_'), name: DEMO_GROUP_NAME, memberOpenIds: members });
}

/**
 * Roster people the emulator does not know yet become Lark users and members of the demo group, so someone
 * added to the roster while the playground runs (an import, a test) can be spoken as at once.
 */
export function syncDemoDirectory(emulator: LarkEmulator, people: UserInput[]): void {
  for (const p of people) if (!emulator.user(p.openId)) emulator.addUser(p);
  ensureDemoGroup(emulator, people.map((p) => p.openId));
}
