import { describe, expect, it } from 'vitest';
import { renderChart } from '../../../src/playground/static/chart-svg';
import { ratingChart, reportChart } from '../../../src/lark/cards/stats-cards';
import { XSS_BREAKOUT, XSS_NAME, statistics } from './card-fixtures';
import { inertProblems, outer, tags, text, type Tag } from './html-scan';

type Lang = 'zh' | 'en';

function chart(spec: unknown, lang: Lang = 'zh', opts?: { aspectRatio?: string }): string {
  const svg = renderChart(spec, lang, opts);
  expect(inertProblems(svg)).toEqual([]);
  return svg;
}

const specOf = (el: Record<string, unknown>): Record<string, unknown> => el.chart_spec as Record<string, unknown>;
const marks = (svg: string, name: string, cls: string): Tag[] => tags(svg).filter((x) => x.name === name && x.attrs.class === cls);
const n = (t: Tag, a: string): number => Number(t.attrs[a]);
const tip = (svg: string, t: Tag): string => text(outer(svg, t));

describe('renderChart: the statistics card charts', () => {
  it('draws the ratings bar chart: one bar per rating, heights in proportion, value labels, axes, the title', () => {
    const s = statistics();
    const svg = chart(specOf(ratingChart(s)));
    const root = tags(svg)[0]!;
    expect(root.name).toBe('svg');
    expect(root.attrs).toMatchObject({ class: 'lk-chart', role: 'img', 'aria-label': '2025年第三季度测评等级分布 2025 Q3 ratings', viewbox: '0 0 640 360' }); // attribute names are case-insensitive, read lower-cased
    const bars = marks(svg, 'rect', 'lk-bar');
    expect(bars).toHaveLength(4);
    expect(bars.map((b) => tip(svg, b))).toEqual(['优秀 Excellent: 4', '良好 Good: 7', '合格 Satisfactory: 3', '不合格 Unsatisfactory: 1']);
    const heights = bars.map((b) => n(b, 'height'));
    expect(heights[1]! / heights[0]!).toBeCloseTo(7 / 4, 1);
    expect(heights[3]! / heights[0]!).toBeCloseTo(1 / 4, 1);
    // left to right in data order, all standing on the same baseline
    expect(bars.map((b) => n(b, 'x'))).toEqual([...bars.map((b) => n(b, 'x'))].sort((a, b) => a - b));
    const bottoms = bars.map((b) => n(b, 'y') + n(b, 'height'));
    expect(new Set(bottoms.map((v) => Math.round(v))).size).toBe(1);
    expect(marks(svg, 'text', 'lk-value-label').map((l) => text(outer(svg, l)))).toEqual(['4', '7', '3', '1']);
    const seen = text(svg);
    expect(seen).toContain('优秀 Excellent');
    expect(seen).toContain('不合格 Unsatisfactory');
    expect(tags(svg).some((x) => x.name === 'text' && x.attrs.class === 'lk-chart-title')).toBe(true);
    // y-axis ticks from 0 up past the largest value
    const ticks = tags(svg).filter((x) => x.name === 'text' && x.attrs['text-anchor'] === 'end').map((x) => Number(text(outer(svg, x))));
    expect(ticks[0]).toBe(0);
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(7);
  });

  it('draws the weekly line chart: a point per week on one line, the 0–100 axis the spec asks for', () => {
    const s = statistics();
    const svg = chart(specOf(reportChart(s)));
    const points = marks(svg, 'circle', 'lk-point');
    expect(points).toHaveLength(13);
    expect(marks(svg, 'path', 'lk-line')).toHaveLength(1);
    expect(points.map((p) => tip(svg, p))[0]).toBe(`W28: ${Math.round((10 / 15) * 100)}`);
    const xs = points.map((p) => n(p, 'cx'));
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    const ticks = tags(svg).filter((x) => x.name === 'text' && x.attrs['text-anchor'] === 'end').map((x) => Number(text(outer(svg, x))));
    expect(ticks[0]).toBe(0);
    expect(ticks[ticks.length - 1]).toBe(100);
    expect(text(svg)).toContain('W40');
  });
});

