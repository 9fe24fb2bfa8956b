import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../src/db/database';
import { CadreRepository } from '../../../src/db/repositories/cadre-repository';
import type { Actor } from '../../../src/domain/actor';
import type { ClickResult } from '../../../src/emulator/user-actions';
import type { EmulatedMessage } from '../../../src/emulator/types';
import { submitRatings } from '../../../src/services/evaluation-rating';
import { approveRevisions } from '../../../src/services/evaluation-approval';
import { submitReport } from '../../../src/services/weekly-reports';
import { savePlan } from '../../../src/services/plans';
import { proposeDraft } from '../../../src/services/assignment-drafts';
import { ensureUnit, personMaker, type TestPerson } from '../../helpers/people';
import { eventually, startWithPeople, type Harness } from '../../helpers/test-app';
import { Clock } from '../../integration/reports/report-kit';

/**
 * One small district with a person in every role the bot knows, and live objects of every kind (a program with
 * pairs, an application, a plan, a weekly report, an evaluation waiting for approval and an approved one, a
 * staff-meeting item, a night school with sessions before, around and after "now", seminars before and after
 * "now", a secondment batch running now, an assignment proposal). Objects that a decision uses up are made
 * again on demand (`ensure…`), so every allowed role can be shown to succeed on a real object.
 *
 * "Now" is Wednesday 2026-07-01 10:00 in Asia/Shanghai: the 2026Q2 evaluation opened at 09:00.
 */

export const ROLES = ['DA', 'TA', 'ML', 'MT', 'ME', 'MS', 'TE', 'YC', 'OC', 'VC', 'ST'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  DA: 'district admin', TA: 'town admin', ML: 'main leader', MT: 'mentor', ME: 'paired mentee', MS: 'mentee still choosing',
  TE: 'night-school teacher', YC: 'young cadre in no program', OC: 'older cadre', VC: 'village cadre on secondment', ST: 'stranger (not on the roster)',
};

export const NOW = '2026-07-01T10:00:00+08:00';
const OPEN_EVAL_AT = '2026-07-01T09:00:00.020+08:00';
const TOWN = '武隆区/火炉镇';
const OFFICE = `${TOWN}/党政办`;

function cast(prefix: string) {
  const person = personMaker(prefix);
  const roles: Record<Role, TestPerson> = {
    DA: person('da', '区委组织部', 'other', '武隆区', ['admin']),
    TA: person('ta', '组织委员', 'other', TOWN, ['admin']),
    ML: person('ml', '钟书记', 'leader_member', TOWN, ['leader']),
    MT: person('mt', '韩德明', 'leader_member', OFFICE),
    ME: person('me', '许一帆', 'young', OFFICE),
    MS: person('ms', '陆晨曦', 'young', OFFICE),
    TE: person('te', '唐老师', 'other', OFFICE),
    YC: person('yc', '白马青年', 'young', '武隆区/白马镇'),
    OC: person('oc', '邓守仁', 'senior', OFFICE),
    VC: { ...person('vc', '石娃', 'village', `${TOWN}/石梁村`), birthDate: '1998-06-01' },
    ST: person('st', '陌生人', 'young', OFFICE),
  };
  // helpers: mentees of the other pairs, unpaired mentees for assignments, people to designate or include
  const helpers = {
    MB: person('mb', '程小雨', 'young', OFFICE),
    MC: person('mc', '汪子涵', 'young', OFFICE),
    U1: person('u1', '周一', 'young', OFFICE),
    U2: person('u2', '吴二', 'young', OFFICE),
    U3: person('u3', '郑三', 'young', OFFICE),
    U4: person('u4', '王四', 'young', OFFICE),
    H1: person('h1', '冯帮手', 'other', OFFICE),
    H2: person('h2', '陈帮手', 'other', OFFICE),
  };
  return { roles, helpers };
}

export type Value = Record<string, unknown>;

