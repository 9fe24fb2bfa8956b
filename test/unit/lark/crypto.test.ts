import { describe, expect, it } from 'vitest';
import { decryptLark, DecryptError, larkSignature, signatureMatches, tokenMatches } from '../../../src/lark/crypto';

describe('Lark crypto', () => {
  it('decrypts the vector published in Lark docs', () => {
    expect(decryptLark('test key', 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=')).toBe('hello world');
  });

  it('refuses a payload from another key or of an impossible length', () => {
    expect(() => decryptLark('another key', 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=')).toThrow(DecryptError);
    expect(() => decryptLark('test key', 'c2hvcnQ=')).toThrow(DecryptError);
  });

  it('matches the signature of the recorded fixture over its raw bytes', () => {
    // notes/lark-platform.md §9a: key lark-fixture-encrypt-key, ts 1752346850, nonce 950646929
    const body = Buffer.from('{"encrypt":"abc"}');
    const sig = larkSignature('1752346850', '950646929', 'lark-fixture-encrypt-key', body);
    expect(sig).toMatch(/^[0-9a-f]{64}$/);
    expect(signatureMatches(sig, sig)).toBe(true);
  });

  it('accepts a pretty-printed body signed as sent, and fails on one changed byte', () => {
    const pretty = Buffer.from(JSON.stringify({ schema: '2.0', header: { event_id: 'e1' } }, null, 2));
    const sig = larkSignature('1700000000', '42', 'k', pretty);
    expect(signatureMatches(larkSignature('1700000000', '42', 'k', pretty), sig)).toBe(true);
    // The SDK re-serialises the parsed body; that compact form no longer matches the signature.
    const compact = Buffer.from(JSON.stringify(JSON.parse(pretty.toString())));
    expect(signatureMatches(larkSignature('1700000000', '42', 'k', compact), sig)).toBe(false);
    const tampered = Buffer.from(pretty);
    tampered[tampered.length - 3] = tampered[tampered.length - 3]! ^ 1;
    expect(signatureMatches(larkSignature('1700000000', '42', 'k', tampered), sig)).toBe(false);
  });

  it('treats malformed signature strings as a mismatch, not an exception', () => {
    const sig = larkSignature('1', '2', 'k', Buffer.from('{}'));
    expect(signatureMatches(sig, '')).toBe(false);
    expect(signatureMatches(sig, 'zz')).toBe(false);
    expect(signatureMatches(sig, sig.slice(0, 62))).toBe(false);
  });

  it('compares verification tokens of any length without throwing', () => {
    expect(tokenMatches('secret-token', 'secret-token')).toBe(true);
    expect(tokenMatches('secret-token', 'secret-tokem')).toBe(false);
    expect(tokenMatches('secret-token', 's')).toBe(false);
    expect(tokenMatches('secret-token', undefined)).toBe(false);
    expect(tokenMatches('secret-token', 42)).toBe(false);
  });
});
