/** One CSV record and the physical line (1-based) where it starts, so errors can point into the file. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export type CsvResult = { ok: true; records: CsvRecord[] } | { ok: false; line: number; reason: string };

/**
 * RFC 4180: comma-separated, fields optionally in double quotes, `""` is a quote inside a quoted field,
 * quoted fields may hold commas and line breaks. Records end at CRLF, LF or a lone CR. A quote inside an
 * unquoted field is kept as a character (what Excel does when it reads such a file).
 * Blank lines come back as a record with one empty field; the caller decides to skip them.
 */
export function parseCsv(text: string): CsvResult {
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        const quoteLine = line;
        i++;
        for (;;) {
          if (i >= n) return { ok: false, line: quoteLine, reason: '引号未闭合 a quoted field is never closed' };
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
          value += c;
          i++;
        }
        if (i < n && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
          return { ok: false, line, reason: '引号后有多余字符 unexpected text after a closing quote (write "" for a quote inside quotes)' };
        }
      } else {
        const from = i;
        while (i < n && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') i++;
        value = text.slice(from, i);
      }
      fields.push(value);
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    records.push({ line: start, fields });
    // the record's end of line: CRLF, LF or CR (EOF needs nothing)
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
  }
  return { ok: true, records };
}

/**
 * Bytes → text. The roster contract is UTF-8 with or without BOM. Excel's plain "CSV" on a Chinese Windows
 * writes GBK instead; decoding that as UTF-8 would store garbled names, so it is refused with the fix.
 */
export function decodeUtf8(bytes: Uint8Array): { ok: true; text: string } | { ok: false; line: number; reason: string } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { ok: true, text };
  } catch {
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const at = lossy.indexOf('\uFFFD');
    const line = at < 0 ? 1 : lossy.slice(0, at).split(/\r\n|\r|\n/).length;
    return {
      ok: false,
      line,
      reason: '文件不是 UTF-8 编码 the file is not UTF-8 (probably GBK): in Excel save as "CSV UTF-8 (逗号分隔)", or import the .xlsx',
    };
  }
}