describe('renderChart: other shapes', () => {
  const values = [
    { unit: '火炉镇', kind: '导师', n: 7 }, { unit: '火炉镇', kind: '对子', n: 9 },
    { unit: '江口镇', kind: '导师', n: 5 }, { unit: '江口镇', kind: '对子', n: 6 },
    { unit: '白马镇', kind: '导师', n: 2 }, { unit: '白马镇', kind: '对子', n: 3 },
  ];

  it('groups bars side by side by series (xField [x, series]) with a legend', () => {
    const svg = chart({ type: 'bar', data: { values }, xField: ['unit', 'kind'], yField: 'n', seriesField: 'kind' });
    const bars = marks(svg, 'rect', 'lk-bar');
    expect(bars).toHaveLength(6);
    expect(new Set(bars.map((b) => b.attrs.fill)).size).toBe(2);
    expect(new Set(bars.map((b) => n(b, 'x'))).size).toBe(6); // side by side, none on top of another
    expect(text(outer(svg, tags(svg).find((x) => x.attrs.class === 'lk-chart-legend')!))).toBe('导师对子');
  });

  it('stacks bars by seriesField when the x field is single', () => {
    const svg = chart({ type: 'bar', data: { values }, xField: 'unit', yField: 'n', seriesField: 'kind' });
    const bars = marks(svg, 'rect', 'lk-bar');
    expect(bars).toHaveLength(6);
    expect(new Set(bars.map((b) => n(b, 'x'))).size).toBe(3);
    const [a, b] = bars; // 火炉镇: 导师 below, 对子 on top of it
    expect(Math.round(n(b!, 'y') + n(b!, 'height'))).toBe(Math.round(n(a!, 'y')));
  });

  it('draws horizontal bars with categories on the left', () => {
    const svg = chart({ type: 'bar', direction: 'horizontal', data: [{ id: 'd', values: values.filter((v) => v.kind === '导师') }], xField: 'n', yField: 'unit', label: { visible: true } });
    const bars = marks(svg, 'rect', 'lk-bar');
    expect(bars.map((b) => Math.round(n(b, 'width') * 100) / 100)).toHaveLength(3);
    expect(n(bars[0]!, 'width') / n(bars[2]!, 'width')).toBeCloseTo(7 / 2, 1);
    expect(new Set(bars.map((b) => n(b, 'x'))).size).toBe(1);
    expect(marks(svg, 'text', 'lk-value-label').map((l) => text(outer(svg, l)))).toEqual(['7', '5', '2']);
  });

  it('draws an area chart with a filled area and points, one line per series', () => {
    const svg = chart({ type: 'area', data: { values }, xField: 'unit', yField: 'n', seriesField: 'kind' });
    expect(marks(svg, 'path', 'lk-area')).toHaveLength(2);
    expect(marks(svg, 'path', 'lk-line')).toHaveLength(2);
    expect(marks(svg, 'circle', 'lk-point')).toHaveLength(6);
    const noPoints = chart({ type: 'line', data: { values }, xField: 'unit', yField: 'n', seriesField: 'kind', point: { visible: false } });
    expect(marks(noPoints, 'circle', 'lk-point')).toHaveLength(0);
  });

  it('draws pie and donut charts with a slice per category and a legend', () => {
    const pie = chart({ type: 'pie', data: { values: [{ r: '优秀', c: 4 }, { r: '良好', c: 7 }, { r: '合格', c: 3 }, { r: '不合格', c: 0 }] }, categoryField: 'r', valueField: 'c', label: { visible: true }, title: { text: '等级' } });
    expect(marks(pie, 'path', 'lk-slice').map((p) => tip(pie, p))).toEqual(['优秀: 4 (28.6%)', '良好: 7 (50%)', '合格: 3 (21.4%)']);
    expect(text(outer(pie, tags(pie).find((x) => x.attrs.class === 'lk-chart-legend')!))).toBe('优秀 4良好 7合格 3');
    expect(marks(pie, 'text', 'lk-value-label').map((l) => text(outer(pie, l)))).toEqual(['28.6%', '50%', '21.4%']);
    const donut = chart({ type: 'pie', data: { values: [{ r: 'a', c: 1 }, { r: 'b', c: 1 }] }, categoryField: 'r', valueField: 'c', innerRadius: 0.5 });
    for (const p of marks(donut, 'path', 'lk-slice')) expect((p.attrs.d!.match(/A/g) ?? []).length).toBe(2);
    const whole = chart({ type: 'pie', data: { values: [{ r: 'a', c: 3 }] }, categoryField: 'r', valueField: 'c' });
    expect(marks(whole, 'path', 'lk-slice')).toHaveLength(1);
  });

  it('sizes by the aspect ratio', () => {
    const spec = { type: 'bar', data: { values: [{ x: 'a', y: 1 }] }, xField: 'x', yField: 'y' };
    expect(tags(chart(spec, 'zh', { aspectRatio: '1:1' }))[0]!.attrs.viewbox).toBe('0 0 640 640');
    expect(tags(chart(spec, 'zh', { aspectRatio: '2:1' }))[0]!.attrs.viewbox).toBe('0 0 640 320');
  });
});

describe('renderChart: safety and the unsupported', () => {
  it('escapes every text from the spec', () => {
    const svg = chart({
      type: 'bar', title: { text: XSS_BREAKOUT }, xField: 'x', yField: 'y', seriesField: 's',
      data: { values: [{ x: XSS_NAME, y: 1, s: '<b>s1</b>' }, { x: XSS_NAME, y: 2, s: "s2' onload='alert(1)" }] },
    });
    expect(svg).not.toMatch(/<script|<img|<b>/i);
    expect(tags(svg)[0]!.attrs['aria-label']).toBe(XSS_BREAKOUT);
    expect(text(svg)).toContain(XSS_NAME);
    expect(text(svg)).toContain("s2' onload='alert(1)");
  });

  it('says so for a chart type it cannot draw, and for no data', () => {
    for (const type of ['radar', 'scatter', 'wordCloud', 'common', '']) {
      const out = chart({ type, data: { values: [{ a: 1 }] } });
      expect(out).toMatch(/^<div class="lk-unsupported" data-tag="chart">\[不支持的组件 Unsupported: chart/);
      expect(out).not.toContain('<svg');
    }
    expect(chart(null)).toContain('lk-unsupported');
    expect(text(chart({ type: 'bar', data: { values: [] }, xField: 'x', yField: 'y' }))).toContain('暂无数据');
    expect(text(chart({ type: 'line', data: { values: [] }, xField: 'x', yField: 'y' }, 'en'))).toContain('No data');
  });
});
