import { describe, expect, it } from 'vitest';
import axios from 'axios';
import { boundaryOf, MultipartError, parseMultipart } from '../../../src/emulator/multipart';

/** Every byte value, plus the sequences a careless parser trips on: CRLFs, "--" and a fake boundary line. */
const tricky = Buffer.concat([
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
  Buffer.from('\r\n--\r\n\r\n--not-the-boundary\r\n--'),
  Buffer.from([0xff, 0xfe, 0x00]),
]);

describe('parseMultipart', () => {
  it('reads what the SDK sends (axios + form-data: a Buffer with no filename) byte for byte', () => {
    // The SDK hands axios a plain object with Content-Type multipart/form-data; axios converts it like this.
    const form = axios.toFormData({ file_type: 'xls', file_name: '统计导出.xlsx', file: tricky }) as unknown as { getBuffer(): Buffer; getHeaders(): Record<string, string> };
    const parts = parseMultipart(form.getBuffer(), form.getHeaders()['content-type']!);
    expect(parts.map((p) => p.name)).toEqual(['file_type', 'file_name', 'file']);
    expect(parts[0]!.data.toString('utf8')).toBe('xls');
    expect(parts[1]!.data.toString('utf8')).toBe('统计导出.xlsx');
    const file = parts[2]!;
    expect(file.filename).toBeUndefined();
    expect(file.contentType).toBe('application/octet-stream');
    expect(file.data.equals(tricky)).toBe(true);
  });

  it('reads what a browser-style FormData sends (a Blob with a filename)', async () => {
    const form = new FormData();
    form.append('file_type', 'pdf');
    form.append('file', new Blob([tricky], { type: 'application/pdf' }), '周报.pdf');
    const response = new Response(form);
    const parts = parseMultipart(Buffer.from(await response.arrayBuffer()), response.headers.get('content-type')!);
    const file = parts.find((p) => p.name === 'file')!;
    expect(file.filename).toBe('周报.pdf');
    expect(file.contentType).toBe('application/pdf');
    expect(file.data.equals(tricky)).toBe(true);
  });

  it('takes a quoted boundary, a preamble, an empty part, RFC 5987 filenames and an epilogue', () => {
    const body = Buffer.from([
      'this preamble is ignored',
      '--b:1',
      'Content-Disposition: form-data; name="empty"',
      '',
      '',
      '--b:1',
      'Content-Disposition: form-data; name="file"; filename="x.bin"; filename*=UTF-8\'\'%E5%AF%BC%E5%87%BA.xlsx',
      '',
      'line one\r\nline two',
      '--b:1--',
      'epilogue',
    ].join('\r\n'));
    const parts = parseMultipart(body, 'multipart/form-data; boundary="b:1"');
    expect(parts).toHaveLength(2);
    expect(parts[0]).toMatchObject({ name: 'empty' });
    expect(parts[0]!.data.length).toBe(0);
    expect(parts[1]!.filename).toBe('导出.xlsx');
    expect(parts[1]!.data.toString()).toBe('line one\r\nline two');
  });

  it('refuses bodies that are not complete multipart/form-data', () => {
    const ct = 'multipart/form-data; boundary=zz';
    expect(() => parseMultipart(Buffer.from('{"file_type":"xls"}'), 'application/json')).toThrow(MultipartError);
    expect(() => parseMultipart(Buffer.from('no delimiter here'), ct)).toThrow(/no boundary/);
    expect(() => parseMultipart(Buffer.from('--zz\r\nContent-Disposition: form-data; name="a"\r\n\r\ncut short'), ct)).toThrow(/closing boundary/);
    expect(() => parseMultipart(Buffer.from('--zz\r\nContent-Type: text/plain\r\n\r\nx\r\n--zz--'), ct)).toThrow(/Content-Disposition/);
    expect(() => parseMultipart(Buffer.from('--zz\r\nContent-Disposition: form-data\r\n\r\nx\r\n--zz--'), ct)).toThrow(/without a name/);
  });

  it('finds the boundary parameter only on multipart/form-data', () => {
    expect(boundaryOf('multipart/form-data; boundary=----abc')).toBe('----abc');
    expect(boundaryOf('Multipart/Form-Data;boundary="a b"; charset=utf-8')).toBe('a b');
    expect(boundaryOf('multipart/mixed; boundary=abc')).toBeUndefined();
    expect(boundaryOf('multipart/form-data')).toBeUndefined();
  });
});
