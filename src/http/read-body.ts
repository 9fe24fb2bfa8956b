import type { IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/** The body cannot be taken: answer `status` with `reason`; `close` when the rest of it was not read. */
export class BodyRefusal extends Error {
  constructor(readonly status: 400 | 413 | 415, readonly reason: string, readonly close = false) {
    super(reason);
  }
}

/** The client went away before its body was complete: there is no one left to answer. */
export class BodyAborted extends Error {}

const DECODERS: Record<string, () => Transform> = { gzip: createGunzip, 'x-gzip': createGunzip, deflate: createInflate, br: createBrotliDecompress };

/**
 * A request's body as bytes, decompressed when it says it is compressed, at most `limit` bytes (decompressed).
 * The bytes are exactly what was sent: Lark signs them, so nothing may re-encode them before the signature check.
 * Refuses with 413 past the limit (before reading, when Content-Length already says so), 415 for an encoding it
 * does not know and 400 for one that does not decode; rejects with BodyAborted when the client hangs up.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return Promise.reject(new BodyRefusal(413, 'body too large', true));
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const decoder = encoding === 'identity' ? undefined : DECODERS[encoding];
  if (encoding !== 'identity' && !decoder) return Promise.reject(new BodyRefusal(415, `unsupported content encoding "${encoding.slice(0, 40)}"`, true));

  return new Promise<Buffer>((resolve, reject) => {
    const stream = decoder ? req.pipe(decoder()) : req;
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (err: Error | undefined, body?: Buffer): void => {
      if (settled) return;
      settled = true;
      if (err) {
        // Stop collecting; what is still coming is read and dropped so that the answer can go out.
        stream.removeAllListeners('data');
        if (decoder) req.unpipe();
        req.resume();
        reject(err);
      } else {
        resolve(body!);
      }
    };
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) settle(new BodyRefusal(413, 'body too large', true));
      else chunks.push(chunk);
    });
    stream.on('end', () => settle(undefined, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    if (decoder) stream.on('error', () => settle(new BodyRefusal(400, `the body does not decode as ${encoding}`, true)));
    req.on('error', () => settle(new BodyAborted('the request was aborted')));
    req.on('close', () => {
      // Without a decoder 'end' comes first when the body was complete; with one, it may still be flushing.
      if (!req.complete) settle(new BodyAborted('the request was aborted'));
    });
  });
}
