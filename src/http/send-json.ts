import type { ServerResponse } from 'node:http';

/** What a route answers: a status and a JSON body. */
export interface JsonReply {
  status: number;
  body: unknown;
}

/** Writes `reply` as express's res.json would (same content type), with `close` asking the client to hang up after it. */
export function sendJson(res: ServerResponse, reply: JsonReply, close = false): void {
  if (res.headersSent) return;
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(text);
}
