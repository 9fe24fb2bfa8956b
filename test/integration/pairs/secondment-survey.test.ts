import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, cardTitle, type Harness } from '../../helpers/test-app';
import type { TestPerson } from '../../helpers/people';
import { missing } from '../../helpers/services';
import { quietLogger } from '../../helpers/test-db';
import { expectBilingualCard } from '../../helpers/card-assertions';
import { surveySend } from '../../../src/cli/commands/survey-send';
import { MID_BATCH_2, addToBatch, buttonValues, cadreId, cardIn, contentOf, createSecondment, seniorCadre, setAbilities, villageCadre, type SecondmentProgram } from './secondment-kit';

const ADMIN: TestPerson = { openId: 'ou_sec_admin'.padEnd(28, '0'), name: '林晓岚', category: 'other', roles: ['admin'] };
const A = villageCadre('sa', '蒲小川');
const B = villageCadre('sb', '冉晓燕');
const C = villageCadre('sc', '张家豪');
const D = villageCadre('sd', '陈思雨');
const E = villageCadre('se', '刘一鸣');
const V1 = villageCadre('sv1', '赵前程');
const F = villageCadre('sf', '何向东');
const G = villageCadre('sg', '无批次');
const Y: TestPerson = { openId: 'ou_sec_sy'.padEnd(28, '0'), name: '许一帆', category: 'young', birthDate: '1996-01-01' };
const MENTOR = seniorCadre('sm', '蒲大川');

const FORM_TITLE = '挂职锻炼摸排 · 第 2 批';

