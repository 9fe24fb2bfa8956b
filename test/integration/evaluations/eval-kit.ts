import { expect } from 'vitest';
import type { EmulatedMessage } from '../../../src/emulator/types';
import { cardTitle, eventually, startWithPeople, type Harness } from '../../helpers/test-app';
import { ensureUnit, personMaker, type TestPerson } from '../../helpers/people';
import { Clock } from '../reports/report-kit';

export { buttonValue } from '../../helpers/card-assertions';

export interface EvalWorld {
  h: Harness;
  clock: Clock;
  chat: Record<string, string>;
  ids: Record<string, number>;
  people: ReturnType<typeof cast>;
  pair: { A: number; B: number };
  programId: number;
}

function cast(prefix: string) {
  const person = personMaker(prefix);
  const town = '武隆区/火炉镇';
  return {
    AD: person('ad', '组织委员', 'other', town, ['admin']),
    L1: person('l1', '钟书记', 'leader_member', town, ['leader']),
    L2: person('l2', '柏镇长', 'leader_member', town, ['leader']),
    LX: person('lx', '白马镇书记', 'leader_member', '武隆区/白马镇', ['leader']),
    M: person('m', '韩德明', 'leader_member', `${town}/党政办`),
    M2: person('m2', '秦雅芳', 'leader_member', `${town}/经发办`),
    A: person('a', '许一帆', 'young', `${town}/党政办`),
    B: person('b', '陆晨曦', 'young', `${town}/经发办`),
    X: person('x', '路过的人', 'young', `${town}/党政办`),
  };
}

/**
 * A town with an admin (the assessor), two main leaders, a leader of another town, two mentors and two
 * mentees: A mentored by M, B co-mentored by M and M2 (多带一), both paired since March 2026.
 */
export async function evalWorld(prefix: string, startAt: string): Promise<EvalWorld> {
  const clock = new Clock(new Date(startAt));
  const people = cast(prefix);
  const { h, chat, ids } = await startWithPeople(people, { app: { now: clock.now } });
  const db = h.app.db.db;
  const unitId = await ensureUnit(db, '武隆区/火炉镇');
  const programId = (await db.insertInto('programs').values({
    code: `${prefix}y`, track: 'young_mentoring', name_zh: '导师引航', name_en: 'Mentoring', start_date: '2024-01-01', end_date: null, unit_id: unitId,
    default_capacity: 3, mentor_categories: ['leader_member'], mentee_categories: ['young'], mentee_rule: 'young_cadre',
  }).returning('id').executeTakeFirstOrThrow()).id;
  const makePair = async (mentee: TestPerson, mentors: TestPerson[]) => {
    const id = (await db.insertInto('pairs').values({ program_id: programId, mentee_id: ids[mentee.openId]!, formed_by: 'assignment', formed_at: new Date('2026-03-20T10:00:00+08:00') }).returning('id').executeTakeFirstOrThrow()).id;
    for (const [i, m] of mentors.entries()) await db.insertInto('pair_mentors').values({ pair_id: id, mentor_id: ids[m.openId]!, lead: i === 0 }).execute();
    return id;
  };
  const pair = { A: await makePair(people.A, [people.M]), B: await makePair(people.B, [people.M, people.M2]) };
  return { h, clock, chat, ids, people, pair, programId };
}

/** Waits for the outbox to drain, then the cards `who` got from the app (with this title). */
export async function cardsFor(w: EvalWorld, who: TestPerson, title?: string): Promise<EmulatedMessage[]> {
  await eventually(async () => (await w.h.app.db.db.selectFrom('outbox').select('id').where('status', 'in', ['pending', 'sending']).execute()).length === 0, 10_000, 'the outbox to drain');
  return w.h.emulator.messages({ sender: 'app', chatId: w.chat[who.openId]! }).filter((m) => title === undefined || cardTitle(m.content) === title);
}

/** The message as it is now (after PATCHes). */
export function current(w: EvalWorld, m: EmulatedMessage): EmulatedMessage {
  return w.h.emulator.messages().find((x) => x.messageId === m.messageId)!;
}

/** Send a text as `who` and return the app's first new card in their chat. */
export async function say(w: EvalWorld, who: TestPerson, text: string): Promise<EmulatedMessage> {
  const before = (await cardsFor(w, who)).length;
  await w.h.sender.sendMessage({ senderOpenId: who.openId, chatId: w.chat[who.openId]!, chatType: 'p2p', text });
  const all = await w.h.emulator.waitForMessages(before + 1, { sender: 'app', chatId: w.chat[who.openId]! });
  return all[before]!;
}

export async function tickAt(w: EvalWorld, iso: string): Promise<void> {
  w.clock.set(iso);
  await w.h.app.scheduler.tick();
}

export const toastOf = (r: { toast?: unknown }) => r.toast as { type: string; i18n: { zh_cn: string; en_us: string } };
export const warning = (zh: string) => ({ type: 'warning', i18n: { zh_cn: expect.stringContaining(zh) } });

export function evaluationsOf(w: EvalWorld) {
  return w.h.app.db.db.selectFrom('evaluations').selectAll().orderBy('pair_id').orderBy('quarter').execute();
}

export function revisionsOf(w: EvalWorld) {
  return w.h.app.db.db.selectFrom('evaluation_revisions as r').innerJoin('evaluations as e', 'e.id', 'r.evaluation_id')
    .select(['r.id', 'e.pair_id', 'e.quarter', 'r.revision', 'r.rating', 'r.status', 'r.decided_by', 'r.return_reason', 'r.correction_reason'])
    .orderBy('e.quarter').orderBy('e.pair_id').orderBy('r.revision').execute();
}

export function staffItemsOf(w: EvalWorld) {
  return w.h.app.db.db.selectFrom('staff_meeting_items').select(['id', 'mentor_id', 'kind', 'first_quarter', 'last_quarter', 'status', 'done_on', 'void_reason']).orderBy('id').execute();
}

export function auditOf(w: EvalWorld, action: string) {
  return w.h.app.db.db.selectFrom('audit_log').select(['actor', 'action', 'target']).where('action', '=', action).orderBy('id').execute();
}
