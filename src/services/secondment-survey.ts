import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { SecondmentRepository, type BatchOfProgram } from '../db/repositories/secondment-repository';
import { NeedsRepository, type Ability } from '../db/repositories/needs-repository';
import { ProgramRepository } from '../db/repositories/program-repository';
import { AuditRepository } from '../db/repositories/audit-repository';
import type { Actor } from '../domain/actor';
import { DomainError } from '../domain/domain-error';
import { SURVEY_MAX_CHOICES, SURVEY_NOTE_MAX, tallyChoices } from '../domain/survey-tally';
import { authorize, deniedOn } from './authorization';
import { batchState, currentBatch } from './secondment';

/**
 * 摸排: before (or as) a batch starts, each village cadre ranks the three abilities they most want to learn
 * and may add a note. Admins send it and read the summary. The answer also becomes the cadre's needs while
 * they have none, or while their needs are still just the previous answer, so a resubmission keeps them in
 * step; needs the cadre chose themselves on the needs card are never overwritten.
 */

const repo = new SecondmentRepository();
const needsRepo = new NeedsRepository();
const programs = new ProgramRepository();
const audit = new AuditRepository();

/** form field names of the survey card: choice_1 … choice_3 (rank = the number) and note */
export const CHOICE_FIELD = (rank: number): string => `choice_${rank}`;
export const NOTE_FIELD = 'note';

/** The abilities a village cadre may choose: active catalogue abilities on the village track, in menu order. */
export async function villageAbilities(tx: Kysely<Database>): Promise<Ability[]> {
  return (await needsRepo.abilities(tx)).filter((a) => a.tracks.includes('village'));
}

const NOT_MEMBER = { zh: '这份摸排问卷属于另一个挂职批次，您不在该批次中。', en: 'This survey belongs to a secondment batch you are not in.' };

/** The batch, if this cadre serves in it; anyone else is refused and the attempt audited. */
async function memberBatch(tx: Kysely<Database>, actor: Actor, batchId: number, action: string): Promise<BatchOfProgram> {
  const batch = Number.isInteger(batchId) ? await repo.batch(tx, batchId) : undefined;
  if (!batch || !(await repo.isMember(tx, batch.batchId, actor.cadreId))) throw deniedOn(actor, action, `batch:${batchId}`, NOT_MEMBER);
  if (!batch.programOpen) throw new DomainError('conflict', { zh: `“${batch.programNameZh}”已停用。`, en: `"${batch.programNameEn}" is no longer running.` });
  return batch;
}

export interface SurveyFormView {
  batch: BatchOfProgram;
  abilities: Ability[];
  current: { choices: string[]; note: string } | undefined;
}

export async function surveyForm(tx: Kysely<Database>, actor: Actor, batchId: number): Promise<SurveyFormView> {
  const batch = await memberBatch(tx, actor, batchId, 'survey.answer');
  return { batch, abilities: await villageAbilities(tx), current: await repo.survey(tx, batch.batchId, actor.cadreId) };
}

export interface SavedSurvey {
  batch: BatchOfProgram;
  choices: Ability[];
  note: string;
  needsUpdated: boolean;
}

