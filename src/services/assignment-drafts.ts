import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { AssignmentRepository, type Draft, type DraftItem, type DraftStatus, type Person } from '../db/repositories/assignment-repository';
import { AuditRepository } from '../db/repositories/audit-repository';
import { CadreRepository } from '../db/repositories/cadre-repository';
import { ProgramRepository } from '../db/repositories/program-repository';
import type { Actor } from '../domain/actor';
import { DomainError } from '../domain/domain-error';
import { optimalAssignment } from '../domain/optimal-assignment';
import type { Bilingual } from '../lark/cards/card-kit';
import { assignableProgram, loadCandidates, type ProgramCandidates } from './assignment-candidates';
import { place, type Placement } from './assignment';
import { authorize } from './authorization';
import { inSavepoint } from '../db/in-savepoint';
import { rowId } from '../domain/row-id';

/**
 * A proposed assignment for a whole program: computed (optimal-assignment.ts), saved as a draft the admin
 * reviews and edits, and only on confirm turned into pairs and messages. Every change to a draft first
 * locks its row; confirm and discard are conditional updates (`where status = 'draft'`), so two admins or
 * a double click decide once.
 */

const repo = new AssignmentRepository();
const cadres = new CadreRepository();
const programs = new ProgramRepository();
const audit = new AuditRepository();

export interface DraftRow {
  mentee: Person;
  mentor: Person;
  score: number;
  matched: Bilingual[];
  rank?: number;
}

export interface DraftView {
  draftId: number;
  status: DraftStatus;
  program: { id: number; nameZh: string; nameEn: string };
  rows: DraftRow[];
  /** eligible mentees without a pair who are not in this draft (while it is a draft) */
  unplaced: Person[];
  result?: { formed: number; skipped: { mentee: Person; mentor: Person; reason: Bilingual }[] };
}

const conflict = (zh: string, en: string): DomainError => new DomainError('conflict', { zh, en });

/** Compute the optimum for the program's unpaired mentees, save it as the program's one open draft. */
export async function proposeDraft(tx: Kysely<Database>, actor: Actor, programId: unknown, opts: { eventId?: string } = {}): Promise<DraftView> {
  const program = await assignableProgram(tx, actor, programId);
  const c = await loadCandidates(tx, program);
  const mentees = new Map(c.unpaired.map((m) => [m.cadreId, m]));
  const mentors = new Map(c.mentors.map((m) => [m.cadreId, m]));
  const result = optimalAssignment({
    mentees: c.unpaired.map((m) => ({ id: m.cadreId })),
    mentors: c.mentors.map((m) => ({ id: m.cadreId, slots: Math.max(0, m.capacity - m.load) })),
    score: (menteeId, mentorId) => (c.forbidden(menteeId, mentorId) ? null : c.fit(mentees.get(menteeId)!, mentors.get(mentorId)!).score),
  });
  if (result.pairs.length === 0) {
    const free = c.mentors.reduce((s, m) => s + Math.max(0, m.capacity - m.load), 0);
    throw conflict(
      `“${program.nameZh}”现在没有可安排的结对：未结对的培养对象 ${c.unpaired.length} 人，导师剩余名额 ${free} 个（回避和曾结对的组合不会安排）。`,
      `Nothing to propose in "${program.nameEn}": ${c.unpaired.length} unpaired mentees, ${free} free mentor places (avoided and former pairs are never proposed).`,
    );
  }
  await repo.discardOpenDrafts(tx, program.id);
  const items = result.pairs.map((p) => ({ menteeId: p.menteeId, mentorId: p.mentorId, score: p.score }));
  const draftId = await repo.createDraft(tx, { programId: program.id, createdBy: actor.openId, items });
  await audit.record(tx, {
    actor: actor.openId, action: 'pair.assign.propose', target: `draft:${draftId}`, ...(opts.eventId ? { eventId: opts.eventId } : {}),
    detail: { programId: program.id, rows: items.length, unmatched: result.unmatched.length },
  });
  const people = await repo.people(tx, items.flatMap((i) => [i.menteeId, i.mentorId]));
  return view({ id: draftId, programId: program.id, createdBy: actor.openId, status: 'draft' }, items, c, people);
}

/** The draft as the card shows it. */
export async function draftView(tx: Kysely<Database>, actor: Actor, draftId: unknown): Promise<DraftView> {
  authorize(actor, 'pairs.assign', `draft:${String(draftId)}`);
  const draft = await repo.findDraft(tx, toId(draftId));
  if (!draft) throw gone();
  return load(tx, draft);
}

export async function dropDraftRow(tx: Kysely<Database>, actor: Actor, draftId: unknown, menteeId: unknown): Promise<DraftView> {
  const draft = await openDraft(tx, actor, draftId);
  if (!(await repo.dropItem(tx, draft.id, toId(menteeId)))) throw conflict('这一行已经不在方案中了。', 'That row is no longer in the proposal.');
  return load(tx, draft);
}

