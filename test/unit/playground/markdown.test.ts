import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../src/playground/static/markdown';
import { escapeMarkdown } from '../../../src/lark/cards/card-kit';
import { XSS_BREAKOUT, XSS_LINK, XSS_NAME } from './card-fixtures';
import { inertProblems, outer, tags, text } from './html-scan';

const md = (s: string, opts?: Parameters<typeof renderMarkdown>[1]): string => {
  const html = renderMarkdown(s, opts);
  expect(inertProblems(html)).toEqual([]);
  return html;
};

describe('renderMarkdown: the subset Lark draws', () => {
  it('draws bold, italic, strike, inline code and line breaks', () => {
    expect(md('**粗体** *斜体* ~~删除~~ `a <b> c`\n第二行')).toBe(
      '<p class="lk-md-p"><strong>粗体</strong> <em>斜体</em> <del>删除</del> <code class="lk-md-code">a &lt;b&gt; c</code><br>第二行</p>');
    expect(md('**外层 *内层* 外层**')).toBe('<p class="lk-md-p"><strong>外层 <em>内层</em> 外层</strong></p>');
    expect(md('a ** b')).toBe('<p class="lk-md-p">a ** b</p>');
  });

  it('draws - lists and 1. lists, and separates paragraphs at blank lines', () => {
    expect(md('需求：\n- 公文写作\n- 群众工作\n\n结尾')).toBe(
      '<p class="lk-md-p">需求：</p><ul class="lk-md-ul"><li>公文写作</li><li>群众工作</li></ul><p class="lk-md-p">结尾</p>');
    expect(md('2. 二\n3. 三')).toBe('<ol class="lk-md-ol" start="2"><li>二</li><li>三</li></ol>');
  });

  it('turns | tables | into <table> with a header row, escaped pipes staying in their cell', () => {
    const html = md(`| 周 | W40 | W41 |\n| --- | :---: | ---: |\n| 提交率 | 80% | ${escapeMarkdown('a|b')} |\n| 短行 |`);
    const table = outer(html, tags(html).find((x) => x.name === 'table')!);
    expect(tags(table).filter((x) => x.name === 'th').map((th) => text(outer(table, th)))).toEqual(['周', 'W40', 'W41']);
    const rows = tags(table).filter((x) => x.name === 'tr').slice(1).map((tr) => {
      const row = outer(table, tr);
      return tags(row).filter((x) => x.name === 'td').map((td) => text(outer(row, td)));
    });
    expect(rows).toEqual([['提交率', '80%', 'a|b'], ['短行', '', '']]);
    expect(table).toContain('<td class="lk-md-center">80%</td>');
    expect(md('| 不是表格 |\n没有分隔行')).not.toContain('<table');
  });

  it('colours <font> with the colour whitelist only', () => {
    expect(md("<font color='red'>退回</font>：原因")).toBe('<p class="lk-md-p"><span class="lk-font lk-font-red">退回</span>：原因</p>');
    expect(md('<font color="green-600">好</font> <font color=grey>灰</font>')).toBe(
      '<p class="lk-md-p"><span class="lk-font lk-font-green">好</span> <span class="lk-font lk-font-grey">灰</span></p>');
    expect(md("<font color='chartreuse'>x</font>")).toBe('<p class="lk-md-p"><span class="lk-font">x</span></p>');
    const odd = md('<font color="red;background:url(javascript:alert(1))">x</font>');
    expect(odd).not.toContain('lk-font');
    expect(text(odd)).toBe('<font color="red;background:url(javascript:alert(1))">x</font>');
  });

  it('links only http and https, opened in a new tab with rel=noopener', () => {
    const html = md('[课件](https://example.com/a?b=1&c=2) <a href=\'http://example.org\'>旧式</a>');
    expect(tags(html).filter((x) => x.name === 'a').map((a) => [a.attrs.href, a.attrs.target, a.attrs.rel, text(outer(html, a))])).toEqual([
      ['https://example.com/a?b=1&c=2', '_blank', 'noopener noreferrer', '课件'],
      ['http://example.org', '_blank', 'noopener noreferrer', '旧式'],
    ]);
    for (const bad of ['[x](javascript:alert(1))', '[x](JAVASCRIPT:alert(1))', '[x]( javascript:alert(1))', '[x](data:text/html,<script>alert(1)</script>)',
      '[x](vbscript:msgbox(1))', "<a href='javascript:alert(1)'>x</a>", '[x](//evil.example)', XSS_LINK]) {
      const out = md(bad);
      expect(tags(out).filter((x) => x.name === 'a')).toEqual([]);
      expect(text(out)).toBe(bad);
    }
  });

  it('shows <at> as @name from the people it knows, and @所有人 for everyone', () => {
    const people = [{ openId: 'ou_1', name: '韩德明' }, { openId: 'ou_2', name: XSS_NAME }];
    expect(md('<at id=ou_1></at> 请处理 <at id=all></at>', { people })).toBe(
      '<p class="lk-md-p"><span class="lk-at">@韩德明</span> 请处理 <span class="lk-at">@所有人</span></p>');
    expect(md('<at id=all></at>', { lang: 'en' })).toContain('@everyone');
    expect(md('<at id=ou_2></at>', { people })).toBe('<p class="lk-md-p"><span class="lk-at">@&lt;img src=x onerror=alert(1)&gt;</span></p>');
    expect(md('<at id=ou_unknown></at>')).toContain('@ou_unknown');
  });

  it('shows entities and backslash escapes as the characters they stand for, never as markup', () => {
    expect(md('&lt;b&gt;不是粗体&lt;/b&gt; &amp;lt; \\*\\*x\\*\\*')).toBe('<p class="lk-md-p">&lt;b&gt;不是粗体&lt;/b&gt; &amp;lt; **x**</p>');
    expect(text(md('&#60;script&#62;alert(1)&#60;/script&#62; &#x3C;img&#x3E;'))).toBe('<script>alert(1)</script> <img>');
    expect(md('&lt;font color=\'red\'&gt;x&lt;/font&gt;')).not.toContain('lk-font');
    expect(md('&lt;at id=all&gt;&lt;/at&gt;')).not.toContain('lk-at');
    expect(text(md('&#0; &#xD800; &bogus;'))).toBe('&#0; &#xD800; &bogus;');
    expect(text(md('👍🏻 赞 ✅ &#128077;'))).toBe('👍🏻 赞 ✅ 👍');
  });

  it('shows anything a user typed, after escapeMarkdown, exactly as typed', () => {
    const typed = [XSS_NAME, XSS_BREAKOUT, XSS_LINK, '**不是粗体**', '<at id=all></at>', '&lt;', '&amp;', '| a | b |', '- 不是列表', '# 不是标题',
      '`code`', '~~x~~', "<font color='red'>x</font>", '\\*', 'a\\b', '---', '[a](https://example.com)', "it's \"quoted\"", '👍🏻 赞', '<br>', '_x_'];
    for (const s of typed) {
      const html = md(escapeMarkdown(s));
      expect(tags(html).map((x) => x.name)).toEqual(['p']);
      expect(text(html)).toBe(s);
    }
  });

  it('stays fast on long and pathological input', () => {
    const inputs = ['*'.repeat(20_000), "<font color='red'>".repeat(3_000), '[a]('.repeat(5_000), '| a '.repeat(5_000), `${'**x '.repeat(5_000)}`];
    const started = Date.now();
    for (const s of inputs) md(s);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
