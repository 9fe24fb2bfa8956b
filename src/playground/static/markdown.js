/**
 * Lark card markdown → safe HTML, for the playground console (browser and node, no DOM).
 *
 * The card text comes from the bot and carries user-typed names and messages, so nothing in the source ever
 * becomes markup by itself: the source is first split into characters that are "literal" (backslash escapes like
 * `\*`, and the entities escapeMarkdown writes: `&lt;` `&gt;` `&amp;` …) and characters that may be markup.
 * Only markup characters can open the small safe subset below; every character of text is HTML-escaped on the way
 * out. So `&lt;font color='red'&gt;` typed by a user shows as the characters `<font color='red'>`, never as red.
 *
 * Subset: **bold**, *italic*, ~~strike~~, `code`, line breaks, `- ` and `1. ` lists, `#` headings, `---`,
 * `| tables |`, [text](http(s) url) and <a href='http(s) url'>, <font color='…'> with a colour whitelist,
 * <text_tag color='…'>, <br>, and <at id=…></at> shown as @name.
 */

const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and for attribute values in either kind of quotes. */
export function escapeHtml(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** Lark's colour names (the -50…-900 shades map to the base colour). */
export const COLOURS = ['blue', 'wathet', 'turquoise', 'green', 'lime', 'yellow', 'sunflower', 'orange', 'red', 'carmine',
  'violet', 'purple', 'indigo', 'grey'];

/** A colour name from the card, or null when it is not one of Lark's (so it can go into a class name). */
export function colourName(value) {
  if (typeof value !== 'string') return null;
  const base = value.trim().toLowerCase().replace(/-\d{1,4}$/, '');
  if (base === 'gray') return 'grey';
  return COLOURS.includes(base) ? base : null;
}

/** Only links a browser opens as a web page; `javascript:`, `data:` and the like stay text. */
export function safeUrl(url) {
  const u = String(url ?? '').trim();
  return /^https?:\/\/[^\s<>"'`]+$/i.test(u) ? u : null;
}

// A literal character stands as this in the mask, so no pattern can match it.
const LIT = '\uE000';
const PUNCT = /^[!-/:-@[-`{-~]$/;
const NAMED = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: '\u00a0' };
const ENTITY = /^&(?:(lt|gt|amp|quot|apos|nbsp)|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));/;
const MAX_DEPTH = 12;

/**
 * @param {string} src Lark markdown
 * @param {{ lang?: 'zh' | 'en', people?: { openId: string, name: string }[] }} [opts] for `<at>` names
 * @returns {string} HTML
 */
export function renderMarkdown(src, opts = {}) {
  const ctx = {
    lang: opts.lang === 'en' ? 'en' : 'zh',
    people: new Map((Array.isArray(opts.people) ? opts.people : []).filter((p) => p && typeof p.openId === 'string').map((p) => [p.openId, String(p.name ?? '')])),
  };
  const { chars, mask } = atomize(String(src ?? ''));
  const lines = [];
  let start = 0;
  for (let i = 0; i <= mask.length; i++) {
    if (i === mask.length || mask[i] === '\n') {
      lines.push({ c: chars.slice(start, i), m: mask.slice(start, i) });
      start = i + 1;
    }
  }
  return blocks(lines, ctx);
}

/** Splits the source into characters, with a mask where escaped or entity characters are LIT. */
function atomize(src) {
  const chars = [];
  let mask = '';
  for (let i = 0; i < src.length;) {
    const c = src[i];
    if (c === '\\' && i + 1 < src.length && PUNCT.test(src[i + 1])) {
      chars.push(src[i + 1]);
      mask += LIT;
      i += 2;
      continue;
    }
    if (c === '&') {
      const m = ENTITY.exec(src.slice(i, i + 12));
      const decoded = m ? decodeEntity(m) : null;
      if (m && decoded !== null) {
        chars.push(decoded);
        mask += LIT;
        i += m[0].length;
        continue;
      }
    }
    if (c === '\r') { i++; continue; }
    chars.push(c);
    mask += c === LIT ? LIT : c;
    i++;
  }
  return { chars, mask };
}

function decodeEntity(m) {
  if (m[1]) return NAMED[m[1]];
  const code = m[2] ? Number(m[2]) : parseInt(m[3], 16);
  if (!(code > 0 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) return null;
  return String.fromCodePoint(code);
}

// ---------------------------------------------------------------------------------------------- blocks

const LIST_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])[ \t]+/;
const TABLE_SEPARATOR_CELL = /^\s*:?-+:?\s*$/;

function blocks(lines, ctx) {
  const out = [];
  let para = [];
  const flush = () => {
    if (para.length > 0) out.push(`<p class="lk-md-p">${para.map((l) => inline(l, ctx)).join('<br>')}</p>`);
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const m = line.m;
    if (/^\s*$/.test(m)) { flush(); continue; }
    if (isTableStart(lines, i)) {
      flush();
      const t = table(lines, i, ctx);
      out.push(t.html);
      i = t.next - 1;
      continue;
    }
    if (/^\s*(?:-{3,}|\*{3,}|_{3,})\s*$/.test(m)) { flush(); out.push('<hr class="lk-md-hr">'); continue; }
    const h = /^(#{1,6})[ \t]+/.exec(m);
    if (h) {
      flush();
      const level = h[1].length;
      out.push(`<div class="lk-md-h lk-md-h${level}" role="heading" aria-level="${Math.min(6, level + 2)}">${inline(slice(line, h[0].length), ctx)}</div>`);
      continue;
    }
    if (LIST_ITEM.test(m)) {
      flush();
      const l = list(lines, i, ctx);
      out.push(l.html);
      i = l.next - 1;
      continue;
    }
    para.push(line);
  }
  flush();
  return out.join('');
}

function slice(line, from, to = line.m.length) {
  return { c: line.c.slice(from, to), m: line.m.slice(from, to) };
}

function list(lines, i, ctx) {
  const first = LIST_ITEM.exec(lines[i].m);
  const ordered = /\d/.test(first[2]);
  const items = [];
  let j = i;
  for (; j < lines.length; j++) {
    const m = LIST_ITEM.exec(lines[j].m);
    if (!m || /\d/.test(m[2]) !== ordered) break;
    const indent = Math.min(3, Math.floor(m[1].replace(/\t/g, '  ').length / 2));
    items.push(`<li${indent > 0 ? ` class="lk-md-indent${indent}"` : ''}>${inline(slice(lines[j], m[0].length), ctx)}</li>`);
  }
  const start = ordered ? parseInt(first[2], 10) : 1;
  const html = ordered
    ? `<ol class="lk-md-ol"${start !== 1 ? ` start="${start}"` : ''}>${items.join('')}</ol>`
    : `<ul class="lk-md-ul">${items.join('')}</ul>`;
  return { html, next: j };
}

/** Cells of a table row, split at unescaped pipes, outer pipes dropped. */
function cells(line) {
  let from = 0;
  let to = line.m.length;
  while (from < to && /\s/.test(line.m[from])) from++;
  while (to > from && /\s/.test(line.m[to - 1])) to--;
  if (line.m[from] === '|') from++;
  if (to > from && line.m[to - 1] === '|') to--;
  const out = [];
  let s = from;
  for (let k = from; k <= to; k++) {
    if (k === to || line.m[k] === '|') {
      out.push(trim(slice(line, s, k)));
      s = k + 1;
    }
  }
  return out;
}

function trim(line) {
  let a = 0;
  let b = line.m.length;
  while (a < b && /\s/.test(line.m[a])) a++;
  while (b > a && /\s/.test(line.m[b - 1])) b--;
  return slice(line, a, b);
}

function isTableStart(lines, i) {
  const head = lines[i];
  const sep = lines[i + 1];
  if (!sep || !head.m.includes('|') || !sep.m.includes('|')) return false;
  const sepCells = cells(sep);
  return sepCells.length > 0 && sepCells.every((c) => TABLE_SEPARATOR_CELL.test(c.m)) && sepCells.length === cells(head).length;
}

function table(lines, i, ctx) {
  const head = cells(lines[i]);
  const aligns = cells(lines[i + 1]).map((c) => {
    const s = c.m.trim();
    if (s.startsWith(':') && s.endsWith(':')) return ' class="lk-md-center"';
    if (s.endsWith(':')) return ' class="lk-md-right"';
    return '';
  });
  const rows = [];
  let j = i + 2;
  for (; j < lines.length; j++) {
    const m = lines[j].m;
    if (/^\s*$/.test(m) || !m.includes('|')) break;
    const row = cells(lines[j]);
    const tds = head.map((_, k) => `<td${aligns[k] ?? ''}>${row[k] ? inline(row[k], ctx) : ''}</td>`);
    rows.push(`<tr>${tds.join('')}</tr>`);
  }
  const ths = head.map((c, k) => `<th scope="col"${aligns[k] ?? ''}>${inline(c, ctx)}</th>`).join('');
  // A wide table scrolls inside the card; the wrapper takes focus so the keyboard can scroll it too.
  const label = ctx.lang === 'en' ? 'Table' : '表格';
  const html = `<div class="lk-md-table-wrap" tabindex="0" role="region" aria-label="${label}"><table class="lk-md-table"><thead><tr>${ths}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
  return { html, next: j };
}

// ---------------------------------------------------------------------------------------------- inline

function inline(line, ctx) {
  return span(line.c, line.m, 0, line.m.length, ctx, 0, false);
}

/** Renders chars[a, b); markup is recognised on the mask only. */
function span(c, m, a, b, ctx, depth, inLink) {
  let out = '';
  let text = '';
  const emit = (html) => { out += escapeHtml(text) + html; text = ''; };
  let i = a;
  while (i < b) {
    const ch = m[i];
    if (depth < MAX_DEPTH) {
      if (ch === '*' && m[i + 1] === '*') {
        const j = m.indexOf('**', i + 2);
        if (j > i + 2 && j + 2 <= b) { emit(`<strong>${span(c, m, i + 2, j, ctx, depth + 1, inLink)}</strong>`); i = j + 2; continue; }
      } else if (ch === '*' && m[i + 1] !== ' ') {
        const j = singleStar(m, i + 1, b);
        if (j > i + 1) { emit(`<em>${span(c, m, i + 1, j, ctx, depth + 1, inLink)}</em>`); i = j + 1; continue; }
      }
      if (ch === '~' && m[i + 1] === '~') {
        const j = m.indexOf('~~', i + 2);
        if (j > i + 2 && j + 2 <= b) { emit(`<del>${span(c, m, i + 2, j, ctx, depth + 1, inLink)}</del>`); i = j + 2; continue; }
      }
      if (ch === '`') {
        const j = m.indexOf('`', i + 1);
        if (j > i + 1 && j < b) { emit(`<code class="lk-md-code">${escapeHtml(c.slice(i + 1, j).join(''))}</code>`); i = j + 1; continue; }
      }
      if (ch === '[' && !inLink) {
        const link = mdLink(c, m, i, b, ctx, depth);
        if (link) { emit(link.html); i = link.end; continue; }
      }
      if (ch === '<') {
        const tag = htmlTag(c, m, i, b, ctx, depth, inLink);
        if (tag) { emit(tag.html); i = tag.end; continue; }
      }
    }
    text += c[i];
    i++;
  }
  emit('');
  return out;
}

/** The closing `*` of an italic run, skipping any `**…**` inside it; -1 when there is none. */
function singleStar(m, from, b) {
  for (let j = from; j < b; j++) {
    if (m[j] !== '*') continue;
    if (m[j + 1] === '*') {
      const close = m.indexOf('**', j + 2);
      if (close === -1 || close + 2 > b) return -1;
      j = close + 1;
      continue;
    }
    return m[j - 1] === ' ' ? -1 : j;
  }
  return -1;
}

function linkHtml(url, inner, ctx) {
  const title = ctx.lang === 'en' ? 'opens in a new tab' : '在新标签页打开';
  return `<a class="lk-link" href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer" title="${title}">${inner}</a>`;
}

function mdLink(c, m, i, b, ctx, depth) {
  const close = m.indexOf('](', i + 1);
  if (close === -1 || close >= b) return null;
  if (m.slice(i + 1, close).includes('[')) return null;
  const end = m.indexOf(')', close + 2);
  if (end === -1 || end >= b) return null;
  const url = safeUrl(c.slice(close + 2, end).join(''));
  if (!url) return null; // not a web link: the whole thing stays as text
  return { html: linkHtml(url, span(c, m, i + 1, close, ctx, depth + 1, true), ctx), end: end + 1 };
}

const TAG_FONT = /^<font\s+colou?r\s*=\s*(['"]?)([A-Za-z]+(?:-\d{1,4})?)\1\s*>/i;
const TAG_TEXT_TAG = /^<text_tag\s+colou?r\s*=\s*(['"]?)([A-Za-z]+(?:-\d{1,4})?)\1\s*>/i;
const TAG_AT = /^<at\s+(?:id|user_id|open_id|email)\s*=\s*(['"]?)([^'"\s<>]{1,128})\1\s*>/i;
const TAG_A = /^<a\s+href\s*=\s*(['"])([^'"<>]{1,2000})\1\s*>/i;
const TAG_BR = /^<br\s*\/?>/i;

function htmlTag(c, m, i, b, ctx, depth, inLink) {
  const rest = m.slice(i, b);
  let t = TAG_BR.exec(rest);
  if (t) return { html: '<br>', end: i + t[0].length };
  t = TAG_FONT.exec(rest);
  if (t) {
    const close = closing(m, i + t[0].length, b, 'font');
    if (close) {
      const colour = colourName(t[2]);
      const inner = span(c, m, i + t[0].length, close.at, ctx, depth + 1, inLink);
      return { html: colour ? `<span class="lk-font lk-font-${colour}">${inner}</span>` : `<span class="lk-font">${inner}</span>`, end: close.end };
    }
  }
  t = TAG_TEXT_TAG.exec(rest);
  if (t) {
    const close = closing(m, i + t[0].length, b, 'text_tag');
    if (close) {
      const colour = colourName(t[2]) ?? 'grey';
      return { html: `<span class="lk-tag lk-tag-${colour}">${span(c, m, i + t[0].length, close.at, ctx, depth + 1, inLink)}</span>`, end: close.end };
    }
  }
  t = TAG_AT.exec(rest);
  if (t) {
    const close = closing(m, i + t[0].length, b, 'at');
    if (close) {
      const start = i + t[0].indexOf(t[2], t[0].indexOf('=') + 1);
      const id = c.slice(start, start + t[2].length).join('');
      const shown = c.slice(i + t[0].length, close.at).join('').trim();
      return { html: `<span class="lk-at">@${escapeHtml(mentionName(id, shown, ctx))}</span>`, end: close.end };
    }
  }
  t = inLink ? null : TAG_A.exec(rest);
  if (t) {
    const close = closing(m, i + t[0].length, b, 'a');
    const start = i + t[0].indexOf(t[2], t[0].indexOf('=') + 1);
    const url = safeUrl(c.slice(start, start + t[2].length).join(''));
    if (close && url) {
      return { html: linkHtml(url, span(c, m, i + t[0].length, close.at, ctx, depth + 1, true), ctx), end: close.end };
    }
  }
  return null;
}

/** Where the `</name>` that closes a tag opened before `from` starts and ends (nesting counted); null when unclosed. */
function closing(m, from, b, name) {
  // Cheap exit for the common unclosed case, so a line of many unclosed tags stays linear.
  if (lastCloser(m, name) < from) return null;
  const open = new RegExp(`<${name}[\\s>]`, 'iy');
  const close = new RegExp(`</${name}\\s*>`, 'iy');
  let depth = 1;
  for (let k = from; k < b; k++) {
    if (m[k] !== '<') continue;
    open.lastIndex = k;
    close.lastIndex = k;
    if (close.test(m)) {
      if (--depth === 0) return close.lastIndex <= b ? { at: k, end: close.lastIndex } : null;
    } else if (open.test(m)) depth++;
  }
  return null;
}

let closers = { m: '', last: new Map() };
/** Where the last `</name` of the mask starts (ASCII case-insensitive), remembered for the line being drawn. */
function lastCloser(m, name) {
  if (closers.m !== m) closers = { m, last: new Map() };
  let at = closers.last.get(name);
  if (at === undefined) {
    at = m.replace(/[A-Z]+/g, (x) => x.toLowerCase()).lastIndexOf(`</${name}`); // ASCII only: keeps every index
    closers.last.set(name, at);
  }
  return at;
}

function mentionName(id, shown, ctx) {
  if (id === 'all') return ctx.lang === 'en' ? 'everyone' : '所有人';
  return ctx.people.get(id) || shown || id;
}
