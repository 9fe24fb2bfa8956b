/**
 * Calendar quarters ('2026Q3') of local dates 'YYYY-MM-DD'. The evaluation (效果测评) is keyed by these, and
 * "two in a row" means two adjacent quarters, so Q4 and the next year's Q1 are neighbours. Pure.
 */

const QUARTER_RE = /^(\d{4})Q([1-4])$/;

export function isQuarter(q: string): boolean {
  return QUARTER_RE.test(q);
}

function parts(q: string): { year: number; n: number } {
  const m = QUARTER_RE.exec(q);
  if (!m) throw new RangeError(`not a quarter like 2026Q3: ${q}`);
  return { year: Number(m[1]), n: Number(m[2]) };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** '2026-11-29' → '2026Q4'. */
export function quarterOf(date: string): string {
  const m = /^(\d{4})-(\d{2})-\d{2}$/.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return `${m[1]}Q${Math.ceil(Number(m[2]) / 3)}`;
}

/** First day and the day after the last day: '2026Q4' → { start: '2026-10-01', end: '2027-01-01' }. */
export function quarterRange(q: string): { start: string; end: string } {
  const { year, n } = parts(q);
  const end = n === 4 ? `${year + 1}-01-01` : `${year}-${pad(n * 3 + 1)}-01`;
  return { start: `${year}-${pad(n * 3 - 2)}-01`, end };
}

export function previousQuarter(q: string): string {
  const { year, n } = parts(q);
  return n === 1 ? `${year - 1}Q4` : `${year}Q${n - 1}`;
}

export function nextQuarter(q: string): string {
  const { year, n } = parts(q);
  return n === 4 ? `${year + 1}Q1` : `${year}Q${n + 1}`;
}

/** '2026Q4' → '2026年第四季度' / '2026 Q4'. */
export function quarterLabel(q: string): { zh: string; en: string } {
  const { year, n } = parts(q);
  return { zh: `${year}年第${'一二三四'[n - 1]}季度`, en: `${year} Q${n}` };
}

const dayNumber = (date: string): number => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;

/** Whole days from `from` to `to` (local dates; `to` exclusive). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}
