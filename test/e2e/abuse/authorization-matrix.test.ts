import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../../handlers/index';
import { missing } from '../../helpers/services';
import { cardTitle } from '../../helpers/test-app';
import { AbuseWorld, changedTables, outcomeOf, ROLE_NAMES, ROLES, type Role, type STATE_TABLES, type Value } from './abuse-world';

/**
 * The authorisation matrix: every command and every card action of the registry, tried by a person in every
 * role (abuse-world.ts: district and town admin, main leader, mentor, paired mentee, a mentee still choosing,
 * night-school teacher, a young cadre in no program, an older cadre, a village cadre on secondment, and a
 * stranger off the roster), on real objects and with forged values. POLICY below is the policy: who may do
 * what, and which tables a success writes. A new command or card action fails this file until it is
 * classified here. A refusal is a warning toast; it changes no table, and it is audited (denied:*,
 * rejected:* or invalid:*; a stranger's command or click as denied:not_on_roster), except where `unaudited` says why not.
 */

type StateTable = (typeof STATE_TABLES)[number];
type Form = Record<string, unknown>;

interface Rule {
  /** the roles that succeed; everyone else is refused (a warning), changes nothing, and the refusal is audited */
  may: readonly Role[];
  /** the tables a success may write ([] for actions that only show something) */
  writes: readonly StateTable[];
  /** value keys naming objects: forged in the second pass (refused, nothing changes) */
  ids: readonly string[];
  /** value keys that only page or redraw (a card's list, an offset): forged, never a crash, may still succeed */
  aux?: readonly string[];
  value?: (w: AbuseWorld, role: Role) => Promise<Value> | Value;
  form?: (w: AbuseWorld, role: Role) => Promise<Form> | Form;
  /** an object of someone else's, for the first allowed role (refused and audited) */
  foreign?: (w: AbuseWorld) => Promise<Value> | Value;
  /** roles whose refusal is a rule of the program, not a denial: refused, but not audited (`why` says why) */
  unaudited?: readonly Role[];
  why?: string;
}

const ROSTER = ROLES.filter((r) => r !== 'ST');
const ADMINS = ['DA', 'TA'] as const satisfies readonly Role[];
const ADMIN_OR_TEACHER = ['DA', 'TA', 'TE'] as const satisfies readonly Role[];
const MENTEES = ['ME', 'MS'] as const satisfies readonly Role[];
const PAIR = ['ME', 'MT'] as const satisfies readonly Role[];
const STATS = ['DA', 'TA', 'ML'] as const satisfies readonly Role[];

const sel = (extra: (w: AbuseWorld, role: Role) => Promise<Value> | Value = () => ({})) => async (w: AbuseWorld, role: Role): Promise<Value> => ({
  p: w.programs.young, v: await w.selectionVersion(role === 'ME' ? 'ME' : 'MS'), ...(await extra(w, role)),
});

/**
 * THE POLICY. Order matters only where a success uses an object up (an application decided, a series ended):
 * objects are made again on demand, so each allowed role acts on a real, current object.
 */
