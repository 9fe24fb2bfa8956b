import { expect } from 'vitest';

/**
 * Every text in a card has Chinese content and an English en_us translation, and every callback button
 * carries only ids in its value (strings and numbers, no nested decisions). Lark's own limits are
 * checked by the emulator; these are the house rules.
 */
export function expectBilingualCard(card: unknown): void {
  const c = card as { schema?: string; header?: { title?: unknown } };
  expect(c.schema).toBe('2.0');
  expect(c.header?.title).toBeDefined();
  const problems: string[] = [];
  walk(card, '$', problems);
  expect(problems).toEqual([]);
}

function walk(node: unknown, path: string, problems: string[]): void {
  if (Array.isArray(node)) {
    node.forEach((child, i) => walk(child, `${path}[${i}]`, problems));
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const n = node as Record<string, unknown>;
  if ((n.tag === 'plain_text' || n.tag === 'markdown' || n.tag === 'lark_md') && typeof n.content === 'string') {
    const i18n = n.i18n_content as { zh_cn?: string; en_us?: string } | undefined;
    if (!i18n?.zh_cn || !i18n.en_us) problems.push(`${path}: "${n.content.slice(0, 30)}" lacks zh_cn/en_us`);
    else if (i18n.zh_cn !== n.content) problems.push(`${path}: content and zh_cn differ`);
  }
  if (n.type === 'callback') {
    const value = n.value as Record<string, unknown> | undefined;
    if (!value || Object.values(value).some((v) => typeof v !== 'string' && typeof v !== 'number')) problems.push(`${path}: callback value must be flat ids`);
  }
  for (const [k, v] of Object.entries(n)) walk(v, `${path}.${k}`, problems);
}

/** The callback value of the first button in a card that satisfies `predicate` (throws, showing the card, if none). */
export function buttonValue(content: unknown, predicate: (v: Record<string, unknown>) => boolean): Record<string, unknown> {
  const found: Record<string, unknown>[] = [];
  JSON.stringify(content, (k, v) => { if (k === 'value' && v && typeof v === 'object' && predicate(v as Record<string, unknown>)) found.push(v as Record<string, unknown>); return v; });
  if (!found[0]) throw new Error(`no such button in ${JSON.stringify(content).slice(0, 400)}`);
  return found[0];
}
