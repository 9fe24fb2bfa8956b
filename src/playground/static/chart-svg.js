/**
 * Lark's chart component (a VChart spec) drawn as a static, accessible SVG string, for the playground console
 * (browser and node, no DOM). Covers what cards send: bar (vertical and horizontal, grouped or stacked by
 * seriesField), line and area (with points), pie and donut; axes with ticks, value labels, the title, a legend
 * when there are series. Every text from the spec is escaped. Anything else becomes the visible placeholder.
 */
import { escapeHtml } from './markdown.js';

// VChart's default palette, so colours look like they do in Lark.
const PALETTE = ['#1664FF', '#1AC6FF', '#FF8A00', '#3CC780', '#7442D4', '#FFC400', '#304D77', '#B48DEB', '#009488', '#FF7DDA'];
const WIDTH = 640;
const RATIOS = { '1:1': 1, '2:1': 0.5, '4:3': 0.75, '16:9': 0.5625 };
const FONT = 12;

/**
 * @param {object} spec a VChart spec (chart_spec)
 * @param {'zh' | 'en'} [lang]
 * @param {{ aspectRatio?: string }} [opts] the chart component's aspect_ratio
 * @returns {string} `<svg class="lk-chart" role="img" …>` or the unsupported placeholder
 */
export function renderChart(spec, lang = 'zh', opts = {}) {
  const en = lang === 'en';
  if (!isObj(spec)) return unsupported('chart', en ? 'no chart_spec' : '缺少 chart_spec');
  const type = typeof spec.type === 'string' ? spec.type : '';
  const height = Math.round(WIDTH * (RATIOS[opts.aspectRatio] ?? RATIOS['16:9']));
  const c = { spec, en, width: WIDTH, height, title: titleOf(spec.title), values: valuesOf(spec.data) };
  try {
    if (type === 'bar') return barChart(c);
    if (type === 'line' || type === 'area') return lineChart(c, type === 'area');
    if (type === 'pie') return pieChart(c);
  } catch {
    return unsupported('chart', `${type} ${en ? 'spec not understood' : '规格无法解析'}`);
  }
  return unsupported('chart', type ? `type ${type}` : (en ? 'no type' : '缺少 type'));
}

/** Dark or white text, whichever reads better on a palette colour. */
function inkOn(hex) {
  const [r8, g8, b8] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const lin = (c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const lum = 0.2126 * lin(r8) + 0.7152 * lin(g8) + 0.0722 * lin(b8);
  return lum > 0.3 ? '#1f2329' : '#ffffff';
}

function unsupported(tag, note) {
  return `<div class="lk-unsupported" data-tag="${escapeHtml(tag)}">[不支持的组件 Unsupported: ${escapeHtml(tag)}${note ? ` (${escapeHtml(note)})` : ''}]</div>`;
}

function isObj(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function titleOf(t) {
  if (typeof t === 'string') return t;
  if (!isObj(t) || t.visible === false) return '';
  const text = Array.isArray(t.text) ? t.text.join(' ') : t.text;
  return typeof text === 'string' || typeof text === 'number' ? String(text) : '';
}

/** `data: { values }`, `data: [{ id, values }, …]` (the first with values) or `data: [rows]`. */
function valuesOf(data) {
  if (isObj(data) && Array.isArray(data.values)) return data.values.filter(isObj);
  if (Array.isArray(data)) {
    const set = data.find((d) => isObj(d) && Array.isArray(d.values));
    if (set) return set.values.filter(isObj);
    return data.filter(isObj);
  }
  return [];
}

const first = (f) => (Array.isArray(f) ? f[0] : f);
const fieldName = (f) => (typeof f === 'string' ? f : null);
const num = (v) => (v === null || v === undefined || v === '' ? null : Number.isFinite(Number(v)) ? Number(v) : null);
const str = (v) => (v === null || v === undefined ? '' : String(v));

/** Approximate width of a label at FONT px: CJK and full-width characters are square, others about half. */
function textWidth(s, size = FONT) {
  let w = 0;
  for (const ch of String(s)) w += /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]|\p{Extended_Pictographic}/u.test(ch) ? size : size * 0.58;
  return w;
}

function clip(s, maxWidth) {
  if (textWidth(s) <= maxWidth) return s;
  let out = '';
  for (const ch of String(s)) {
    if (textWidth(`${out}${ch}…`) > maxWidth) break;
    out += ch;
  }
  return `${out}…`;
}

function fmt(n) {
  if (!Number.isFinite(n)) return '';
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toFixed(Math.abs(n) < 1 ? 3 : 2)));
}

