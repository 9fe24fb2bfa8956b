import type { Kysely } from 'kysely';
import type { Database, TutoringRecord } from '../db/database';
import { ReportRepository, type Report, type ReportBody, type ReportPair } from '../db/repositories/report-repository';
import type { Actor } from '../domain/actor';
import { DomainError } from '../domain/domain-error';
import { isoWeekOf, isValidWeek, previousWeek } from '../domain/iso-week';
import { deniedOn } from './authorization';
import { rowId } from '../domain/row-id';

/**
 * 周报: one report per pair and ISO week (in the program's time zone), written by the mentee, read and
 * commented by the mentor(s). Editable until the week closes (Sunday 23:59); the previous week may still be
 * handed in, marked 补交 (late). Every check is made here, on the server: the card only carries ids.
 */

export const FIELD_MAX = 500;
export const COMMENT_MAX = 300;
export const TOPIC_MAX = 100;
export const MINUTES_MAX = 600;
export const TUTORING_ROWS = 2;
export const TEXT_FIELDS = ['learned', 'did', 'problems', 'next_week'] as const;
export const FIELD_LABELS: Record<(typeof TEXT_FIELDS)[number], { zh: string; en: string }> = {
  learned: { zh: '本周所学', en: 'What I learned' },
  did: { zh: '本周所做', en: 'What I did' },
  problems: { zh: '遇到的问题', en: 'Problems' },
  next_week: { zh: '下周计划', en: 'Next week' },
};

const repo = new ReportRepository();

const NOT_YOURS = { zh: '这份周报属于另一对帮带对子，只有该对子的培养对象可以填写。', en: 'This report belongs to another pair; only its mentee may write it.' };
const NOT_MENTOR = { zh: '只有这对帮带对子的导师可以批阅这份周报。', en: 'Only a mentor of this pair may review this report.' };

export function parseId(v: unknown): number {
  return rowId(v);
}

/** Which week a report may be for today: this week, or the previous one as 补交; never a future week or junk. */
export function resolveWeek(w: unknown, today: string): { week: string; late: boolean } {
  if (typeof w !== 'string' || !isValidWeek(w)) {
    throw new DomainError('invalid_input', { zh: '这张周报卡片上的周次无效，请发送“周报”重新获取。', en: 'This report card names no valid week; send "report" for a fresh one.' });
  }
  const current = isoWeekOf(today);
  if (w > current) throw new DomainError('invalid_input', { zh: `${w} 还没有开始，不能提前填写周报。`, en: `${w} has not started yet; a report cannot be written ahead.` });
  if (w === current) return { week: w, late: false };
  if (w === previousWeek(current)) return { week: w, late: true };
  throw new DomainError('conflict', {
    zh: `${w} 已截止。周报只能填写本周的，或补交上一周（${previousWeek(current)}）的。`,
    en: `${w} is closed. Reports may be written for this week, or handed in late for the previous week (${previousWeek(current)}) only.`,
  });
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** The form's fields, checked against the limits the form states; every problem is named at once. */
export function parseBody(form: Record<string, unknown>, today: string): ReportBody {
  const problems: { zh: string; en: string }[] = [];
  const text: Record<string, string> = {};
  for (const f of TEXT_FIELDS) {
    text[f] = str(form[f]);
    if ([...text[f]!].length > FIELD_MAX) problems.push({ zh: `“${FIELD_LABELS[f].zh}”超过 ${FIELD_MAX} 字`, en: `"${FIELD_LABELS[f].en}" is over ${FIELD_MAX} characters` });
  }
  const tutoring: TutoringRecord[] = [];
  for (let i = 1; i <= TUTORING_ROWS; i++) {
    const date = str(form[`t${i}_date`]).slice(0, 10);
    const topic = str(form[`t${i}_topic`]);
    const minutesText = str(form[`t${i}_minutes`]);
    if (!date && !topic && !minutesText) continue;
    const minutes = /^\d{1,4}$/.test(minutesText) ? Number(minutesText) : NaN;
    const row = { zh: `第 ${i} 条辅导记录`, en: `tutoring record ${i}` };
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || date > today) problems.push({ zh: `${row.zh}需要一个不晚于今天的日期`, en: `${row.en} needs a date no later than today` });
    if (!topic || [...topic].length > TOPIC_MAX) problems.push({ zh: `${row.zh}的主题需填写且不超过 ${TOPIC_MAX} 字`, en: `${row.en} needs a topic of at most ${TOPIC_MAX} characters` });
    if (!(minutes >= 0 && minutes <= MINUTES_MAX)) problems.push({ zh: `${row.zh}的时长应为 0–${MINUTES_MAX} 分钟的整数`, en: `${row.en}: minutes must be a whole number from 0 to ${MINUTES_MAX}` });
    tutoring.push({ date, topic, minutes });
  }
  if (problems.length === 0 && TEXT_FIELDS.every((f) => text[f] === '')) {
    problems.push({ zh: '四项内容（所学、所做、问题、下周计划）至少填写一项', en: 'Fill in at least one of: learned, did, problems, next week' });
  }
  if (problems.length > 0) {
    throw new DomainError('invalid_input', { zh: `周报没有保存：${problems.map((p) => p.zh).join('；')}。`, en: `The report was not saved: ${problems.map((p) => p.en).join('; ')}.` });
  }
  return { learned: text.learned!, did: text.did!, problems: text.problems!, nextWeek: text.next_week!, tutoring };
}

