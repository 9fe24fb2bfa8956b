import type { Kysely } from 'kysely';
import type { Database } from '../../../src/db/database';
import { NeedsRepository } from '../../../src/db/repositories/needs-repository';
import type { EmulatedMessage } from '../../../src/emulator/types';
import { cardTitle, eventually, type Harness } from '../../helpers/test-app';
import { ensureUnit, type TestPerson } from '../../helpers/people';

/** A village-cadre secondment (挂职锻炼) program in 2031 with three batches, for the secondment suites. */

export const TOWN = '武隆区/火炉镇';

/** 10:00 in Asia/Shanghai on 10 March 2031: batch 1 has ended, batch 2 runs, batch 3 is to come. */
export const MID_BATCH_2 = new Date('2031-03-10T02:00:00Z');

export const BATCHES = [
  { number: 1, startDate: '2031-02-01', endDate: '2031-02-28' },
  { number: 2, startDate: '2031-03-01', endDate: '2031-03-31' },
  { number: 3, startDate: '2031-04-01', endDate: '2031-04-30' },
];

export function villageCadre(key: string, name: string, unit = `${TOWN}/石梁村`): TestPerson {
  return { openId: `ou_sec_${key}`.padEnd(28, '0'), name, category: 'village', unit, birthDate: '1998-06-01' };
}

export function seniorCadre(key: string, name: string, unit = `${TOWN}/党政办`): TestPerson {
  return { openId: `ou_sec_${key}`.padEnd(28, '0'), name, category: 'senior', unit, birthDate: '1968-03-01' };
}

export interface SecondmentProgram {
  programId: number;
  /** batch number → batch id */
  batch: Record<number, number>;
}

export async function createSecondment(db: Kysely<Database>, code: string, batches = BATCHES, defaultCapacity = 2): Promise<SecondmentProgram> {
  const unitId = await ensureUnit(db, TOWN);
  const { id: programId } = await db.insertInto('programs').values({
    code, track: 'village_secondment', name_zh: '村社干部挂职锻炼', name_en: 'Village-cadre secondment', start_date: '2031-01-01', end_date: null,
    unit_id: unitId, default_capacity: defaultCapacity, mentor_categories: ['senior'], mentee_categories: ['village'], mentee_rule: 'village_young',
  }).returning('id').executeTakeFirstOrThrow();
  const batch: Record<number, number> = {};
  for (const b of batches) {
    batch[b.number] = (await db.insertInto('secondment_batches').values({ program_id: programId, number: b.number, start_date: b.startDate, end_date: b.endDate }).returning('id').executeTakeFirstOrThrow()).id;
  }
  return { programId, batch };
}

export async function cadreId(db: Kysely<Database>, p: TestPerson): Promise<number> {
  return (await db.selectFrom('cadres').select('id').where('open_id', '=', p.openId).executeTakeFirstOrThrow()).id;
}

export async function addToBatch(db: Kysely<Database>, batchId: number, people: TestPerson[]): Promise<void> {
  for (const p of people) await db.insertInto('batch_members').values({ batch_id: batchId, cadre_id: await cadreId(db, p) }).execute();
}

export async function setAbilities(db: Kysely<Database>, who: TestPerson, needs: string[], strengths: string[]): Promise<void> {
  const repo = new NeedsRepository();
  const all = await repo.abilities(db);
  const idOf = (c: string): number => all.find((a) => a.code === c)!.id;
  const id = await cadreId(db, who);
  await repo.replaceNeeds(db, id, needs.map(idOf));
  await repo.replaceStrengths(db, id, strengths.map(idOf));
}

/** The first app message in this chat whose card title matches (and that is not in `seen`), once it arrives. */
export function cardIn(h: Harness, chatId: string, title: string | RegExp, seen: Set<string> = new Set(), timeoutMs = 5_000): Promise<EmulatedMessage> {
  const matches = (c: unknown): boolean => {
    const s = cardTitle(c) ?? '';
    return typeof title === 'string' ? s === title : title.test(s);
  };
  return eventually(() => h.emulator.messages({ chatId, sender: 'app' }).find((m) => !seen.has(m.messageId) && matches(m.content)), timeoutMs, `card "${String(title)}" in ${chatId}`);
}

/** Every app card with this title in this chat so far. */
export function cardsIn(h: Harness, chatId: string, title: string): EmulatedMessage[] {
  return h.emulator.messages({ chatId, sender: 'app' }).filter((m) => cardTitle(m.content) === title);
}

/** The current content of a message (after in-place updates). */
export function contentOf(h: Harness, messageId: string): unknown {
  return h.emulator.messages().find((m) => m.messageId === messageId)!.content;
}

/** Button values in a card that satisfy the predicate. */
export function buttonValues(content: unknown, predicate: (v: Record<string, unknown>) => boolean = () => true): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  JSON.stringify(content, (k, v: unknown) => {
    if (k === 'value' && v && typeof v === 'object' && !Array.isArray(v) && predicate(v as Record<string, unknown>)) found.push(v as Record<string, unknown>);
    return v;
  });
  return found;
}
