import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';

/**
 * Lark's request signature: hex(sha256(timestamp + nonce + encryptKey + rawBody)), computed over the raw
 * bytes as received. Re-serialising a parsed body (what the SDK does) rejects a valid pretty-printed body.
 */
export function larkSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: Buffer): string {
  return createHash('sha256').update(Buffer.from(timestamp + nonce + encryptKey, 'utf8')).update(rawBody).digest('hex');
}

export function signatureMatches(expectedHex: string, receivedHex: string): boolean {
  const expected = Buffer.from(expectedHex, 'hex');
  const received = Buffer.from(receivedHex, 'hex');
  // timingSafeEqual throws on different lengths; a length mismatch is simply "no".
  return received.length === expected.length && timingSafeEqual(expected, received);
}

/** Constant-time equality for the Verification Token (compared as sha256 digests to equalise lengths). */
export function tokenMatches(expected: string, received: unknown): boolean {
  if (typeof received !== 'string') return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(received).digest();
  return timingSafeEqual(a, b);
}

export class DecryptError extends Error {
  override name = 'DecryptError';
}

/** AES-256-CBC, key = sha256(encryptKey), payload = base64(iv16 + ciphertext), PKCS7 padding. */
export function decryptLark(encryptKey: string, encrypted: string): string {
  const buf = Buffer.from(encrypted, 'base64');
  if (buf.length < 32 || (buf.length - 16) % 16 !== 0) throw new DecryptError('encrypted payload has an impossible length');
  const key = createHash('sha256').update(encryptKey).digest();
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, buf.subarray(0, 16));
    return Buffer.concat([decipher.update(buf.subarray(16)), decipher.final()]).toString('utf8');
  } catch {
    throw new DecryptError('payload does not decrypt with the configured Encrypt Key');
  }
}