const sameBody = (a: ReportBody, b: ReportBody): boolean =>
  a.learned === b.learned && a.did === b.did && a.problems === b.problems && a.nextWeek === b.nextWeek && JSON.stringify(a.tutoring) === JSON.stringify(b.tutoring);

export interface SavedReport {
  report: Report;
  pair: ReportPair;
  /** an earlier version existed: the mentors are told it was changed (已修改) */
  edited: boolean;
}

/** The pair, if the actor is its mentee and it is running; anyone else (or a forged id) is refused and audited. */
async function ownPair(tx: Kysely<Database>, actor: Actor, pairId: number): Promise<ReportPair> {
  const pair = pairId ? await repo.pair(tx, pairId) : undefined;
  if (!pair || pair.mentee.cadreId !== actor.cadreId) throw deniedOn(actor, 'report.submit', `pair:${pairId}`, NOT_YOURS);
  if (!pair.active) throw new DomainError('conflict', { zh: '这对帮带对子已经结束，不再需要周报。', en: 'This pair has ended; no more reports are needed.' });
  return pair;
}

/** Save (or replace) one week's report under the pair's lock, so a double click or two racing edits write one row. */
async function save(tx: Kysely<Database>, actor: Actor, pair: ReportPair, week: string, late: boolean, build: (prev: Report | undefined) => ReportBody): Promise<SavedReport> {
  await repo.lockPair(tx, pair.pairId);
  const prev = await repo.find(tx, pair.pairId, week);
  if (prev && late && !prev.late) {
    throw new DomainError('conflict', { zh: `${week} 的周报已按时提交，该周已截止，不能再修改。`, en: `The report for ${week} was handed in on time and that week is closed; it can no longer be changed.` });
  }
  const body = build(prev);
  if (prev && sameBody(prev, body)) {
    throw new DomainError('conflict', { zh: `${week} 的周报已经提交过，内容没有变化。`, en: `The report for ${week} was already submitted with this content.` });
  }
  const report = await repo.upsert(tx, { pairId: pair.pairId, week, body, late: prev?.late ?? late, by: actor.cadreId });
  return { report, pair, edited: prev !== undefined };
}

export async function submitReport(tx: Kysely<Database>, actor: Actor, input: { pairId: unknown; week: unknown; form: Record<string, unknown>; today: string }): Promise<SavedReport> {
  const pair = await ownPair(tx, actor, parseId(input.pairId));
  const { week, late } = resolveWeek(input.week, input.today);
  const body = parseBody(input.form, input.today);
  return save(tx, actor, pair, week, late, () => body);
}

