import type { Cell } from './roster-table';

/** Today's calendar date ('YYYY-MM-DD') in the program's time zone: "not in the future" means there. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * A birth or hire date: 'YYYY-MM-DD' text naming a real calendar day, or a real Excel date cell;
 * never after `today`. Returns the 'YYYY-MM-DD' form stored in the `date` column.
 */
export function parseRosterDate(cell: Cell, today: string): { ok: true; value: string } | { ok: false; reason: string } {
  let text: string;
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return { ok: false, reason: '日期无效 invalid Excel date' };
    // exceljs hands a date cell over as UTC midnight of the day Excel shows
    text = cell.toISOString().slice(0, 10);
  } else {
    text = cell.trim();
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!m) return { ok: false, reason: `日期格式错误 bad date "${text}": use YYYY-MM-DD` };
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const probe = new Date(Date.UTC(y, mo - 1, d));
    if (mo < 1 || mo > 12 || probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) {
      return { ok: false, reason: `日期不存在 no such date "${text}"` };
    }
  }
  if (text > today) return { ok: false, reason: `日期在未来 date "${text}" is in the future (today is ${today})` };
  if (text < '1900-01-01') return { ok: false, reason: `日期过早 date "${text}" is before 1900` };
  return { ok: true, value: text };
}