const POLICY: Record<string, Rule> = {
  cmd: { may: ROSTER, writes: [], ids: ['c'], value: () => ({ c: 'help' }) },
  'admin.summary': { may: ADMINS, writes: [], ids: [] },
  'admin.sends': { may: ADMINS, writes: [], ids: [] },
  'needs.open': { may: ROSTER, writes: [], ids: [] },
  'needs.save': { may: ROSTER, writes: ['cadre_needs'], ids: [], form: () => ({ need_1: 'mass_work', need_2: 'research' }) },
  'strengths.open': { may: ROSTER, writes: [], ids: [] },
  'strengths.save': { may: ROSTER, writes: ['cadre_strengths'], ids: [], form: () => ({ strengths: ['official_writing'] }) },

  // 选导师: the mentees of the young program browse; the session keeps the draft (Redis, not the database)
  'sel.open': { may: MENTEES, writes: [], ids: ['p'], value: (w) => ({ p: w.programs.young }) },
  'sel.page': { may: MENTEES, writes: [], ids: ['p', 'v'], aux: ['n'], value: sel(() => ({ n: 1 })) },
  'sel.filter': { may: MENTEES, writes: [], ids: ['p', 'v'], value: sel(), form: () => ({ filter: 'research' }) },
  'sel.add': { may: MENTEES, writes: [], ids: ['p', 'v', 'm'], value: sel((w) => ({ m: w.id('MT') })) },
  'sel.up': { may: MENTEES, writes: [], ids: ['p', 'v', 'm'], value: sel((w) => ({ m: w.id('MT') })) },
  'sel.remove': { may: MENTEES, writes: [], ids: ['p', 'v', 'm'], value: sel((w) => ({ m: w.id('MT') })) },
  'sel.submit': {
    may: ['MS'], writes: ['applications'], ids: ['p', 'v'], unaudited: ['ME'], why: 'ME already has a mentor in the program',
    value: async (w, role) => {
      if (role !== 'MS') return sel()(w, role);
      const key = `sel:${w.people.MS.openId}:${w.programs.young}`;
      const v = await w.selectionVersion('MS');
      return { p: w.programs.young, v: (await w.h.app.session.compareAndSet(key, v, { page: 0, filter: null, draft: [w.id('MT')] }, 60_000))! };
    },
    form: () => ({ reason: '想学调查研究' }),
  },
  'app.decline': { may: ['MT'], writes: ['applications'], ids: ['id'], value: async (w) => ({ id: await w.application() }), form: () => ({ reason: '名额紧张，抱歉' }) },
  'app.withdraw': { may: ['MS'], writes: ['applications'], ids: ['id'], aux: ['p'], value: async (w) => ({ id: await w.application(), p: w.programs.young }) },
  'app.accept': { may: ['MT'], writes: ['applications', 'pairs', 'pair_mentors'], ids: ['id'], value: async (w) => ({ id: await w.application() }) },

  'program.edit': { may: ADMINS, writes: [], ids: ['p'], value: (w) => ({ p: w.programs.young }) },
  'program.member': { may: ADMINS, writes: [], ids: ['p'], value: (w) => ({ p: w.programs.young }) },
  'program.save': {
    may: ADMINS, writes: ['programs'], ids: ['p'], value: (w) => ({ p: w.programs.young }),
    form: (_w, role) => ({ name_zh: '导师引航', name_en: `Mentoring (${role})`, start_date: '2024-01-01 +0800', end_date: '', default_capacity: '8', active: 'true' }),
  },
  'program.member.save': {
    may: ADMINS, writes: ['program_overrides'], ids: ['p'], value: (w) => ({ p: w.programs.young }),
    form: (w, role) => ({ person: w.openId(role === 'DA' ? 'H1' : 'H2'), role: 'mentor', action: 'include' }),
  },

  // 挂职锻炼: the village cadre of the running batch claims and answers the survey; admins send and read it
  'claim.page': { may: ['VC'], writes: [], ids: ['p'], aux: ['n'], value: (w) => ({ p: w.programs.village, n: 1 }) },
  'survey.open': { may: ['VC'], writes: [], ids: ['b'], value: (w) => ({ b: w.batch }) },
  'survey.submit': { may: ['VC'], writes: ['survey_responses', 'cadre_needs'], ids: ['b'], value: (w) => ({ b: w.batch }), form: () => ({ choice_1: 'rural_governance', choice_2: 'case_handling', note: '想学调解' }) },
  'survey.send': { may: ADMINS, writes: [], ids: ['p', 'b'], value: (w) => ({ p: w.programs.village, b: 1 }) },
  'survey.summary': { may: ADMINS, writes: [], ids: ['p'], value: (w) => ({ p: w.programs.village }) },
  'claim.take': { may: ['VC'], writes: ['pairs', 'pair_mentors'], ids: ['p', 'm'], value: (w) => ({ p: w.programs.village, m: w.id('OC') }) },

  // 指定 (admins)
  'assign.save': {
    may: ADMINS, writes: ['pairs', 'pair_mentors', 'applications'], ids: ['p'], value: (w) => ({ p: w.programs.young }),
    form: async (w) => ({ [`mentee_${w.programs.young}`]: await w.unpairedMentee(), [`mentor_${w.programs.young}`]: w.people.ML.openId, [`override_${w.programs.young}`]: 'no' }),
  },
  'assign.propose': { may: ADMINS, writes: ['assignment_drafts', 'assignment_draft_items'], ids: ['p'], value: async (w) => { await w.unpairedMentee(); return { p: w.programs.young }; } },
  'assign.draft.page': { may: ADMINS, writes: [], ids: ['d'], aux: ['o'], value: async (w) => ({ d: (await w.draft()).id, o: 0 }) },
  'assign.draft.set': {
    may: ADMINS, writes: ['assignment_draft_items'], ids: ['d'], value: async (w) => ({ d: (await w.draft()).id }),
    form: async (w) => { const d = await w.draft(); return { mentee: String(d.mentee), mentor: d.mentor === w.id('ML') ? w.people.MT.openId : w.people.ML.openId }; },
  },
  'assign.draft.drop': { may: ADMINS, writes: ['assignment_draft_items'], ids: ['d', 'm'], value: async (w) => { const d = await w.draft(); return { d: d.id, m: d.mentee }; } },
  'assign.draft.discard': { may: ADMINS, writes: ['assignment_drafts'], ids: ['d'], value: async (w) => ({ d: (await w.draft()).id }) },
  'assign.draft.confirm': { may: ADMINS, writes: ['assignment_drafts', 'pairs', 'pair_mentors', 'applications'], ids: ['d'], value: async (w) => ({ d: (await w.draft()).id }) },

  // 周报: the mentee writes, the mentor reads and comments
  'report.open': { may: ['ME'], writes: [], ids: ['pair', 'w'], value: (w) => ({ pair: w.pairs.ME, w: '2026-W27' }), foreign: (w) => ({ pair: w.pairs.MB, w: '2026-W27' }) },
  'report.submit': {
    may: ['ME'], writes: ['weekly_reports'], ids: ['pair', 'w'], value: (w) => ({ pair: w.pairs.ME, w: '2026-W27' }), foreign: (w) => ({ pair: w.pairs.MB, w: '2026-W27' }),
    form: (_w, role) => ({ learned: `会议纪要（${role}）`, did: '起草通知' }),
  },
  'report.read': { may: ['MT'], writes: ['report_reviews'], ids: ['r'], value: (w) => ({ r: w.report }) },
  'report.comment': { may: ['MT'], writes: ['report_reviews'], ids: ['r'], value: (w) => ({ r: w.report }), form: () => ({ comment: '条理清楚' }) },

  // 一人一策: the pair's mentee and mentor
  'plan.open': { may: PAIR, writes: [], ids: ['pair'], value: (w) => ({ pair: w.pairs.ME }), foreign: (w) => ({ pair: w.pairs.MB }) },
  'plan.edit': { may: PAIR, writes: [], ids: ['pair'], value: (w) => ({ pair: w.pairs.ME }), foreign: (w) => ({ pair: w.pairs.MB }) },
  'plan.confirm': { may: ['MT'], writes: ['plans'], ids: ['pair', 'v'], value: async (w) => ({ pair: w.pairs.ME, v: (await w.plan()).version }) },
  'plan.done': { may: PAIR, writes: ['plan_items'], ids: ['item'], value: async (w) => ({ item: (await w.plan()).item }) },
  'plan.undo': { may: PAIR, writes: ['plan_items'], ids: ['item'], value: async (w) => ({ item: (await w.plan()).item }) },
  'plan.save': {
    may: PAIR, writes: ['plans', 'plan_items'], ids: ['pair', 'v'], value: async (w) => ({ pair: w.pairs.ME, v: (await w.plan()).version }),
    form: (_w, role) => ({ profile: 'administrative_leader', focus: ['research'], methods: ['shadowing'], measure_1: 'organise_meetings', title_1: `筹办党委会（${role}）` }),
  },

  // 研讨: admins schedule, change and record; the pair writes its entry
  'seminar.create': {
    may: ADMINS, writes: ['seminars'], ids: [],
    form: (w, role) => ({ program: String(w.programs.young), title: `季度研讨会（${role}）`, date: `2026-09-0${ROLES.indexOf(role) + 1} +0800`, time: '15:00', place: '党群服务中心' }),
  },
  'seminar.entry.open': { may: PAIR, writes: [], ids: ['s', 'pair'], value: (w) => ({ s: w.seminars.future, pair: w.pairs.ME }), foreign: (w) => ({ s: w.seminars.future, pair: w.pairs.MB }) },
  'seminar.entry.save': {
    may: PAIR, writes: ['seminar_entries'], ids: ['s', 'pair'], value: (w) => ({ s: w.seminars.future, pair: w.pairs.ME }), foreign: (w) => ({ s: w.seminars.future, pair: w.pairs.MB }),
    form: (_w, role) => ({ achievements: `完成调研报告（${role}）`, link: 'https://example.com/report' }),
  },
  'seminar.record.open': { may: ADMINS, writes: [], ids: ['s'], value: async (w) => ({ s: await w.seminarToRecord() }) },
  'seminar.record.save': {
    may: ADMINS, writes: ['seminars', 'seminar_entries'], ids: ['s'], value: async (w) => ({ s: await w.seminarToRecord() }),
    form: async (w) => ({ presented: (await w.db.selectFrom('seminar_entries').select('pair_id').where('seminar_id', '=', await w.seminarToRecord()).execute()).map((e) => String(e.pair_id)) }),
  },
  'seminar.edit.open': { may: ADMINS, writes: [], ids: ['s'], value: async (w) => ({ s: await w.seminarToChange() }) },
  'seminar.edit.save': { may: ADMINS, writes: ['seminars'], ids: ['s'], value: async (w) => ({ s: await w.seminarToChange() }), form: (_w, role) => ({ title: `改期后的研讨会（${role}）` }) },
  'seminar.cancel': { may: ADMINS, writes: ['seminars'], ids: ['s'], value: async (w) => ({ s: await w.seminarToChange() }), form: () => ({ reason: '防汛值班' }) },

  // 夜校: admins and teachers run it, the audience attends
  'school.new': { may: ADMIN_OR_TEACHER, writes: [], ids: [] },
  'school.create': {
    may: ADMIN_OR_TEACHER, writes: ['school_series', 'school_audience', 'school_sessions'], ids: [],
    form: (w, role) => ({
      name: `夜校（${role}）`, weekday: String(ROLES.indexOf(role) + 1), time: '20:00', duration: '60', place: '会议室', starts_on: '2026-07-02 +0800', people: [w.people.YC.openId],
      ...(role === 'TE' ? {} : { teacher: w.people.TE.openId }),
    }),
  },
  'school.teachers': { may: ADMINS, writes: [], ids: [] },
  'school.teachers.add': { may: ADMINS, writes: ['school_teachers'], ids: [], form: (w, role) => ({ people: [w.openId(role === 'DA' ? 'H2' : 'MB')] }) },
  'school.teachers.remove': { may: ADMINS, writes: ['school_teachers'], ids: ['c'], value: async (w) => ({ c: await w.designatedHelper() }) },
  'school.open': { may: [...ADMIN_OR_TEACHER, 'OC'], writes: [], ids: ['s'], value: (w) => ({ s: w.sessions.next }) },
  'school.register': { may: ['OC'], writes: ['school_attendance'], ids: ['s'], value: (w) => ({ s: w.sessions.next }) },
  'school.leave': { may: ['OC'], writes: ['school_attendance'], ids: ['s'], value: (w) => ({ s: w.sessions.next }), form: () => ({ reason: '下村走访' }) },
  'school.edit': { may: ADMIN_OR_TEACHER, writes: [], ids: ['s'], value: (w) => ({ s: w.sessions.next }) },
  'school.save': { may: ADMIN_OR_TEACHER, writes: ['school_sessions'], ids: ['s'], value: (w) => ({ s: w.sessions.next }), form: (_w, role) => ({ topic: `Excel 入门（${role}）`, materials: 'https://example.com/excel' }) },
  'school.checkin': { may: ['OC'], writes: ['school_attendance'], ids: ['s'], value: (w) => ({ s: w.sessions.started }) },
  'school.roll': { may: ADMIN_OR_TEACHER, writes: [], ids: ['s'], value: (w) => ({ s: w.sessions.started }) },
  'school.mark': { may: ADMIN_OR_TEACHER, writes: ['school_attendance'], ids: ['s'], value: (w) => ({ s: w.sessions.started }), form: (w) => ({ present: [String(w.id('H2'))] }) },
  'school.close': { may: ADMIN_OR_TEACHER, writes: ['school_sessions', 'school_attendance'], ids: ['s'], value: (w) => ({ s: w.sessions.started }) },
  'school.rate': { may: ['OC'], writes: ['school_attendance'], ids: ['s'], value: (w) => ({ s: w.sessions.past }), form: () => ({ rating: '5', comment: '讲得清楚' }) },
  'school.series.open': { may: ADMIN_OR_TEACHER, writes: [], ids: ['sr'], value: async (w) => ({ sr: await w.spareSeries('running') }) },
  'school.pause': { may: ADMIN_OR_TEACHER, writes: ['school_series', 'school_sessions'], ids: ['sr'], value: async (w) => ({ sr: await w.spareSeries('running') }) },
  'school.resume': { may: ADMIN_OR_TEACHER, writes: ['school_series', 'school_sessions'], ids: ['sr'], value: async (w) => ({ sr: await w.spareSeries('paused') }) },
  'school.end': { may: ADMIN_OR_TEACHER, writes: ['school_series', 'school_sessions'], ids: ['sr'], value: async (w) => ({ sr: await w.spareSeries('running') }), form: () => ({ last_date: '' }) },

  // 测评: the pair writes self-assessments, the town's admin rates, the town's main leader decides
  'eval.self.open': { may: PAIR, writes: [], ids: ['e'], value: (w) => ({ e: w.evals.ME }), foreign: (w) => ({ e: w.evals.MB }) },
  'eval.self': { may: PAIR, writes: ['evaluations'], ids: ['e'], value: (w) => ({ e: w.evals.ME }), foreign: (w) => ({ e: w.evals.MB }), form: (_w, role) => ({ self: `本季度完成两次调研（${role}）` }) },
  'eval.rate': { may: ROSTER, writes: [], ids: [], why: 'everyone may open it; it lists only the pairs waiting for this person' },
  'eval.correct': { may: ['TA'], writes: [], ids: ['e'], value: async (w) => ({ e: await w.approvedEvaluation() }) },
  'eval.submit': {
    may: ['TA'], writes: ['evaluations', 'evaluation_revisions', 'approval_batches'], ids: [],
    form: async (w) => { const e = await w.rateableEvaluation(); return { [`r_${e}`]: 'good', [`c_${e}`]: '完成得好' }; },
  },
  'eval.withdraw': { may: ['TA'], writes: ['evaluations', 'evaluation_revisions'], ids: ['r'], value: async (w) => ({ r: (await w.pendingRevision()).id }) },
  'eval.approve': { may: ['ML'], writes: ['evaluations', 'evaluation_revisions', 'staff_meeting_items'], ids: ['r'], aux: ['v'], value: async (w) => { const r = await w.pendingRevision(); return { r: r.id, v: String(r.id) }; } },
  'eval.approve.all': { may: ['ML'], writes: ['evaluations', 'evaluation_revisions', 'staff_meeting_items'], ids: ['ids'], aux: ['v'], value: async (w) => { const r = await w.pendingRevision(); return { ids: String(r.id), v: String(r.id) }; } },
  'eval.return.open': { may: ['ML'], writes: [], ids: ['r'], aux: ['v'], value: async (w) => { const r = await w.pendingRevision(); return { r: r.id, v: String(r.id) }; } },
  'eval.return': { may: ['ML'], writes: ['evaluations', 'evaluation_revisions'], ids: ['r'], value: async (w) => ({ r: (await w.pendingRevision()).id }), form: () => ({ reason: '请补充事例' }) },
  'staff.open': { may: ADMINS, writes: [], ids: ['i'], value: async (w) => ({ i: await w.staffItem() }) },
  'staff.done': { may: ADMINS, writes: ['staff_meeting_items'], ids: ['i'], value: async (w) => ({ i: await w.staffItem() }), form: () => ({ done_on: '2026-06-30 +0800' }) },

  // 统计: admins and main leaders, for their own unit and below
  'stats.unit': { may: STATS, writes: [], ids: ['u'], value: (w) => ({ u: w.units.town }) },
  'stats.export': { may: STATS, writes: [], ids: ['u'], value: (w) => ({ u: w.units.town }) },
};