export class AbuseWorld {
  readonly cadres = new CadreRepository();
  /** a card in each person's chat to click on (every click names a message) */
  readonly canvas: Record<string, string> = {};
  programs = { young: 0, village: 0 };
  pairs = { ME: 0, MB: 0, MC: 0 };
  batch = 0;
  evals = { ME: 0, MB: 0, MC: 0 };
  series = { main: 0, spare: 0 };
  sessions = { past: 0, started: 0, next: 0 };
  seminars = { future: 0, started: 0 };
  units = { district: 0, town: 0, office: 0, other: 0 };
  report = 0;

  private constructor(
    readonly h: Harness,
    readonly clock: Clock,
    readonly chat: Record<string, string>,
    readonly ids: Record<string, number>,
    readonly people: Record<Role, TestPerson>,
    readonly helpers: ReturnType<typeof cast>['helpers'],
  ) {}

  get db(): Kysely<Database> {
    return this.h.app.db.db;
  }

  id(who: Role | keyof AbuseWorld['helpers']): number {
    const p = (this.people as Record<string, TestPerson>)[who] ?? (this.helpers as Record<string, TestPerson>)[who]!;
    return this.ids[p.openId]!;
  }

  openId(who: Role | keyof AbuseWorld['helpers']): string {
    return ((this.people as Record<string, TestPerson>)[who] ?? (this.helpers as Record<string, TestPerson>)[who]!).openId;
  }

  static async start(prefix: string): Promise<AbuseWorld> {
    const clock = new Clock(new Date('2026-06-30T12:00:00+08:00'));
    const { roles, helpers } = cast(prefix);
    const { ST, ...onRoster } = roles;
    const { h, chat, ids } = await startWithPeople({ ...onRoster, ...helpers }, { app: { now: clock.now } });
    h.emulator.addUser({ openId: ST.openId, name: ST.name });
    chat[ST.openId] = h.emulator.p2pChatId(ST.openId);
    const w = new AbuseWorld(h, clock, chat, ids, roles, helpers);
    await w.build();
    return w;
  }

  async close(): Promise<void> {
    await this.h.close();
  }

