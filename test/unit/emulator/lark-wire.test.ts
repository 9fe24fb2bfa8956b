import { createDecipheriv, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptFromLark, encryptForLark, signLarkRequest } from '../../../src/emulator/lark-wire';

// Decrypt with node:crypto directly, exactly as Lark's docs and the SDK's AESCipher do (lark-platform.md §1.3),
// so the emulator's encryption is checked against the documented algorithm, not against itself.
function docDecrypt(encryptKey: string, encrypted: string): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const buf = Buffer.from(encrypted, 'base64');
  const d = createDecipheriv('aes-256-cbc', key, buf.subarray(0, 16));
  return Buffer.concat([d.update(buf.subarray(16)), d.final()]).toString('utf8');
}

// lark-platform.md §9a: generated with the documented algorithm, fixed IV 000102…0f; verified against SDK 1.74.0.
const FIXTURE_KEY = 'lark-fixture-encrypt-key';
const FIXTURE_BODY = '{"encrypt":"AAECAwQFBgcICQoLDA0OD78nPmSlyT67y35Mm4wpSeQDtwSqaP6ccNGP9fMspCd7OTFCkcsTY9FZ+7PZ/BZpY7GRzSciGnjPe6A7NFu0J1IxI/SVlxsDmYteZLSscbT9LDqku8lv2vATo7B3L88Yv1H3ewHLkcfzLAhn3it/XXSd/Kw4NeC0tqcIULM811w+jJUTxMj74qrlnOkFdjvVbP8cQsTWppSpVKtc0FbrxUZq9DklsS7i6IE9S2pWQ5Yjox/cRIXNvCQqiymz9hw61SaaQ/HhNXzTizeTO5cxEEeuRJJ72VdbqMRWTACQsZoQZwLvQx1f2G7dEBqPdAKNRgAl3vQiLyetMPIx36jK2XuzqOI/+zWAwMh65nOmLmCdfe1XMUrrE36uIUBVmaH3D9jpJRyxVsKcdEaa3PGaaG3pwvaC7yBxfrQa7eb2lgSiW7VcBKBLNWbTcNMtDJXuxjUXQEwA65Utaysd/mSMpDbCvhlVbFRn91lyCg/Fe18hT2WaEvRre48TeZ8Obl09R4A9zDJ6ZCdTvc/qZ57/ypsa1BFHpsw92SvQ7y0Rfu0SnukMQku5w/JEJcC78kNMwenjQeZulCEbD17CbLfLAZxS4wRuJ77aJqn4LKKsqsBVJjR0q/NdOO+GCDl/Q8w/NeHBAlIcxxkjtQH56Qq12/r3iVWAuY0v0RaCaz9d3GVnCoyR9VsyTnDMRj7fosCtj55HVwf9jWI1Pq+tNU1NdOfk+zFiHPToHr3Ax9o3/Hlp4Nj7YHf2hMcEq40RVkqiD2gOJ6oXTZ7e87Gx6YlIy1lYwLj7H7gRm7dNcbHMvtLsHd+uASCR/0Hl1TZOm2iBMC9M0JoUcTK99Rv7D/fOGLwAh2rIP41XvGr/+EN/o4pcyTj5qIqSAWjgppjVTw3mjGggsAebes0gcTPlqCe/n5rq6l3cz9u85Tx0+Rvdk1LHKpOl569Av/F2fZ24bEXLJDhwILhZjqqekhGVKjss2XGJQeFBEZBxlyiyh+nxCf26zzLqcDTOeDYj2YwNomqS9xqjjjp6iOVJX9po5eGvJkgiU8C6i0MEhpg8s+ggm3HXHSPBCePAHF7lQwOIhjKJoBAHYocZE4I01dx1IgTFOdzEJYY3tdCthpybC+v+dSiSck8/tYyCN4kH5PSgUs9dqaZ5iI1V963RVy7nMr5cKqyR/jsxZgjmXYTWKVeLZ48b0Y+8z9btuR7VmbAFfMTAq25IHGFQRYfMNGjgPUxJY0wr+Z0zUmXEZO/t/Zf7CiIIDEpnmI4EXBhEexNiP1kRoFw4/Nct3hCievu3UPzVBr9wyvhNu189WovbqetQt/VGglZIM/gY+T6rmmtKOTBZvbt8sCuf+anS1SlCXH0wjWjWdUonaBor8AvUoiQ8nc8W"}';

describe('lark-wire', () => {
  it('decrypts the official test vector ("test key" → "hello world")', () => {
    const vector = 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=';
    expect(docDecrypt('test key', vector)).toBe('hello world');
    expect(decryptFromLark('test key', vector)).toBe('hello world');
  });

  it('re-encrypting the official plaintext with the same IV gives the official ciphertext', () => {
    const vector = 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=';
    const iv = Buffer.from(vector, 'base64').subarray(0, 16);
    expect(encryptForLark('test key', 'hello world', iv)).toBe(vector);
  });

  it('reproduces the §9a fixture byte for byte from its plaintext and IV', () => {
    const encrypted = (JSON.parse(FIXTURE_BODY) as { encrypt: string }).encrypt;
    const plain = docDecrypt(FIXTURE_KEY, encrypted);
    expect(JSON.parse(plain)).toMatchObject({ schema: '2.0', header: { event_type: 'im.message.receive_v1' } });
    const iv = Buffer.from(Array.from({ length: 16 }, (_, i) => i));
    expect(encryptForLark(FIXTURE_KEY, plain, iv)).toBe(encrypted);
  });

  it('signs the §9a fixture to the documented signature', () => {
    expect(signLarkRequest(1752346850, '950646929', FIXTURE_KEY, FIXTURE_BODY))
      .toBe('8d4f61a86b6d8aa417437a0f3a47e9637daec9cf8b0fdb5fbd90427bf5584cb8');
    expect(signLarkRequest('1752346850', '950646929', FIXTURE_KEY, Buffer.from(FIXTURE_BODY)))
      .toBe('8d4f61a86b6d8aa417437a0f3a47e9637daec9cf8b0fdb5fbd90427bf5584cb8');
    // One extra byte (equal JSON) must change the signature: it is over raw bytes, not a re-serialisation.
    expect(signLarkRequest(1752346850, '950646929', FIXTURE_KEY, FIXTURE_BODY.replace('{', '{ ')))
      .not.toBe('8d4f61a86b6d8aa417437a0f3a47e9637daec9cf8b0fdb5fbd90427bf5584cb8');
  });

  it('uses a fresh random IV per encryption, and each decrypts with the documented algorithm', () => {
    const a = encryptForLark('k', '{"x":"中文"}');
    const b = encryptForLark('k', '{"x":"中文"}');
    expect(a).not.toBe(b);
    expect(docDecrypt('k', a)).toBe('{"x":"中文"}');
    expect(() => encryptForLark('k', 'x', Buffer.alloc(8))).toThrow(/16 bytes/);
  });
});
