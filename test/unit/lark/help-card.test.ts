import { describe, expect, it } from 'vitest';
import { helpCard } from '../../../src/lark/cards/help-card';
import { apologyCard } from '../../../src/lark/cards/apology-card';
import { checkCardJson } from '../../../src/emulator/card-checks';
import { registry } from '../../../handlers/index';
import { expectBilingualCard } from '../../helpers/card-assertions';

describe('help card', () => {
  it('lists every registered command with a button that runs it', () => {
    const card = helpCard(registry.commands);
    expectBilingualCard(card);
    const json = JSON.stringify(card);
    for (const c of registry.commands) {
      expect(json).toContain(`"c":"${c.name}"`);
      for (const w of c.words) expect(json).toContain(w);
    }
    expect(() => checkCardJson(JSON.stringify(card))).not.toThrow();
  });

  it('quotes what it did not understand without letting it become markup', () => {
    const card = helpCard(registry.commands, { unknownText: '**粗体** <at id=all></at>' });
    expectBilingualCard(card);
    const intro = (card.body.elements[0] as { content: string }).content;
    expect(intro).toContain('\\*\\*粗体\\*\\*');
    expect(intro).toContain('&lt;at id=all&gt;');
    expect(intro).not.toContain('<');
  });

  it('is a valid card even with a very long unknown text', () => {
    expect(() => checkCardJson(JSON.stringify(helpCard(registry.commands, { unknownText: '长'.repeat(100_000) })))).not.toThrow();
  });
});

describe('apology card', () => {
  it('is bilingual and carries the reference', () => {
    const card = apologyCard('evt_123');
    expectBilingualCard(card);
    expect(JSON.stringify(card)).toContain('evt_123');
  });
});
