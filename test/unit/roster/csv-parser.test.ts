import { describe, expect, it } from 'vitest';
import { decodeUtf8, parseCsv } from '../../../src/roster/csv-parser';
import { readRosterTable } from '../../../src/roster/roster-table';

const ok = (text: string) => {
  const r = parseCsv(text);
  if (!r.ok) throw new Error(`parse failed: line ${r.line}: ${r.reason}`);
  return r.records;
};

describe('parseCsv (RFC 4180)', () => {
  it('splits plain fields and numbers records by their physical line, LF or CRLF', () => {
    expect(ok('a,b,c\n1,2,3\n')).toEqual([{ line: 1, fields: ['a', 'b', 'c'] }, { line: 2, fields: ['1', '2', '3'] }]);
    expect(ok('a,b\r\n1,2\r\n3,4')).toEqual([{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['1', '2'] }, { line: 3, fields: ['3', '4'] }]);
    expect(ok('a\r1\r')).toEqual([{ line: 1, fields: ['a'] }, { line: 2, fields: ['1'] }]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(ok('a,,c,\n')).toEqual([{ line: 1, fields: ['a', '', 'c', ''] }]);
  });

  it('reads quoted fields with commas, "" escapes and line breaks; later records keep their real line numbers', () => {
    const text = 'name,note\r\n"张三","说 ""你好"", 然后\r\n换行"\r\n李四,"a,b"\r\n"王五","x\ny\nz"\n赵六,end\n';
    expect(ok(text)).toEqual([
      { line: 1, fields: ['name', 'note'] },
      { line: 2, fields: ['张三', '说 "你好", 然后\r\n换行'] },
      { line: 4, fields: ['李四', 'a,b'] },
      { line: 5, fields: ['王五', 'x\ny\nz'] },
      { line: 8, fields: ['赵六', 'end'] },
    ]);
  });

  it('returns a blank line as one empty field (the caller skips it) and counts it', () => {
    expect(ok('a\n\n\nb\n')).toEqual([{ line: 1, fields: ['a'] }, { line: 2, fields: [''] }, { line: 3, fields: [''] }, { line: 4, fields: ['b'] }]);
  });

  it('keeps a quote inside an unquoted field as a character', () => {
    expect(ok('5" disk,x\n')).toEqual([{ line: 1, fields: ['5" disk', 'x'] }]);
  });

  it('refuses an unclosed quote at the line where it opened, and text after a closing quote', () => {
    expect(parseCsv('a,b\n1,"oops\n2,3\n')).toEqual({ ok: false, line: 2, reason: expect.stringContaining('never closed') });
    expect(parseCsv('a,b\n"x"y,2\n')).toEqual({ ok: false, line: 2, reason: expect.stringContaining('after a closing quote') });
  });
});

describe('decodeUtf8 and readRosterTable', () => {
  it('strips a UTF-8 BOM', () => {
    const r = decodeUtf8(Buffer.from('\uFEFFname,单位\n', 'utf8'));
    expect(r).toEqual({ ok: true, text: 'name,单位\n' });
  });

  it('refuses GBK bytes and says on which line they start', () => {
    // "名" in GBK is C3 FB, not valid UTF-8
    const bytes = Buffer.concat([Buffer.from('name,unit\nok,ok\n'), Buffer.from([0xc3, 0xfb]), Buffer.from(',x\n')]);
    expect(decodeUtf8(bytes)).toEqual({ ok: false, line: 3, reason: expect.stringContaining('not UTF-8') });
  });

  it('drops blank and all-empty lines but keeps the line numbers of the others', async () => {
    const t = await readRosterTable(Buffer.from('\uFEFFa,b\r\n\r\n , \r\n1,2\r\n,,\r\n'), 'x.CSV');
    expect(t).toEqual({ ok: true, rows: [{ line: 1, cells: ['a', 'b'] }, { line: 4, cells: ['1', '2'] }] });
  });

  it('refuses file types other than .csv and .xlsx', async () => {
    const t = await readRosterTable(Buffer.from('x'), 'roster.xls');
    expect(t).toEqual({ ok: false, errors: [{ line: 1, column: '', reason: expect.stringContaining('unsupported file type') }] });
  });
});
