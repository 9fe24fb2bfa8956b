import { expect } from 'vitest';
import { sql } from 'kysely';
import type { Harness } from '../../helpers/test-app';
import { ensureUnit, personMaker, type TestPerson } from '../../helpers/people';
import { NeedsRepository } from '../../../src/db/repositories/needs-repository';
import type { EmulatedMessage } from '../../../src/emulator/types';

/** Shared set-up of the 组织指定 suites: people, programs, and driving the 指定 card as an admin would. */
export const TOWN = '武隆区/火炉镇';

export const person = personMaker('ou_as_');

export class AssignKit {
  readonly chat: Record<string, string> = {};
  readonly ids: Record<string, number> = {};

  constructor(readonly h: Harness, readonly admin: TestPerson) {}

  get db() {
    return this.h.app.db.db;
  }

  async add(people: TestPerson[]): Promise<void> {
    for (const p of people) this.chat[p.openId] = await this.h.addPerson(p);
    for (const r of await this.db.selectFrom('cadres').select(['id', 'open_id']).execute()) this.ids[r.open_id!] = r.id;
  }

  id(p: TestPerson): number {
    return this.ids[p.openId]!;
  }

  async program(code: string, capacity: number, scope = TOWN): Promise<number> {
    const unitId = await ensureUnit(this.db, scope);
    return (await this.db.insertInto('programs').values({
      code, track: 'young_mentoring', name_zh: `导师引航${code}`, name_en: `Mentoring ${code}`, start_date: '2023-02-01', end_date: null, unit_id: unitId,
      default_capacity: capacity, mentor_categories: ['leader_member'], mentee_categories: ['young'], mentee_rule: 'young_cadre',
    }).returning('id').executeTakeFirstOrThrow()).id;
  }

  /** The next card the bot sends into `who`'s chat after `action` (counting what is there already). */
  async nextMessage(who: TestPerson, action: () => Promise<unknown>): Promise<EmulatedMessage> {
    const filter = { sender: 'app' as const, chatId: this.chat[who.openId]! };
    const before = this.h.emulator.messages(filter).length;
    await action();
    return (await this.h.emulator.waitForMessages(before + 1, filter))[before]!;
  }

  /** The admin sends 指定 and gets the assign card. */
  assignCard(): Promise<EmulatedMessage> {
    return this.nextMessage(this.admin, () => this.h.sender.sendMessage({ senderOpenId: this.admin.openId, chatId: this.chat[this.admin.openId]!, chatType: 'p2p', text: '指定' }));
  }

  /** Submit the program's form on the assign card. */
  assign(card: EmulatedMessage, programId: number, mentee: TestPerson | string, mentor: TestPerson | string, override = false, by = this.admin) {
    const open = (p: TestPerson | string) => (typeof p === 'string' ? p : p.openId);
    return this.h.emulator.click(card.messageId, {
      openId: by.openId, value: { a: 'assign.save', p: programId },
      formValue: { [`mentee_${programId}`]: open(mentee), [`mentor_${programId}`]: open(mentor), [`override_${programId}`]: override ? 'yes' : 'no' },
    });
  }

  pairs(programId: number) {
    return this.db.selectFrom('pairs').innerJoin('pair_mentors', 'pair_mentors.pair_id', 'pairs.id')
      .select(['pairs.id', 'pairs.mentee_id', 'pair_mentors.mentor_id', 'pairs.status', 'pairs.formed_by', 'pairs.end_reason'])
      .where('pairs.program_id', '=', programId).orderBy('pairs.id').execute();
  }

  /** Outbox rows addressed to a person: committed with the handler's transaction, so checkable at once. */
  async outboxTo(who: TestPerson): Promise<number> {
    const r = await this.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('receive_id', '=', who.openId).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async abilities(who: TestPerson, needs: string[], strengths: string[]): Promise<void> {
    const repo = new NeedsRepository();
    const all = await repo.abilities(this.db);
    const idOf = (c: string) => all.find((a) => a.code === c)!.id;
    await repo.replaceNeeds(this.db, this.id(who), needs.map(idOf));
    await repo.replaceStrengths(this.db, this.id(who), strengths.map(idOf));
  }

  /** A pair formed and ended in the past (history that a proposal must never repeat). */
  async pastPair(programId: number, mentee: TestPerson, mentor: TestPerson): Promise<void> {
    const pair = await this.db.insertInto('pairs').values({ program_id: programId, mentee_id: this.id(mentee), formed_by: 'application', status: 'ended', ended_at: sql<Date>`now()`, end_reason: 'completed' })
      .returning('id').executeTakeFirstOrThrow();
    await this.db.insertInto('pair_mentors').values({ pair_id: pair.id, mentor_id: this.id(mentor), lead: true }).execute();
  }

  async activePair(programId: number, mentee: TestPerson, mentor: TestPerson): Promise<void> {
    const pair = await this.db.insertInto('pairs').values({ program_id: programId, mentee_id: this.id(mentee), formed_by: 'application' }).returning('id').executeTakeFirstOrThrow();
    await this.db.insertInto('pair_mentors').values({ pair_id: pair.id, mentor_id: this.id(mentor), lead: true }).execute();
  }
}

export function text(content: unknown): string {
  return JSON.stringify(content);
}

export function expectToast(r: { toast?: unknown }, type: string, zh: string): void {
  expect(r.toast).toMatchObject({ type, i18n: { zh_cn: expect.stringContaining(zh) } });
}