/**
 * The commands: who is refused (with this text, audited as this denial). Everyone else gets an answer card;
 * nobody ever gets silence or the apology.
 */
const COMMANDS: Record<string, { refused?: { roles: readonly Role[]; text: string; audit: string }; told?: { roles: readonly Role[]; text: string } }> = {
  help: {}, me: {}, needs: {}, report: {}, plan: {}, seminar: {}, school: {}, eval: {},
  // not denials: they show what there is for this person, and say whose business it is
  mentors: { told: { roles: ROSTER.filter((r) => !(MENTEES as readonly Role[]).includes(r)), text: '暂时没有可以选导师的项目' } },
  approve: { told: { roles: ROSTER.filter((r) => r !== 'ML'), text: '审批由各单位主要领导进行' } },
  claim: { refused: { roles: ROSTER.filter((r) => r !== 'VC'), text: '认领导师面向挂职锻炼的村社干部', audit: 'denied:pair.claim' } },
  assign: { refused: { roles: ROSTER.filter((r) => !(ADMINS as readonly Role[]).includes(r)), text: '只有组织部管理员可以指定结对', audit: 'denied:pairs.assign' } },
  stats: { refused: { roles: ROSTER.filter((r) => !(STATS as readonly Role[]).includes(r)), text: '统计只对组织部管理员和主要领导开放', audit: 'denied:stats.view' } },
  export: { refused: { roles: ROSTER.filter((r) => !(STATS as readonly Role[]).includes(r)), text: '统计只对组织部管理员和主要领导开放', audit: 'denied:stats.view' } },
};

