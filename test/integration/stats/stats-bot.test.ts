import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, missing } from '../../helpers/services';
import { expectBilingualCard } from '../../helpers/card-assertions';
import { ensureUnit, personMaker, type TestPerson } from '../../helpers/people';
import { cardTitle, eventually, startWithPeople, type Harness } from '../../helpers/test-app';
import { Clock } from '../reports/report-kit';
import { buttonValue } from '../../helpers/card-assertions';
import type { EmulatedMessage } from '../../../src/emulator/types';
import { stats as statsCommand } from '../../../src/cli/commands/stats';

/**
 * 统计 and 导出 as people use them: the district admin sees the district, a town admin their town (and a unit
 * below it, never another town), a town's leader their town, a young cadre nothing; the card carries valid
 * charts and stays under Lark's 30 KB; the export arrives as an XLSX file that opens with the five sheets and
 * the scope's own people only; the admin CLI gives the same figures as CSV and XLSX.
 */
describe.skipIf(missing('postgres'))(`statistics in the bot and the CLI (${BACKENDS})`, () => {
  const person = personMaker('stb');
  const P = {
    DA: person('da', '区委组织部', 'other', '武隆区', ['admin']),
    TA: person('ta', '火炉镇组织委员', 'other', '武隆区/火炉镇', ['admin']),
    LB: person('lb', '白马镇书记', 'leader_member', '武隆区/白马镇', ['leader']),
    M1: person('m1', '韩德明', 'leader_member', '武隆区/火炉镇/党政办'),
    M2: person('m2', '秦雅芳', 'leader_member', '武隆区/白马镇/党政办'),
    A: person('a', '许一帆', 'young', '武隆区/火炉镇/党政办'),
    B: person('b', '陆晨曦', 'young', '武隆区/火炉镇/经发办'),
    C: person('c', '白马小青', 'young', '武隆区/白马镇/党政办'),
    Y: person('y', '路过的人', 'young', '武隆区/火炉镇/党政办'),
  };
  let h: Harness;
  let chat: Record<string, string>;
  const clock = new Clock(new Date('2026-11-29T10:00:00+08:00'));

  beforeAll(async () => {
    ({ h, chat } = await startWithPeople(P, { app: { now: clock.now } }));
    const db = h.app.db.db;
    const ids = Object.fromEntries(await Promise.all(Object.values(P).map(async (p) => [p.openId, (await db.selectFrom('cadres').select('id').where('open_id', '=', p.openId).executeTakeFirstOrThrow()).id] as const)));
    const program = (await db.insertInto('programs').values({
      code: 'stby', track: 'young_mentoring', name_zh: '导师引航', name_en: 'Mentoring', start_date: '2026-01-01', end_date: null, unit_id: await ensureUnit(db, '武隆区'),
      default_capacity: 3, mentor_categories: ['leader_member'], mentee_categories: ['young'], mentee_rule: 'young_cadre',
    }).returning('id').executeTakeFirstOrThrow()).id;
    const pair = async (mentee: TestPerson, mentor: TestPerson) => {
      const id = (await db.insertInto('pairs').values({ program_id: program, mentee_id: ids[mentee.openId]!, formed_by: 'assignment', formed_at: new Date('2026-09-01T09:00:00+08:00') }).returning('id').executeTakeFirstOrThrow()).id;
      await db.insertInto('pair_mentors').values({ pair_id: id, mentor_id: ids[mentor.openId]!, lead: true }).execute();
      return id;
    };
    const pa = await pair(P.A, P.M1);
    await pair(P.B, P.M1);
    await pair(P.C, P.M2);
    // Formed 1 September (too late in Q3 for its evaluation to open): 12 of the 13 weeks are owed.
    // A reported the last two complete weeks (Friday is report day): 2/12 for A, 0/12 for B and C
    for (const week of ['2026-W46', '2026-W47']) await db.insertInto('weekly_reports').values({ pair_id: pa, iso_week: week, submitted_by: ids[P.A.openId]!, tutoring: JSON.stringify([{ date: '2026-11-20', topic: '公文', minutes: 45 }]) }).execute();
  });
  afterAll(async () => h?.close());

  async function say(who: TestPerson, text: string): Promise<EmulatedMessage> {
    const before = h.emulator.messages({ sender: 'app', chatId: chat[who.openId]! }).length;
    await h.sender.sendMessage({ senderOpenId: who.openId, chatId: chat[who.openId]!, chatType: 'p2p', text });
    return (await h.emulator.waitForMessages(before + 1, { sender: 'app', chatId: chat[who.openId]! }))[before]!;
  }
  const text = (m: EmulatedMessage) => JSON.stringify(m.content);

  it('the district admin gets the sentence for the whole district, valid charts with a table, under 30 KB', async () => {
    const m = await say(P.DA, '统计');
    expect(cardTitle(m.content)).toBe('统计 · 武隆区');
    expectBilingualCard(m.content);
    expect(text(m)).toContain('截至 2026-11-29，全区共配备优秀导师 **2** 名，建立“帮带对子” **3** 对，覆盖 **3** 名优秀年轻干部。');
    expect(text(m)).toContain('近13周 2/36（6%）');
    expect(text(m)).toContain('辅导 90 分钟');
    expect(Buffer.byteLength(JSON.stringify(m.content))).toBeLessThan(30 * 1024);
    const charts: { chart_spec: { type: string; data: { values: Record<string, unknown>[] }; xField: string; yField: string } }[] = [];
    JSON.stringify(m.content, (_k, v) => { if (v && typeof v === 'object' && (v as { tag?: string }).tag === 'chart') charts.push(v); return v; });
    expect(charts.map((c) => c.chart_spec.type)).toEqual(['bar', 'line']);
    for (const c of charts) {
      expect(c.chart_spec.data.values.length).toBeGreaterThan(0);
      for (const v of c.chart_spec.data.values) {
        expect(v[c.chart_spec.xField]).toBeDefined();
        expect(typeof v[c.chart_spec.yField]).toBe('number');
      }
      expect(JSON.stringify(c)).not.toMatch(/function|=>/);
    }
    expect(charts[1]!.chart_spec.data.values.at(-1)).toEqual({ week: 'W47', percent: 33 });
    expect(text(m)).toContain('| 提交率 |');
    // the towns below, each rolled up
    expect(text(m)).toContain('火炉镇：导师 1 · 对子 2 · 覆盖 2');
    expect(text(m)).toContain('白马镇：导师 1 · 对子 1 · 覆盖 1');
  });

  it('a town admin sees the town and an office below it, never another town (refused and audited); a leader sees their town; a young cadre nothing', async () => {
    const town = await say(P.TA, '统计');
    expect(text(town)).toContain('火炉镇共配备优秀导师 **1** 名，建立“帮带对子” **2** 对，覆盖 **2** 名优秀年轻干部');
    const office = await say(P.TA, '统计 武隆区/火炉镇/经发办');
    expect(cardTitle(office.content)).toBe('统计 · 经发办');
    expect(text(await say(P.TA, '统计 白马镇'))).toContain('您只能查看武隆区/火炉镇及其下属单位的统计');
    expect(text(await say(P.TA, '统计 党政办'))).toContain('有多个单位叫“党政办”');
    // the drill-down button, and a forged one for the other town
    const drill = buttonValue(town.content, (v) => v.a === 'stats.unit');
    const r = await h.emulator.click(town.messageId, { openId: P.TA.openId, value: drill });
    expect(r.toast).toBeUndefined();
    const baima = (await h.app.db.db.selectFrom('units').select('id').where('path', '=', '武隆区/白马镇').executeTakeFirstOrThrow()).id;
    expect((await h.emulator.click(town.messageId, { openId: P.TA.openId, value: { a: 'stats.unit', u: baima } })).toast).toMatchObject({ type: 'warning' });
    expect((await h.emulator.click(town.messageId, { openId: P.TA.openId, value: { a: 'stats.export', u: baima } })).toast).toMatchObject({ type: 'warning' });
    expect(text(await say(P.LB, '统计'))).toContain('白马镇共配备优秀导师 **1** 名');
    expect(text(await say(P.Y, 'stats'))).toContain('统计只对组织部管理员和主要领导开放');
    const denied = await h.app.db.db.selectFrom('audit_log').select(['actor', 'target']).where('action', '=', 'denied:stats.view').orderBy('id').execute();
    expect(denied).toEqual([
      { actor: P.TA.openId, target: 'unit:武隆区/白马镇' }, { actor: P.TA.openId, target: 'unit:武隆区/白马镇' }, { actor: P.TA.openId, target: 'unit:武隆区/白马镇' },
      { actor: P.Y.openId, target: 'stats' },
    ]);
  });

  it('导出 sends the town admin an XLSX with the five sheets and only the town\'s people', async () => {
    const m = await say(P.TA, '导出');
    expect(text(m)).toContain('引航统计-火炉镇-2026-11-29.xlsx');
    const file = await eventually(() => h.emulator.messages({ sender: 'app', chatId: chat[P.TA.openId]! }).find((x) => x.msgType === 'file'), 10_000, 'the file message');
    const stored = h.emulator.file((file.content as { file_key: string }).file_key)!;
    expect(stored.name).toBe('引航统计-火炉镇-2026-11-29.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(stored.bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概况', '结对', '周报', '夜校出勤', '测评']);
    const rows = (name: string) => (wb.getWorksheet(name)!.getSheetValues().slice(1) as unknown[][]).map((r) => r.slice(1));
    const [head, total] = rows('概况');
    expect(head!.slice(0, 6)).toEqual(['范围', '项目', '导师', '在结对子', '已结束对子', '覆盖人数']);
    expect(total!.slice(0, 6)).toEqual(['武隆区/火炉镇', '全部项目', 1, 2, 0, 2]);
    const pairs = rows('结对');
    expect(pairs[0]).toEqual(['项目', '培养对象', '单位', '导师', '形式', '状态', '结对日期', '结束日期', '结束原因']);
    expect(pairs.slice(1).map((r) => [r[1], r[3], r[4], r[5], r[6]])).toEqual([['许一帆', '韩德明', '一带多', '在结对', '2026-09-01'], ['陆晨曦', '韩德明', '一带多', '在结对', '2026-09-01']]);
    expect(JSON.stringify(rows('结对'))).not.toContain('白马小青');
    const reports = rows('周报');
    expect(reports.slice(1).map((r) => [r[1], r[4], r[5], r[8]])).toEqual([['许一帆', 12, 2, 90], ['陆晨曦', 12, 0, 0]]);
    expect(await h.app.db.db.selectFrom('audit_log').select('target').where('action', '=', 'stats.export').execute()).toEqual([{ target: 'unit:武隆区/火炉镇' }]);
  });

  it('the admin CLI prints the same figures as text and CSV and writes the XLSX', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const ctx = { config: { timeZone: 'Asia/Shanghai' } as never, db: h.app.db, logger: h.app.logger ?? (undefined as never), out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    expect(await statsCommand.run(ctx, [])).toBe(0);
    expect(out.join('\n')).toContain('全区共配备优秀导师 2 名，建立“帮带对子” 3 对，覆盖 3 名优秀年轻干部。');
    out.length = 0;
    expect(await statsCommand.run(ctx, ['--unit', '火炉镇', '--format', 'csv'])).toBe(0);
    const lines = out.join('').split('\r\n');
    expect(lines[0]).toMatch(/^\uFEFF范围,项目,导师,在结对子,/);
    expect(lines[1]).toMatch(/^武隆区\/火炉镇,全部项目,1,2,0,2,/);
    expect(await statsCommand.run(ctx, ['--format', 'csv', '--sheet', '结对'])).toBe(0);
    expect(out.join('\n')).toContain('白马小青');
    expect(await statsCommand.run(ctx, ['--unit', '白马镇', '--format', 'pdf'])).toBe(2);
    expect(await statsCommand.run(ctx, ['--unit', '不存在的镇'])).toBe(1);
    expect(err.join('\n')).toContain('名册中没有单位“不存在的镇”');
    const file = `/tmp/stb-${process.pid}.xlsx`;
    expect(await statsCommand.run(ctx, ['--unit', '白马镇', '--format', 'xlsx', '--out', file])).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect((wb.getWorksheet('结对')!.getRow(2).values as unknown[])[2]).toBe('白马小青');
  });
});
