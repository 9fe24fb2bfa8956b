import { describe, expect, it } from 'vitest';
import { renderCard, renderToast } from '../../../src/playground/static/card-render';
import { applicationCard, type ApplicationCardData } from '../../../src/lark/cards/application-cards';
import { approvalCard } from '../../../src/lark/cards/approval-cards';
import { button, buttonRow, card, markdown, t, type HeaderColour } from '../../../src/lark/cards/card-kit';
import { rateBatchCard, selfFormCard } from '../../../src/lark/cards/evaluation-cards';
import { rollCard, seriesFormCard, sessionCard } from '../../../src/lark/cards/school-cards';
import { seminarHomeCard } from '../../../src/lark/cards/seminar-cards';
import { statsCard } from '../../../src/lark/cards/stats-cards';
import { COMMENT_MAX, SELF_MAX } from '../../../src/services/evaluation-rating';
import { checkCardJson } from '../../../src/emulator/card-checks';
import { PEOPLE, XSS_BREAKOUT, XSS_NAME, approvalItems, evaluation, rateItems, session, statistics } from './card-fixtures';
import { inertProblems, outer, tags, text, type Tag } from './html-scan';

type Lang = 'zh' | 'en';
const TZ = 'Asia/Shanghai';

function render(c: unknown, lang: Lang = 'zh'): string {
  // Every card drawn here is one Lark would accept, so the tests draw what users really get.
  if (typeof c === 'object' && c !== null && (c as { schema?: string }).schema === '2.0') checkCardJson(JSON.stringify(c));
  const html = renderCard(c, { lang, messageId: 'om_test', people: PEOPLE });
  expect(inertProblems(html)).toEqual([]);
  return html;
}

interface ButtonSeen { label: string; value: unknown; name: string; submit: string; type: string; confirmTitle?: string; confirmText?: string; tag: Tag }

function buttons(html: string): ButtonSeen[] {
  return tags(html).filter((b) => b.name === 'button' && b.attrs['data-action'] === 'callback').map((b) => ({
    label: text(outer(html, b)).trim(),
    value: JSON.parse(b.attrs['data-value']!),
    name: b.attrs['data-name']!,
    submit: b.attrs['data-submit']!,
    type: (b.attrs.class ?? '').split(' ').find((c) => c.startsWith('lk-') && c !== 'lk-button') ?? '',
    ...(b.attrs['data-confirm-title'] !== undefined ? { confirmTitle: b.attrs['data-confirm-title'], confirmText: b.attrs['data-confirm-text'] } : {}),
    tag: b,
  }));
}

function form(html: string, name: string): string {
  const f = tags(html).find((x) => x.name === 'form' && x.attrs['data-form-name'] === name);
  if (!f) throw new Error(`no form ${name} in ${html.slice(0, 300)}`);
  return outer(html, f);
}

interface FieldSeen { tag: string; name: string; attrs: Record<string, string>; label: string; options: { value: string; text: string; selected: boolean }[]; content: string }

/** The named fields of a form as a user meets them: control, its caption, its options. */
function fields(formHtml: string): FieldSeen[] {
  const labels = tags(formHtml).filter((x) => x.name === 'label');
  return tags(formHtml).filter((x) => ['input', 'select', 'textarea'].includes(x.name) && x.attrs.name !== undefined).map((x) => {
    const body = x.name === 'input' ? '' : outer(formHtml, x);
    const label = labels.find((l) => l.at < x.at && outer(formHtml, l).includes(x.raw));
    const caption = label ? text(outer(formHtml, label).replace(body, '')).trim() : '';
    return {
      tag: x.name, name: x.attrs.name!, attrs: x.attrs, label: caption, content: x.name === 'textarea' ? text(body) : '',
      options: tags(body).filter((o) => o.name === 'option').map((o) => ({ value: o.attrs.value!, text: text(outer(body, o)), selected: 'selected' in o.attrs })),
    };
  });
}

const field = (fs: FieldSeen[], name: string): FieldSeen => {
  const f = fs.find((x) => x.name === name);
  if (!f) throw new Error(`no field ${name}: ${fs.map((x) => x.name).join(', ')}`);
  return f;
};