/** Give one row another mentor: in the pool, not to be avoided, with a place left after the draft's other rows. */
export async function setDraftRow(tx: Kysely<Database>, actor: Actor, draftId: unknown, form: { mentee: unknown; mentorOpenId: string }): Promise<DraftView> {
  const draft = await openDraft(tx, actor, draftId);
  const program = await assignableProgram(tx, actor, draft.programId);
  const items = await repo.items(tx, draft.id);
  const item = items.find((i) => i.menteeId === toId(form.mentee));
  if (!item) throw new DomainError('invalid_input', { zh: '请先选择方案中的一行（培养对象）。', en: 'Choose a row (a mentee) of the proposal first.' });
  const chosen = form.mentorOpenId ? await cadres.findActor(tx, form.mentorOpenId) : undefined;
  if (!chosen) throw new DomainError('invalid_input', { zh: '请选择一位在册的导师。', en: 'Choose a mentor who is on the roster.' });
  const c = await loadCandidates(tx, program, { extraCadres: [item.menteeId] });
  const mentor = c.mentors.find((m) => m.cadreId === chosen.cadreId);
  if (!mentor) throw conflict(`${chosen.name}不在本项目的导师名单中。`, `${chosen.name} is not in this program's mentor pool.`);
  if (mentor.cadreId === item.mentorId) throw conflict(`这一行的导师已经是${mentor.name}。`, `${mentor.name} is already this row's mentor.`);
  const why = c.forbidden(item.menteeId, mentor.cadreId);
  if (why === 'self') throw conflict('培养对象和导师不能是同一个人。', 'The mentee and the mentor cannot be the same person.');
  if (why === 'avoid') throw conflict(`组织已设定这两人回避结对。`, 'The organisation has set these two to avoid being paired.');
  const inDraft = items.filter((i) => i.mentorId === mentor.cadreId).length;
  if (mentor.load + inDraft >= mentor.capacity) {
    throw conflict(
      `${mentor.name}的名额不够：已带 ${mentor.load} 人，方案中另有 ${inDraft} 人，上限 ${mentor.capacity} 人。确需超额时，请用“指定”卡片的表单并选择“允许超额”。`,
      `${mentor.name} has no place left: ${mentor.load} mentees now, ${inDraft} more in this proposal, capacity ${mentor.capacity}. To go over capacity, use the form on the assign card with "allow over capacity".`,
    );
  }
  const mentee = (await repo.people(tx, [item.menteeId])).get(item.menteeId)!;
  await repo.setItem(tx, draft.id, { menteeId: item.menteeId, mentorId: mentor.cadreId, score: c.fit(mentee, mentor).score });
  return load(tx, draft);
}

export async function discardDraft(tx: Kysely<Database>, actor: Actor, draftId: unknown): Promise<DraftView> {
  authorize(actor, 'pairs.assign', `draft:${String(draftId)}`);
  const draft = await repo.findDraft(tx, toId(draftId));
  if (!draft) throw gone();
  if (!(await repo.decideDraft(tx, draft.id, 'discarded'))) throw stale((await repo.findDraft(tx, draft.id))!.status);
  return load(tx, { ...draft, status: 'discarded' });
}

/**
 * Turn the draft into pairs. Each row is placed behind its own savepoint: a row that no longer fits (the
 * mentor filled up, the mentee was paired meanwhile or left the pool) is skipped and reported, the others
 * go through. Pending applications of the placed mentees are withdrawn.
 */