/** Validate and save an answer from the survey form; the form value is untrusted. */
export async function submitSurvey(tx: Kysely<Database>, actor: Actor, input: { batchId: number; formValue: Record<string, unknown>; today: string; eventId?: string }): Promise<SavedSurvey> {
  const batch = await memberBatch(tx, actor, input.batchId, 'survey.submit');
  if (batchState(batch, input.today) === 'ended') {
    throw new DomainError('conflict', { zh: `第 ${batch.number} 批挂职已结束，摸排不再收集。`, en: `Batch ${batch.number} has ended; the survey is closed.` });
  }
  const forged = (zh: string, en: string): DomainError => new DomainError('invalid_input', { zh, en }, { audit: { actor: actor.openId, action: 'invalid:survey.submit', target: `batch:${batch.batchId}` } });
  const f = input.formValue;
  if (Object.keys(f).some((k) => /^choice_\d+$/.test(k) && !(Number(k.slice(7)) >= 1 && Number(k.slice(7)) <= SURVEY_MAX_CHOICES))) {
    throw forged(`最多选择 ${SURVEY_MAX_CHOICES} 项能力。`, `Choose at most ${SURVEY_MAX_CHOICES} abilities.`);
  }
  const codes: string[] = [];
  for (let rank = 1; rank <= SURVEY_MAX_CHOICES; rank++) {
    const v = f[CHOICE_FIELD(rank)];
    if (v === undefined || v === null || v === '') continue;
    if (typeof v !== 'string') throw forged('问卷的格式不对，请重新打开摸排问卷。', 'That form is not valid; please open the survey again.');
    codes.push(v);
  }
  const byCode = new Map((await villageAbilities(tx)).map((a) => [a.code, a]));
  const choices: Ability[] = [];
  for (const code of codes) {
    const ability = byCode.get(code);
    if (!ability) throw forged(`“${code.slice(0, 40)}”不是可选的能力，请从列表中选择。`, `"${code.slice(0, 40)}" is not one of the abilities to choose from; please pick from the list.`);
    if (choices.includes(ability)) throw new DomainError('invalid_input', { zh: `“${ability.nameZh}”选了不止一次，每项只能选一次。`, en: `"${ability.nameEn}" was chosen more than once; choose each at most once.` });
    choices.push(ability);
  }
  if (choices.length === 0) throw new DomainError('invalid_input', { zh: '请至少选择一项最想提升的能力。', en: 'Please choose at least one ability you most want to build.' });
  const rawNote = f[NOTE_FIELD] ?? '';
  if (typeof rawNote !== 'string') throw forged('问卷的格式不对，请重新打开摸排问卷。', 'That form is not valid; please open the survey again.');
  const note = rawNote.trim();
  // Lark's input enforces max_length in the client; a longer note did not come from our card.
  if ([...note].length > SURVEY_NOTE_MAX) throw forged(`补充内容最多 ${SURVEY_NOTE_MAX} 字。`, `The note may be at most ${SURVEY_NOTE_MAX} characters.`);

  const previous = await repo.survey(tx, batch.batchId, actor.cadreId);
  await repo.saveSurvey(tx, { batchId: batch.batchId, cadreId: actor.cadreId, choices: choices.map((a) => a.code), note });
  const needs = (await needsRepo.needsOf(tx, actor.cadreId)).map((n) => n.code);
  const needsUpdated = needs.length === 0 || (previous !== undefined && sameList(needs, previous.choices));
  if (needsUpdated) await needsRepo.replaceNeeds(tx, actor.cadreId, choices.map((a) => a.id));
  await audit.record(tx, {
    actor: actor.openId, action: 'survey.submit', target: `batch:${batch.batchId}`,
    detail: { choices: choices.map((a) => a.code), noteLength: [...note].length, needsUpdated }, ...(input.eventId ? { eventId: input.eventId } : {}),
  });
  return { batch, choices, note, needsUpdated };
}

