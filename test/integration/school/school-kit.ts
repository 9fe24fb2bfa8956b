import { expect } from 'vitest';
import type { EmulatedMessage } from '../../../src/emulator/types';
import { cardTitle, eventually, startWithPeople, type Harness } from '../../helpers/test-app';
import { personMaker, type TestPerson } from '../../helpers/people';
import { Clock } from '../reports/report-kit';

export { buttonValue } from '../reports/report-kit';

export interface SchoolWorld {
  h: Harness;
  clock: Clock;
  chat: Record<string, string>;
  ids: Record<string, number>;
  people: ReturnType<typeof cast>;
}

function cast(prefix: string) {
  const person = personMaker(prefix);
  return {
    AD: person('ad', '组织委员', 'other', '武隆区/火炉镇', ['admin']),
    YT: person('yt', '唐果', 'young'),
    S1: person('s1', '邓守仁', 'senior'),
    S2: person('s2', '王德胜', 'senior', '武隆区/火炉镇/经发办'),
    S3: person('s3', '李桂兰', 'senior'),
    S4: person('s4', '周永福', 'senior', '武隆区/火炉镇/经发办'),
    X: person('x', '路过的人', 'young'),
  };
}

/** An admin, a young teacher, four older learners in two offices and an outsider; the app's clock at `startAt`. */
export async function schoolWorld(prefix: string, startAt: string): Promise<SchoolWorld> {
  const clock = new Clock(new Date(startAt));
  const people = cast(prefix);
  const { h, chat, ids } = await startWithPeople(people, { app: { now: clock.now } });
  return { h, clock, chat, ids, people };
}

/** Waits for the outbox to drain, then the cards `who` got from the app (with this title). */
export async function cardsFor(w: SchoolWorld, who: TestPerson, title?: string): Promise<EmulatedMessage[]> {
  await eventually(async () => (await w.h.app.db.db.selectFrom('outbox').select('id').where('status', 'in', ['pending', 'sending']).execute()).length === 0, 10_000, 'the outbox to drain');
  return w.h.emulator.messages({ sender: 'app', chatId: w.chat[who.openId]! }).filter((m) => title === undefined || cardTitle(m.content) === title);
}

/** Send a text as `who` and return the app's first new card in their chat. */
export async function say(w: SchoolWorld, who: TestPerson, text: string): Promise<EmulatedMessage> {
  const before = (await cardsFor(w, who)).length;
  await w.h.sender.sendMessage({ senderOpenId: who.openId, chatId: w.chat[who.openId]!, chatType: 'p2p', text });
  const all = await w.h.emulator.waitForMessages(before + 1, { sender: 'app', chatId: w.chat[who.openId]! });
  return all[before]!;
}

export const warning = (zh: string) => ({ type: 'warning', i18n: { zh_cn: expect.stringContaining(zh) } });
export function sessionsOf(w: SchoolWorld, seriesId: number) {
  return w.h.app.db.db.selectFrom('school_sessions').selectAll().where('series_id', '=', seriesId).orderBy('starts_at').execute();
}

export function attendanceOf(w: SchoolWorld, sessionId: number) {
  return w.h.app.db.db.selectFrom('school_attendance').selectAll().where('session_id', '=', sessionId).orderBy('cadre_id').execute();
}