/** Round ticks covering [lo, hi]: about five steps of 1, 2, 2.5 or 5 × 10ⁿ. */
function niceTicks(lo, hi) {
  if (lo === hi) { hi = lo === 0 ? 1 : lo + Math.abs(lo); }
  const raw = (hi - lo) / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((k) => k * mag).find((s) => s >= raw) ?? 10 * mag;
  const start = Math.floor(lo / step + 1e-9) * step;
  const end = Math.ceil(hi / step - 1e-9) * step;
  const ticks = [];
  for (let v = start; v <= end + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

function axisOption(spec, orients) {
  const axes = Array.isArray(spec.axes) ? spec.axes.filter(isObj) : [];
  return axes.find((a) => orients.includes(a.orient)) ?? {};
}

function valueDomain(spec, orients, values) {
  const axis = axisOption(spec, orients);
  let lo = Math.min(0, ...values);
  let hi = Math.max(0, ...values);
  if (num(axis.min) !== null) lo = num(axis.min);
  if (num(axis.max) !== null) hi = num(axis.max);
  if (hi < lo) [lo, hi] = [hi, lo];
  const ticks = niceTicks(lo, hi);
  return { lo: Math.min(lo, ticks[0]), hi: Math.max(hi, ticks[ticks.length - 1]), ticks };
}

function svgOpen(c, summary) {
  const label = c.title || (c.en ? 'Chart' : '图表');
  return `<svg xmlns="http://www.w3.org/2000/svg" class="lk-chart" role="img" aria-label="${escapeHtml(label)}" viewBox="0 0 ${c.width} ${c.height}" preserveAspectRatio="xMidYMid meet" font-size="${FONT}">`
    + `<title>${escapeHtml(label)}</title><desc>${escapeHtml(summary)}</desc>`
    + `<rect class="lk-chart-bg" x="0" y="0" width="${c.width}" height="${c.height}" fill="#ffffff"/>`
    + (c.title ? `<text class="lk-chart-title" x="${c.width / 2}" y="24" text-anchor="middle" font-size="14" font-weight="600" fill="#1f2329">${escapeHtml(clip(c.title, c.width - 24))}</text>` : '');
}

function noData(c) {
  return `${svgOpen(c, c.en ? 'No data' : '暂无数据')}<text class="lk-chart-empty" x="${c.width / 2}" y="${c.height / 2}" text-anchor="middle" fill="#8f959e">${c.en ? 'No data' : '暂无数据'}</text></svg>`;
}

function legend(c, names, y) {
  if (names.length < 2) return '';
  const items = names.map((n) => ({ n, w: 16 + textWidth(clip(n, 140)) + 16 }));
  const total = items.reduce((s, i) => s + i.w, 0);
  let x = Math.max(8, (c.width - total) / 2);
  let out = '<g class="lk-chart-legend">';
  items.forEach((it, k) => {
    out += `<rect x="${r(x)}" y="${y - 9}" width="10" height="10" rx="2" fill="${PALETTE[k % PALETTE.length]}"/>`
      + `<text x="${r(x + 14)}" y="${y}" fill="#646a73">${escapeHtml(clip(it.n, 140))}</text>`;
    x += it.w;
  });
  return `${out}</g>`;
}

const r = (n) => Math.round(n * 10) / 10;

/** Categories in order of first appearance, and the series (one unnamed series when there is no seriesField). */
function shape(values, catField, seriesField) {
  const categories = [];
  const series = [];
  for (const v of values) {
    const cat = str(v[catField]);
    if (!categories.includes(cat)) categories.push(cat);
    const s = seriesField ? str(v[seriesField]) : '';
    if (!series.includes(s)) series.push(s);
  }
  return { categories, series };
}

// ---------------------------------------------------------------------------------------------- bar

function barChart(c) {
  const { spec } = c;
  const horizontal = spec.direction === 'horizontal';
  const catSpec = horizontal ? spec.yField : spec.xField;
  const catField = fieldName(first(catSpec));
  const valField = fieldName(first(horizontal ? spec.xField : spec.yField));
  if (!catField || !valField) throw new Error('fields');
  const grouped = Array.isArray(catSpec) && typeof catSpec[1] === 'string';
  const seriesField = fieldName(spec.seriesField) ?? (grouped ? catSpec[1] : null);
  if (c.values.length === 0) return noData(c);
  const { categories, series } = shape(c.values, catField, seriesField);
  const stacked = seriesField !== null && series.length > 1 && (grouped ? spec.stack === true : spec.stack !== false);

  // The value of each bar and where it starts (stacked bars start where the one below ends).
  const bars = [];
  const posBase = new Map();
  const negBase = new Map();
  for (const v of c.values) {
    const value = num(v[valField]);
    if (value === null) continue;
    const cat = str(v[catField]);
    const s = seriesField ? str(v[seriesField]) : '';
    let from = 0;
    if (stacked) {
      const bases = value >= 0 ? posBase : negBase;
      from = bases.get(cat) ?? 0;
      bases.set(cat, from + value);
    }
    bars.push({ cat, s, value, from, to: from + value });
  }
  const extent = bars.flatMap((b) => [b.from, b.to]);
  const dom = valueDomain(spec, horizontal ? ['bottom', 'top'] : ['left', 'right'], extent.length > 0 ? extent : [0]);
  const labels = isObj(spec.label) && spec.label.visible === true;
  const hasLegend = series.length > 1;
  const top = (c.title ? 40 : 14) + (hasLegend ? 22 : 0) + (labels && !horizontal ? 10 : 0);
  const tickW = Math.max(...dom.ticks.map((t) => textWidth(fmt(t))));
  const catW = Math.min(160, Math.max(...categories.map((x) => textWidth(x))));
  const left = horizontal ? catW + 16 : tickW + 16;
  const right = horizontal && labels ? 44 : 16;
  const plotW = c.width - left - right;
  const band0 = plotW / Math.max(1, categories.length);
  const rotate = !horizontal && Math.max(...categories.map((x) => textWidth(x))) > band0 - 6;
  const bottom = horizontal ? 28 : rotate ? 20 + Math.min(90, Math.max(...categories.map((x) => textWidth(clip(x, 120)))) * 0.7) : 28;
  const plotH = c.height - top - bottom;
  const span = dom.hi - dom.lo || 1;
  const scale = (v) => (horizontal ? left + ((v - dom.lo) / span) * plotW : top + plotH - ((v - dom.lo) / span) * plotH);
  const bandLen = (horizontal ? plotH : plotW) / Math.max(1, categories.length);
  const inner = bandLen * 0.7;
  const perBar = stacked ? inner : inner / Math.max(1, series.length);
  const bandStart = (cat) => (horizontal ? top : left) + categories.indexOf(cat) * bandLen + (bandLen - inner) / 2;

  const summary = bars.map((b) => `${b.cat}${b.s ? ` · ${b.s}` : ''}: ${fmt(b.value)}`).join('; ');
  let out = svgOpen(c, summary) + legend(c, series, (c.title ? 40 : 14) + 10);
  out += '<g class="lk-chart-axis">';
  for (const t of dom.ticks) {
    const p = r(scale(t));
    out += horizontal
      ? `<line x1="${p}" y1="${top}" x2="${p}" y2="${top + plotH}" stroke="#e8e9eb"/><text x="${p}" y="${top + plotH + 18}" text-anchor="middle" fill="#646a73">${fmt(t)}</text>`
      : `<line x1="${left}" y1="${p}" x2="${left + plotW}" y2="${p}" stroke="#e8e9eb"/><text x="${left - 8}" y="${p + 4}" text-anchor="end" fill="#646a73">${fmt(t)}</text>`;
  }
  const zero = r(scale(Math.max(dom.lo, Math.min(dom.hi, 0))));
  out += horizontal
    ? `<line x1="${zero}" y1="${top}" x2="${zero}" y2="${top + plotH}" stroke="#bbbfc4"/>`
    : `<line x1="${left}" y1="${zero}" x2="${left + plotW}" y2="${zero}" stroke="#bbbfc4"/>`;
  categories.forEach((cat, k) => {
    const mid = r((horizontal ? top : left) + k * bandLen + bandLen / 2);
    if (horizontal) out += `<text x="${left - 8}" y="${mid + 4}" text-anchor="end" fill="#646a73">${escapeHtml(clip(cat, catW))}</text>`;
    else if (rotate) out += `<text x="${mid}" y="${top + plotH + 14}" text-anchor="end" transform="rotate(-35 ${mid} ${top + plotH + 14})" fill="#646a73">${escapeHtml(clip(cat, 120))}</text>`;
    else out += `<text x="${mid}" y="${top + plotH + 18}" text-anchor="middle" fill="#646a73">${escapeHtml(cat)}</text>`;
  });
  out += '</g><g class="lk-chart-marks">';
  for (const b of bars) {
    const k = Math.max(0, series.indexOf(b.s));
    const colour = PALETTE[k % PALETTE.length];
    const offset = bandStart(b.cat) + (stacked ? 0 : k * perBar);
    const a = scale(b.from);
    const z = scale(b.to);
    const thick = r(Math.max(1, perBar - (stacked || series.length === 1 ? 0 : 2)));
    const tip = `<title>${escapeHtml(`${b.cat}${b.s ? ` · ${b.s}` : ''}: ${fmt(b.value)}`)}</title>`;
    out += horizontal
      ? `<rect class="lk-bar" x="${r(Math.min(a, z))}" y="${r(offset)}" width="${r(Math.abs(z - a))}" height="${thick}" rx="2" fill="${colour}">${tip}</rect>`
      : `<rect class="lk-bar" x="${r(offset)}" y="${r(Math.min(a, z))}" width="${thick}" height="${r(Math.abs(z - a))}" rx="2" fill="${colour}">${tip}</rect>`;
    if (labels) {
      const text = fmt(b.value);
      if (horizontal) out += `<text class="lk-value-label" x="${r(Math.max(a, z) + 4)}" y="${r(offset + thick / 2 + 4)}" fill="#1f2329">${text}</text>`;
      else if (stacked) out += `<text class="lk-value-label" x="${r(offset + thick / 2)}" y="${r((a + z) / 2 + 4)}" text-anchor="middle" fill="${inkOn(colour)}">${text}</text>`;
      else out += `<text class="lk-value-label" x="${r(offset + thick / 2)}" y="${r(b.value >= 0 ? z - 5 : z + 14)}" text-anchor="middle" fill="#1f2329">${text}</text>`;
    }
  }
  return `${out}</g></svg>`;
}

// ---------------------------------------------------------------------------------------------- line / area

function lineChart(c, area) {
  const { spec } = c;
  const catField = fieldName(first(spec.xField));
  const valField = fieldName(first(spec.yField));
  if (!catField || !valField) throw new Error('fields');
  const seriesField = fieldName(spec.seriesField);
  if (c.values.length === 0) return noData(c);
  const { categories, series } = shape(c.values, catField, seriesField);
  const points = series.map((s) => categories.map((cat) => {
    const row = c.values.find((v) => str(v[catField]) === cat && (!seriesField || str(v[seriesField]) === s));
    return row ? num(row[valField]) : null;
  }));
  const all = points.flat().filter((v) => v !== null);
  const dom = valueDomain(spec, ['left', 'right'], all.length > 0 ? all : [0]);
  const labels = isObj(spec.label) && spec.label.visible === true;
  const showPoints = !(isObj(spec.point) && spec.point.visible === false);
  const hasLegend = series.length > 1;
  const top = (c.title ? 40 : 14) + (hasLegend ? 22 : 0) + (labels ? 10 : 0);
  const left = Math.max(...dom.ticks.map((t) => textWidth(fmt(t)))) + 16;
  const plotW = c.width - left - 16;
  const band = plotW / Math.max(1, categories.length);
  const rotate = Math.max(...categories.map((x) => textWidth(x))) > band - 4;
  const bottom = rotate ? 20 + Math.min(90, Math.max(...categories.map((x) => textWidth(clip(x, 120)))) * 0.7) : 28;
  const plotH = c.height - top - bottom;
  const span = dom.hi - dom.lo || 1;
  const y = (v) => top + plotH - ((v - dom.lo) / span) * plotH;
  const x = (k) => left + band * k + band / 2;

  const summary = series.map((s, si) => `${s ? `${s}: ` : ''}${categories.map((cat, k) => `${cat} ${points[si][k] === null ? '—' : fmt(points[si][k])}`).join(', ')}`).join('; ');
  let out = svgOpen(c, summary) + legend(c, series, (c.title ? 40 : 14) + 10);
  out += '<g class="lk-chart-axis">';
  for (const t of dom.ticks) {
    const p = r(y(t));
    out += `<line x1="${left}" y1="${p}" x2="${left + plotW}" y2="${p}" stroke="#e8e9eb"/><text x="${left - 8}" y="${p + 4}" text-anchor="end" fill="#646a73">${fmt(t)}</text>`;
  }
  out += `<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="#bbbfc4"/>`;
  categories.forEach((cat, k) => {
    const mid = r(x(k));
    out += rotate
      ? `<text x="${mid}" y="${top + plotH + 14}" text-anchor="end" transform="rotate(-35 ${mid} ${top + plotH + 14})" fill="#646a73">${escapeHtml(clip(cat, 120))}</text>`
      : `<text x="${mid}" y="${top + plotH + 18}" text-anchor="middle" fill="#646a73">${escapeHtml(cat)}</text>`;
  });
  out += '</g><g class="lk-chart-marks">';
  const base = r(y(Math.max(dom.lo, Math.min(dom.hi, 0))));
  series.forEach((s, si) => {
    const colour = PALETTE[si % PALETTE.length];
    // A missing value breaks the line rather than dropping to zero.
    const runs = [];
    let run = [];
    points[si].forEach((v, k) => {
      if (v === null) { if (run.length) runs.push(run); run = []; } else run.push([r(x(k)), r(y(v))]);
    });
    if (run.length) runs.push(run);
    for (const pts of runs) {
      const d = pts.map(([px, py], k) => `${k === 0 ? 'M' : 'L'}${px} ${py}`).join(' ');
      if (area) out += `<path class="lk-area" d="${d} L${pts[pts.length - 1][0]} ${base} L${pts[0][0]} ${base} Z" fill="${colour}" fill-opacity="0.18" stroke="none"/>`;
      out += `<path class="lk-line" d="${d}" fill="none" stroke="${colour}" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>`;
    }
    points[si].forEach((v, k) => {
      if (v === null) return;
      const tip = `<title>${escapeHtml(`${categories[k]}${s ? ` · ${s}` : ''}: ${fmt(v)}`)}</title>`;
      if (showPoints) out += `<circle class="lk-point" cx="${r(x(k))}" cy="${r(y(v))}" r="3.5" fill="#ffffff" stroke="${colour}" stroke-width="2">${tip}</circle>`;
      if (labels) out += `<text class="lk-value-label" x="${r(x(k))}" y="${r(y(v) - 8)}" text-anchor="middle" fill="#1f2329">${fmt(v)}</text>`;
    });
  });
  return `${out}</g></svg>`;
}

// ---------------------------------------------------------------------------------------------- pie

function pieChart(c) {
  const { spec } = c;
  const catField = fieldName(spec.categoryField) ?? fieldName(first(spec.seriesField)) ?? fieldName(first(spec.xField));
  const valField = fieldName(spec.valueField) ?? fieldName(first(spec.angleField)) ?? fieldName(first(spec.yField));
  if (!catField || !valField) throw new Error('fields');
  const slices = c.values.map((v) => ({ cat: str(v[catField]), value: num(v[valField]) })).filter((s) => s.value !== null && s.value > 0);
  const total = slices.reduce((s, x) => s + x.value, 0);
  if (slices.length === 0 || total <= 0) return noData(c);
  const labels = isObj(spec.label) && spec.label.visible === true;
  const top = c.title ? 40 : 14;
  const legendW = Math.min(220, Math.max(...slices.map((s) => textWidth(`${clip(s.cat, 150)} ${fmt(s.value)}`))) + 30);
  const cx = (c.width - legendW) / 2;
  const cy = top + (c.height - top - 10) / 2;
  const R = Math.min(cx - 40, (c.height - top - 10) / 2);
  const outer = R * Math.min(1, num(spec.outerRadius) ?? 0.85);
  const innerRatio = num(spec.innerRadius) ?? 0;
  const inner = innerRatio > 0 ? R * Math.min(innerRatio, 0.95) : 0;
  const pct = (v) => `${Math.round((v / total) * 1000) / 10}%`;
  const summary = slices.map((s) => `${s.cat}: ${fmt(s.value)} (${pct(s.value)})`).join('; ');

  let out = `${svgOpen(c, summary)}<g class="lk-chart-marks">`;
  let angle = -Math.PI / 2;
  slices.forEach((s, k) => {
    const sweep = (s.value / total) * Math.PI * 2;
    const colour = PALETTE[k % PALETTE.length];
    const tip = `<title>${escapeHtml(`${s.cat}: ${fmt(s.value)} (${pct(s.value)})`)}</title>`;
    out += `<path class="lk-slice" d="${arcPath(cx, cy, outer, inner, angle, angle + sweep)}" fill="${colour}" stroke="#ffffff" stroke-width="1.5">${tip}</path>`;
    if (labels && sweep > 0.25) {
      const mid = angle + sweep / 2;
      const lr = inner > 0 ? (inner + outer) / 2 : outer * 0.65;
      out += `<text class="lk-value-label" x="${r(cx + lr * Math.cos(mid))}" y="${r(cy + lr * Math.sin(mid) + 4)}" text-anchor="middle" fill="${inkOn(colour)}" font-weight="600">${pct(s.value)}</text>`;
    }
    angle += sweep;
  });
  out += '</g><g class="lk-chart-legend">';
  const lx = c.width - legendW;
  const ly0 = cy - (slices.length * 20) / 2 + 10;
  slices.forEach((s, k) => {
    const ly = r(ly0 + k * 20);
    out += `<rect x="${r(lx)}" y="${ly - 9}" width="10" height="10" rx="2" fill="${PALETTE[k % PALETTE.length]}"/>`
      + `<text x="${r(lx + 16)}" y="${ly}" fill="#1f2329">${escapeHtml(clip(s.cat, 150))} <tspan fill="#646a73">${fmt(s.value)}</tspan></text>`;
  });
  return `${out}</g></svg>`;
}

function arcPath(cx, cy, outer, inner, a0, a1) {
  // A full circle cannot be one arc: draw it as two halves.
  if (a1 - a0 >= Math.PI * 2 - 1e-6) {
    const mid = a0 + Math.PI;
    return `${arcPath(cx, cy, outer, inner, a0, mid)} ${arcPath(cx, cy, outer, inner, mid, a1)}`;
  }
  const large = a1 - a0 > Math.PI ? 1 : 0;
  const p = (rad, a) => `${r(cx + rad * Math.cos(a))} ${r(cy + rad * Math.sin(a))}`;
  if (inner <= 0) return `M${r(cx)} ${r(cy)} L${p(outer, a0)} A${r(outer)} ${r(outer)} 0 ${large} 1 ${p(outer, a1)} Z`;
  return `M${p(outer, a0)} A${r(outer)} ${r(outer)} 0 ${large} 1 ${p(outer, a1)} L${p(inner, a1)} A${r(inner)} ${r(inner)} 0 ${large} 0 ${p(inner, a0)} Z`;
}
