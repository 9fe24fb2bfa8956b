/** Types for chart-svg.js (a plain ES module served to the browser as it is). */
export function renderChart(spec: unknown, lang?: 'zh' | 'en', opts?: { aspectRatio?: string }): string;
