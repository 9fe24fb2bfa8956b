import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { ApplicationRepository, type Application } from '../db/repositories/application-repository';
import { AuditRepository } from '../db/repositories/audit-repository';
import { NeedsRepository } from '../db/repositories/needs-repository';
import { OutboxRepository } from '../db/repositories/outbox-repository';
import { PairRepository } from '../db/repositories/pair-repository';
import { CadreRepository } from '../db/repositories/cadre-repository';
import type { Actor } from '../domain/actor';
import { DomainError } from '../domain/domain-error';
import type { Bilingual, Card } from '../lark/cards/card-kit';
import { applicationCard, applicationOutcomeCard, type ApplicationCardData } from '../lark/cards/application-cards';
import { noticeCard } from '../lark/cards/notice-card';
import { deniedOn } from './authorization';
import { formPair } from './pairing';
import { mentorPool, poolMember, programsForCadre, type CadreProgram } from './programs';
import { rowId } from '../domain/row-id';

export const MAX_OPEN_APPLICATIONS = 3;
export const MAX_REASON = 200;

/** Something to send to someone as a result of a decision; the handler queues it. */
export interface Notice {
  openId: string;
  card: Card;
  dedupeKey?: string;
}

const applications = new ApplicationRepository();
const pairs = new PairRepository();
const needsRepo = new NeedsRepository();
const cadres = new CadreRepository();
const audit = new AuditRepository();

/** The mentor's decision card is queued under this key, so later decisions can replace or patch it. */
export const decisionCardKey = (applicationId: number): string => `app:${applicationId}:decide`;

const refuse = (zh: string, en: string, detail?: Record<string, unknown>): DomainError => new DomainError('invalid_input', { zh, en }, detail);

/** The running programs in which this person is an eligible mentee who chooses mentors (not secondment: there one claims). */
export async function choosablePrograms(tx: Kysely<Database>, actor: Actor, today: string): Promise<{ programs: CadreProgram[]; turnedAway: CadreProgram[] }> {
  const all = (await programsForCadre(tx, actor.cadreId, today)).filter((p) => p.role === 'mentee' && p.track !== 'village_secondment' && p.status === 'running');
  return { programs: all.filter((p) => p.eligibility.eligible), turnedAway: all.filter((p) => !p.eligibility.eligible) };
}

export async function requireMenteeIn(tx: Kysely<Database>, actor: Actor, programId: number, today: string): Promise<CadreProgram> {
  const { programs } = await choosablePrograms(tx, actor, today);
  const program = programs.find((p) => p.programId === programId);
  if (!program) throw deniedOn(actor, 'applications.submit', `program:${programId}`, { zh: '您不是这个项目的培养对象，不能在这里选导师。', en: 'You are not a mentee of this program and cannot choose mentors in it.' });
  return program;
}

async function cadreName(tx: Kysely<Database>, cadreId: number): Promise<{ name: string; openId: string | null; unitPath: string; active: boolean }> {
  const p = await cadres.brief(tx, cadreId);
  return p ?? { name: '?', openId: null, unitPath: '', active: false };
}

/**
 * Submit the mentee's draft: up to three ranked applications open at once. Mentors are re-checked here
 * (in the pool, not full, not already applied to); the mentors get their decision cards.
 */