describe.skipIf(missing('postgres') || missing('redis'))('挂职锻炼 摸排: the pre-survey of a secondment batch', () => {
  let h: Harness;
  let s: SecondmentProgram;
  const chat: Record<string, string> = {};
  const form: Record<string, string> = {};
  let summaryMessage: string;

  beforeAll(async () => {
    h = await startHarness({ app: { now: () => MID_BATCH_2 } });
    for (const p of [ADMIN, A, B, C, D, E, V1, F, G, Y, MENTOR]) chat[p.openId] = await h.addPerson(p);
    s = await createSecondment(h.app.db.db, 'sec_survey');
    await addToBatch(h.app.db.db, s.batch[1]!, [V1]);
    await addToBatch(h.app.db.db, s.batch[2]!, [A, B, C, D, E]);
    await addToBatch(h.app.db.db, s.batch[3]!, [F]);
    // B chose needs herself on the needs card; the survey must not overwrite them.
    await setAbilities(h.app.db.db, B, ['research'], []);
    // Batch 1 has ended; its one answer counts in the overall ranking only.
    await h.app.db.db.insertInto('survey_responses').values({ batch_id: s.batch[1]!, cadre_id: await cadreId(h.app.db.db, V1), choices: ['mass_work'], note: '' }).execute();
  });
  afterAll(async () => {
    await h?.close();
  });

  const submit = (who: TestPerson, messageId: string, formValue: Record<string, unknown>, batch = s.batch[2]!) =>
    h.emulator.click(messageId, { openId: who.openId, value: { a: 'survey.submit', b: batch }, formValue });
  const answers = () => h.app.db.db.selectFrom('survey_responses').select(['cadre_id', 'choices', 'note']).where('batch_id', '=', s.batch[2]!).orderBy('cadre_id').execute();
  const needsOf = async (p: TestPerson) => (await h.app.db.db.selectFrom('cadre_needs').innerJoin('catalogue_items', 'catalogue_items.id', 'item_id')
    .select('code').where('cadre_id', '=', await cadreId(h.app.db.db, p)).orderBy('rank').execute()).map((r) => r.code);
  const audits = (action: string, actor?: string) => {
    let q = h.app.db.db.selectFrom('audit_log').select(['actor', 'target']).where('action', '=', action);
    if (actor) q = q.where('actor', '=', actor);
    return q.execute();
  };

  async function adminSummary(): Promise<string> {
    await h.sender.sendMessage({ senderOpenId: ADMIN.openId, chatId: chat[ADMIN.openId]!, chatType: 'p2p', text: '我的' });
    const me = await cardIn(h, chat[ADMIN.openId]!, /^我的/);
    await h.emulator.click(me.messageId, { openId: ADMIN.openId, value: { a: 'admin.summary' } });
    const summary = await cardIn(h, chat[ADMIN.openId]!, '名册与项目概况');
    expect(buttonValues(summary.content, (v) => v.a === 'survey.summary')).toEqual([{ a: 'survey.summary', p: s.programId }]);
    expect(buttonValues(summary.content, (v) => v.a === 'survey.send')).toEqual([{ a: 'survey.send', p: s.programId }]);
    return summary.messageId;
  }

  it('is sent to a batch, answered, re-answered (replacing), and summarised by weighted votes', async () => {
    summaryMessage = await adminSummary();
    const sent = await h.emulator.click(summaryMessage, { openId: ADMIN.openId, value: { a: 'survey.send', p: s.programId, b: 2 } });
    expect(sent.toast).toMatchObject({ type: 'success', i18n: { zh_cn: expect.stringContaining('已向第 2 批 5 人发送') } });
    for (const p of [A, B, C, D, E]) {
      const m = await cardIn(h, chat[p.openId]!, FORM_TITLE);
      expectBilingualCard(m.content);
      const json = JSON.stringify(m.content);
      expect(json).toContain('"max_length":300');
      expect(json).toContain('最多 300 字');
      // village-track abilities only
      expect(json).toContain('"value":"rural_governance"');
      expect(json).not.toContain('"value":"policy_theory"');
      expect(buttonValues(m.content, (v) => v.a === 'survey.submit')).toEqual([{ a: 'survey.submit', b: s.batch[2] }]);
      form[p.openId] = m.messageId;
    }
    expect(await audits('survey.send', ADMIN.openId)).toHaveLength(1);

    const a = await submit(A, form[A.openId]!, { choice_1: 'mass_work', choice_2: 'driving_development', choice_3: 'rural_governance', note: '希望多下村，跟导师处理<at id=all>矛盾纠纷' });
    expect(a.toast).toMatchObject({ type: 'success' });
    expect(cardTitle(contentOf(h, form[A.openId]!))).toBe('摸排已提交');
    expectBilingualCard(contentOf(h, form[A.openId]!));
    await submit(B, form[B.openId]!, { choice_1: 'mass_work', choice_2: 'rural_governance', choice_3: 'driving_development', note: '' });
    await submit(C, form[C.openId]!, { choice_1: 'mass_work', choice_2: 'driving_development', choice_3: '' });
    await submit(D, form[D.openId]!, { choice_1: 'case_handling', choice_2: 'project_management', choice_3: 'rural_governance', note: '先这样' });
    expect(await needsOf(D)).toEqual(['case_handling', 'project_management', 'rural_governance']);

    // D changes her mind: "修改答案" brings the form back filled in; the new answer replaces the old one.
    const reopen = await h.emulator.click(form[D.openId]!, { openId: D.openId, value: buttonValues(contentOf(h, form[D.openId]!), (v) => v.a === 'survey.open')[0]! });
    expect(reopen.toast).toMatchObject({ type: 'success' });
    const again = await cardIn(h, chat[D.openId]!, FORM_TITLE, new Set([form[D.openId]!]));
    expect(JSON.stringify(again.content)).toContain('"initial_option":"case_handling"');
    expect(JSON.stringify(again.content)).toContain('"default_value":"先这样"');
    await submit(D, again.messageId, { choice_1: 'rural_governance', choice_2: 'driving_development', choice_3: 'case_handling', note: '' });

    const rows = await answers();
    expect(rows).toHaveLength(4);
    const dId = await cadreId(h.app.db.db, D);
    expect(rows.filter((r) => r.cadre_id === dId)).toEqual([{ cadre_id: dId, choices: ['rural_governance', 'driving_development', 'case_handling'], note: '' }]);
    // needs: A had none → the answer; B keeps her own; D's needs were her previous answer → follow the new one
    expect(await needsOf(A)).toEqual(['mass_work', 'driving_development', 'rural_governance']);
    expect(await needsOf(B)).toEqual(['research']);
    expect(await needsOf(D)).toEqual(['rural_governance', 'driving_development', 'case_handling']);
    expect(await audits('survey.submit')).toHaveLength(5);

    await h.emulator.click(summaryMessage, { openId: ADMIN.openId, value: { a: 'survey.summary', p: s.programId } });
    const result = await cardIn(h, chat[ADMIN.openId]!, '摸排结果 · 村社干部挂职锻炼');
    expectBilingualCard(result.content);
    const zh = (result.content as { body: { elements: { content?: string }[] } }).body.elements.map((e) => e.content ?? '').join('\n');
    // first choice 3, second 2, third 1: 群众工作 3+3+3 = 9, 推动发展 2+1+2+2 = 7, 乡村治理 1+2+3 = 6, 矛盾纠纷调处 1
    expect(zh).toContain('**第 2 批**　2031-03-01 ~ 2031-03-31　已填写 4/5 人\n1. 群众工作　9 分（3 人选择）\n2. 推动发展　7 分（4 人选择）\n3. 乡村治理　6 分（3 人选择）\n4. 矛盾纠纷调处　1 分（1 人选择）');
    expect(zh).toContain('**全部批次** 已填写 5/7 人');
    expect(zh).toContain('1. 群众工作　12 分（4 人选择）\n2. 推动发展　7 分（4 人选择）\n3. 乡村治理　6 分（3 人选择）');
    expect(zh).toContain('**第 3 批**　2031-04-01 ~ 2031-04-30　已填写 0/1 人');
    // the free text, escaped: a note cannot @-mention everyone
    expect(zh).toContain('蒲小川：希望多下村，跟导师处理&lt;at id=all&gt;矛盾纠纷');
    expect(JSON.stringify(result.content)).not.toContain('<at id=all>');
    // per-batch send buttons for the batches not yet ended
    expect(buttonValues(result.content, (v) => v.a === 'survey.send')).toEqual([{ a: 'survey.send', p: s.programId, b: 2 }, { a: 'survey.send', p: s.programId, b: 3 }]);

    // Sending again reaches only the one member who has not answered.
    const resend = await h.emulator.click(summaryMessage, { openId: ADMIN.openId, value: { a: 'survey.send', p: s.programId, b: 2 } });
    expect(resend.toast).toMatchObject({ i18n: { zh_cn: expect.stringContaining('1 人发送摸排问卷（4/5 人已填写）') } });
    // the admin summary's button names no batch: the one running today (10 March 2031) is meant
    const current = await h.emulator.click(summaryMessage, { openId: ADMIN.openId, value: { a: 'survey.send', p: s.programId } });
    expect(current.toast).toMatchObject({ i18n: { zh_cn: expect.stringContaining('已向第 2 批 1 人发送') } });
  });

  it('refuses forged values, and a member of another batch, auditing the attempts', async () => {
    const before = await answers();
    const msg = form[A.openId]!;
    const forged = [
      [{ choice_1: 'policy_theory' }, 'policy_theory'], // an ability, but not on the village track
      [{ choice_1: 'x; drop table cadres' }, 'drop table'],
      [{ choice_1: 'mass_work', choice_4: 'case_handling' }, '最多选择 3 项'],
      [{ choice_1: 'mass_work', note: '字'.repeat(301) }, '最多 300 字'],
      [{ choice_1: ['mass_work'] }, '格式不对'],
    ] as const;
    for (const [formValue, says] of forged) {
      const r = await submit(A, msg, formValue);
      expect(r.toast).toMatchObject({ type: 'warning', i18n: { zh_cn: expect.stringContaining(says) } });
    }
    const twice = await submit(A, msg, { choice_1: 'mass_work', choice_2: 'mass_work' });
    expect(twice.toast).toMatchObject({ type: 'warning', i18n: { zh_cn: expect.stringContaining('不止一次') } });
    const none = await submit(A, msg, { choice_1: '', note: '只写了字' });
    expect(none.toast).toMatchObject({ type: 'warning', i18n: { zh_cn: expect.stringContaining('至少选择一项') } });
    // exactly 300 characters is fine
    const longest = await submit(E, form[E.openId]!, { choice_1: 'project_management', note: '字'.repeat(300) });
    expect(longest.toast).toMatchObject({ type: 'success' });
    expect((await answers()).filter((r) => before.every((b) => b.cadre_id !== r.cadre_id))).toHaveLength(1);
    expect((await answers()).filter((r) => before.some((b) => b.cadre_id === r.cadre_id))).toEqual(before);
    expect(await audits('invalid:survey.submit', A.openId)).toHaveLength(forged.length);

    // F serves in batch 3; G in none; V1's batch has ended.
    for (const who of [F, G]) {
      const r = await submit(who, msg, { choice_1: 'mass_work' });
      expect(r.toast).toMatchObject({ type: 'warning', i18n: { zh_cn: expect.stringContaining('您不在该批次中') } });
    }
    expect(await audits('denied:survey.submit')).toEqual([{ actor: F.openId, target: `batch:${s.batch[2]}` }, { actor: G.openId, target: `batch:${s.batch[2]}` }]);
    const open = await h.emulator.click(msg, { openId: Y.openId, value: { a: 'survey.open', b: s.batch[2]! } });
    expect(open.toast).toMatchObject({ type: 'warning' });
    expect(await audits('denied:survey.answer', Y.openId)).toHaveLength(1);
    const late = await submit(V1, msg, { choice_1: 'mass_work' }, s.batch[1]!);
    expect(late.toast).toMatchObject({ type: 'warning', i18n: { zh_cn: expect.stringContaining('已结束') } });

    // Only admins see the summary and send the survey.
    const peek = await h.emulator.click(msg, { openId: A.openId, value: { a: 'survey.summary', p: s.programId } });
    expect(peek.toast).toMatchObject({ type: 'warning', i18n: { zh_cn: expect.stringContaining('只有组织部管理员') } });
    const send = await h.emulator.click(msg, { openId: A.openId, value: { a: 'survey.send', p: s.programId, b: 2 } });
    expect(send.toast).toMatchObject({ type: 'warning' });
    expect((await audits('denied:surveys.view', A.openId)).length).toBe(1);
    expect((await audits('denied:programs.manage', A.openId)).length).toBe(1);
    expect(await answers()).toHaveLength(5);
  });

  it('npm run admin -- survey-send <code> <batch> queues the form for the running bot to deliver', async () => {
    const out: string[] = [];
    const code = await surveySend.run({ config: h.app.config, db: h.app.db, logger: quietLogger, out: (l) => out.push(l), err: (l) => out.push(l) }, ['sec_survey', '3']);
    expect(code).toBe(0);
    expect(out[0]).toContain('sec_survey batch 3 (2031-04-01 – 2031-04-30): survey queued for 1 member(s); 0/1 already answered.');
    const m = await cardIn(h, chat[F.openId]!, '挂职锻炼摸排 · 第 3 批');
    expect(buttonValues(m.content, (v) => v.a === 'survey.submit')).toEqual([{ a: 'survey.submit', b: s.batch[3] }]);
    const bad: string[] = [];
    expect(await surveySend.run({ config: h.app.config, db: h.app.db, logger: quietLogger, out: (l) => bad.push(l), err: (l) => bad.push(l) }, ['sec_survey', '9'])).toBe(1);
    expect(bad.join('\n')).toContain('没有第 9 批');
  });
});
