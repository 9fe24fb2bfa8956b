import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { Entry, Seminar, SeminarPair } from '../db/repositories/seminar-repository';
import type { Actor } from '../domain/actor';
import { DomainError } from '../domain/domain-error';
import { deniedOn } from './authorization';
import { parseId } from './weekly-reports';
import { repo, seminarOf } from './seminars';

/**
 * A pair's showcase entry (晾晒工作业绩) for a seminar: what it achieved and an optional document link.
 * The mentee or any mentor of the pair writes and edits it until the seminar starts.
 */

export const ACHIEVEMENTS_MAX = 1000;
export const LINK_MAX = 500;

const NOT_YOURS = { zh: '只有该帮带对子的培养对象或导师可以填写这份展示材料。', en: 'Only the mentee or a mentor of this pair may write its showcase entry.' };

export const isMember = (pair: SeminarPair, cadreId: number): boolean => pair.mentee.cadreId === cadreId || pair.mentors.some((m) => m.cadreId === cadreId);

export interface EntryForm {
  seminar: Seminar;
  pair: SeminarPair;
  entry: Entry | undefined;
}

/** The seminar and the actor's pair in it, open for entries; anyone outside the pair is refused and audited. */
export async function entryForm(tx: Kysely<Database>, actor: Actor, input: { seminarId: unknown; pairId: unknown; now: Date }): Promise<EntryForm> {
  const seminar = await seminarOf(tx, input.seminarId);
  const pairId = parseId(input.pairId);
  const [pair] = pairId ? await repo.pairs(tx, { ids: [pairId] }) : [];
  if (!pair || pair.programId !== seminar.programId || !isMember(pair, actor.cadreId)) {
    throw deniedOn(actor, 'seminar.entry', `seminar:${seminar.id}:pair:${pairId}`, NOT_YOURS);
  }
  if (!pair.active) throw new DomainError('conflict', { zh: '这对帮带对子已经结束。', en: 'This pair has ended.' });
  if (seminar.status !== 'scheduled' || seminar.startsAt.getTime() <= input.now.getTime()) {
    throw new DomainError('conflict', { zh: '研讨会已经开始，展示材料不能再提交或修改。', en: 'The seminar has started; entries can no longer be submitted or changed.' });
  }
  const entry = (await repo.entries(tx, seminar.id)).find((e) => e.pairId === pair.pairId);
  return { seminar, pair, entry };
}

/** The form's two fields, checked against the limits the form states; every problem is named at once. */
export function parseEntry(form: Record<string, unknown>): { achievements: string; link: string | null } {
  const achievements = typeof form.achievements === 'string' ? form.achievements.trim() : '';
  const link = typeof form.link === 'string' ? form.link.trim() : '';
  const problems: { zh: string; en: string }[] = [];
  if (!achievements) problems.push({ zh: '请填写取得的成效', en: 'write what the pair achieved' });
  else if ([...achievements].length > ACHIEVEMENTS_MAX) problems.push({ zh: `成效超过 ${ACHIEVEMENTS_MAX} 字`, en: `the achievements are over ${ACHIEVEMENTS_MAX} characters` });
  if (link) {
    let ok = false;
    try {
      const u = new URL(link);
      ok = (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
    } catch { ok = false; }
    if (!ok) problems.push({ zh: '材料链接须以 http:// 或 https:// 开头', en: 'the document link must start with http:// or https://' });
    else if (link.length > LINK_MAX) problems.push({ zh: `材料链接超过 ${LINK_MAX} 个字符`, en: `the document link is over ${LINK_MAX} characters` });
  }
  if (problems.length > 0) {
    throw new DomainError('invalid_input', { zh: `展示材料没有保存：${problems.map((p) => p.zh).join('；')}。`, en: `The entry was not saved: ${problems.map((p) => p.en).join('; ')}.` });
  }
  return { achievements, link: link || null };
}

export interface SavedEntry extends EntryForm {
  entry: Entry;
  edited: boolean;
}

/** Save (or replace) the pair's entry under the seminar's lock, so a double click writes once and says so. */
export async function submitEntry(tx: Kysely<Database>, actor: Actor, input: { seminarId: unknown; pairId: unknown; form: Record<string, unknown>; now: Date }): Promise<SavedEntry> {
  const { seminar, pair } = await entryForm(tx, actor, input);
  const body = parseEntry(input.form);
  await repo.lock(tx, 'seminar', seminar.id);
  const prev = (await repo.entries(tx, seminar.id)).find((e) => e.pairId === pair.pairId);
  if (prev?.submittedAt && prev.achievements === body.achievements && prev.link === body.link) {
    throw new DomainError('conflict', { zh: '展示材料已经保存过，内容没有变化。', en: 'This entry was already saved with this content.' });
  }
  await repo.saveEntry(tx, { seminarId: seminar.id, pairId: pair.pairId, ...body, by: actor.cadreId, at: input.now });
  const entry: Entry = { pairId: pair.pairId, ...body, submittedBy: actor.cadreId, submittedAt: input.now, presented: false };
  return { seminar, pair, entry, edited: Boolean(prev?.submittedAt) };
}

export interface MySeminar {
  seminar: Seminar;
  mine: { pair: SeminarPair; entry: Entry | undefined }[];
}

/** `研讨`: the upcoming seminars of the programs where the actor is in an active pair, with the pair's entry. */
export async function mySeminars(tx: Kysely<Database>, actor: Actor, now: Date): Promise<MySeminar[]> {
  const pairs = await repo.pairs(tx, { ids: await repo.pairIdsOf(tx, actor.cadreId) });
  const programs = [...new Set(pairs.map((p) => p.programId))];
  const out: MySeminar[] = [];
  for (const programId of programs) {
    for (const seminar of await repo.inRange(tx, now, new Date('9999-01-01'), programId)) {
      if (seminar.status !== 'scheduled') continue;
      const entries = await repo.entries(tx, seminar.id);
      out.push({ seminar, mine: pairs.filter((p) => p.programId === programId).map((pair) => ({ pair, entry: entries.find((e) => e.pairId === pair.pairId) })) });
    }
  }
  return out.sort((a, b) => a.seminar.startsAt.getTime() - b.seminar.startsAt.getTime() || a.seminar.id - b.seminar.id);
}
