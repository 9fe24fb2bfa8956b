import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missing } from '../../helpers/services';
import { seminarStats } from '../../../src/services/seminar-stats';
import { buttonValue, cardsFor, say, seminarWorld, type SeminarWorld } from './seminar-kit';

/**
 * Participation figures against a hand-computed fixture:
 *   S1 young, 2024-10-10 (held): A's pair submitted + presented; B's pair invited, nothing submitted
 *   S2 reverse, 2024-11-20: SR's pair submitted, not presented
 *   S3 young, 2025-01-10 (outside the range): A's pair submitted + presented
 *   S4 young, 2024-10-20, cancelled: A's pair submitted (left out)
 * Units (the mentee's): A and SR in 党政办, B in 经发办.
 */
describe.skipIf(missing('postgres') || missing('redis'))('研讨: participation figures', () => {
  let w: SeminarWorld;
  beforeAll(async () => {
    w = await seminarWorld('ou_sem_sta_', '2024-12-01T10:00:00+08:00');
    const db = w.h.app.db.db;
    const { A, B, SR, AD } = w.people;
    const seminar = async (programId: number, startsAt: string, status: 'scheduled' | 'held' | 'cancelled') =>
      (await db.insertInto('seminars').values({ program_id: programId, title: `S ${startsAt}`, starts_at: new Date(startsAt), place: '会议室', status, created_by: AD.openId }).returning('id').executeTakeFirstOrThrow()).id;
    const entry = async (seminarId: number, who: { openId: string }, submitted: boolean, presented: boolean) =>
      db.insertInto('seminar_entries').values({ seminar_id: seminarId, pair_id: w.pair[who.openId]!, achievements: submitted ? '成效' : '', submitted_at: submitted ? new Date() : null, submitted_by: submitted ? w.ids[who.openId]! : null, presented }).execute();
    const s1 = await seminar(w.programs.young, '2024-10-10T14:00:00+08:00', 'held');
    await entry(s1, A, true, true);
    await entry(s1, B, false, false);
    const s2 = await seminar(w.programs.reverse, '2024-11-20T14:00:00+08:00', 'scheduled');
    await entry(s2, SR, true, false);
    await entry(await seminar(w.programs.young, '2025-01-10T14:00:00+08:00', 'held'), A, true, true);
    await entry(await seminar(w.programs.young, '2024-10-20T14:00:00+08:00', 'cancelled'), A, true, false);
  });
  afterAll(async () => { await w?.h.close(); });

  const range = { from: new Date('2024-10-01T00:00:00+08:00'), to: new Date('2025-01-01T00:00:00+08:00') };

  it('per program, per unit and in total', async () => {
    const stats = await seminarStats(w.h.app.db.db, range);
    expect(stats.total).toEqual({ seminars: 2, invited: 3, submitted: 2, presented: 1 });
    expect(stats.programs).toEqual([
      { programId: w.programs.young, nameZh: '导师引航', nameEn: 'Mentoring', seminars: 1, invited: 2, submitted: 1, presented: 1 },
      { programId: w.programs.reverse, nameZh: '以新促老', nameEn: 'Reverse mentoring', seminars: 1, invited: 1, submitted: 1, presented: 0 },
    ]);
    expect(stats.units.map(({ unitId: _, ...u }) => u)).toEqual([
      { unitPath: '武隆区/火炉镇/党政办', invited: 2, submitted: 2, presented: 1 },
      { unitPath: '武隆区/火炉镇/经发办', invited: 1, submitted: 0, presented: 0 },
    ]);
  });

  it('one program only', async () => {
    const stats = await seminarStats(w.h.app.db.db, { ...range, programId: w.programs.young });
    expect(stats.total).toEqual({ seminars: 1, invited: 2, submitted: 1, presented: 1 });
    expect(stats.units.map((u) => [u.unitPath, u.invited])).toEqual([['武隆区/火炉镇/党政办', 1], ['武隆区/火炉镇/经发办', 1]]);
  });

  it('a seminar scheduled less than two weeks ahead asks its pairs at once, and the T−14 slot does not ask again', async () => {
    const { AD, SR, YT } = w.people;
    const home = await say(w, AD, '研讨');
    const r = await w.h.emulator.click(home.messageId, { openId: AD.openId, value: buttonValue(home.content, (v) => v.a === 'seminar.create'), formValue: { program: String(w.programs.reverse), title: '临时研讨', date: '2024-12-10 +0800', time: '10:00', place: '夜校教室' } });
    expect(r.toast).toMatchObject({ type: 'success' });
    for (const p of [SR, YT]) expect(await cardsFor(w, p, '研讨会展示材料')).toHaveLength(1);
    // the would-be T−14 slot is in the past; the next reminder is T−7 (2024-12-03 10:00)
    w.clock.set('2024-12-03T10:00:00.020+08:00');
    await w.h.app.scheduler.tick();
    for (const p of [SR, YT]) {
      expect(await cardsFor(w, p, '研讨会展示材料')).toHaveLength(1);
      expect(await cardsFor(w, p, '研讨会提醒')).toHaveLength(1);
    }
  });
});
