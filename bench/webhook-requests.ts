// Requests for the webhook bench, built in the loader: each a new im.message.receive_v1 event (its own event_id
// and message_id, created now), encrypted and signed now, exactly as Lark pushes it. Built with the emulator's
// wire code, which is written from Lark's docs independently of the bot's (src/emulator/lark-wire.ts).
import { defaultTenantKey, messageEvent } from '../src/emulator/lark-envelopes';
import { encryptForLark, newNonce, signLarkRequest } from '../src/emulator/lark-wire';
import type { LoadRequest, RequestFactory } from './load-generator';

export interface WebhookRequestArgs {
  appId: string;
  encryptKey: string;
  verificationToken: string;
  /** who sends, taken in turn; the text they send */
  senders: { openId: string; chatId: string }[];
  text: string;
}

/** A signed, encrypted push of a body, with a fresh timestamp and nonce. */
export function signedPush(encryptKey: string, body: unknown, nowMs = Date.now()): LoadRequest {
  const raw = JSON.stringify({ encrypt: encryptForLark(encryptKey, JSON.stringify(body)) });
  const timestamp = String(Math.floor(nowMs / 1000));
  const nonce = newNonce();
  return {
    headers: {
      'content-type': 'application/json; charset=utf-8', 'user-agent': 'Go-http-client/1.1',
      'x-lark-request-timestamp': timestamp, 'x-lark-request-nonce': nonce, 'x-lark-signature': signLarkRequest(timestamp, nonce, encryptKey, raw),
    },
    body: raw,
  };
}

const webhookRequests: RequestFactory<WebhookRequestArgs> = (a) => {
  const tenantKey = defaultTenantKey(a.appId);
  return (i) => {
    const nowMs = Date.now();
    const sender = a.senders[i % a.senders.length]!;
    const event = messageEvent({ appId: a.appId, verificationToken: a.verificationToken, tenantKey, nowMs }, { senderOpenId: sender.openId, chatId: sender.chatId, chatType: 'p2p', text: a.text });
    return signedPush(a.encryptKey, event, nowMs);
  };
};
export default webhookRequests;
