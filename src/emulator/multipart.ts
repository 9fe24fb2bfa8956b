// multipart/form-data (RFC 7578 over RFC 2046 §5.1), enough for im/v1/files. Ours because the fetch spec's
// parser (Node's Request.formData) reads a part without a filename as UTF-8 text, and the SDK (axios + form-data)
// sends a Buffer exactly that way: no filename, application/octet-stream. The bytes must come through untouched.

export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export class MultipartError extends Error {
  override name = 'MultipartError';
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** The boundary parameter of a multipart/form-data Content-Type, or undefined. */
export function boundaryOf(contentType: string): string | undefined {
  if (!/^\s*multipart\/form-data\s*(;|$)/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(contentType);
  const boundary = m?.[1]?.replace(/\\(.)/g, '$1') ?? m?.[2];
  return boundary && boundary.length <= 70 ? boundary : undefined;
}

export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw new MultipartError('Content-Type is not multipart/form-data with a boundary');
  const dash = Buffer.from(`--${boundary}`);
  // Every delimiter but a first one at offset 0 follows a CRLF (which belongs to the delimiter, not the data).
  const delimiter = Buffer.concat([CRLF, dash]);
  let at = body.subarray(0, dash.length).equals(dash) ? 0 : body.indexOf(delimiter);
  if (at < 0) throw new MultipartError('no boundary found in the body');
  at += at === 0 && body[0] === 0x2d ? dash.length : delimiter.length;
  const parts: MultipartPart[] = [];
  for (;;) {
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return parts; // "--": the close delimiter
    at = skipTransportPadding(body, at);
    if (!body.subarray(at, at + 2).equals(CRLF)) throw new MultipartError('malformed delimiter line');
    at += 2;
    const headerEnd = body.indexOf(HEADER_END, at);
    // A part with no headers at all starts its data right after the delimiter's CRLF.
    const noHeaders = body.subarray(at, at + 2).equals(CRLF);
    const headerText = noHeaders ? '' : headerEnd < 0 ? undefined : body.subarray(at, headerEnd).toString('utf8');
    if (headerText === undefined) throw new MultipartError('part headers never end');
    const dataStart = noHeaders ? at + 2 : headerEnd + HEADER_END.length;
    const next = body.indexOf(delimiter, dataStart);
    if (next < 0) throw new MultipartError('the body ends before the closing boundary');
    parts.push(partOf(headerText, body.subarray(dataStart, next)));
    at = next + delimiter.length;
  }
}

function skipTransportPadding(body: Buffer, at: number): number {
  while (body[at] === 0x20 || body[at] === 0x09) at++;
  return at;
}

function partOf(headerText: string, data: Buffer): MultipartPart {
  const headers = new Map<string, string>();
  for (const line of headerText.split('\r\n')) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MultipartError(`malformed part header: ${JSON.stringify(line.slice(0, 80))}`);
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const disposition = headers.get('content-disposition');
  if (!disposition || !/^form-data\b/i.test(disposition)) throw new MultipartError('a part without Content-Disposition: form-data');
  const params = dispositionParams(disposition);
  const name = params.get('name');
  if (name === undefined) throw new MultipartError('a part without a name');
  const filename = params.get('filename*') ?? params.get('filename');
  const contentType = headers.get('content-type');
  return { name, ...(filename !== undefined ? { filename } : {}), ...(contentType ? { contentType } : {}), data: Buffer.from(data) };
}

/** name="…", filename="…" (quoted, backslash escapes) and filename*=UTF-8''percent-encoded (RFC 5987). */
function dispositionParams(value: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /;\s*([\w*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const key = m[1]!.toLowerCase();
    let v = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '').trim();
    if (key.endsWith('*')) {
      const ext = /^([\w-]*)'[^']*'(.*)$/.exec(v);
      if (ext) {
        try { v = decodeURIComponent(ext[2]!); } catch { throw new MultipartError(`bad ${key} encoding`); }
      }
    }
    out.set(key, v);
  }
  return out;
}
