import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, cardTitle, eventually, sleep, type Harness } from '../../helpers/test-app';
import { ensureUnit, type TestPerson } from '../../helpers/people';
import { missing } from '../../helpers/services';
import { quietLogger } from '../../helpers/test-db';
import { expectBilingualCard } from '../../helpers/card-assertions';
import { OutboxRepository } from '../../../src/db/repositories/outbox-repository';
import { BatchNotices } from '../../../src/scheduler/batch-notices';
import { addToBatch, buttonValues, cadreId, cardIn, cardsIn, createSecondment, seniorCadre, villageCadre, type SecondmentProgram } from './secondment-kit';

const A = villageCadre('na', '蒲小川');
const B = villageCadre('nb', '冉晓燕');
const C = villageCadre('nc', '张家豪');
const LATE = villageCadre('nl', '迟到者');
const GONE = { ...villageCadre('ngone', '已调离'), active: false };
const M1 = seniorCadre('nm1', '蒲大川');
const M2 = seniorCadre('nm2', '冉秀英');
const YOUNG = { openId: 'ou_sec_ny'.padEnd(28, '0'), name: '许一帆', category: 'young' as const, birthDate: '1996-01-01' };

const OPENED = '第 1 批挂职锻炼开始了';
const CLOSED = '第 1 批挂职锻炼已结束';
const MENTOR_CLOSED = '第 1 批挂职带教已完成';

