/**
 * The id of a database row as a card or a form carries it: a positive whole number that fits Postgres'
 * `integer`, sent as a number or as decimal digits. Anything else (a negative, 2**53, "1 OR 1=1", true, [3])
 * names no row and comes back as 0, so a forged value is refused like a stale one instead of reaching SQL,
 * where an out-of-range number is an error, or being coerced into somebody's id.
 */
export const MAX_ROW_ID = 2_147_483_647;

export function rowId(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,10}$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n > 0 && n <= MAX_ROW_ID ? n : 0;
}