export async function confirmDraft(tx: Kysely<Database>, actor: Actor, draftId: unknown, opts: { eventId?: string } = {}): Promise<{ view: DraftView; placements: Placement[] }> {
  authorize(actor, 'pairs.assign', `draft:${String(draftId)}`);
  const found = await repo.findDraft(tx, toId(draftId));
  if (!found) throw gone();
  const program = await assignableProgram(tx, actor, found.programId);
  if (!(await repo.decideDraft(tx, found.id, 'confirmed'))) throw stale((await repo.findDraft(tx, found.id))!.status);
  const draft: Draft = { ...found, status: 'confirmed' };
  const items = await repo.items(tx, draft.id);
  if (items.length === 0) throw conflict('方案中已经没有结对了；可以放弃这个方案。', 'The proposal has no rows left; you can discard it.');
  const c = await loadCandidates(tx, program, { extraCadres: items.map((i) => i.menteeId) });
  const people = await repo.people(tx, items.flatMap((i) => [i.menteeId, i.mentorId]));
  const inMenteePool = new Set(c.menteePool.map((m) => m.cadreId));
  const inMentorPool = new Set(c.mentors.map((m) => m.cadreId));
  const placements: Placement[] = [];
  const skipped: NonNullable<DraftView['result']>['skipped'] = [];
  for (const item of items) {
    const mentee = people.get(item.menteeId)!;
    const mentor = people.get(item.mentorId)!;
    const refused = !inMenteePool.has(mentee.cadreId) ? { zh: `${mentee.name}已不在培养对象名单中`, en: `${mentee.name} is no longer in the mentee pool` }
      : !inMentorPool.has(mentor.cadreId) ? { zh: `${mentor.name}已不在导师名单中`, en: `${mentor.name} is no longer in the mentor pool` }
        : c.forbidden(mentee.cadreId, mentor.cadreId) === 'avoid' ? { zh: '组织已设定两人回避结对', en: 'the organisation set these two to avoid being paired' } : undefined;
    if (refused) {
      skipped.push({ mentee, mentor, reason: refused });
      continue;
    }
    try {
      placements.push(await inSavepoint(tx, 'assign_row', () => place(tx, { program, mentee, mentor, overrideCapacity: false, rematch: false })));
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      skipped.push({ mentee, mentor, reason: err.text });
    }
  }
  await audit.record(tx, {
    actor: actor.openId, action: 'pair.assign.draft', target: `draft:${draft.id}`, ...(opts.eventId ? { eventId: opts.eventId } : {}),
    detail: {
      programId: program.id,
      formed: placements.map((p) => ({ pairId: p.pairId, menteeId: p.mentee.cadreId, mentorId: p.mentor.cadreId, withdrawn: p.withdrawn.map((w) => w.applicationId) })),
      skipped: skipped.map((s) => ({ menteeId: s.mentee.cadreId, mentorId: s.mentor.cadreId, reason: s.reason.en })),
    },
  });
  const formedIds = new Set(placements.map((p) => p.mentee.cadreId));
  const v = view(draft, items.filter((i) => formedIds.has(i.menteeId)), c, people);
  return { view: { ...v, result: { formed: placements.length, skipped } }, placements };
}

async function openDraft(tx: Kysely<Database>, actor: Actor, draftId: unknown): Promise<Draft> {
  authorize(actor, 'pairs.assign', `draft:${String(draftId)}`);
  const draft = await repo.lockDraft(tx, toId(draftId));
  if (!draft) throw gone();
  if (draft.status !== 'draft') throw stale(draft.status);
  return draft;
}

async function load(tx: Kysely<Database>, draft: Draft): Promise<DraftView> {
  // The program may have been stopped since: the draft is still shown, only its actions are refused.
  const program = (await programs.findById(tx, draft.programId))!;
  const items = await repo.items(tx, draft.id);
  const people = await repo.people(tx, items.flatMap((i) => [i.menteeId, i.mentorId]));
  return view(draft, items, await loadCandidates(tx, program, { extraCadres: items.map((i) => i.menteeId) }), people);
}

function view(draft: Draft, items: DraftItem[], c: ProgramCandidates, people: Map<number, Person>): DraftView {
  const mentors = new Map(c.mentors.map((m) => [m.cadreId, m]));
  const rows = items.map((i): DraftRow => {
    const mentee = people.get(i.menteeId)!;
    const mentor = people.get(i.mentorId)!;
    const slot = mentors.get(i.mentorId) ?? { ...mentor, load: 0, capacity: 0 };
    const fit = c.fit(mentee, slot);
    return { mentee, mentor, score: i.score, matched: fit.matched.map((code) => c.abilityName(code)), ...(fit.rank !== undefined ? { rank: fit.rank } : {}) };
  });
  // Pinyin order (ICU's zh collation), so a row keeps its place while the admin edits the draft.
  rows.sort((a, b) => a.mentee.name.localeCompare(b.mentee.name, 'zh-Hans-CN') || a.mentee.cadreId - b.mentee.cadreId);
  const inDraft = new Set(items.map((i) => i.menteeId));
  const unplaced = draft.status === 'draft'
    ? c.unpaired.filter((m) => !inDraft.has(m.cadreId)).map((m) => ({ cadreId: m.cadreId, openId: m.openId, name: m.name, unitPath: m.unitPath, active: true }))
    : [];
  return { draftId: draft.id, status: draft.status, program: { id: c.program.id, nameZh: c.program.nameZh, nameEn: c.program.nameEn }, rows, unplaced };
}

const toId = (v: unknown): number => rowId(v) || -1;

const gone = (): DomainError => new DomainError('not_found', { zh: '找不到这个方案，请在“指定”卡片上重新生成。', en: 'That proposal cannot be found; make a new one from the assign card.' });

function stale(status: DraftStatus): DomainError {
  return status === 'confirmed'
    ? conflict('这个方案已经确认过了，结对已经生效。', 'This proposal was already confirmed; its pairs are in place.')
    : conflict('这个方案已经放弃（或已被更新的方案取代），请在“指定”卡片上重新生成。', 'This proposal was discarded (or replaced by a newer one); make a new one from the assign card.');
}
