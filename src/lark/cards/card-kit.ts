/**
 * Building blocks for JSON 2.0 cards. Every text carries Chinese `content` and an `i18n_content` with
 * zh_cn and en_us (JSON 2.0 has no whole-card i18n_elements, so languages live on each text).
 * Buttons call back with `behaviors: [{ type: 'callback', value }]`; the value carries ids only.
 */

export interface Bilingual {
  zh: string;
  en: string;
}

export const t = (zh: string, en: string): Bilingual => ({ zh, en });

export type CardElement = Record<string, unknown>;

export interface Card {
  schema: '2.0';
  config: Record<string, unknown>;
  header: Record<string, unknown>;
  body: { elements: CardElement[] };
}

export type HeaderColour = 'blue' | 'wathet' | 'turquoise' | 'green' | 'yellow' | 'orange' | 'red' | 'carmine' | 'violet' | 'purple' | 'indigo' | 'grey';

export function text(tag: 'plain_text' | 'markdown' | 'lark_md', value: Bilingual): Record<string, unknown> {
  return { tag, content: value.zh, i18n_content: { zh_cn: value.zh, en_us: value.en } };
}

export function card(opts: { title: Bilingual; colour?: HeaderColour; subtitle?: Bilingual; elements: CardElement[]; summary?: Bilingual }): Card {
  const summary = opts.summary ?? opts.title;
  return {
    schema: '2.0',
    config: {
      // JSON 2.0 cards are always shared cards; say so, so PATCH and delayed updates are allowed.
      update_multi: true,
      enable_forward: true,
      summary: { content: summary.zh, i18n_content: { zh_cn: summary.zh, en_us: summary.en } },
    },
    header: {
      template: opts.colour ?? 'blue',
      title: text('plain_text', opts.title),
      ...(opts.subtitle ? { subtitle: text('plain_text', opts.subtitle) } : {}),
    },
    body: { elements: opts.elements },
  };
}

/** Markdown paragraph; the value is trusted text from our own code, user text must go through escapeMarkdown. */
export function markdown(value: Bilingual): CardElement {
  return { tag: 'markdown', content: value.zh, i18n_content: { zh_cn: value.zh, en_us: value.en } };
}

export function divider(): CardElement {
  return { tag: 'hr' };
}

export type ButtonValue = Record<string, string | number>;

export function button(opts: { label: Bilingual; value: ButtonValue; type?: 'primary' | 'default' | 'danger' | 'primary_filled'; name?: string; submit?: boolean; confirm?: { title: Bilingual; text: Bilingual } }): CardElement {
  return {
    tag: 'button',
    type: opts.type ?? 'default',
    text: text('plain_text', opts.label),
    behaviors: [{ type: 'callback', value: opts.value }],
    ...(opts.name ? { name: opts.name } : {}),
    ...(opts.submit ? { form_action_type: 'submit' } : {}),
    // Lark asks "are you sure" before calling back; for decisions that go out to many people at once.
    ...(opts.confirm ? { confirm: { title: text('plain_text', opts.confirm.title), text: text('plain_text', opts.confirm.text) } } : {}),
  };
}

/** Buttons side by side, wrapping on narrow screens. */
export function buttonRow(buttons: CardElement[]): CardElement {
  return {
    tag: 'column_set',
    flex_mode: 'flow',
    horizontal_spacing: '8px',
    columns: buttons.map((b) => ({ tag: 'column', width: 'auto', elements: [b] })),
  };
}

/**
 * User-supplied text shown inside markdown must not become markup, links or mentions (`<at id=all>`):
 * markdown punctuation is backslash-escaped, angle brackets and ampersands become HTML entities.
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+\-!|~])/g, '\\$1');
}
