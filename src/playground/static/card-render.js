/**
 * A Lark JSON 2.0 card as HTML, the way the Lark client shows it, for the playground console. Pure: no DOM, no
 * imports but markdown.js and chart-svg.js, so node tests can check the markup (the contract in
 * playground-contract.md). Every text from the card is escaped; markdown goes through markdown.js. The console
 * shell reads only the data-* attributes of buttons and forms. A component this renderer does not know is shown
 * as a visible placeholder, never dropped.
 */
import { colourName, escapeHtml, renderMarkdown, safeUrl } from './markdown.js';
import { renderChart } from './chart-svg.js';

const esc = escapeHtml;
const HEADER_TEMPLATES = new Set(['blue', 'wathet', 'turquoise', 'green', 'yellow', 'orange', 'red', 'carmine', 'violet', 'purple', 'indigo', 'grey', 'default']);
const BUTTON_TYPES = new Set(['default', 'primary', 'danger', 'text', 'primary_text', 'danger_text', 'primary_filled', 'danger_filled', 'laser']);
const FLEX_MODES = new Set(['none', 'stretch', 'flow', 'bisect', 'trisect']);
const GAPS = [0, 2, 4, 8, 12, 16, 20, 24, 28, 32];
const TOAST_TYPES = new Set(['info', 'success', 'error', 'warning']);
const MAX_DEPTH = 16;

/**
 * @param {any} card a parsed JSON 2.0 card
 * @param {{ lang?: 'zh' | 'en', messageId?: string, people?: { openId: string, name: string, unitPath?: string }[] }} [opts]
 * @returns {string} HTML
 */
export function renderCard(card, opts = {}) {
  const lang = opts.lang === 'en' ? 'en' : 'zh';
  const people = (Array.isArray(opts.people) ? opts.people : []).filter((p) => isObj(p) && typeof p.openId === 'string');
  const ctx = { lang, people, names: new Map(people.map((p) => [p.openId, String(p.name ?? p.openId)])), form: null, depth: 0 };
  const root = `<div class="lk-card" data-message-id="${esc(opts.messageId ?? '')}" lang="${lang === 'en' ? 'en' : 'zh-CN'}">`;
  if (!isObj(card)) return `${root}<div class="lk-body">${unsupported('card', lang === 'en' ? 'not a card object' : '不是卡片对象')}</div></div>`;
  const header = isObj(card.header) ? renderHeader(card.header, ctx) : '';
  // JSON 2.0 keeps components in body.elements; a 1.0 card has them at the root. config (summary …) is not shown.
  const elements = isObj(card.body) && Array.isArray(card.body.elements) ? card.body.elements : Array.isArray(card.elements) ? card.elements : [];
  return `${root}${header}<div class="lk-body">${children(elements, ctx)}</div></div>`;
}

/**
 * @param {{ type?: string, content?: string, i18n?: { zh_cn?: string, en_us?: string } }} toast the callback's toast
 * @param {'zh' | 'en'} [lang]
 * @returns {string} HTML ('' when there is no toast)
 */
export function renderToast(toast, lang = 'zh') {
  if (!isObj(toast)) return '';
  const type = TOAST_TYPES.has(toast.type) ? toast.type : 'info';
  const i18n = isObj(toast.i18n) ? toast.i18n : {};
  const picked = lang === 'en' ? i18n.en_us : i18n.zh_cn;
  const text = typeof picked === 'string' && picked !== '' ? picked : typeof toast.content === 'string' ? toast.content : '';
  const icon = { info: 'i', success: '✓', error: '✕', warning: '!' }[type];
  return `<div class="lk-toast lk-toast-${type}" role="${type === 'error' ? 'alert' : 'status'}"><span class="lk-toast-icon" aria-hidden="true">${icon}</span><span class="lk-toast-text">${esc(text)}</span></div>`;
}

// ---------------------------------------------------------------------------------------------- helpers