export async function submitApplications(tx: Kysely<Database>, actor: Actor, programId: number, mentorIds: number[], reasonRaw: unknown, today: string): Promise<{ created: Application[]; notices: Notice[] }> {
  const program = await requireMenteeIn(tx, actor, programId, today);
  const reason = typeof reasonRaw === 'string' ? reasonRaw.trim() : '';
  if (reason.length > MAX_REASON) throw refuse(`申请理由最多 ${MAX_REASON} 字。`, `The reason may be at most ${MAX_REASON} characters.`);
  if (mentorIds.length === 0) throw refuse('请先把导师加入志愿。', 'Add at least one mentor to your choices first.');
  await applications.lockMentee(tx, programId, actor.cadreId);
  const settings = (await pairs.settings(tx, programId))!;
  const existingPair = await pairs.activePairOf(tx, programId, actor.cadreId);
  if (existingPair && !settings.allowCoMentors) throw refuse('您在本项目中已经有导师了。', 'You already have a mentor in this program.');
  const pending = await applications.pendingOfMentee(tx, programId, actor.cadreId);
  if (pending.length + mentorIds.length > MAX_OPEN_APPLICATIONS) {
    throw refuse(`同时最多有 ${MAX_OPEN_APPLICATIONS} 个志愿（已有 ${pending.length} 个在等待答复）。`, `At most ${MAX_OPEN_APPLICATIONS} open choices at once (${pending.length} already waiting).`);
  }
  const pool = new Map((await mentorPool(tx, programId)).map((m) => [m.cadreId, m]));
  const freeRanks = [1, 2, 3].filter((r) => !pending.some((p) => p.rank === r));
  const created: Application[] = [];
  const notices: Notice[] = [];
  const needs = await needsRepo.needsOf(tx, actor.cadreId);
  for (const [i, mentorId] of mentorIds.entries()) {
    const mentor = pool.get(mentorId);
    if (!mentor || !mentor.openId) throw refuse('所选导师已不在本项目的导师名单中，请重新选择。', 'A chosen mentor is no longer in this program; please choose again.');
    if (existingPair?.mentorIds.includes(mentorId) || pending.some((p) => p.mentorId === mentorId)) {
      throw refuse(`您已经向${mentor.name}提交过申请了。`, `You have already applied to ${mentor.name}.`);
    }
    const { load, capacity } = await pairs.mentorLoad(tx, programId, mentorId);
    if (load >= capacity) throw refuse(`${mentor.name}的名额已满（${load}/${capacity}），请选择其他导师。`, `${mentor.name} is full (${load}/${capacity}); please choose another mentor.`);
    const rank = freeRanks[i]!;
    const id = await applications.insert(tx, { programId, menteeId: actor.cadreId, mentorId, rank, reason });
    const app = (await applications.find(tx, id))!;
    created.push(app);
    const strengths = new Set((await needsRepo.strengthsOf(tx, mentorId)).map((s) => s.code));
    const data: ApplicationCardData = {
      applicationId: id, programNameZh: program.nameZh, programNameEn: program.nameEn, rank, reason,
      mentee: { name: actor.name, unitPath: actor.unitPath, category: actor.category, reasons: program.eligibility.reasons },
      needs: needs.map((n) => ({ nameZh: n.nameZh, nameEn: n.nameEn, matched: strengths.has(n.code) })),
      load, capacity,
    };
    notices.push({ openId: mentor.openId, card: applicationCard(data), dedupeKey: decisionCardKey(id) });
  }
  await audit.record(tx, { actor: actor.openId, action: 'application.submit', target: `program:${programId}`, detail: { mentors: mentorIds, reason } });
  return { created, notices };
}

/** Load an application the actor may decide on as its mentor; anything else is refused and audited. */
async function forMentor(tx: Kysely<Database>, actor: Actor, applicationId: unknown, action: string): Promise<Application> {
  const id = rowId(applicationId);
  const app = id ? await applications.find(tx, id) : undefined;
  if (!app) throw new DomainError('not_found', { zh: '找不到这份申请，卡片可能已失效。', en: 'That application cannot be found; the card may be out of date.' });
  if (app.mentorId !== actor.cadreId) throw deniedOn(actor, action, `application:${app.id}`, { zh: '这份申请不是发给您的，不能替别人处理。', en: 'This application was not sent to you; you cannot decide it for someone else.' });
  if (app.status !== 'pending') throw alreadyDecided(app);
  return app;
}

const STATUS_TEXT: Record<Exclude<Application['status'], 'pending'>, Bilingual> = {
  accepted: { zh: '已接受', en: 'accepted' },
  declined: { zh: '已婉拒', en: 'declined' },
  withdrawn: { zh: '已撤回', en: 'withdrawn' },
  expired: { zh: '已过期', en: 'expired' },
};

function alreadyDecided(app: Application): DomainError {
  const s = STATUS_TEXT[app.status as Exclude<Application['status'], 'pending'>];
  return new DomainError('conflict', { zh: `这份申请${s.zh}，无需再处理。`, en: `This application was already ${s.en}; nothing more to do.` });
}

/** Replace (or patch) a mentor's decision card so every copy shows the outcome without buttons. */
async function settleCard(tx: Kysely<Database>, app: Application, outcome: Bilingual, names: { mentee: string }): Promise<Card> {
  const card = applicationOutcomeCard({ menteeName: names.mentee, outcome });
  await new OutboxRepository(tx).replaceCard(tx, decisionCardKey(app.id), card);
  return card;
}

/**
 * The mentor accepts. One transaction: the application closes (conditionally — a double click decides
 * once), the pair forms under the mentor's capacity lock, the mentee's other open choices are withdrawn
 * (unless the program allows co-mentors), and a mentor who is now full declines the rest of their queue.
 */
