import { describe, expect, it } from 'vitest';
import { checkCardJson } from '../../../src/emulator/card-checks';
import { LarkApiError } from '../../../src/emulator/lark-errors';

const md = (content: string) => ({ tag: 'markdown', content });
const card = (elements: unknown[]) => ({ schema: '2.0', header: { title: { tag: 'plain_text', content: 't' } }, body: { elements } });
const submit = { tag: 'button', name: 'ok', form_action_type: 'submit', text: { tag: 'plain_text', content: 'OK' } };

function failure(c: unknown): { code: number; msg: string } {
  try {
    checkCardJson(typeof c === 'string' ? c : JSON.stringify(c));
  } catch (err) {
    if (err instanceof LarkApiError) return { code: err.code, msg: err.message };
    throw err;
  }
  throw new Error('expected the card to be rejected');
}

describe('card checks', () => {
  it('accepts a 2.0 card with a well-formed form', () => {
    const form = { tag: 'form', name: 'f', elements: [{ tag: 'input', name: 'reason' },
      { tag: 'column_set', columns: [{ tag: 'column', elements: [submit] }] }] };
    expect(checkCardJson(JSON.stringify(card([md('hi'), form])))).toMatchObject({ schema: '2.0' });
  });

  it('rejects non-JSON, a missing or 1.0 schema with 230099', () => {
    expect(failure('{not json').code).toBe(230099);
    expect(failure({ elements: [md('x')] })).toMatchObject({ code: 230099, msg: expect.stringContaining('schema') });
    expect(failure({ schema: '1.0', body: { elements: [] } }).code).toBe(230099);
  });

  it('rejects content over 30 KB (UTF-8 bytes) with 230025', () => {
    // 11 000 CJK characters are 33 000 bytes but only 11 000 UTF-16 units: the limit is in bytes.
    expect(failure(card([md('字'.repeat(11_000))])).code).toBe(230025);
    expect(() => checkCardJson(JSON.stringify(card([md('a'.repeat(29_000))])))).not.toThrow();
  });

  it('counts components recursively: 200 pass, 201 fail', () => {
    const columns = (n: number) => ({ tag: 'column_set', columns: [{ tag: 'column', elements: Array.from({ length: n }, () => md('x')) }] });
    // column_set + column + 198 markdown = 200
    expect(() => checkCardJson(JSON.stringify(card([columns(198)])))).not.toThrow();
    expect(failure(card([columns(199)]))).toMatchObject({ code: 230099, msg: expect.stringContaining('201 components') });
  });

  it('requires a name on every interactive component inside a form', () => {
    const form = { tag: 'form', name: 'f', elements: [{ tag: 'select_static', options: [] }, submit] };
    expect(failure(card([form]))).toMatchObject({ code: 230099, msg: expect.stringMatching(/select_static has no name/) });
  });

  it('requires a submit button in a form', () => {
    const form = { tag: 'form', name: 'f', elements: [{ tag: 'input', name: 'a' }, { tag: 'button', name: 'b', form_action_type: 'reset' }] };
    expect(failure(card([form]))).toMatchObject({ code: 230099, msg: expect.stringContaining('submit') });
  });

  it('requires names to be unique in the card, and forms to sit at the root', () => {
    const form = { tag: 'form', name: 'f', elements: [{ tag: 'input', name: 'ok' }, submit] };
    expect(failure(card([form]))).toMatchObject({ code: 230099, msg: expect.stringContaining('"ok" is used twice') });
    const nested = { tag: 'column_set', columns: [{ tag: 'column', elements: [{ tag: 'form', name: 'f', elements: [submit] }] }] };
    expect(failure(card([nested])).msg).toContain('directly in body.elements');
  });
});