function isObj(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v) {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

/** `[不支持的组件 Unsupported: tag]`: what the renderer cannot show, visibly. */
function unsupported(tag, note) {
  return `<div class="lk-unsupported" data-tag="${esc(tag)}">[不支持的组件 Unsupported: ${esc(tag)}${note ? ` (${esc(note)})` : ''}]</div>`;
}

/** A text object's string in the reader's language: i18n_content.zh_cn / en_us, falling back to content. */
function textOf(node, ctx) {
  if (typeof node === 'string') return node;
  if (!isObj(node)) return '';
  const i18n = isObj(node.i18n_content) ? node.i18n_content : isObj(node.i18n) ? node.i18n : null;
  if (i18n) {
    const v = ctx.lang === 'en' ? i18n.en_us : i18n.zh_cn;
    if (typeof v === 'string' && v !== '') return v;
  }
  return str(node.content);
}

function plain(s) {
  return esc(s).replace(/\r?\n/g, '<br>');
}

function md(s, ctx) {
  return renderMarkdown(s, { lang: ctx.lang, people: ctx.people });
}

/** A text object (plain_text, lark_md or markdown) as inline-level HTML. */
function textHtml(node, ctx) {
  if (!isObj(node) && typeof node !== 'string') return '';
  const tag = isObj(node) ? node.tag : 'plain_text';
  return tag === 'lark_md' || tag === 'markdown' ? md(textOf(node, ctx), ctx) : plain(textOf(node, ctx));
}

function alignClass(el) {
  return ['left', 'center', 'right'].includes(el.text_align) ? ` lk-align-${el.text_align}` : '';
}

function sizeClass(el) {
  const size = typeof el.text_size === 'string' ? el.text_size : isObj(el.text) && typeof el.text.text_size === 'string' ? el.text.text_size : '';
  return /^(heading-0|heading-1|heading-2|heading-3|heading-4|heading|normal|notation|xxxx-large|xxx-large|xx-large|x-large|large|medium|small|x-small)$/.test(size) ? ` lk-size-${size}` : '';
}

function colourClass(prefix, value) {
  const c = colourName(value);
  return c ? ` ${prefix}-${c}` : '';
}

/** '8px' / 'small' / 'medium' / 'large' → the nearest gap class, so no inline style is needed. */
function gapClass(value) {
  const named = { small: 4, medium: 8, large: 12, extra_large: 16 };
  const px = typeof value === 'string' && /^\d{1,3}px$/.test(value) ? Number(value.slice(0, -2)) : named[value] ?? 8;
  const near = GAPS.reduce((best, g) => (Math.abs(g - px) < Math.abs(best - px) ? g : best), 8);
  return ` lk-gap-${near}`;
}

function children(list, ctx) {
  if (!Array.isArray(list)) return '';
  return list.map((el) => element(el, ctx)).join('');
}

function element(el, ctx) {
  if (!isObj(el)) return unsupported(String(el === null ? 'null' : typeof el));
  const tag = typeof el.tag === 'string' ? el.tag : '';
  if (ctx.depth >= MAX_DEPTH) return unsupported(tag, ctx.lang === 'en' ? 'nested too deeply' : '嵌套过深');
  const render = Object.prototype.hasOwnProperty.call(RENDERERS, tag) ? RENDERERS[tag] : null;
  if (!render) return unsupported(tag || '?');
  try {
    return render(el, { ...ctx, depth: ctx.depth + 1 });
  } catch {
    return unsupported(tag, ctx.lang === 'en' ? 'could not be drawn' : '无法显示');
  }
}

// ---------------------------------------------------------------------------------------------- header

function renderHeader(h, ctx) {
  const template = HEADER_TEMPLATES.has(h.template) ? h.template : 'default';
  const title = textHtml(h.title, ctx);
  const subtitle = h.subtitle ? textHtml(h.subtitle, ctx) : '';
  const tagList = isObj(h.i18n_text_tag_list) ? h.i18n_text_tag_list[ctx.lang === 'en' ? 'en_us' : 'zh_cn'] : h.text_tag_list;
  const tags = Array.isArray(tagList)
    ? tagList.filter(isObj).map((t) => `<span class="lk-tag${colourClass('lk-tag', t.color) || ' lk-tag-grey'}">${plain(textOf(t.text, ctx))}</span>`).join('')
    : '';
  return `<header class="lk-header lk-${template}">`
    + `<div class="lk-header-line"><div class="lk-title" role="heading" aria-level="3">${title}</div>${tags ? `<div class="lk-header-tags">${tags}</div>` : ''}</div>`
    + (subtitle ? `<div class="lk-subtitle">${subtitle}</div>` : '')
    + '</header>';
}

// ---------------------------------------------------------------------------------------------- content

function renderMarkdownEl(el, ctx) {
  return `<div class="lk-markdown${alignClass(el)}${sizeClass(el)}">${md(textOf(el, ctx), ctx)}</div>`;
}

function renderPlainEl(el, ctx) {
  return `<div class="lk-text${alignClass(el)}${sizeClass(el)}${colourClass('lk-font', el.text_color)}">${plain(textOf(el, ctx))}</div>`;
}

/** div: a text, short fields side by side, and (1.0) an extra component on the right. */
function renderDiv(el, ctx) {
  const text = isObj(el.text) ? `<div class="${el.text.tag === 'plain_text' ? 'lk-text' : 'lk-markdown'}${alignClass(el.text)}${sizeClass(el)}${colourClass('lk-font', el.text.text_color)}">${textHtml(el.text, ctx)}</div>` : '';
  const fields = Array.isArray(el.fields)
    ? `<div class="lk-fields">${el.fields.filter(isObj).map((f) => `<div class="lk-field-cell${f.is_short ? ' lk-short' : ''}">${textHtml(f.text, ctx)}</div>`).join('')}</div>`
    : '';
  const extra = isObj(el.extra) ? `<div class="lk-div-extra">${element(el.extra, ctx)}</div>` : '';
  return `<div class="lk-div${extra ? ' lk-has-extra' : ''}"><div class="lk-div-main">${text}${fields}</div>${extra}</div>`;
}

function renderHr() {
  return '<hr class="lk-hr">';
}

function renderNote(el, ctx) {
  const parts = Array.isArray(el.elements) ? el.elements.filter(isObj).map((e) => (e.tag === 'img' ? element(e, ctx) : `<span>${textHtml(e, ctx)}</span>`)) : [];
  return `<div class="lk-note">${parts.join(' ')}</div>`;
}

// Drawn rather than an emoji, which not every system has a font for.
const IMG_ICON = '<svg class="lk-img-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"><rect x="3" y="4" width="18" height="16" rx="2" fill="none" stroke="currentColor" stroke-width="1.6"/><circle cx="9" cy="9.5" r="1.8" fill="currentColor"/><path d="M4 18l5.5-5.5 3.5 3.5 2.5-2.5L20 18" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/></svg>';

function renderImg(el, ctx) {
  const alt = textOf(el.alt, ctx) || textOf(el.title, ctx);
  const shown = alt || (ctx.lang === 'en' ? 'Image' : '图片');
  return `<div class="lk-img" role="img" aria-label="${esc(shown)}">${IMG_ICON}<span class="lk-img-alt">${esc(shown)}</span></div>`;
}

function renderChartEl(el, ctx) {
  const svg = renderChart(el.chart_spec, ctx.lang, { aspectRatio: typeof el.aspect_ratio === 'string' ? el.aspect_ratio : undefined });
  return svg.startsWith('<svg') ? `<figure class="lk-chart-wrap">${svg}</figure>` : svg;
}

function personName(id, ctx) {
  return ctx.names.get(id) ?? id;
}

function renderPerson(el, ctx) {
  const id = str(el.user_id);
  return `<span class="lk-person">@${esc(personName(id, ctx))}</span>`;
}

function renderPersonList(el, ctx) {
  const persons = Array.isArray(el.persons) ? el.persons.filter(isObj).map((p) => `<span class="lk-person">@${esc(personName(str(p.id), ctx))}</span>`) : [];
  return `<div class="lk-person-list">${persons.join(' ')}</div>`;
}

/** The 2.0 table component: columns with display names, rows of values. */
function renderTable(el, ctx) {
  const columns = Array.isArray(el.columns) ? el.columns.filter(isObj) : [];
  const rows = Array.isArray(el.rows) ? el.rows.filter(isObj) : [];
  const cell = (col, v) => {
    if (col.data_type === 'lark_md' || col.data_type === 'markdown') return md(str(v), ctx);
    if (col.data_type === 'options' && Array.isArray(v)) return v.filter(isObj).map((o) => `<span class="lk-tag${colourClass('lk-tag', o.color) || ' lk-tag-grey'}">${esc(str(o.text))}</span>`).join(' ');
    if (col.data_type === 'persons') return (Array.isArray(v) ? v : [v]).map((id) => `@${esc(personName(str(id), ctx))}`).join(' ');
    if (col.data_type === 'date' && typeof v === 'number') return esc(new Date(v).toISOString().slice(0, 10));
    return plain(isObj(v) || Array.isArray(v) ? JSON.stringify(v) : str(v));
  };
  const head = columns.map((c) => `<th scope="col">${esc(str(c.display_name) || str(c.name))}</th>`).join('');
  const body = rows.map((row) => `<tr>${columns.map((c) => `<td>${cell(c, row[str(c.name)])}</td>`).join('')}</tr>`).join('');
  return `<div class="lk-md-table-wrap" tabindex="0" role="region" aria-label="${ctx.lang === 'en' ? 'Table' : '表格'}"><table class="lk-md-table lk-table"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

// ---------------------------------------------------------------------------------------------- containers

function renderColumnSet(el, ctx) {
  const mode = FLEX_MODES.has(el.flex_mode) ? el.flex_mode : 'none';
  const cols = (Array.isArray(el.columns) ? el.columns : []).map((col) => {
    if (!isObj(col) || col.tag !== 'column') return element(col, ctx);
    return renderColumn(col, ctx);
  });
  return `<div class="lk-columns lk-flex-${mode}${gapClass(el.horizontal_spacing)}${colourClass('lk-bg', el.background_style)}">${cols.join('')}</div>`;
}

function renderColumn(col, ctx) {
  let width = ' lk-col-auto';
  if (col.width === 'weighted') {
    const w = Math.round(Number(col.weight));
    width = ` lk-col-weight-${Number.isFinite(w) ? Math.min(5, Math.max(1, w)) : 1}`;
  } else if (col.width !== 'auto' && col.width !== undefined) width = ' lk-col-fixed';
  const valign = ['top', 'center', 'bottom'].includes(col.vertical_align) ? ` lk-valign-${col.vertical_align}` : '';
  return `<div class="lk-column${width}${valign}${colourClass('lk-bg', col.background_style)}">${children(col.elements, ctx)}</div>`;
}

function renderCollapsible(el, ctx) {
  const header = isObj(el.header) ? textHtml(el.header.title, ctx) : '';
  return `<details class="lk-collapsible"${el.expanded === true ? ' open' : ''}><summary class="lk-collapsible-title">${header || (ctx.lang === 'en' ? 'Details' : '详情')}</summary><div class="lk-collapsible-body">${children(el.elements, ctx)}</div></details>`;
}

function renderContainer(el, ctx) {
  const behaviors = Array.isArray(el.behaviors) ? el.behaviors.filter(isObj) : [];
  const inner = `<div class="lk-container${colourClass('lk-bg', el.background_style)}${el.has_border ? ' lk-bordered' : ''}">${children(el.elements, ctx)}</div>`;
  // A clickable container is not something the console can send; say so rather than look clickable.
  return behaviors.length > 0 ? `${inner}${unsupported('interactive_container', ctx.lang === 'en' ? 'click action' : '点击交互')}` : inner;
}

/** 1.0 `action`: a row of buttons. */
function renderAction(el, ctx) {
  return `<div class="lk-columns lk-flex-flow lk-gap-8">${(Array.isArray(el.actions) ? el.actions : []).map((a) => `<div class="lk-column lk-col-auto">${element(a, ctx)}</div>`).join('')}</div>`;
}

// ---------------------------------------------------------------------------------------------- buttons

function renderButton(el, ctx) {
  const type = BUTTON_TYPES.has(el.type) ? el.type : 'default';
  const cls = `lk-button lk-${type}${el.width === 'fill' ? ' lk-fill' : ''}${['tiny', 'small', 'large'].includes(el.size) ? ` lk-btn-${el.size}` : ''}`;
  const label = esc(textOf(el.text, ctx)) || '&nbsp;';
  const disabled = el.disabled === true ? ' disabled' : '';
  const tips = textOf(el.disabled === true ? el.disabled_tips : el.hover_tips, ctx);
  const title = tips ? ` title="${esc(tips)}"` : '';
  const behaviors = Array.isArray(el.behaviors) ? el.behaviors.filter(isObj) : [];
  const callback = behaviors.find((b) => b.type === 'callback');
  const submit = ctx.form !== null && el.form_action_type === 'submit';
  if (ctx.form !== null && el.form_action_type === 'reset') {
    return `<button type="reset" class="${cls}" data-action="reset"${title}${disabled}>${label}</button>`;
  }
  if (!callback && !submit) {
    const open = behaviors.find((b) => b.type === 'open_url');
    const rawUrl = open ? (open.default_url ?? open.pc_url) : (el.url ?? (isObj(el.multi_url) ? el.multi_url.url : undefined));
    if (rawUrl !== undefined) {
      const url = safeUrl(rawUrl);
      if (url) return `<a class="${cls}" href="${esc(url)}" target="_blank" rel="noopener noreferrer"${title}>${label}</a>`;
      return `<button type="button" class="${cls}" disabled title="${ctx.lang === 'en' ? 'link not allowed' : '链接不可用'}">${label}</button>`;
    }
    if (el.value === undefined) {
      return `<button type="button" class="${cls}" data-action="none" disabled${title}>${label}</button>`;
    }
  }
  // 2.0 puts the value in behaviors[].value; a 1.0 button has it on the button.
  const value = callback ? callback.value : el.value;
  const confirm = isObj(el.confirm)
    ? ` data-confirm-title="${esc(textOf(el.confirm.title, ctx))}" data-confirm-text="${esc(textOf(el.confirm.text, ctx))}"`
    : '';
  return `<button type="button" class="${cls}" data-action="callback" data-value='${esc(JSON.stringify(value ?? {}))}' data-name="${esc(str(el.name))}" data-submit="${submit ? 1 : 0}"${confirm}${title}${disabled}>${label}</button>`;
}

// ---------------------------------------------------------------------------------------------- forms

function renderForm(el, ctx) {
  if (ctx.form !== null) return unsupported('form', ctx.lang === 'en' ? 'a form inside a form' : '表单嵌套');
  const name = str(el.name);
  const inner = children(el.elements, { ...ctx, form: name });
  // The disabled default button stops Enter in a text field from submitting the page: as in Lark, a form is sent
  // by its submit button only.
  return `<form class="lk-form${el.direction === 'horizontal' ? ' lk-form-horizontal' : ''}" data-form-name="${esc(name)}">`
    + '<button type="submit" class="lk-implicit-submit" disabled hidden aria-hidden="true" tabindex="-1"></button>'
    + `${inner}</form>`;
}

/** Wraps a control with its label; without a label the placeholder names it (for screen readers and, for controls that cannot show a placeholder, on screen). */
function field(el, ctx, control, placeholderShown) {
  const label = textOf(el.label, ctx);
  const placeholder = textOf(el.placeholder, ctx);
  const shown = label || (placeholderShown ? '' : placeholder);
  const required = el.required === true ? '<span class="lk-required" aria-hidden="true">*</span>' : '';
  const caption = shown ? `<span class="lk-label${label ? '' : ' lk-label-hint'}">${esc(shown)}${required}</span>` : '';
  return `<label class="lk-field lk-field-${esc(el.tag)}${el.label_position === 'left' ? ' lk-label-left' : ''}${el.width === 'fill' ? ' lk-fill' : ''}">${caption}${control}</label>`;
}

function commonAttrs(el, ctx, placeholderShown) {
  const label = textOf(el.label, ctx);
  const placeholder = textOf(el.placeholder, ctx);
  const aria = !label && placeholderShown && placeholder ? ` aria-label="${esc(placeholder)}"` : '';
  const required = el.required === true ? ' required aria-required="true"' : '';
  const disabled = el.disabled === true ? ' disabled' : '';
  return ` name="${esc(str(el.name))}"${aria}${required}${disabled}`;
}

function outsideForm(el, ctx) {
  return ctx.form === null ? unsupported(el.tag, ctx.lang === 'en' ? 'outside a form' : '不在表单内') : null;
}

function renderInput(el, ctx) {
  const outside = outsideForm(el, ctx);
  if (outside) return outside;
  const placeholder = textOf(el.placeholder, ctx);
  const max = Number.isInteger(el.max_length) && el.max_length > 0 ? el.max_length : 1000; // Lark's default limit
  const value = str(el.default_value);
  const ph = placeholder ? ` placeholder="${esc(placeholder)}"` : '';
  if (el.input_type === 'multiline_text') {
    const rows = Number.isInteger(el.rows) ? Math.min(20, Math.max(1, el.rows)) : 3;
    // The HTML parser drops one leading newline in a textarea; keep the value's own.
    const content = value.startsWith('\n') ? `\n${value}` : value;
    return field(el, ctx, `<textarea class="lk-input lk-textarea"${commonAttrs(el, ctx, true)} rows="${rows}" maxlength="${max}"${ph}>${esc(content)}</textarea>`, true);
  }
  const type = el.input_type === 'password' ? 'password' : 'text';
  return field(el, ctx, `<input class="lk-input" type="${type}"${commonAttrs(el, ctx, true)} maxlength="${max}" value="${esc(value)}"${ph} autocomplete="off">`, true);
}

function optionList(el, ctx, selected) {
  return (Array.isArray(el.options) ? el.options : []).filter(isObj).map((o) => {
    const value = str(o.value);
    const text = textOf(o.text, ctx) || value;
    return `<option value="${esc(value)}"${selected.has(value) ? ' selected' : ''}>${esc(text)}</option>`;
  }).join('');
}

function placeholderOption(el, ctx) {
  const placeholder = textOf(el.placeholder, ctx) || (ctx.lang === 'en' ? 'Select' : '请选择');
  return `<option value="">${esc(placeholder)}</option>`;
}

function renderSelect(el, ctx) {
  const outside = outsideForm(el, ctx);
  if (outside) return outside;
  const selected = new Set([str(el.initial_option)]);
  return field(el, ctx, `<select class="lk-select"${commonAttrs(el, ctx, true)}>${placeholderOption(el, ctx)}${optionList(el, ctx, selected)}</select>`, true);
}

function renderMultiSelect(el, ctx) {
  const outside = outsideForm(el, ctx);
  if (outside) return outside;
  const selected = new Set(Array.isArray(el.initial_options) ? el.initial_options.map(str) : []);
  const count = Array.isArray(el.options) ? el.options.length : 0;
  return field(el, ctx, `<select class="lk-select lk-multi" multiple size="${Math.min(6, Math.max(2, count))}"${commonAttrs(el, ctx, false)}>${optionList(el, ctx, selected)}</select>`, false);
}

/** The people a person picker offers: its own options when it lists some, else everyone the console knows. */
function personOptions(el, ctx, selected) {
  const listed = Array.isArray(el.options) ? el.options.filter(isObj).map((o) => str(o.value)).filter(Boolean) : [];
  const people = listed.length > 0
    ? listed.map((id) => ctx.people.find((p) => p.openId === id) ?? { openId: id, name: id })
    : ctx.people;
  if (people.length === 0) return `<option value="" disabled>${ctx.lang === 'en' ? '(nobody to choose)' : '（无可选人员）'}</option>`;
  const option = (p) => `<option value="${esc(p.openId)}"${selected.has(p.openId) ? ' selected' : ''}>${esc(str(p.name) || p.openId)}</option>`;
  // Grouped by unit, as the Lark picker shows the organisation.
  const groups = new Map();
  for (const p of people) {
    const unit = str(p.unitPath);
    if (!groups.has(unit)) groups.set(unit, []);
    groups.get(unit).push(p);
  }
  if (groups.size === 1 && groups.has('')) return people.map(option).join('');
  return [...groups].map(([unit, ps]) => (unit ? `<optgroup label="${esc(unit)}">${ps.map(option).join('')}</optgroup>` : ps.map(option).join(''))).join('');
}

function renderSelectPerson(el, ctx) {
  const outside = outsideForm(el, ctx);
  if (outside) return outside;
  const selected = new Set([str(el.initial_option)]);
  return field(el, ctx, `<select class="lk-select lk-person-select"${commonAttrs(el, ctx, true)}>${placeholderOption(el, ctx)}${personOptions(el, ctx, selected)}</select>`, true);
}

function renderMultiSelectPerson(el, ctx) {
  const outside = outsideForm(el, ctx);
  if (outside) return outside;
  const selected = new Set(Array.isArray(el.initial_options) ? el.initial_options.map(str) : []);
  const size = Math.min(6, Math.max(2, ctx.people.length));
  return field(el, ctx, `<select class="lk-select lk-multi lk-person-select" multiple size="${size}"${commonAttrs(el, ctx, false)}>${personOptions(el, ctx, selected)}</select>`, false);
}

function picker(type, pattern, initialKey, normalise) {
  return (el, ctx) => {
    const outside = outsideForm(el, ctx);
    if (outside) return outside;
    const initial = normalise(str(el[initialKey]));
    const value = pattern.test(initial) ? ` value="${esc(initial)}"` : '';
    // Native date and time inputs show no placeholder, so it is shown as the caption instead.
    return field(el, ctx, `<input class="lk-input lk-picker" type="${type}"${commonAttrs(el, ctx, false)}${value}>`, false);
  };
}

// ---------------------------------------------------------------------------------------------- the table

const RENDERERS = {
  markdown: renderMarkdownEl,
  lark_md: renderMarkdownEl,
  plain_text: renderPlainEl,
  div: renderDiv,
  hr: renderHr,
  note: renderNote,
  img: renderImg,
  chart: renderChartEl,
  person: renderPerson,
  person_list: renderPersonList,
  table: renderTable,
  column_set: renderColumnSet,
  column: renderColumn,
  collapsible_panel: renderCollapsible,
  interactive_container: renderContainer,
  action: renderAction,
  button: renderButton,
  form: renderForm,
  input: renderInput,
  select_static: renderSelect,
  multi_select_static: renderMultiSelect,
  select_person: renderSelectPerson,
  multi_select_person: renderMultiSelectPerson,
  date_picker: picker('date', /^\d{4}-\d{2}-\d{2}$/, 'initial_date', (s) => s),
  picker_time: picker('time', /^\d{2}:\d{2}$/, 'initial_time', (s) => s),
  picker_datetime: picker('datetime-local', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'initial_datetime', (s) => s.replace(' ', 'T').slice(0, 16)),
};