const appData = (over: Partial<ApplicationCardData['mentee']> = {}, reason = '希望学习公文写作'): ApplicationCardData => ({
  applicationId: 7, programNameZh: '年轻干部“导师帮带”', programNameEn: 'Young cadre mentoring', rank: 1, reason,
  mentee: { name: '许一帆', unitPath: '武隆区/火炉镇/党政办', category: 'young', reasons: [t('同一单位', 'Same unit'), t('特长匹配', 'Strengths match')], ...over },
  needs: [{ nameZh: '公文写作', nameEn: 'Official writing', matched: true }, { nameZh: '群众工作', nameEn: 'Community work', matched: false }],
  load: 1, capacity: 3,
});

describe('renderCard: the mentoring request a mentor receives', () => {
  it('shows the header in its colour, the mentee, the needs as a list and the decision form (zh)', () => {
    const html = render(applicationCard(appData()));
    expect(html).toMatch(/^<div class="lk-card" data-message-id="om_test"/);
    const header = tags(html).find((x) => x.name === 'header')!;
    expect(header.attrs.class).toBe('lk-header lk-blue');
    expect(text(outer(html, header))).toBe('拜师申请 · 许一帆');
    const seen = text(html);
    expect(seen).toContain('许一帆　武隆区/火炉镇/党政办　年轻干部');
    expect(seen).toContain('这是 TA 的第 1 志愿');
    expect(seen).toContain('您目前带教 1/3 人。');
    // "- 同一单位" lines and "1. 公文写作" lines are lists, as Lark draws them
    expect(html).toContain('<ul class="lk-md-ul"><li>同一单位</li><li>特长匹配</li></ul>');
    expect(html).toMatch(/<ol class="lk-md-ol"><li>公文写作（您的特长）<\/li><li>群众工作<\/li><\/ol>/);
    expect(html).toContain('<strong>许一帆</strong>');

    const f = fields(form(html, 'decide_form'));
    expect(f.map((x) => [x.tag, x.name])).toEqual([['input', 'reason']]);
    expect(f[0]!.attrs).toMatchObject({ type: 'text', maxlength: '200', placeholder: '婉拒时请写理由（200 字以内），对方会看到' });
    const bs = buttons(form(html, 'decide_form'));
    expect(bs.map((b) => [b.label, b.type, b.name, b.submit, b.value])).toEqual([
      ['接受', 'lk-primary', 'accept', '1', { a: 'app.accept', id: 7 }],
      ['婉拒', 'lk-danger', 'decline', '1', { a: 'app.decline', id: 7 }],
    ]);
  });

  it('shows the English texts when the console is in English', () => {
    const html = render(applicationCard(appData()), 'en');
    expect(html).toContain('lang="en"');
    const seen = text(html);
    expect(seen).toContain('Mentoring request · 许一帆');
    expect(seen).toContain('Program: Young cadre mentoring · choice no. 1');
    expect(seen).toContain('You currently mentor 1 of 3.');
    expect(seen).not.toContain('拜师申请');
    expect(buttons(html).map((b) => b.label)).toEqual(['Accept', 'Decline']);
    expect(field(fields(form(html, 'decide_form')), 'reason').attrs.placeholder).toBe('If declining, give a reason (up to 200 characters); they will read it');
  });

  it('shows an XSS-shaped name and reason as the characters typed, never as markup', () => {
    const html = render(applicationCard(appData({ name: XSS_NAME, unitPath: XSS_BREAKOUT }, `${XSS_BREAKOUT} **不是粗体** <at id=all></at> &lt;`)));
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(tags(html).some((x) => Object.keys(x.attrs).some((k) => k.startsWith('on')))).toBe(false);
    const seen = text(html);
    // the header title is plain text, the body markdown was escaped by escapeMarkdown: both read as typed
    expect(seen).toContain(`拜师申请 · ${XSS_NAME}`);
    expect(seen).toContain(`${XSS_NAME}　${XSS_BREAKOUT}`);
    expect(seen).toContain(`${XSS_BREAKOUT} **不是粗体** <at id=all></at> &lt;`);
    expect(html).not.toContain('lk-at'); // no mention of everyone
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});

describe('renderCard: the evaluation cards', () => {
  it('draws the batch rating form: a rating select and a comment per pair, the returned note in red', () => {
    const html = render(rateBatchCard('2025Q3', rateItems(), 2));
    expect(text(tags(html).map((x) => x).filter((x) => x.name === 'header').map((h) => outer(html, h)).join(''))).toBe('2025年第三季度帮带测评');
    const fs = fields(form(html, 'eval_batch'));
    expect(fs.map((x) => `${x.tag}:${x.name}`)).toEqual(['select:r_1', 'input:c_1', 'select:r_2', 'input:c_2']);
    const r1 = field(fs, 'r_1');
    expect(r1.options).toEqual([
      { value: '', text: '评定等级', selected: false },
      { value: 'excellent', text: '优秀', selected: false },
      { value: 'good', text: '良好', selected: false },
      { value: 'pass', text: '合格', selected: false },
      { value: 'fail', text: '不合格', selected: false },
    ]);
    expect(r1.attrs['aria-label']).toBe('评定等级');
    // the returned pair starts from what the assessor had said
    expect(field(fs, 'r_2').options.filter((o) => o.selected).map((o) => o.value)).toEqual(['good']);
    expect(field(fs, 'c_2').attrs.value).toBe(`请补充 ${XSS_BREAKOUT}`);
    expect(field(fs, 'c_1').attrs.maxlength).toBe(String(COMMENT_MAX));
    expect(html).toMatch(/<span class="lk-font lk-font-red">已被李书记退回<\/span>：证据不足/);
    expect(buttons(html).map((b) => [b.label, b.value, b.submit])).toEqual([['提交审批', { a: 'eval.submit' }, '1']]);
    expect(text(html)).toContain('还有 2 对待评定');
    expect(text(html)).toContain(`${XSS_NAME}（武隆区/火炉镇/党政办）`);
    expect(text(html)).toContain('周报 11/13 周（迟交 2） · 辅导 540 分钟');
  });

  it('draws the same form in English', () => {
    const html = render(rateBatchCard('2025Q3', rateItems(), 0), 'en');
    const fs = fields(form(html, 'eval_batch'));
    expect(field(fs, 'r_1').options.map((o) => o.text)).toEqual(['Rating', 'Excellent', 'Good', 'Satisfactory', 'Unsatisfactory']);
    expect(field(fs, 'c_1').attrs.placeholder).toBe('Comment (required for Excellent and Unsatisfactory)');
    expect(text(html)).toContain('Returned by 李书记');
    expect(buttons(html)[0]!.label).toBe('Send for approval');
  });

  it('draws the self-assessment as a multi-line text area holding the saved text', () => {
    const e = { ...evaluation(1, '许一帆'), menteeSelf: '第一行\n<b>第二行</b>' };
    const html = render(selfFormCard(e, 'mentee'));
    const self = field(fields(form(html, 'eval_self')), 'self');
    expect(self.tag).toBe('textarea');
    expect(self.attrs).toMatchObject({ rows: '3', maxlength: String(SELF_MAX), placeholder: '本季度的收获与不足' });
    expect(self.content).toBe('第一行\n<b>第二行</b>');
    expect(tags(html).find((x) => x.name === 'header')!.attrs.class).toBe('lk-header lk-wathet');
  });

  it('draws the leader approval card: approve and return per pending rating, approve-all with a confirm dialog', () => {
    const items = approvalItems();
    const html = render(approvalCard(items, TZ));
    expect(tags(html).find((x) => x.name === 'header')!.attrs.class).toBe('lk-header lk-orange');
    const bs = buttons(html);
    expect(bs.map((b) => [b.label, b.type, b.value])).toEqual([
      ['同意', 'lk-primary', { a: 'eval.approve', r: 21, v: '21,22,23' }],
      ['退回', 'lk-danger', { a: 'eval.return.open', r: 21, v: '21,22,23' }],
      ['同意', 'lk-primary', { a: 'eval.approve', r: 22, v: '21,22,23' }],
      ['退回', 'lk-danger', { a: 'eval.return.open', r: 22, v: '21,22,23' }],
      ['全部同意（2）', 'lk-primary_filled', { a: 'eval.approve.all', ids: '21,22', v: '21,22,23' }],
    ]);
    expect(bs.every((b) => b.submit === '0')).toBe(true);
    expect(bs.slice(0, 4).every((b) => b.confirmTitle === undefined)).toBe(true);
    expect(bs[4]).toMatchObject({ confirmTitle: '全部同意？', confirmText: '同意这 2 条评定。' });
    // the buttons sit in rows that wrap (buttonRow = column_set flex_mode flow)
    expect(html).toContain('<div class="lk-columns lk-flex-flow lk-gap-8">');
    expect(tags(html).filter((x) => x.name === 'hr')).toHaveLength(4);
    const seen = text(html);
    expect(seen).toContain('✅ 已同意 · 李书记 · 2025-10-11 10:00');
    expect(seen).toContain("评语：it's bad' onmouseover='alert(1)");
    const en = buttons(render(approvalCard(items, TZ), 'en'));
    expect(en.map((b) => b.label)).toEqual(['Approve', 'Return', 'Approve', 'Return', 'Approve all (2)']);
    expect(en[4]).toMatchObject({ confirmTitle: 'Approve all?', confirmText: 'Approve these 2 ratings.' });
  });
});

describe('renderCard: statistics', () => {
  it('draws both charts as SVG (not JSON), the tables as tables, and the unit buttons', () => {
    const s = statistics();
    const html = render(statsCard(s, true));
    expect(tags(html).find((x) => x.name === 'header')!.attrs.class).toBe('lk-header lk-indigo');
    expect(html).not.toContain('chart_spec');
    expect(html).not.toContain('"xField"');
    const charts = tags(html).filter((x) => x.name === 'svg');
    expect(charts.map((c) => c.attrs['aria-label'])).toEqual(['2025年第三季度测评等级分布 2025 Q3 ratings', '周报提交率（近13周） Weekly reports handed in']);
    expect(charts.every((c) => c.attrs.role === 'img' && c.attrs.class === 'lk-chart')).toBe(true);
    const [bar, line] = charts.map((c) => outer(html, c));
    expect(tags(bar!).filter((x) => x.name === 'rect' && x.attrs.class === 'lk-bar')).toHaveLength(4);
    expect(tags(line!).filter((x) => x.name === 'circle' && x.attrs.class === 'lk-point')).toHaveLength(s.reportWeeks.length);

    const tables = tags(html).filter((x) => x.name === 'table').map((x) => outer(html, x));
    expect(tables).toHaveLength(2);
    expect(tags(tables[0]!).filter((x) => x.name === 'th').map((th) => text(outer(tables[0]!, th)))).toEqual(['等级', '优秀', '良好', '合格', '不合格', '未定']);
    expect(tags(tables[0]!).filter((x) => x.name === 'td').map((td) => text(outer(tables[0]!, td)))).toEqual(['对数', '4', '7', '3', '1', '2']);
    expect(tags(tables[1]!).filter((x) => x.name === 'th')).toHaveLength(14);

    const bs = buttons(html);
    expect(bs.map((b) => [b.label, b.value])).toEqual([
      ['火炉镇', { a: 'stats.unit', u: 2 }],
      [XSS_NAME, { a: 'stats.unit', u: 4 }],
      ['导出 Excel', { a: 'stats.export', u: 1 }],
    ]);
    expect(text(html)).toContain('截至 2025-10-15，全区共配备优秀导师 12 名，建立“帮带对子” 15 对，覆盖 11 名优秀年轻干部。');
    expect(text(render(statsCard(s, true), 'en'))).toContain('As of 2025-10-15, the district has 12 mentors in 15 mentoring pairs, covering 11 young cadres.');
  });
});

describe('renderCard: night school and seminar forms', () => {
  it('draws the new-series form: labelled inputs, weekday select, program select, person pickers, date pickers', () => {
    const programs = [{ id: 1, nameZh: '年轻干部“导师帮带”', nameEn: 'Young cadre mentoring' }, { id: 2, nameZh: '以新促老', nameEn: 'Reverse mentoring' }];
    const html = render(seriesFormCard(programs));
    const fs = fields(form(html, 'series_form'));
    expect(fs.map((x) => [x.name, x.tag, x.attrs.type ?? '', 'multiple' in x.attrs])).toEqual([
      ['name', 'input', 'text', false],
      ['weekday', 'select', '', false],
      ['time', 'input', 'text', false],
      ['duration', 'input', 'text', false],
      ['place', 'input', 'text', false],
      ['program', 'select', '', false],
      ['unit', 'input', 'text', false],
      ['people', 'select', '', true],
      ['teacher', 'select', '', false],
      ['starts_on', 'input', 'date', false],
      ['ends_on', 'input', 'date', false],
    ]);
    expect(field(fs, 'name').label).toBe('名称');
    expect(field(fs, 'name').attrs.placeholder).toBe('如：干部夜校 · 办公软件');
    expect(field(fs, 'weekday').options.map((o) => [o.value, o.text])).toEqual([['', '每周几'], ['1', '周一'], ['2', '周二'], ['3', '周三'], ['4', '周四'], ['5', '周五'], ['6', '周六'], ['7', '周日']]);
    expect(field(fs, 'program').options.slice(1).map((o) => [o.value, o.text])).toEqual([['1', '年轻干部“导师帮带”'], ['2', '以新促老']]);
    // person pickers list the console's people: value = open id, text = name (an XSS-shaped name stays text)
    const teacher = field(fs, 'teacher');
    expect(teacher.options.map((o) => [o.value, o.text])).toEqual([['', '授课老师'], ...PEOPLE.map((p) => [p.openId, p.name])]);
    expect(field(fs, 'people').options.map((o) => o.value)).toEqual(PEOPLE.map((p) => p.openId));
    expect(field(fs, 'people').label).toBe('或：指定人员');
    expect(tags(form(html, 'series_form')).filter((x) => x.name === 'optgroup').map((x) => x.attrs.label)).toContain('武隆区/"><b>单位');
    // a date input shows no placeholder, so the placeholder is its caption
    expect(field(fs, 'starts_on').label).toBe('开始日期（默认今天）');
    expect(buttons(html).map((b) => [b.label, b.submit, b.value])).toEqual([['创建', '1', { a: 'school.create' }]]);

    const en = fields(form(render(seriesFormCard(programs), 'en'), 'series_form'));
    expect(field(en, 'weekday').options.map((o) => o.text)).toEqual(['Weekday', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    expect(field(en, 'program').options.map((o) => o.text)).toEqual(['Audience: a program', 'Young cadre mentoring', 'Reverse mentoring']);
    expect(field(en, 'name').label).toBe('Name');
  });

  it('draws the seminar scheduling form with a time picker', () => {
    const html = render(seminarHomeCard([], TZ, { programs: [{ id: 1, nameZh: '导师引航', nameEn: 'Mentoring' }], awaiting: [] }));
    const fs = fields(form(html, 'seminar_create'));
    expect(field(fs, 'date').attrs.type).toBe('date');
    expect(field(fs, 'time').attrs.type).toBe('time');
    expect(field(fs, 'time').label).toBe('开始时间');
    expect(text(form(html, 'seminar_create'))).toContain('安排一场交流研讨会');
  });

  it('draws the roll call as a multi-select of the audience and the close button', () => {
    const audience = [{ cadreId: 201, name: '许一帆' }, { cadreId: 202, name: XSS_NAME }];
    const html = render(rollCard(session(), audience, [{ sessionId: 42, cadreId: 201, status: 'present' } as never], TZ));
    const present = field(fields(form(html, 'roll_form')), 'present');
    expect(present.tag).toBe('select');
    expect('multiple' in present.attrs).toBe(true);
    expect(present.options.map((o) => [o.value, o.text])).toEqual([['201', '许一帆'], ['202', XSS_NAME]]);
    expect(buttons(html).map((b) => [b.label, b.type, b.submit])).toEqual([['记为到场', 'lk-primary', '1'], ['结课', 'lk-danger', '0']]);
  });

  it('links the materials with rel=noopener, and a javascript: materials link stays text', () => {
    const html = render(sessionCard(session(), { kind: 'view', timeZone: TZ }));
    const a = tags(html).filter((x) => x.name === 'a');
    expect(a.map((x) => [x.attrs.href, x.attrs.target, x.attrs.rel])).toEqual([['https://example.com/slides?id=1&v=2', '_blank', 'noopener noreferrer']]);
    expect(buttons(html).map((b) => [b.label, b.name])).toEqual([['报名', 'school_register'], ['签到', 'school_checkin'], ['请假', 'school_leave']]);
    expect(tags(html).find((x) => x.name === 'header')!.attrs.class).toBe('lk-header lk-blue');
    expect(text(html)).toContain('干部夜校 · 办公软件'); // the subtitle

    const bad = render(sessionCard(session({ materialsUrl: 'javascript:alert(1)' }), { kind: 'view', timeZone: TZ }));
    expect(tags(bad).filter((x) => x.name === 'a')).toEqual([]);
    expect(bad).not.toMatch(/href="javascript/i);
    expect(text(bad)).toContain('[打开](javascript:alert(1))');
  });
});

describe('renderCard: escaping of attributes', () => {
  it("keeps a value with ' and \" inside its data-value attribute, and it parses back to the same value", () => {
    const value = { a: "x' onmouseover='alert(1)", b: '"><script>alert(1)</script>', n: 3 };
    const html = render(card({ title: t(XSS_BREAKOUT, XSS_BREAKOUT), elements: [buttonRow([button({ label: t(XSS_NAME, XSS_NAME), value, name: "n'x", confirm: { title: t(XSS_NAME, XSS_NAME), text: t("'", "'") } })])] }));
    const [b] = buttons(html);
    expect(b!.value).toEqual(value);
    expect(b!.name).toBe("n'x");
    expect(b!.label).toBe(XSS_NAME);
    expect(b!.confirmTitle).toBe(XSS_NAME);
    expect(Object.keys(b!.tag.attrs).sort()).toEqual(['class', 'data-action', 'data-confirm-text', 'data-confirm-title', 'data-name', 'data-submit', 'data-value', 'type']);
    expect(html).not.toMatch(/<script/i);
    expect(text(html)).toContain(XSS_BREAKOUT);
  });

  it('escapes the message id', () => {
    const html = renderCard(card({ title: t('a', 'a'), elements: [] }), { lang: 'zh', messageId: 'om_"><script>', people: [] });
    expect(tags(html)[0]!.attrs['data-message-id']).toBe('om_"><script>');
    expect(inertProblems(html)).toEqual([]);
  });
});

describe('renderCard: headers, layout and what it does not support', () => {
  const colours: HeaderColour[] = ['blue', 'wathet', 'turquoise', 'green', 'yellow', 'orange', 'red', 'carmine', 'violet', 'purple', 'indigo', 'grey'];

  it('gives each header template its colour class, and shows the subtitle in the chosen language', () => {
    for (const colour of colours) {
      const html = render(card({ title: t('标题', 'Title'), subtitle: t('副标题', 'Subtitle'), colour, elements: [] }));
      expect(tags(html).find((x) => x.name === 'header')!.attrs.class).toBe(`lk-header lk-${colour}`);
    }
    const c = card({ title: t('标题', 'Title'), subtitle: t('副标题', 'Subtitle'), elements: [], summary: t('摘要只在会话列表里', 'summary only in the chat list') });
    expect(text(render(c))).toBe('标题副标题');
    expect(text(render(c, 'en'))).toBe('TitleSubtitle');
    const odd = render({ schema: '2.0', header: { template: 'rainbow" onclick="x', title: { tag: 'plain_text', content: 'x' } }, body: { elements: [] } });
    expect(tags(odd).find((x) => x.name === 'header')!.attrs.class).toBe('lk-header lk-default');
  });

  it('lays out column sets with their weights and hr as a divider', () => {
    const html = render({
      schema: '2.0', header: { title: { tag: 'plain_text', content: 'x' } },
      body: { elements: [
        { tag: 'column_set', flex_mode: 'none', horizontal_spacing: '8px', columns: [
          { tag: 'column', width: 'weighted', weight: 4, vertical_align: 'center', elements: [markdown(t('左边', 'left'))] },
          { tag: 'column', width: 'auto', elements: [button({ label: t('移除', 'Remove'), value: { a: 'x' }, type: 'danger' })] },
        ] },
        { tag: 'hr' },
        { tag: 'div', text: { tag: 'plain_text', content: '第一行\n<b>第二行</b>' } },
      ] },
    });
    expect(html).toContain('<div class="lk-columns lk-flex-none lk-gap-8"><div class="lk-column lk-col-weight-4 lk-valign-center">');
    expect(html).toContain('<div class="lk-column lk-col-auto"><button type="button" class="lk-button lk-danger"');
    expect(html).toContain('<hr class="lk-hr">');
    expect(html).toContain('第一行<br>&lt;b&gt;第二行&lt;/b&gt;');
  });

  it('shows every component it does not support as a visible placeholder naming it', () => {
    const elements = [
      { tag: 'overflow', options: [] },
      { tag: 'checker', name: 'c', text: { tag: 'plain_text', content: 'x' } },
      { tag: 'select_img', name: 's', options: [] },
      { tag: 'foo"><script>alert(1)</script>' },
      { tag: 'chart', chart_spec: { type: 'radar', data: { values: [] } } },
      { tag: 'select_static', name: 'alone', options: [] },
      { tag: 'form', name: 'outer', elements: [{ tag: 'form', name: 'inner', elements: [] }] },
      { notag: true },
    ];
    const html = renderCard({ schema: '2.0', header: { title: { tag: 'plain_text', content: 'x' } }, body: { elements } }, { lang: 'zh', messageId: 'm', people: [] });
    expect(inertProblems(html)).toEqual([]);
    const placeholders = tags(html).filter((x) => x.attrs.class === 'lk-unsupported');
    expect(placeholders.map((p) => p.attrs['data-tag'])).toEqual(['overflow', 'checker', 'select_img', 'foo"><script>alert(1)</script>', 'chart', 'select_static', 'form', '?']);
    expect(text(outer(html, placeholders[0]!))).toBe('[不支持的组件 Unsupported: overflow]');
    expect(text(outer(html, placeholders[4]!))).toContain('radar');
    expect(text(outer(html, placeholders[5]!))).toContain('不在表单内');
  });

  it('draws images as a labelled box, collapsible panels as details, people as @names', () => {
    const html = render({
      schema: '2.0', header: { title: { tag: 'plain_text', content: 'x' } },
      body: { elements: [
        { tag: 'img', img_key: 'img_v2_x', alt: { tag: 'plain_text', content: '活动照片', i18n_content: { zh_cn: '活动照片', en_us: 'Event photo' } } },
        { tag: 'collapsible_panel', expanded: false, header: { title: { tag: 'markdown', content: '**更多**' } }, elements: [markdown(t('细节', 'details'))] },
        { tag: 'person', user_id: 'ou_mentor_1' },
      ] },
    });
    expect(html).toContain('<div class="lk-img" role="img" aria-label="活动照片">');
    expect(html).toMatch(/<details class="lk-collapsible"><summary class="lk-collapsible-title"><p class="lk-md-p"><strong>更多<\/strong><\/p><\/summary>/);
    expect(text(html)).toContain('@韩德明');
    expect(render({ schema: '2.0', body: { elements: [{ tag: 'img', alt: { tag: 'plain_text', content: '活动照片', i18n_content: { zh_cn: '活动照片', en_us: 'Event photo' } } }] } }, 'en')).toContain('aria-label="Event photo"');
  });

  it('never throws on a malformed card', () => {
    for (const c of [null, 'x', 42, [], { schema: '2.0' }, { body: { elements: 'x' } }, { schema: '2.0', body: { elements: [{ tag: 'column_set', columns: 'x' }, { tag: 'button', behaviors: 'x' }, { tag: 'chart' }] } }]) {
      const html = renderCard(c, { lang: 'zh', messageId: 'm', people: [] });
      expect(html.startsWith('<div class="lk-card"')).toBe(true);
      expect(inertProblems(html)).toEqual([]);
    }
  });
});

describe('renderToast', () => {
  it('shows the toast in the chosen language with its type, escaped', () => {
    const toast = { type: 'success', content: '已接受', i18n: { zh_cn: '已接受', en_us: 'Accepted' } };
    expect(text(renderToast(toast, 'zh'))).toContain('已接受');
    expect(text(renderToast(toast, 'en'))).toContain('Accepted');
    expect(tags(renderToast(toast, 'en'))[0]!.attrs).toMatchObject({ class: 'lk-toast lk-toast-success', role: 'status' });
    expect(tags(renderToast({ type: 'error', content: 'x' }, 'zh'))[0]!.attrs).toMatchObject({ class: 'lk-toast lk-toast-error', role: 'alert' });
    const evil = renderToast({ type: 'info"><script>', content: XSS_NAME }, 'en');
    expect(inertProblems(evil)).toEqual([]);
    expect(tags(evil)[0]!.attrs.class).toBe('lk-toast lk-toast-info');
    expect(text(evil)).toContain(XSS_NAME);
    expect(renderToast(null, 'zh')).toBe('');
  });
});
