import type { Kysely } from 'kysely';
import type { Database } from '../../../src/db/database';
import type { EmulatedMessage } from '../../../src/emulator/types';
import { cardTitle, eventually, startWithPeople, type Harness } from '../../helpers/test-app';
import { ensureUnit, personMaker, type TestPerson } from '../../helpers/people';

/** A clock the tests move by hand (the app's ctx.now and the scheduler read it). */
export class Clock {
  constructor(private at: Date) {}
  readonly now = (): Date => this.at;
  set(iso: string): void {
    this.at = new Date(iso);
  }
}

export interface ReportWorld {
  h: Harness;
  clock: Clock;
  chat: Record<string, string>;
  ids: Record<string, number>;
  people: ReturnType<typeof cast>;
  pair: Record<string, number>;
  programs: { young: number; reverse: number };
}

function cast(prefix: string) {
  const person = personMaker(prefix);
  return {
    M: person('m', '韩德明', 'leader_member'),
    M2: person('m2', '秦雅芳', 'leader_member', '武隆区/火炉镇/经发办'),
    A: person('a', '许一帆', 'young'),
    B: person('b', '陆晨曦', 'young', '武隆区/火炉镇/经发办'),
    YT: person('yt', '唐果', 'young'),
    SR: person('sr', '邓守仁', 'senior'),
    AD: person('ad', '组织委员', 'other', '武隆区/火炉镇', ['admin']),
    AX: person('ax', '白马镇管理员', 'other', '武隆区/白马镇', ['admin']),
    X: person('x', '路过的人', 'young'),
  };
}

/** Mentors, mentees, an admin of the town, an admin of another town, an outsider; a young and a reverse program. */
export async function reportWorld(prefix: string, startAt: string): Promise<ReportWorld> {
  const clock = new Clock(new Date(startAt));
  const people = cast(prefix);
  const { h, chat, ids } = await startWithPeople(people, { app: { now: clock.now } });
  const db = h.app.db.db;
  const unitId = await ensureUnit(db, '武隆区/火炉镇');
  const program = async (code: string, track: 'young_mentoring' | 'reverse_mentoring') => (await db.insertInto('programs').values({
    code, track, name_zh: track === 'young_mentoring' ? '导师引航' : '以新促老', name_en: track === 'young_mentoring' ? 'Mentoring' : 'Reverse mentoring',
    start_date: '2024-01-01', end_date: null, unit_id: unitId, default_capacity: 3,
    mentor_categories: track === 'young_mentoring' ? ['leader_member'] : ['young'], mentee_categories: track === 'young_mentoring' ? ['young'] : ['senior'],
    mentee_rule: track === 'young_mentoring' ? 'young_cadre' : 'none',
  }).returning('id').executeTakeFirstOrThrow()).id;
  const programs = { young: await program(`${prefix}y`, 'young_mentoring'), reverse: await program(`${prefix}r`, 'reverse_mentoring') };
  const pair: Record<string, number> = {};
  const makePair = async (programId: number, mentee: TestPerson, mentors: TestPerson[]) => {
    const id = (await db.insertInto('pairs').values({ program_id: programId, mentee_id: ids[mentee.openId]!, formed_by: 'assignment' }).returning('id').executeTakeFirstOrThrow()).id;
    for (const [i, m] of mentors.entries()) await db.insertInto('pair_mentors').values({ pair_id: id, mentor_id: ids[m.openId]!, lead: i === 0 }).execute();
    pair[mentee.openId] = id;
  };
  await makePair(programs.young, people.A, [people.M]);
  await makePair(programs.young, people.B, [people.M, people.M2]);
  await makePair(programs.reverse, people.SR, [people.YT]);
  return { h, clock, chat, ids, people, pair, programs };
}

export { buttonValue } from '../../helpers/card-assertions';

/** Waits until no outbox row is waiting, then the cards `who` got from the app with this title. */
export async function cardsFor(w: ReportWorld, who: TestPerson, title?: string): Promise<EmulatedMessage[]> {
  await eventually(async () => (await w.h.app.db.db.selectFrom('outbox').select('id').where('status', 'in', ['pending', 'sending']).execute()).length === 0, 10_000, 'the outbox to drain');
  return w.h.emulator.messages({ sender: 'app', chatId: w.chat[who.openId]! }).filter((m) => title === undefined || cardTitle(m.content) === title);
}

export function reportsOf(db: Kysely<Database>, pairId: number) {
  return db.selectFrom('weekly_reports').selectAll().where('pair_id', '=', pairId).orderBy('iso_week').execute();
}