/** `周报 <text>`: the text becomes this week's 本周所做 (did) of the actor's first active pair; other fields are kept. */
export async function submitText(tx: Kysely<Database>, actor: Actor, text: string, today: string): Promise<(SavedReport & { otherPairs: number }) | undefined> {
  const ids = await repo.menteePairIds(tx, actor.cadreId);
  if (ids.length === 0) return undefined;
  const pair = await ownPair(tx, actor, ids[0]!);
  const did = text.trim();
  if ([...did].length > FIELD_MAX) {
    throw new DomainError('invalid_input', { zh: `周报没有保存：文字超过 ${FIELD_MAX} 字，请精简后再发。`, en: `The report was not saved: the text is over ${FIELD_MAX} characters.` });
  }
  const saved = await save(tx, actor, pair, isoWeekOf(today), false, (prev) => ({ learned: '', problems: '', nextWeek: '', tutoring: [], ...prev, did }));
  return { ...saved, otherPairs: ids.length - 1 };
}

export interface ReportForm {
  pair: ReportPair;
  week: string;
  late: boolean;
  current: Report | undefined;
}

/** `周报` alone: this week's form for each active pair where the actor is the mentee, prefilled. */
export async function formsFor(tx: Kysely<Database>, actor: Actor, today: string): Promise<ReportForm[]> {
  const week = isoWeekOf(today);
  const forms: ReportForm[] = [];
  for (const id of await repo.menteePairIds(tx, actor.cadreId)) {
    const pair = await repo.pair(tx, id);
    if (pair) forms.push({ pair, week, late: false, current: await repo.find(tx, id, week) });
  }
  return forms;
}

/** A form for one pair and week (the 修改 button of a saved report); same checks as submitting. */
export async function formFor(tx: Kysely<Database>, actor: Actor, pairId: unknown, w: unknown, today: string): Promise<ReportForm> {
  const pair = await ownPair(tx, actor, parseId(pairId));
  const { week, late } = resolveWeek(w, today);
  return { pair, week, late, current: await repo.find(tx, pair.pairId, week) };
}

export interface Reviewed {
  report: Report;
  pair: ReportPair;
  mentorName: string;
  /** nothing changed: already read, or the same comment again */
  already: boolean;
  comment: string | null;
}

/** 已阅 or a comment, by a mentor of the report's pair only; repeating it is harmless. */
export async function reviewReport(tx: Kysely<Database>, actor: Actor, input: { reportId: unknown; kind: 'read' | 'comment'; form: Record<string, unknown> }): Promise<Reviewed> {
  const id = parseId(input.reportId);
  const report = id ? await repo.byId(tx, id) : undefined;
  const pair = report && (await repo.pair(tx, report.pairId));
  if (!report || !pair || !pair.mentors.some((m) => m.cadreId === actor.cadreId)) throw deniedOn(actor, `report.${input.kind}`, `report:${id}`, NOT_MENTOR);
  await repo.lockPair(tx, pair.pairId);
  const before = await repo.review(tx, report.id, actor.cadreId);
  if (input.kind === 'read') {
    if (!before?.readAt) await repo.saveReview(tx, report.id, actor.cadreId);
    return { report, pair, mentorName: actor.name, already: Boolean(before?.readAt), comment: before?.comment ?? null };
  }
  const comment = str(input.form.comment);
  if (!comment || [...comment].length > COMMENT_MAX) {
    throw new DomainError('invalid_input', { zh: `评语需填写，且不超过 ${COMMENT_MAX} 字。`, en: `Write a comment of at most ${COMMENT_MAX} characters.` });
  }
  if (before?.comment === comment) return { report, pair, mentorName: actor.name, already: true, comment };
  await repo.saveReview(tx, report.id, actor.cadreId, comment);
  return { report, pair, mentorName: actor.name, already: false, comment };
}