  private async build(): Promise<void> {
    const db = this.db;
    this.units = {
      district: await ensureUnit(db, '武隆区'), town: await ensureUnit(db, TOWN), office: await ensureUnit(db, OFFICE), other: await ensureUnit(db, '武隆区/白马镇'),
    };
    this.programs.young = (await db.insertInto('programs').values({
      code: 'abuse_young', track: 'young_mentoring', name_zh: '导师引航', name_en: 'Mentoring', start_date: '2024-01-01', end_date: null, unit_id: this.units.town,
      default_capacity: 8, mentor_categories: ['leader_member'], mentee_categories: ['young'], mentee_rule: 'young_cadre',
    }).returning('id').executeTakeFirstOrThrow()).id;
    this.programs.village = (await db.insertInto('programs').values({
      code: 'abuse_village', track: 'village_secondment', name_zh: '村社干部挂职锻炼', name_en: 'Village-cadre secondment', start_date: '2026-01-01', end_date: null,
      unit_id: this.units.town, default_capacity: 2, mentor_categories: ['senior'], mentee_categories: ['village'], mentee_rule: 'village_young',
    }).returning('id').executeTakeFirstOrThrow()).id;
    this.batch = (await db.insertInto('secondment_batches').values({ program_id: this.programs.village, number: 1, start_date: '2026-06-15', end_date: '2026-07-31' }).returning('id').executeTakeFirstOrThrow()).id;
    await db.insertInto('batch_members').values({ batch_id: this.batch, cadre_id: this.id('VC') }).execute();
    for (const who of ['ME', 'MB', 'MC'] as const) this.pairs[who] = await this.pair(this.id(who), this.id('MT'), new Date('2026-03-20T10:00:00+08:00'));

    // 2026Q2 opens on its first working day after the quarter (the job, as in production)
    this.clock.set(OPEN_EVAL_AT);
    await this.h.app.scheduler.tick();
    const opened = await db.selectFrom('evaluations').select(['id', 'pair_id']).where('quarter', '=', '2026Q2').execute();
    for (const who of ['ME', 'MB', 'MC'] as const) this.evals[who] = opened.find((e) => e.pair_id === this.pairs[who])!.id;
    this.clock.set(NOW);
    // MB's rating approved (something to correct), MC's waiting for the main leader
    const [mb] = await this.asActor('TA', (tx, a) => submitRatings(tx, a, [{ evaluationId: this.evals.MB, rating: 'good', comment: '按时完成任务' }], this.clock.now()));
    await this.asActor('ML', (tx, a) => approveRevisions(tx, a, [mb!.revisionIds[0]], this.clock.now()));
    await this.asActor('TA', (tx, a) => submitRatings(tx, a, [{ evaluationId: this.evals.MC, rating: 'pass', comment: '' }], this.clock.now()));
    await this.staffItem();

    // the paired mentee's weekly report this week and a drafted plan with a measure
    this.report = (await this.asActor('ME', (tx, a) => submitReport(tx, a, { pairId: this.pairs.ME, week: '2026-W27', form: { learned: '公文格式', did: '起草通知' }, today: '2026-07-01' }))).report.id;
    await this.asActor('ME', (tx, a) => savePlan(tx, a, { pairId: this.pairs.ME, version: 0, formValue: { profile: 'administrative_leader', focus: ['research'], methods: ['shadowing'], measure_1: 'organise_meetings', title_1: '筹办一次党委会' }, timeZone: 'Asia/Shanghai' }));

    // the night school: TE teaches OC on Wednesdays; last week's session was held, today's started 15 minutes ago, next week's is to come
    await db.insertInto('school_teachers').values({ cadre_id: this.id('TE'), designated_by: this.openId('TA') }).execute();
    this.series.main = await this.insertSeries('电脑夜校', 3, '09:45', [this.id('OC'), this.id('H2')]);
    this.series.spare = await this.insertSeries('周五夜校', 5, '19:30', [this.id('OC')]);
    const session = (startsAt: string, status: 'scheduled' | 'closed' = 'scheduled') => db.insertInto('school_sessions').values({
      series_id: this.series.main, starts_at: new Date(startsAt), place: '三楼会议室', topic: 'Word 排版', teacher_id: this.id('TE'), status, closed_at: status === 'closed' ? new Date(startsAt) : null,
    }).returning('id').executeTakeFirstOrThrow();
    this.sessions.past = (await session('2026-06-24T09:45:00+08:00', 'closed')).id;
    await db.insertInto('school_attendance').values({ session_id: this.sessions.past, cadre_id: this.id('OC'), status: 'present', checked_in_at: new Date('2026-06-24T09:40:00+08:00') }).execute();
    this.sessions.started = (await session('2026-07-01T09:45:00+08:00')).id;
    this.sessions.next = (await session('2026-07-08T09:45:00+08:00')).id;

    // seminars: one next week (entries open), one that started yesterday (presenters to record)
    this.seminars.future = await this.insertSeminar('2026-07-09T15:00:00+08:00');
    this.seminars.started = await this.insertSeminar('2026-06-30T15:00:00+08:00');
    await db.insertInto('seminar_entries').values({ seminar_id: this.seminars.started, pair_id: this.pairs.ME, achievements: '完成了调研报告', submitted_by: this.id('ME'), submitted_at: new Date('2026-06-29T10:00:00+08:00') }).execute();

    // a card in everyone's chat to click on
    for (const role of ROLES) this.canvas[role] = (await this.say(role, '帮助')).messageId;
  }