describe.skipIf(missing('postgres') || missing('redis'))('挂职锻炼 batch notices: opening and closing, once, across instances', () => {
  // Asia/Shanghai is UTC+8: 15:00Z on 31 May is 23:00 on 31 May there, 16:10Z is ten past midnight on 1 June.
  let clock = new Date('2031-05-31T15:00:00Z');
  const now = (): Date => clock;
  let h: Harness;
  let second: Harness;
  let s: SecondmentProgram;
  const chat: Record<string, string> = {};
  const db = () => h.app.db.db;

  beforeAll(async () => {
    h = await startHarness({ app: { now } });
    for (const p of [A, B, C, LATE, GONE, M1, M2, YOUNG]) chat[p.openId] = await h.addPerson(p);
    s = await createSecondment(db(), 'sec_notice', [{ number: 1, startDate: '2031-06-01', endDate: '2031-06-30' }]);
    await addToBatch(db(), s.batch[1]!, [A, B, C, GONE]);
    // A second instance of the same deployment: same database, same Lark; both run the notices loop.
    second = await startHarness({ emulator: h.emulator, databaseUrl: h.databaseUrl!, lark: h.lark, app: { now } });
  });
  afterAll(async () => {
    await second?.close();
    await h?.close();
  });

  const noticeKeys = async (kind: 'open' | 'close') => (await db().selectFrom('outbox').select('dedupe_key')
    .where('dedupe_key', 'like', `batch:${s.batch[1]}:${kind}:%`).execute()).map((r) => r.dedupe_key).sort();
  const keyOf = async (kind: string, p: TestPerson) => `batch:${s.batch[1]}:${kind}:${await cadreId(db(), p)}`;

  it('sends each member one opening notice on the start date (Asia/Shanghai), however many loops run', async () => {
    await sleep(600); // several rounds of both instances on the eve of the start date
    expect(await noticeKeys('open')).toEqual([]);

    clock = new Date('2031-05-31T16:10:00Z');
    for (const p of [A, B, C]) {
      const m = await cardIn(h, chat[p.openId]!, OPENED);
      expectBilingualCard(m.content);
      expect(JSON.stringify(m.content)).toContain('2031-06-01 ~ 2031-06-30');
      expect(buttonValues(m.content).map((v) => v.a)).toEqual(['survey.open', 'cmd']);
    }
    // a member added while the batch runs gets it on the next round; two loops driven by hand race the apps' loops
    await addToBatch(db(), s.batch[1]!, [LATE]);
    const outbox = new OutboxRepository(db());
    const loops = [0, 1].map(() => new BatchNotices({ db: db(), outbox, timeZone: 'Asia/Shanghai', logger: quietLogger, onQueued: () => h.app.dispatcher.wake(), now }));
    const queued = await Promise.all(loops.map((l) => l.tick()));
    expect(queued[0]! + queued[1]!).toBeLessThanOrEqual(1);
    await cardIn(h, chat[LATE.openId]!, OPENED);

    await sleep(800);
    for (const p of [A, B, C, LATE]) expect(cardsIn(h, chat[p.openId]!, OPENED)).toHaveLength(1);
    expect(cardsIn(h, chat[GONE.openId]!, OPENED)).toHaveLength(0);
    expect(await noticeKeys('open')).toEqual((await Promise.all([A, B, C, LATE].map((p) => keyOf('open', p)))).sort());
  });

  it('the day after the end date, ends the batch\'s pairs as completed and tells members and mentors once', async () => {
    clock = new Date('2031-06-10T02:00:00Z');
    for (const [who, mentor] of [[A, M1], [B, M2]] as const) {
      await h.sender.sendMessage({ senderOpenId: who.openId, chatId: chat[who.openId]!, chatType: 'p2p', text: '认领' });
      const list = await cardIn(h, chat[who.openId]!, '认领导师 · 村社干部挂职锻炼');
      const r = await h.emulator.click(list.messageId, { openId: who.openId, value: { a: 'claim.take', p: s.programId, m: await cadreId(db(), mentor) } });
      expect(r.toast).toMatchObject({ type: 'success' });
    }
    // C was paired by the organisation (no batch_id): a member's pair in the program ends with the batch too.
    const pair = (programId: number, menteeId: number, mentorId: number) => db().transaction().execute(async (trx) => {
      const { id } = await trx.insertInto('pairs').values({ program_id: programId, mentee_id: menteeId, formed_by: 'assignment' }).returning('id').executeTakeFirstOrThrow();
      await trx.insertInto('pair_mentors').values({ pair_id: id, mentor_id: mentorId, lead: true }).execute();
      return id;
    });
    await pair(s.programId, await cadreId(db(), C), await cadreId(db(), M2));
    // a pair in another program is none of the batch's business
    const unitId = await ensureUnit(db(), '武隆区/火炉镇');
    const other = (await db().insertInto('programs').values({
      code: 'young_n', track: 'young_mentoring', name_zh: '导师引航', name_en: 'Mentoring', start_date: '2031-01-01', end_date: null, unit_id: unitId,
      default_capacity: 3, mentor_categories: ['senior'], mentee_categories: ['young'], mentee_rule: 'none',
    }).returning('id').executeTakeFirstOrThrow()).id;
    const otherPair = await pair(other, await cadreId(db(), YOUNG), await cadreId(db(), M1));

    clock = new Date('2031-06-30T15:30:00Z'); // 23:30 on the last day: still running
    await sleep(500);
    expect(await db().selectFrom('pairs').select('id').where('status', '=', 'active').execute()).toHaveLength(4);

    clock = new Date('2031-06-30T16:05:00Z'); // five past midnight on 1 July
    const closed = await eventually(async () => {
      const rows = await db().selectFrom('pairs').select(['id', 'status', 'end_reason']).where('program_id', '=', s.programId).execute();
      return rows.every((r) => r.status === 'ended') && rows;
    }, 5_000, 'the batch pairs to end');
    expect(closed.map((r) => r.end_reason)).toEqual(['completed', 'completed', 'completed']);
    expect(await db().selectFrom('pairs').select('status').where('id', '=', otherPair).executeTakeFirstOrThrow()).toEqual({ status: 'active' });

    const toA = await cardIn(h, chat[A.openId]!, CLOSED);
    expectBilingualCard(toA.content);
    expect(JSON.stringify(toA.content)).toContain('您与导师 蒲大川 的结对已完成');
    for (const p of [B, C, LATE]) await cardIn(h, chat[p.openId]!, CLOSED);
    await cardIn(h, chat[M1.openId]!, MENTOR_CLOSED);
    const toM2 = await cardIn(h, chat[M2.openId]!, MENTOR_CLOSED);
    expect(JSON.stringify(toM2.content)).toMatch(/您与 (冉晓燕、张家豪|张家豪、冉晓燕) 的结对已完成/);

    await sleep(800);
    for (const p of [A, B, C, LATE]) expect(cardsIn(h, chat[p.openId]!, CLOSED)).toHaveLength(1);
    for (const p of [M1, M2]) expect(cardsIn(h, chat[p.openId]!, MENTOR_CLOSED)).toHaveLength(1);
    expect(cardsIn(h, chat[YOUNG.openId]!, CLOSED)).toHaveLength(0);
    expect(await noticeKeys('close')).toHaveLength(6);
    expect(h.emulator.messages({ chatId: chat[GONE.openId]!, sender: 'app' }).map((m) => cardTitle(m.content))).toEqual([]);
  });
});