const sameList = (a: string[], b: string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

export interface SurveySend {
  batch: BatchOfProgram;
  /** members to send the form to: on the roster, reachable in Lark, not answered yet */
  recipients: { cadreId: number; openId: string }[];
  answered: number;
  unreachable: string[];
  total: number;
}

/** An admin sends the survey of a batch (by number, or the current/next one) to the members who have not answered. */
export async function sendSurvey(tx: Kysely<Database>, actor: Actor | string, input: { programId: number; number?: number; today: string; eventId?: string }): Promise<SurveySend> {
  if (typeof actor !== 'string') authorize(actor, 'programs.manage', `program:${input.programId}`);
  const batches = (await repo.programBatches(tx, input.programId)).filter((b) => b.programOpen);
  const batch = input.number === undefined ? currentBatch(batches.filter((b) => batchState(b, input.today) !== 'ended'), input.today) : batches.find((b) => b.number === input.number);
  if (!batch) {
    throw new DomainError('not_found', { zh: input.number === undefined ? '这个项目没有进行中或即将开始的挂职批次。' : `这个项目没有第 ${input.number} 批。`, en: input.number === undefined ? 'This program has no running or upcoming batch.' : `This program has no batch ${input.number}.` });
  }
  if (batchState(batch, input.today) === 'ended') throw new DomainError('conflict', { zh: `第 ${batch.number} 批已结束，不再发送摸排。`, en: `Batch ${batch.number} has ended; the survey is no longer sent.` });
  const members = (await repo.members(tx, batch.batchId)).filter((m) => m.active);
  const answered = new Set((await repo.surveys(tx, input.programId)).filter((s) => s.batchId === batch.batchId).map((s) => s.cadreId));
  const waiting = members.filter((m) => !answered.has(m.cadreId));
  await audit.record(tx, { actor: typeof actor === 'string' ? actor : actor.openId, action: 'survey.send', target: `batch:${batch.batchId}`, detail: { sent: waiting.filter((m) => m.openId).length }, ...(input.eventId ? { eventId: input.eventId } : {}) });
  return {
    batch, total: members.length, answered: members.length - waiting.length,
    recipients: waiting.flatMap((m) => (m.openId ? [{ cadreId: m.cadreId, openId: m.openId }] : [])),
    unreachable: waiting.filter((m) => !m.openId).map((m) => m.name),
  };
}

export interface RankedAbility {
  code: string;
  nameZh: string;
  nameEn: string;
  score: number;
  count: number;
}

export interface SurveyTallyView {
  answered: number;
  total: number;
  ranking: RankedAbility[];
}

export interface SurveySummary {
  programId: number;
  programNameZh: string;
  programNameEn: string;
  overall: SurveyTallyView;
  batches: (SurveyTallyView & { batchId: number; number: number; startDate: string; endDate: string; state: ReturnType<typeof batchState>; notes: { name: string; note: string }[] })[];
}

/** Admins: per batch and overall, abilities ranked by weighted votes (3/2/1), answered of members, and the notes. */
export async function surveySummary(tx: Kysely<Database>, actor: Actor, programId: number, today: string): Promise<SurveySummary> {
  authorize(actor, 'surveys.view', `program:${programId}`);
  return surveyTally(tx, programId, today);
}

/**
 * The same tally without the permission check, for callers that scoped it themselves (statistics): only
 * batch members whose unit passes `inScope` count.
 */
export async function surveyTally(tx: Kysely<Database>, programId: number, today: string, inScope: (unitPath: string) => boolean = () => true): Promise<SurveySummary> {
  const program = await programs.findById(tx, programId);
  if (!program || program.track !== 'village_secondment') throw new DomainError('not_found', { zh: '这个挂职锻炼项目不存在。', en: 'That secondment program does not exist.' });
  const abilities = await needsRepo.abilities(tx);
  const order = abilities.map((a) => a.code);
  const names = new Map(abilities.map((a) => [a.code, a]));
  const rank = (answers: string[][]): RankedAbility[] => tallyChoices(answers, order).map((t) => ({
    code: t.code, nameZh: names.get(t.code)?.nameZh ?? t.code, nameEn: names.get(t.code)?.nameEn ?? t.code, score: t.score, count: t.count,
  }));
  const answers = await repo.surveys(tx, programId);
  const batches: SurveySummary['batches'] = [];
  const counted: string[][] = [];
  for (const b of await repo.programBatches(tx, programId)) {
    const members = new Set((await repo.members(tx, b.batchId)).filter((m) => inScope(m.unitPath)).map((m) => m.cadreId));
    const mine = answers.filter((a) => a.batchId === b.batchId && members.has(a.cadreId));
    counted.push(...mine.map((a) => a.choices));
    batches.push({
      batchId: b.batchId, number: b.number, startDate: b.startDate, endDate: b.endDate, state: batchState(b, today),
      answered: mine.length, total: members.size, ranking: rank(mine.map((a) => a.choices)),
      notes: mine.filter((a) => a.note !== '').map((a) => ({ name: a.name, note: a.note })),
    });
  }
  return {
    programId, programNameZh: program.nameZh, programNameEn: program.nameEn, batches,
    overall: { answered: counted.length, total: batches.reduce((n, b) => n + b.total, 0), ranking: rank(counted) },
  };
}
