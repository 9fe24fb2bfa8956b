// A small HTML tokenizer for the renderer tests: start tags with their (entity-decoded) attributes, and the text a
// user would read. The renderer's output is machine-made, so a tokenizer that follows the HTML rules for start
// tags and attribute quoting sees what a browser sees.

export interface Tag {
  name: string;
  attrs: Record<string, string>;
  /** the start tag as written */
  raw: string;
  /** offset of the start tag in the HTML */
  at: number;
}

const START = /<([a-zA-Z][a-zA-Z0-9_-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

export function decode(s: string): string {
  return s.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(amp|lt|gt|quot|apos|nbsp));/gi, (_, dec: string, hex: string, name: string) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' } as Record<string, string>)[name.toLowerCase()]!;
  });
}

export function tags(html: string): Tag[] {
  const out: Tag[] = [];
  for (const m of html.matchAll(START)) {
    const attrs: Record<string, string> = {};
    for (const a of (m[2] ?? '').matchAll(ATTR)) attrs[a[1]!.toLowerCase()] = decode(a[2] ?? a[3] ?? a[4] ?? '');
    out.push({ name: m[1]!.toLowerCase(), attrs, raw: m[0], at: m.index });
  }
  return out;
}

/** Every `<` that a browser would read as the start of a tag (a letter, `/` or `!` follows it). */
export function tagOpeners(html: string): number {
  return (html.match(/<[a-zA-Z/!?]/g) ?? []).length;
}

/** The visible text: tags removed, entities decoded, `<br>` as a newline. */
export function text(html: string): string {
  return decode(html.replace(/<br\s*\/?>/gi, '\n').replace(/<[a-zA-Z/!][^>]*>/g, ''));
}

/** The HTML from the start tag at `tag.at` to its matching end tag (same name, nesting counted). */
export function outer(html: string, tag: Tag): string {
  const re = new RegExp(`<(/?)${tag.name}(?=[\\s>/])[^>]*>`, 'gi');
  re.lastIndex = tag.at;
  let depth = 0;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return html.slice(tag.at, m.index + m[0].length);
  }
  return html.slice(tag.at);
}

/** Elements the renderer may produce; user text must never add any other. */
export const ALLOWED_TAGS = new Set([
  'div', 'header', 'span', 'p', 'strong', 'em', 'del', 'code', 'a', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
  'br', 'hr', 'form', 'button', 'label', 'input', 'textarea', 'select', 'option', 'optgroup', 'figure', 'details', 'summary',
  'svg', 'title', 'desc', 'rect', 'text', 'tspan', 'line', 'g', 'path', 'circle',
]);

/**
 * What must hold for any rendered card: only known elements, no event-handler attributes, no script or style,
 * links only to http(s), and every `<` in the markup is one of those tags (none hides inside text).
 */
export function inertProblems(html: string): string[] {
  const problems: string[] = [];
  const all = tags(html);
  for (const t of all) {
    if (!ALLOWED_TAGS.has(t.name)) problems.push(`element <${t.name}>`);
    for (const [k, v] of Object.entries(t.attrs)) {
      if (k.startsWith('on')) problems.push(`attribute ${k} on <${t.name}>`);
      if (k === 'style') problems.push(`style attribute on <${t.name}>`);
      if ((k === 'href' || k === 'src' || k === 'action' || k === 'formaction' || k === 'xlink:href') && !/^https?:\/\//i.test(v)) problems.push(`${k}="${v}" on <${t.name}>`);
    }
  }
  const closers = (html.match(/<\/[a-zA-Z]/g) ?? []).length;
  if (tagOpeners(html) !== all.length + closers) problems.push('a "<" that is not one of the tags');
  return problems;
}