  private async pair(menteeId: number, mentorId: number, formedAt: Date): Promise<number> {
    const id = (await this.db.insertInto('pairs').values({ program_id: this.programs.young, mentee_id: menteeId, formed_by: 'assignment', formed_at: formedAt }).returning('id').executeTakeFirstOrThrow()).id;
    await this.db.insertInto('pair_mentors').values({ pair_id: id, mentor_id: mentorId, lead: true }).execute();
    return id;
  }

  private async insertSeries(name: string, weekday: number, time: string, audience: number[]): Promise<number> {
    const id = (await this.db.insertInto('school_series').values({
      name, weekday, start_time: time, duration_minutes: 90, place: '三楼会议室', audience_kind: 'people', audience_program_id: null, audience_unit_id: null,
      teacher_id: this.id('TE'), starts_on: '2026-06-01', ends_on: null, created_by: this.openId('TA'),
    }).returning('id').executeTakeFirstOrThrow()).id;
    await this.db.insertInto('school_audience').values(audience.map((cadre_id) => ({ series_id: id, cadre_id }))).execute();
    return id;
  }

  private seminarDay = 0;
  async insertSeminar(startsAt: string): Promise<number> {
    return (await this.db.insertInto('seminars').values({ program_id: this.programs.young, title: `交流研讨会 ${++this.seminarDay}`, starts_at: new Date(startsAt), place: '党群服务中心', created_by: this.openId('TA') }).returning('id').executeTakeFirstOrThrow()).id;
  }

