// Lark's push wire format, written from the docs (lark-platform.md §1.3, §1.4) and NOT shared with src/lark:
// the emulator is an independent implementation so tests cross-check the app's crypto against it.
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomInt } from 'node:crypto';

/** key = SHA256(EncryptKey), AES-256-CBC, PKCS7, body = base64(iv16 + ciphertext) (§1.3). */
export function encryptForLark(encryptKey: string, plaintext: string, iv: Buffer = randomBytes(16)): string {
  if (iv.length !== 16) throw new Error('encryptForLark: iv must be 16 bytes');
  const key = createHash('sha256').update(encryptKey, 'utf8').digest();
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

/** The inverse; the emulator needs it only to read what it sent (tests) — the app has its own. */
export function decryptFromLark(encryptKey: string, encrypted: string): string {
  const key = createHash('sha256').update(encryptKey, 'utf8').digest();
  const buf = Buffer.from(encrypted, 'base64');
  const decipher = createDecipheriv('aes-256-cbc', key, buf.subarray(0, 16));
  return Buffer.concat([decipher.update(buf.subarray(16)), decipher.final()]).toString('utf8');
}

/** X-Lark-Signature = hex(sha256(utf8(timestamp + nonce + encryptKey) ++ rawBodyBytes)) over the exact bytes sent (§1.4). */
export function signLarkRequest(timestamp: string | number, nonce: string, encryptKey: string, rawBody: string | Buffer): string {
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  return createHash('sha256').update(Buffer.concat([Buffer.from(`${timestamp}${nonce}${encryptKey}`, 'utf8'), body])).digest('hex');
}

/** header.event_id: 32 lowercase hex, like "f7984f25108f8137722bb63cee927e66". */
export function newEventId(): string {
  return randomBytes(16).toString('hex');
}

/** X-Lark-Request-Nonce: Lark sends random decimal digits ("950646929"). */
export function newNonce(): string {
  return String(randomInt(100_000_000, 2_147_483_647));
}

/** Ids with Lark's prefixes: om_ (message), oc_ (chat), ou_ (open_id), on_ (union_id), c- (card token), t- (tenant token). */
export function larkId(prefix: 'om_' | 'oc_' | 'ou_' | 'on_' | 'c-' | 't-'): string {
  return `${prefix}${randomBytes(16).toString('hex')}`;
}

/** A stable union_id for an open_id, so the sender and the emulator agree without talking to each other. */
export function unionIdFor(openId: string): string {
  return `on_${createHash('sha256').update(openId).digest('hex').slice(0, 32)}`;
}
