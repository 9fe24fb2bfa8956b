import { compareDates, isCalendarDate, rangesOverlap } from './calendar-date';
import { DomainError } from './domain-error';
import type { Batch } from './programs';

/** The checks an admin's change to a program or batch must pass, with messages that say what to fix. */

export const CAPACITY_MIN = 1;
export const CAPACITY_MAX = 50;

function invalid(zh: string, en: string, detail?: Record<string, unknown>): DomainError {
  return new DomainError('invalid_input', { zh, en }, detail);
}

export function requireDate(field: string, value: string): string {
  if (!isCalendarDate(value)) throw invalid(`${field} 应为 YYYY-MM-DD 格式的日期，收到 “${value}”`, `${field} must be a date YYYY-MM-DD, got "${value}"`, { field });
  return value;
}

/** A term may be open-ended (no end date); otherwise it ends on or after the day it starts. */
export function requireTerm(startDate: string, endDate: string | null, what = { zh: '项目', en: 'program' }): void {
  requireDate('start_date', startDate);
  if (endDate === null) return;
  requireDate('end_date', endDate);
  if (compareDates(endDate, startDate) < 0) {
    throw invalid(`${what.zh}结束日期 ${endDate} 早于开始日期 ${startDate}`, `the ${what.en} ends (${endDate}) before it starts (${startDate})`);
  }
}

/** One mentor takes 1..50 mentees (the migration enforces the same bounds; this message is the friendly one). */
export function requireCapacity(value: string | number): number {
  const n = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < CAPACITY_MIN || n > CAPACITY_MAX) {
    throw invalid(`导师容量应为 ${CAPACITY_MIN} 到 ${CAPACITY_MAX} 之间的整数，收到 “${value}”`, `capacity must be a whole number from ${CAPACITY_MIN} to ${CAPACITY_MAX}, got "${value}"`);
  }
  return n;
}

export function requireBoolean(field: string, value: string): boolean {
  const v = value.trim().toLowerCase();
  if (['true', 'yes', '1', 'on', '是'].includes(v)) return true;
  if (['false', 'no', '0', 'off', '否'].includes(v)) return false;
  throw invalid(`${field} 应为 true 或 false，收到 “${value}”`, `${field} must be true or false, got "${value}"`);
}

export function requireProgramCode(code: string): string {
  if (!/^[a-z0-9][a-z0-9_-]{1,39}$/.test(code)) {
    throw invalid(`项目代码 “${code}” 无效：只用小写字母、数字、- 和 _`, `program code "${code}" is invalid: use lower-case letters, digits, - and _`);
  }
  return code;
}

/**
 * A new or changed batch must lie inside the program's term and share no day with another batch of the same
 * program: a village cadre serves one month at a time, and the town's offices host one batch at a time.
 */
export function requireBatchFits(
  batch: { number: number; startDate: string; endDate: string },
  others: Pick<Batch, 'number' | 'startDate' | 'endDate'>[],
  program: { startDate: string; endDate: string | null },
): void {
  if (!Number.isInteger(batch.number) || batch.number < 1) throw invalid(`批次号应为正整数，收到 “${batch.number}”`, `the batch number must be a positive whole number, got "${batch.number}"`);
  requireTerm(batch.startDate, batch.endDate, { zh: '批次', en: 'batch' });
  if (compareDates(batch.startDate, program.startDate) < 0 || (program.endDate !== null && compareDates(batch.endDate, program.endDate) > 0)) {
    const term = `${program.startDate} – ${program.endDate ?? '…'}`;
    throw invalid(`第 ${batch.number} 批（${batch.startDate} – ${batch.endDate}）超出项目期限 ${term}`, `batch ${batch.number} (${batch.startDate} – ${batch.endDate}) lies outside the program's term ${term}`);
  }
  const clash = others.find((o) => o.number !== batch.number && rangesOverlap({ start: o.startDate, end: o.endDate }, { start: batch.startDate, end: batch.endDate }));
  if (clash) {
    throw invalid(
      `第 ${batch.number} 批（${batch.startDate} – ${batch.endDate}）与第 ${clash.number} 批（${clash.startDate} – ${clash.endDate}）时间重叠`,
      `batch ${batch.number} (${batch.startDate} – ${batch.endDate}) overlaps batch ${clash.number} (${clash.startDate} – ${clash.endDate})`,
    );
  }
}