export async function acceptApplication(tx: Kysely<Database>, actor: Actor, applicationId: unknown): Promise<{ card: Card; notices: Notice[] }> {
  const app = await forMentor(tx, actor, applicationId, 'applications.decide');
  const mentee = await cadreName(tx, app.menteeId);
  if (!mentee.active) {
    await applications.decide(tx, app.id, 'withdrawn');
    throw new DomainError('conflict', { zh: `${mentee.name}已不在名册中，这份申请已撤回。`, en: `${mentee.name} has left the roster; the application was withdrawn.` });
  }
  if (!(await poolMember(tx, app.programId, 'mentor', actor.cadreId))) {
    throw new DomainError('conflict', { zh: '您已不在这个项目的导师名单中，不能接受申请。', en: 'You are no longer a mentor of this program and cannot accept.' });
  }
  const settings = (await pairs.settings(tx, app.programId))!;
  if (!(await applications.decide(tx, app.id, 'accepted'))) throw alreadyDecided((await applications.find(tx, app.id))!);
  const pair = await formPair(tx, { programId: app.programId, menteeId: app.menteeId, mentorId: actor.cadreId, formedBy: 'application', asCoMentor: settings.allowCoMentors, names: { mentor: actor.name, mentee: mentee.name } });
  await applications.linkPair(tx, app.id, pair.pairId);
  const notices: Notice[] = [];
  if (mentee.openId) {
    notices.push({ openId: mentee.openId, card: noticeCard({ zh: '结对成功', en: 'You have a mentor' }, { zh: `${actor.name}接受了您的申请，成为您的${pair.coMentor ? '联合' : ''}导师。发送“我的”可以查看结对情况。`, en: `${actor.name} accepted your application and is now your ${pair.coMentor ? 'co-' : ''}mentor. Send "me" to see your pairs.` }, 'green') });
  }
  if (!settings.allowCoMentors) {
    for (const other of await applications.closeAll(tx, { programId: app.programId, menteeId: app.menteeId, exceptId: app.id }, 'withdrawn')) {
      const mentor = await cadreName(tx, other.mentorId);
      await settleCard(tx, other, { zh: `${mentee.name}已与其他导师结对，申请自动撤回`, en: `${mentee.name} paired with another mentor; withdrawn automatically` }, { mentee: mentee.name });
      if (mentor.openId) notices.push({ openId: mentor.openId, card: noticeCard({ zh: '申请已撤回', en: 'Application withdrawn' }, { zh: `${mentee.name}已与其他导师结对，发给您的申请自动撤回。`, en: `${mentee.name} has paired with another mentor, so the application to you was withdrawn.` }) });
    }
  }
  if (pair.load >= pair.capacity) {
    for (const other of await applications.closeAll(tx, { programId: app.programId, mentorId: actor.cadreId, exceptId: app.id }, 'declined', 'full')) {
      const who = await cadreName(tx, other.menteeId);
      await settleCard(tx, other, { zh: '名额已满，自动婉拒', en: 'Full; declined automatically' }, { mentee: who.name });
      if (who.openId) notices.push({ openId: who.openId, card: noticeCard({ zh: '导师名额已满', en: 'Mentor is full' }, { zh: `${actor.name}的名额已满，您的申请未能通过。可以发送“选导师”选择其他导师。`, en: `${actor.name} is now full, so your application could not go through. Send "mentors" to choose another.` }, 'orange') });
    }
  }
  await audit.record(tx, { actor: actor.openId, action: 'application.accept', target: `application:${app.id}`, detail: { pairId: pair.pairId, coMentor: pair.coMentor } });
  return { card: applicationOutcomeCard({ menteeName: mentee.name, outcome: { zh: `已接受，结对成功（现带教 ${pair.load}/${pair.capacity}）`, en: `Accepted: paired (now ${pair.load}/${pair.capacity})` } }), notices };
}

/** The mentor declines, with a reason the mentee will read. */
export async function declineApplication(tx: Kysely<Database>, actor: Actor, applicationId: unknown, reasonRaw: unknown): Promise<{ card: Card; notices: Notice[] }> {
  const app = await forMentor(tx, actor, applicationId, 'applications.decide');
  const reason = typeof reasonRaw === 'string' ? reasonRaw.trim() : '';
  if (reason.length < 2) throw refuse('婉拒时请写明理由（至少 2 个字），对方会看到。', 'Please give a reason when declining (at least 2 characters); the mentee will read it.');
  if (reason.length > MAX_REASON) throw refuse(`理由最多 ${MAX_REASON} 字。`, `The reason may be at most ${MAX_REASON} characters.`);
  if (!(await applications.decide(tx, app.id, 'declined', { declineReason: reason }))) throw alreadyDecided((await applications.find(tx, app.id))!);
  const mentee = await cadreName(tx, app.menteeId);
  const notices: Notice[] = mentee.openId
    ? [{ openId: mentee.openId, card: noticeCard({ zh: '申请未通过', en: 'Application declined' }, { zh: `${actor.name}婉拒了您的申请：“${reason}”。您可以发送“选导师”选择其他导师。`, en: `${actor.name} declined your application: "${reason}". Send "mentors" to choose another mentor.` }, 'orange') }]
    : [];
  await audit.record(tx, { actor: actor.openId, action: 'application.decline', target: `application:${app.id}`, detail: { reason } });
  return { card: applicationOutcomeCard({ menteeName: mentee.name, outcome: { zh: `已婉拒：${reason}`, en: `Declined: ${reason}` } }), notices };
}

