import { expect } from 'vitest';
import type { EmulatedMessage } from '../../../src/emulator/types';
import type { TestPerson } from '../../helpers/people';
import { cardsFor, type ReportWorld } from '../reports/report-kit';

export { buttonValue, cardsFor, reportWorld as seminarWorld, type ReportWorld as SeminarWorld } from '../reports/report-kit';

export const warning = (zh: string) => ({ type: 'warning', i18n: { zh_cn: expect.stringContaining(zh) } });

/** The current content of a message (after a click replaced its card). */
export const msg = (w: ReportWorld, id: string): EmulatedMessage => w.h.emulator.messages().find((m) => m.messageId === id)!;

/** `who` types `text` to the bot; the newest card it answered with. */
export async function say(w: ReportWorld, who: TestPerson, text: string): Promise<EmulatedMessage> {
  const before = (await cardsFor(w, who)).length;
  await w.h.sender.sendMessage({ senderOpenId: who.openId, chatId: w.chat[who.openId]!, chatType: 'p2p', text });
  const all = await w.h.emulator.waitForMessages(before + 1, { sender: 'app', chatId: w.chat[who.openId]! });
  return all[all.length - 1]!;
}

export const json = (m: EmulatedMessage | undefined): string => JSON.stringify(m?.content);