/** Forged values for an id: SQL-shaped, negative, huge, not a number, the wrong type. */
const FORGED: readonly unknown[] = ['1 OR 1=1', "1'; drop table cadres; --", -1, 0, 2 ** 31, 2 ** 53, 1.5, 'abc', '', null, true, [3], { id: 3 }, '1e3', '９'];

const APOLOGY = '抱歉，出了点问题';

describe.skipIf(missing('postgres') || missing('redis'))('abuse: the authorisation matrix (every role × every command and card action)', () => {
  let w: AbuseWorld;
  beforeAll(async () => {
    w = await AbuseWorld.start('ou_abz_');
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });

  it('classifies every command and card action of the registry', () => {
    expect(Object.keys(registry.cardActions).filter((k) => !(k in POLICY)), 'card actions with no entry in POLICY').toEqual([]);
    expect(Object.keys(POLICY).filter((k) => !(k in registry.cardActions)), 'POLICY entries with no handler').toEqual([]);
    expect(registry.commands.map((c) => c.name).filter((n) => !(n in COMMANDS)), 'commands with no entry in COMMANDS').toEqual([]);
  });

  it('every command answers every role; admin-only and leader-only ones refuse the others, audited', async () => {
    const problems: string[] = [];
    for (const command of registry.commands) {
      const expected = COMMANDS[command.name] ?? {};
      const mark = await w.lastAuditId();
      await Promise.all(ROLES.map(async (role) => {
        const word = command.words[(ROLES.indexOf(role)) % command.words.length]!;
        let reply;
        try {
          reply = await w.say(role, word, 15_000);
        } catch (err) {
          problems.push(`${command.name} as ${role}: no answer (${(err as Error).message})`);
          return;
        }
        const title = cardTitle(reply.content) ?? '';
        const text = JSON.stringify(reply.content);
        if (title === APOLOGY) problems.push(`${command.name} as ${role}: the apology card`);
        if (role === 'ST') {
          if (title !== '您还不在引航名单中') problems.push(`${command.name} as a stranger: "${title}" instead of the not-on-the-roster card`);
          if (!(await w.refusalsAudited(role, mark)).some((a) => a.action === 'denied:not_on_roster' && a.target === `command:${command.name}`)) problems.push(`${command.name} as a stranger: not audited as denied:not_on_roster`);
          return;
        }
        if (expected.refused?.roles.includes(role)) {
          if (!text.includes(expected.refused.text)) problems.push(`${command.name} as ${role}: expected the refusal "${expected.refused.text}", got "${title}"`);
          if (!(await w.refusalsAudited(role, mark)).some((a) => a.action === expected.refused!.audit)) problems.push(`${command.name} as ${role}: refusal not audited as ${expected.refused.audit}`);
        } else if (title === '没有权限') problems.push(`${command.name} as ${role}: refused (${text.slice(0, 200)})`);
        if (expected.told?.roles.includes(role) && !text.includes(expected.told.text)) problems.push(`${command.name} as ${role}: expected to be told "${expected.told.text}", got "${title}"`);
      }));
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('every card action: the allowed roles succeed on a real object, everyone else is refused, audited, and nothing changes', async () => {
    const problems: string[] = [];
    let clicks = 0;
    for (const [key, rule] of Object.entries(POLICY)) {
      // Everyone who may not: all at once (a refusal changes nothing, so they cannot disturb one another).
      const refused = [];
      for (const role of ROLES.filter((r) => !rule.may.includes(r))) refused.push({ role, value: { a: key, ...(await rule.value?.(w, role)) }, form: await rule.form?.(w, role) });
      const foreign = rule.foreign ? { role: rule.may[0]!, value: { a: key, ...(await rule.foreign(w)) }, form: await rule.form?.(w, rule.may[0]!) } : undefined;
      const mark = await w.lastAuditId();
      const before = await w.fingerprint();
      const outcomes = await Promise.all([...refused, ...(foreign ? [foreign] : [])].map(async (c) => outcomeOf(await w.click(c.role, c.value, c.form))));
      clicks += outcomes.length;
      const changed = changedTables(before, await w.fingerprint());
      if (changed.length) problems.push(`${key}: refused clicks changed ${changed.join(', ')}`);
      for (const [i, c] of refused.entries()) {
        const o = outcomes[i]!;
        const who = `${key} as ${c.role} (${ROLE_NAMES[c.role]})`;
        if (o.kind !== 'refused') { problems.push(`${who}: should be refused, got ${o.detail}`); continue; }
        const audit = await w.refusalsAudited(c.role, mark);
        if (!rule.unaudited?.includes(c.role) && audit.length === 0) problems.push(`${who}: refused ("${o.detail}") but not audited`);
        if (c.role === 'ST' && !audit.some((x) => x.action === 'denied:not_on_roster' && x.target === `card:${key}`)) problems.push(`${who}: not audited as denied:not_on_roster`);
      }
      if (foreign) {
        const o = outcomes[refused.length]!;
        if (o.kind !== 'refused') problems.push(`${key} as ${foreign.role} on someone else's object: should be refused, got ${o.detail}`);
        else if ((await w.refusalsAudited(foreign.role, mark)).length === 0) problems.push(`${key} as ${foreign.role} on someone else's object: not audited`);
      }
      // Then each role that may, one after the other, on a current object.
      let wrote = false;
      for (const role of rule.may) {
        const value = { a: key, ...(await rule.value?.(w, role)) };
        const form = await rule.form?.(w, role);
        const start = await w.fingerprint();
        const o = outcomeOf(await w.click(role, value, form));
        clicks++;
        const touched = changedTables(start, await w.fingerprint());
        const who = `${key} as ${role} (${ROLE_NAMES[role]})`;
        if (o.kind !== 'ok') problems.push(`${who}: should succeed, got ${o.kind === 'error' ? o.detail : `refused: ${o.detail}`}`);
        const stray = touched.filter((t) => !rule.writes.includes(t as StateTable));
        if (stray.length) problems.push(`${who}: wrote ${stray.join(', ')}, which the policy does not list`);
        if (touched.length) wrote = true;
      }
      if (rule.writes.length > 0 && !wrote) problems.push(`${key}: no allowed role changed anything (expected ${rule.writes.join(', ')})`);
    }
    console.info(`[abuse] authorisation matrix: ${Object.keys(POLICY).length} card actions × ${ROLES.length} roles, ${clicks} clicks`);
    expect(problems).toEqual([]);
  }, 240_000);

  type Variant = { name: string; value: Value; form?: Form };

  /** Run clicks a few at a time: none may crash; when `strict`, none may change anything either. */
  async function tryAll(key: string, role: Role, variants: Variant[], strict: boolean, problems: string[]): Promise<void> {
    for (let i = 0; i < variants.length; i += 8) {
      const chunk = variants.slice(i, i + 8);
      const before = await w.fingerprint();
      const outcomes = await Promise.all(chunk.map(async (v) => outcomeOf(await w.click(role, v.value, v.form))));
      outcomes.forEach((o, j) => { if (o.kind === 'error') problems.push(`${key} as ${role}, ${chunk[j]!.name}: ${o.detail}`); });
      const changed = changedTables(before, await w.fingerprint());
      if (strict && changed.length) problems.push(`${key} as ${role}: forged ids changed ${changed.join(', ')} (one of ${chunk.map((v, j) => `${v.name} → ${outcomes[j]!.detail}`).join('; ')})`);
    }
  }

  it('forged values of every kind in every id a card carries: a warning, never a crash, nothing changed', async () => {
    const problems: string[] = [];
    let clicks = 0;
    for (const [key, rule] of Object.entries(POLICY)) {
      const role = rule.may[0]!;
      const plausible: Value = { a: key, ...(await rule.value?.(w, role)) };
      const form = await rule.form?.(w, role);
      const withForm = (name: string, value: Value): Variant => ({ name, value, ...(form ? { form } : {}) });
      const forge = (keys: readonly string[]): Variant[] => keys.flatMap((k) => {
        const { [k]: _dropped, ...without } = plausible;
        return [withForm(`${k} missing`, without), ...FORGED.map((f) => withForm(`${k} = ${JSON.stringify(f)}`, { ...plausible, [k]: f }))];
      });
      const strict = forge(rule.ids);
      if (rule.ids.length > 1) strict.push(withForm('every id missing', Object.fromEntries(Object.entries(plausible).filter(([k]) => !rule.ids.includes(k)))));
      if (key === 'eval.submit') for (const f of FORGED) strict.push({ name: `form r_${JSON.stringify(f)}`, value: plausible, form: { [`r_${String(f)}`]: 'good', [`c_${String(f)}`]: 'x' } });
      strict.push({ name: 'the value an array', value: [key] as unknown as Value }, { name: 'a = an object', value: { a: { key } } });
      const loose = forge(rule.aux ?? []);
      clicks += strict.length + loose.length;
      await tryAll(key, role, strict, true, problems);
      await tryAll(key, role, loose, false, problems);
    }
    console.info(`[abuse] forged values: ${clicks} clicks`);
    expect(problems).toEqual([]);
  }, 240_000);

  it('forms retyped (arrays, objects, numbers, booleans, null where text is expected): never a crash', async () => {
    const problems: string[] = [];
    for (const [key, rule] of Object.entries(POLICY)) {
      if (!rule.form) continue;
      const role = rule.may[0]!;
      const value = { a: key, ...(await rule.value?.(w, role)) };
      const form = await rule.form(w, role);
      const retypes: [string, (v: unknown) => unknown][] = [['array', (v) => [v, v]], ['object', (v) => ({ v })], ['number', () => 2 ** 53], ['boolean', () => true], ['null', () => null], ['nested', (v) => [[v], { x: [v] }]]];
      const clicks = [...retypes.map(([name, retype]) => ({ name, form: Object.fromEntries(Object.entries(form).map(([k, v]) => [k, retype(v)])) })), { name: 'form_value an array', form: [form] as unknown as Form }];
      const outcomes = await Promise.all(clicks.map(async (c) => outcomeOf(await w.click(role, value, c.form))));
      outcomes.forEach((o, i) => { if (o.kind === 'error') problems.push(`${key} as ${role}, form fields as ${clicks[i]!.name}: ${o.detail}`); });
    }
    expect(problems).toEqual([]);
  }, 180_000);

  it('nobody got the apology card along the way, and the bot still answers', async () => {
    await w.drained();
    const apologies = w.h.emulator.messages({ sender: 'app' }).filter((m) => cardTitle(m.content) === APOLOGY);
    expect(apologies.map((m) => m.chatId)).toEqual([]);
    expect(cardTitle((await w.say('TA', '帮助')).content)).toBe('引航 · 帮助');
  });
});