/**
 * The organisation decided for this mentee (组织指定): their open applications in the program are
 * withdrawn and the mentors' request cards settled. Returns what was closed, for the notices.
 */
export async function withdrawForAssignment(tx: Kysely<Database>, programId: number, mentee: { cadreId: number; name: string }): Promise<Application[]> {
  const closed = await applications.closeAll(tx, { programId, menteeId: mentee.cadreId }, 'withdrawn');
  for (const app of closed) await settleCard(tx, app, { zh: '组织已为其指定导师，申请撤回', en: 'The organisation assigned a mentor; withdrawn' }, { mentee: mentee.name });
  return closed;
}

/** The mentee takes back one of their open applications. */
export async function withdrawApplication(tx: Kysely<Database>, actor: Actor, applicationId: unknown): Promise<{ notices: Notice[] }> {
  const id = rowId(applicationId);
  const app = id ? await applications.find(tx, id) : undefined;
  if (!app) throw new DomainError('not_found', { zh: '找不到这份申请。', en: 'That application cannot be found.' });
  if (app.menteeId !== actor.cadreId) throw deniedOn(actor, 'applications.withdraw', `application:${app.id}`, { zh: '这不是您的申请。', en: 'This is not your application.' });
  if (!(await applications.decide(tx, app.id, 'withdrawn'))) throw alreadyDecided((await applications.find(tx, app.id))!);
  await settleCard(tx, app, { zh: '培养对象已撤回申请', en: 'Withdrawn by the mentee' }, { mentee: actor.name });
  await audit.record(tx, { actor: actor.openId, action: 'application.withdraw', target: `application:${app.id}` });
  return { notices: [] };
}

/**
 * Waiting applications: after the program's nudge delay the mentor is reminded once; after its expiry
 * the application closes and the mentee is told and free to choose again. Conditional updates make it
 * safe for every instance to run.
 */
export async function sweepApplications(tx: Kysely<Database>, now: Date): Promise<{ nudged: number; expired: number }> {
  const messages = [];
  const nudged = await applications.takeDueForNudge(tx, now);
  for (const app of nudged) {
    const mentor = await cadreName(tx, app.mentorId);
    const mentee = await cadreName(tx, app.menteeId);
    if (mentor.openId && mentor.active) {
      messages.push({ kind: 'send' as const, receiveIdType: 'open_id' as const, receiveId: mentor.openId, msgType: 'interactive' as const, dedupeKey: `app:${app.id}:nudge`,
        content: noticeCard({ zh: '有申请等待您答复', en: 'An application is waiting for you' }, { zh: `${mentee.name}的拜师申请已等待多日，请在上面的申请卡片上接受或婉拒。`, en: `${mentee.name}'s application has been waiting for days; please accept or decline it on the application card above.` }, 'orange') });
    }
  }
  const expired = await applications.takeExpired(tx, now);
  for (const app of expired) {
    const mentee = await cadreName(tx, app.menteeId);
    const mentor = await cadreName(tx, app.mentorId);
    await settleCard(tx, app, { zh: '超时未答复，申请已过期', en: 'Not answered in time; expired' }, { mentee: mentee.name });
    if (mentee.openId && mentee.active) {
      messages.push({ kind: 'send' as const, receiveIdType: 'open_id' as const, receiveId: mentee.openId, msgType: 'interactive' as const, dedupeKey: `app:${app.id}:expired`,
        content: noticeCard({ zh: '申请已过期', en: 'Application expired' }, { zh: `${mentor.name}没有在期限内答复您的申请，申请已过期。您可以发送“选导师”重新选择。`, en: `${mentor.name} did not answer your application in time, so it expired. Send "mentors" to choose again.` }, 'orange') });
    }
  }
  await new OutboxRepository(tx).enqueue(tx, messages);
  return { nudged: nudged.length, expired: expired.length };
}