  /** Run a service as a person, in its own transaction (the way the app sets objects up). */
  async asActor<T>(role: Role | keyof AbuseWorld['helpers'], run: (tx: Kysely<Database>, actor: Actor) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (tx) => run(tx, (await this.cadres.findActor(tx, this.openId(role)))!));
  }

  // ---- objects on demand -------------------------------------------------------------------------------

  /** A rating waiting for the main leader (made by the assessor when none waits). */
  async pendingRevision(): Promise<{ id: number; batch: number }> {
    const find = () => this.db.selectFrom('evaluation_revisions').select(['id', 'batch_id']).where('status', '=', 'pending').orderBy('id').executeTakeFirst();
    let r = await find();
    if (!r) {
      const e = await this.db.selectFrom('evaluations').select(['id', 'status']).where('status', 'in', ['open', 'returned']).where('id', '!=', this.evals.ME).orderBy('id').executeTakeFirst();
      const approved = await this.db.selectFrom('evaluations').select('id').where('status', '=', 'approved').orderBy('id').executeTakeFirstOrThrow();
      const input = e ? { evaluationId: e.id, rating: 'good', comment: '' } : { evaluationId: approved.id, rating: 'pass', comment: '', reason: '更正核实' };
      await this.asActor('TA', (tx, a) => submitRatings(tx, a, [input], this.clock.now()));
      r = await find();
    }
    return { id: r!.id, batch: r!.batch_id };
  }

  /** An evaluation the assessor may rate now (open or returned), other than the one kept open for self-assessments. */
  async rateableEvaluation(): Promise<number> {
    const e = await this.db.selectFrom('evaluations').select('id').where('status', 'in', ['open', 'returned']).where('id', '!=', this.evals.ME).orderBy('id').executeTakeFirst();
    if (e) return e.id;
    // withdraw a pending one back to the assessor
    const pending = await this.db.selectFrom('evaluation_revisions').select(['id', 'evaluation_id']).where('status', '=', 'pending').orderBy('id').executeTakeFirst();
    if (pending) {
      await this.db.updateTable('evaluation_revisions').set({ status: 'withdrawn' }).where('id', '=', pending.id).execute();
      await this.db.updateTable('evaluations').set({ status: 'open' }).where('id', '=', pending.evaluation_id).execute();
      return pending.evaluation_id;
    }
    return this.evals.ME;
  }

  async approvedEvaluation(): Promise<number> {
    const e = await this.db.selectFrom('evaluations').select('id').where('status', '=', 'approved').orderBy('id').executeTakeFirst();
    if (e) return e.id;
    const r = await this.pendingRevision();
    await this.asActor('ML', (tx, a) => approveRevisions(tx, a, [r.id], this.clock.now()));
    return this.approvedEvaluation();
  }

  /** An open staff-meeting item for the mentor (経验交流 after two excellent quarters, say). */
  async staffItem(): Promise<number> {
    const open = await this.db.selectFrom('staff_meeting_items').select('id').where('status', '=', 'open').orderBy('id').executeTakeFirst();
    if (open) return open.id;
    const n = Number((await this.db.selectFrom('staff_meeting_items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const q = ['2025Q1', '2025Q2', '2025Q3', '2025Q4', '2026Q1'][n % 5]!;
    return (await this.db.insertInto('staff_meeting_items').values({ mentor_id: this.id('MT'), kind: n % 2 ? 'self_criticism' : 'share', first_quarter: q, last_quarter: q }).returning('id').executeTakeFirstOrThrow()).id;
  }

  /** A pending application from MS to MT (MS applies again after each decision, as a mentee would). */
  async application(): Promise<number> {
    const pending = await this.db.selectFrom('applications').select('id').where('status', '=', 'pending').where('mentee_id', '=', this.id('MS')).where('mentor_id', '=', this.id('MT')).executeTakeFirst();
    if (pending) return pending.id;
    await this.db.updateTable('pairs').set({ status: 'ended', ended_at: this.clock.now(), end_reason: 'rematched' }).where('mentee_id', '=', this.id('MS')).where('status', '=', 'active').execute();
    return (await this.db.insertInto('applications').values({ program_id: this.programs.young, mentee_id: this.id('MS'), mentor_id: this.id('MT'), rank: 1, reason: '想学调研' }).returning('id').executeTakeFirstOrThrow()).id;
  }

  /** The MS mentor-selection card's version (opening the selection when there is none). */
  async selectionVersion(role: Role = 'MS'): Promise<number> {
    const key = `sel:${this.people[role].openId}:${this.programs.young}`;
    const v = await this.h.app.session.getVersioned(key);
    if (v) return v.version;
    return (await this.h.app.session.compareAndSet(key, 0, { page: 0, filter: null, draft: [] }, 30 * 60_000))!;
  }

  async plan(): Promise<{ version: number; item: number }> {
    const p = await this.db.selectFrom('plans').select(['id', 'version']).where('pair_id', '=', this.pairs.ME).executeTakeFirstOrThrow();
    const item = await this.db.selectFrom('plan_items').select('id').where('plan_id', '=', p.id).orderBy('position').executeTakeFirstOrThrow();
    return { version: p.version, item: item.id };
  }

  /** A seminar that started and whose presenters are not recorded yet. */
  async seminarToRecord(): Promise<number> {
    const s = await this.db.selectFrom('seminars').select('id').where('status', '=', 'scheduled').where('starts_at', '<=', this.clock.now()).orderBy('id').executeTakeFirst();
    if (s) return s.id;
    const id = await this.insertSeminar(`2026-06-${String(10 + this.seminarDay).padStart(2, '0')}T15:00:00+08:00`);
    await this.db.insertInto('seminar_entries').values({ seminar_id: id, pair_id: this.pairs.MB, achievements: '调研', submitted_by: this.id('MB'), submitted_at: new Date('2026-06-01T10:00:00+08:00') }).execute();
    return id;
  }

  /** A future seminar that may be changed or cancelled (not the one the pairs write entries for). */
  async seminarToChange(): Promise<number> {
    const s = await this.db.selectFrom('seminars').select('id').where('status', '=', 'scheduled').where('starts_at', '>', this.clock.now()).where('id', '!=', this.seminars.future).orderBy('id').executeTakeFirst();
    if (s) return s.id;
    return this.insertSeminar(`2026-08-${String(this.seminarDay % 28 + 1).padStart(2, '0')}T15:00:00+08:00`);
  }

  /** A draft proposal with rows (proposing again when the last one was decided or emptied). */
  async draft(): Promise<{ id: number; mentee: number; mentor: number }> {
    const row = await this.db.selectFrom('assignment_drafts as d').innerJoin('assignment_draft_items as i', 'i.draft_id', 'd.id').select(['d.id', 'i.mentee_id', 'i.mentor_id'])
      .where('d.status', '=', 'draft').orderBy('d.id', 'desc').orderBy('i.mentee_id').executeTakeFirst();
    if (row) return { id: row.id, mentee: row.mentee_id, mentor: row.mentor_id };
    // unpair a helper mentee so there is someone to propose for
    const unpaired = ['U3', 'U4', 'U1', 'U2'] as const;
    const active = new Set((await this.db.selectFrom('pairs').select('mentee_id').where('status', '=', 'active').execute()).map((p) => p.mentee_id));
    if (unpaired.every((u) => active.has(this.id(u)))) {
      await this.db.updateTable('pairs').set({ status: 'ended', ended_at: this.clock.now(), end_reason: 'rematched' }).where('mentee_id', '=', this.id('U3')).where('status', '=', 'active').execute();
    }
    await this.asActor('TA', (tx, a) => proposeDraft(tx, a, this.programs.young));
    return this.draft();
  }

  /** A helper mentee with no pair in the young program, for 指定. */
  async unpairedMentee(): Promise<string> {
    const active = new Set((await this.db.selectFrom('pairs').select('mentee_id').where('status', '=', 'active').execute()).map((p) => p.mentee_id));
    for (const u of ['U1', 'U2', 'U3', 'U4'] as const) if (!active.has(this.id(u))) return this.openId(u);
    await this.db.updateTable('pairs').set({ status: 'ended', ended_at: this.clock.now(), end_reason: 'rematched' }).where('mentee_id', '=', this.id('U1')).where('status', '=', 'active').execute();
    return this.openId('U1');
  }

  /** A designated teacher who may be removed (designating H1 again when needed). */
  async designatedHelper(): Promise<number> {
    const id = this.id('H1');
    await this.db.insertInto('school_teachers').values({ cadre_id: id, designated_by: this.openId('TA') }).onConflict((oc) => oc.doNothing()).execute();
    return id;
  }

  /** The spare series in the state an action needs (running or paused). */
  async spareSeries(state: 'running' | 'paused'): Promise<number> {
    const s = await this.db.selectFrom('school_series').select(['id', 'active', 'ends_on']).where('id', '=', this.series.spare).executeTakeFirstOrThrow();
    if (s.ends_on !== null) await this.db.updateTable('school_series').set({ ends_on: null }).where('id', '=', s.id).execute();
    if (state === 'running' && !s.active) await this.db.updateTable('school_series').set({ active: true, paused_at: null }).where('id', '=', s.id).execute();
    if (state === 'paused' && s.active) await this.db.updateTable('school_series').set({ active: false, paused_at: this.clock.now() }).where('id', '=', s.id).execute();
    return s.id;
  }

  // ---- talking to the bot ------------------------------------------------------------------------------

  async drained(): Promise<void> {
    await eventually(async () => (await this.db.selectFrom('outbox').select('id').where('status', 'in', ['pending', 'sending']).limit(1).execute()).length === 0
      && (await this.db.selectFrom('inbox').select('id').where('status', '=', 'pending').limit(1).execute()).length === 0, 20_000, 'the inbox and outbox to drain');
  }

  /** `who` types `text`; the bot's first new message in their chat (waits for it: silence fails). */
  async say(role: Role, text: string, timeoutMs = 10_000): Promise<EmulatedMessage> {
    const filter = { sender: 'app' as const, chatId: this.chat[this.people[role].openId]! };
    const before = this.h.emulator.messages(filter).length;
    const r = await this.h.sender.sendMessage({ senderOpenId: this.people[role].openId, chatId: filter.chatId, chatType: 'p2p', text });
    if (r.status !== 200) throw new Error(`webhook answered ${r.status} to "${text.slice(0, 40)}" from ${role}`);
    return (await this.h.emulator.waitForMessages(before + 1, filter, timeoutMs))[before]!;
  }

  /** All the bot's messages in `role`'s chat after index `from`. */
  messagesSince(role: Role, from: number): EmulatedMessage[] {
    return this.h.emulator.messages({ sender: 'app', chatId: this.chat[this.people[role].openId]! }).slice(from);
  }

  messageCount(role: Role): number {
    return this.h.emulator.messages({ sender: 'app', chatId: this.chat[this.people[role].openId]! }).length;
  }

  click(role: Role, value: Value, formValue?: Record<string, unknown>): Promise<ClickResult> {
    return this.h.emulator.click(this.canvas[role]!, { openId: this.people[role].openId, value, ...(formValue ? { formValue } : {}) });
  }

  /** The newest audit row's id (to look at what a click audited). */
  async lastAuditId(): Promise<number> {
    return (await this.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst())?.id ?? 0;
  }

  /** Refusals audited for this person after audit row `after` (denied:*, rejected:*, invalid:*). */
  async refusalsAudited(role: Role, after = 0): Promise<{ action: string; target: string | null }[]> {
    return this.db.selectFrom('audit_log').select(['action', 'target']).where('actor', '=', this.people[role].openId).where('id', '>', after)
      .where((eb) => eb.or([eb('action', 'like', 'denied:%'), eb('action', 'like', 'rejected:%'), eb('action', 'like', 'invalid:%')])).orderBy('id').execute();
  }

  /**
   * A fingerprint of every table that holds the program's state (all but the inbox, outbox, audit log and job
   * runs, which record traffic rather than state): per table, its row count and a hash of its rows.
   */
  async fingerprint(): Promise<Record<string, string>> {
    const tables = STATE_TABLES;
    const parts = tables.map((t) => sql`select ${t} as t, count(*)::text || ':' || md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as f from ${sql.table(t)} x`);
    const rows = await sql<{ t: string; f: string }>`${sql.join(parts, sql` union all `)}`.execute(this.db);
    return Object.fromEntries(rows.rows.map((r) => [r.t, r.f]));
  }
}

export const STATE_TABLES = [
  'units', 'cadres', 'catalogue_items', 'cadre_needs', 'cadre_strengths', 'programs', 'program_overrides', 'secondment_batches', 'batch_members',
  'mentor_capacity', 'pairs', 'pair_mentors', 'applications', 'pair_avoid', 'assignment_drafts', 'assignment_draft_items', 'survey_responses',
  'plans', 'plan_items', 'weekly_reports', 'report_reviews', 'school_series', 'school_teachers', 'school_audience', 'school_sessions',
  'evaluations', 'approval_batches', 'evaluation_revisions', 'staff_meeting_items', 'school_attendance', 'seminars', 'seminar_entries',
] as const satisfies readonly (keyof Database)[];

/** The tables whose fingerprint differs. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys(after).filter((t) => before[t] !== after[t]);
}

/** What the person saw: the toast type and Chinese text, the card title, or the emulator's client error. */
export function outcomeOf(r: ClickResult): { kind: 'error' | 'refused' | 'ok'; detail: string } {
  const toast = r.toast as { type?: string; i18n?: { zh_cn?: string } } | undefined;
  if (!r.ok || r.errorCode) return { kind: 'error', detail: `HTTP ${r.status} ${r.errorCode ?? ''} ${r.error ?? ''}` };
  if (toast?.type === 'error') return { kind: 'error', detail: `error toast: ${toast.i18n?.zh_cn}` };
  if (toast?.type === 'warning') return { kind: 'refused', detail: toast.i18n?.zh_cn ?? '' };
  return { kind: 'ok', detail: toast ? `${toast.type}: ${toast.i18n?.zh_cn}` : r.cardUpdated ? 'card' : '{}' };
}
