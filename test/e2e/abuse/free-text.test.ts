import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../../src/lark/cards/card-kit';
import { missing } from '../../helpers/services';
import { cardTitle } from '../../helpers/test-app';
import { AbuseWorld, outcomeOf, type Role, type Value } from './abuse-world';

/**
 * Every free-text field a person can type, fed text that breaks naive code: SQL, emoji with skin tones and
 * ZWJ families, right-to-left text with an override, control characters (NUL among them) and 10,000
 * characters. Each is either stored exactly as typed (read back from the database, and shown, escaped, on
 * the card the bot answers with) or refused with a toast that states the limit, storing nothing.
 */

const INPUTS: Record<string, string> = {
  sql: "'); drop table cadres; --",
  emoji: '👍🏽 👨‍👩‍👧‍👦 🇨🇳 ok',
  rtl: 'مرحبا \u202Eabc\u202C 你好',
  control: 'a\u0001b\u0007c\u001bd\u007fe\u200bf',
  lines: '第一行\n第二行\t制表',
  nul: 'a\u0000b',
  long: '长'.repeat(10_000),
};

interface Attempt {
  /** refused: the toast or notice the person saw */
  refused?: string;
  /** the bot's answer (card JSON) where the text should be shown */
  shown?: string;
  error?: string;
}

interface Field {
  who: Role;
  /** the limit the form states, in characters */
  limit: number;
  /** URL fields: the text goes after "https://example.com/", and a malformed URL may be refused for that */
  url?: boolean;
  /** whether the answer shows the text back (some answers are a toast only) */
  echoes?: boolean;
  prepare?: (w: AbuseWorld) => Promise<void>;
  submit: (w: AbuseWorld, text: string) => Promise<Attempt>;
  read: (w: AbuseWorld) => Promise<string | null | undefined>;
}

let w: AbuseWorld;
/** the seminar the change form is tried on (a fresh one for each text) */
let changing = 0;

/** Click as `who` on their canvas card; the outcome and, when the card was replaced, the new card. */
async function click(who: Role, value: Value, form: Record<string, unknown>): Promise<Attempt> {
  const r = await w.click(who, value, form);
  const o = outcomeOf(r);
  if (o.kind === 'error') return { error: o.detail };
  if (o.kind === 'refused') return { refused: o.detail };
  const canvas = w.h.emulator.messages().find((m) => m.messageId === w.canvas[who]);
  return { shown: JSON.stringify(canvas?.content) };
}

/** Type a text as `who`; the bot's answer card. A refusal is a notice card (没有办成 / 没有权限). */
async function say(who: Role, text: string): Promise<Attempt> {
  const reply = await w.say(who, text, 15_000);
  const title = cardTitle(reply.content) ?? '';
  const json = JSON.stringify(reply.content);
  if (title === '抱歉，出了点问题') return { error: 'the apology card' };
  if (title === '没有办成' || title === '没有权限') return { refused: json };
  return { shown: json };
}

const latest = async <T>(p: Promise<T[]>): Promise<T | undefined> => (await p).at(-1);

const FIELDS: Record<string, Field> = {
  'application reason (选导师)': {
    who: 'MS', limit: 200,
    prepare: async (w) => {
      await w.db.updateTable('applications').set({ status: 'withdrawn' }).where('mentee_id', '=', w.id('MS')).where('status', '=', 'pending').execute();
    },
    submit: async (w, text) => {
      const key = `sel:${w.people.MS.openId}:${w.programs.young}`;
      const v = (await w.h.app.session.compareAndSet(key, await w.selectionVersion('MS'), { page: 0, filter: null, draft: [w.id('MT')] }, 60_000))!;
      const a = await click('MS', { a: 'sel.submit', p: w.programs.young, v }, { reason: text });
      if (a.shown === undefined) return a;
      await w.drained();
      const toMentor = w.h.emulator.messages({ sender: 'app', chatId: w.chat[w.people.MT.openId]! }).at(-1);
      return { shown: JSON.stringify(toMentor?.content) };
    },
    read: async (w) => (await latest(w.db.selectFrom('applications').select('reason').where('mentee_id', '=', w.id('MS')).orderBy('id').execute()))?.reason,
  },
  'decline reason': {
    who: 'MT', limit: 200,
    submit: async (w, text) => click('MT', { a: 'app.decline', id: await w.application() }, { reason: text }),
    read: async (w) => (await latest(w.db.selectFrom('applications').select('decline_reason').where('mentee_id', '=', w.id('MS')).where('status', '=', 'declined').orderBy('decided_at').orderBy('id').execute()))?.decline_reason,
  },
  'self-assessment': {
    who: 'ME', limit: 300,
    submit: async (w, text) => click('ME', { a: 'eval.self', e: w.evals.ME }, { self: text }),
    read: async (w) => (await w.db.selectFrom('evaluations').select('mentee_self').where('id', '=', w.evals.ME).executeTakeFirstOrThrow()).mentee_self,
  },
  'rating comment': {
    who: 'TA', limit: 500, echoes: false,
    submit: async (w, text) => { const e = await w.rateableEvaluation(); return click('TA', { a: 'eval.submit' }, { [`r_${e}`]: 'good', [`c_${e}`]: text }); },
    read: async (w) => (await latest(w.db.selectFrom('evaluation_revisions').select('comment').orderBy('submitted_at').orderBy('id').execute()))?.comment,
  },
  'correction reason': {
    who: 'TA', limit: 200, echoes: false,
    submit: async (w, text) => { const e = await w.approvedEvaluation(); return click('TA', { a: 'eval.submit' }, { [`r_${e}`]: 'pass', [`c_${e}`]: '', [`why_${e}`]: text }); },
    read: async (w) => (await latest(w.db.selectFrom('evaluation_revisions').select('correction_reason').where('correction_reason', 'is not', null).orderBy('id').execute()))?.correction_reason,
  },
  'return reason': {
    who: 'ML', limit: 200, echoes: false,
    submit: async (w, text) => { const r = await w.pendingRevision(); return click('ML', { a: 'eval.return', r: r.id, v: String(r.id) }, { reason: text }); },
    read: async (w) => (await latest(w.db.selectFrom('evaluation_revisions').select('return_reason').where('return_reason', 'is not', null).orderBy('decided_at').orderBy('id').execute()))?.return_reason,
  },
  'plan task': {
    who: 'ME', limit: 200,
    submit: async (w, text) => click('ME', { a: 'plan.save', pair: w.pairs.ME, v: (await w.plan()).version }, { profile: 'administrative_leader', focus: ['research'], methods: ['shadowing'], measure_1: 'organise_meetings', title_1: text }),
    read: async (w) => (await w.db.selectFrom('plan_items as i').innerJoin('plans as p', 'p.id', 'i.plan_id').select('i.title').where('p.pair_id', '=', w.pairs.ME).orderBy('i.position').executeTakeFirst())?.title,
  },
  ...Object.fromEntries((['learned', 'did', 'problems', 'next_week'] as const).map((f) => [`weekly report: ${f}`, {
    who: 'ME', limit: 500,
    submit: (w: AbuseWorld, text: string) => click('ME', { a: 'report.submit', pair: w.pairs.ME, w: '2026-W27' }, { learned: '公文格式', did: '起草通知', [f]: text }),
    read: async (w: AbuseWorld) => (await w.db.selectFrom('weekly_reports').select(f).where('pair_id', '=', w.pairs.ME).where('iso_week', '=', '2026-W27').executeTakeFirstOrThrow())[f],
  } satisfies Field])),
  'weekly report: tutoring topic': {
    who: 'ME', limit: 100,
    submit: (w, text) => click('ME', { a: 'report.submit', pair: w.pairs.ME, w: '2026-W27' }, { learned: '公文格式', t1_date: '2026-06-30', t1_topic: text, t1_minutes: '30' }),
    read: async (w) => (await w.db.selectFrom('weekly_reports').select('tutoring').where('pair_id', '=', w.pairs.ME).where('iso_week', '=', '2026-W27').executeTakeFirstOrThrow()).tutoring[0]?.topic,
  },
  '周报 <text>': {
    who: 'ME', limit: 500,
    submit: (_w, text) => say('ME', `周报 ${text}`),
    read: async (w) => (await w.db.selectFrom('weekly_reports').select('did').where('pair_id', '=', w.pairs.ME).where('iso_week', '=', '2026-W27').executeTakeFirstOrThrow()).did,
  },
  'report comment': {
    who: 'MT', limit: 300,
    submit: (w, text) => click('MT', { a: 'report.comment', r: w.report }, { comment: text }),
    read: async (w) => (await w.db.selectFrom('report_reviews').select('comment').where('report_id', '=', w.report).where('mentor_id', '=', w.id('MT')).executeTakeFirst())?.comment,
  },
  'leave reason': {
    who: 'OC', limit: 200, echoes: false,
    prepare: async (w) => { await w.db.deleteFrom('school_attendance').where('session_id', '=', w.sessions.next).where('cadre_id', '=', w.id('OC')).execute(); },
    submit: (w, text) => click('OC', { a: 'school.leave', s: w.sessions.next }, { reason: text }),
    read: async (w) => (await w.db.selectFrom('school_attendance').select('leave_reason').where('session_id', '=', w.sessions.next).where('cadre_id', '=', w.id('OC')).executeTakeFirst())?.leave_reason,
  },
  'comment for the teacher': {
    who: 'OC', limit: 200, echoes: false,
    prepare: async (w) => { await w.db.updateTable('school_attendance').set({ rating: null, comment: null, rated_at: null }).where('session_id', '=', w.sessions.past).execute(); },
    submit: (w, text) => click('OC', { a: 'school.rate', s: w.sessions.past }, { rating: '4', comment: text }),
    read: async (w) => (await w.db.selectFrom('school_attendance').select('comment').where('session_id', '=', w.sessions.past).where('cadre_id', '=', w.id('OC')).executeTakeFirst())?.comment,
  },
  'night-school topic': {
    who: 'TE', limit: 100,
    submit: (w, text) => click('TE', { a: 'school.save', s: w.sessions.next }, { topic: text }),
    read: async (w) => (await w.db.selectFrom('school_sessions').select('topic').where('id', '=', w.sessions.next).executeTakeFirstOrThrow()).topic,
  },
  'night-school materials link': {
    who: 'TE', limit: 500, url: true,
    submit: (w, text) => click('TE', { a: 'school.save', s: w.sessions.next }, { topic: 'Excel', materials: text }),
    read: async (w) => (await w.db.selectFrom('school_sessions').select('materials_url').where('id', '=', w.sessions.next).executeTakeFirstOrThrow()).materials_url,
  },
  ...Object.fromEntries((['name', 'place'] as const).map((f) => [`night-school ${f} (新建夜校)`, {
    who: 'TA', limit: f === 'name' ? 50 : 100,
    // one series at a time: the last one is removed, so the next does not clash with it
    prepare: async (w: AbuseWorld) => {
      const made = (await w.db.selectFrom('school_series').select('id').where('id', 'not in', [w.series.main, w.series.spare]).execute()).map((s) => s.id);
      if (made.length === 0) return;
      await w.db.deleteFrom('school_sessions').where('series_id', 'in', made).execute();
      await w.db.deleteFrom('school_audience').where('series_id', 'in', made).execute();
      await w.db.deleteFrom('school_series').where('id', 'in', made).execute();
    },
    submit: (w: AbuseWorld, text: string) => click('TA', { a: 'school.create' }, {
      name: '书法夜校', place: '会议室', weekday: '2', time: '20:00', teacher: w.people.TE.openId, starts_on: '2026-07-02 +0800', people: [w.people.YC.openId], [f]: text,
    }),
    read: async (w: AbuseWorld) => (await latest(w.db.selectFrom('school_series').select(f).where('id', 'not in', [w.series.main, w.series.spare]).orderBy('id').execute()))?.[f],
  } satisfies Field])),
  'survey note': {
    who: 'VC', limit: 300,
    submit: (w, text) => click('VC', { a: 'survey.submit', b: w.batch }, { choice_1: 'rural_governance', note: text }),
    read: async (w) => (await w.db.selectFrom('survey_responses').select('note').where('cadre_id', '=', w.id('VC')).executeTakeFirst())?.note,
  },
  ...Object.fromEntries((['title', 'place'] as const).map((f, i) => [`seminar ${f} (安排研讨会)`, {
    who: 'TA', limit: 100,
    submit: async (w: AbuseWorld, text: string) => {
      const n = await w.db.selectFrom('seminars').select('id').execute();
      return click('TA', { a: 'seminar.create' }, { program: String(w.programs.young), title: '季度研讨会', place: '党群服务中心', date: `2026-1${i}-${String(n.length + 1).padStart(2, '0')} +0800`, time: '15:00', [f]: text });
    },
    read: async (w: AbuseWorld) => (await latest(w.db.selectFrom('seminars').select(f).orderBy('created_at').orderBy('id').execute()))?.[f],
  } satisfies Field])),
  'seminar title (修改)': {
    who: 'TA', limit: 100,
    prepare: async (w) => { changing = await w.insertSeminar(`2026-09-${String(10 + Object.keys(INPUTS).length + changing % 10).padStart(2, '0')}T15:00:00+08:00`); },
    submit: (_w, text) => click('TA', { a: 'seminar.edit.save', s: changing }, { title: text }),
    read: async (w) => (await w.db.selectFrom('seminars').select('title').where('id', '=', changing).executeTakeFirstOrThrow()).title,
  },
  'seminar cancel reason': {
    who: 'TA', limit: 200,
    submit: async (w, text) => click('TA', { a: 'seminar.cancel', s: await w.seminarToChange() }, { reason: text }),
    read: async (w) => (await latest(w.db.selectFrom('seminars').select('cancel_reason').where('status', '=', 'cancelled').orderBy('cancelled_at').orderBy('id').execute()))?.cancel_reason,
  },
  'seminar entry achievements': {
    who: 'ME', limit: 1000,
    submit: (w, text) => click('ME', { a: 'seminar.entry.save', s: w.seminars.future, pair: w.pairs.ME }, { achievements: text, link: '' }),
    read: async (w) => (await w.db.selectFrom('seminar_entries').select('achievements').where('seminar_id', '=', w.seminars.future).where('pair_id', '=', w.pairs.ME).executeTakeFirst())?.achievements,
  },
  'seminar entry link': {
    who: 'ME', limit: 500, url: true,
    submit: (w, text) => click('ME', { a: 'seminar.entry.save', s: w.seminars.future, pair: w.pairs.ME }, { achievements: `材料 ${Math.random()}`, link: text }),
    read: async (w) => (await w.db.selectFrom('seminar_entries').select('link').where('seminar_id', '=', w.seminars.future).where('pair_id', '=', w.pairs.ME).executeTakeFirst())?.link,
  },
  ...Object.fromEntries((['name_zh', 'name_en'] as const).map((f) => [`program ${f}`, {
    who: 'TA', limit: 100,
    submit: (w: AbuseWorld, text: string) => click('TA', { a: 'program.save', p: w.programs.young }, { name_zh: '导师引航', name_en: 'Mentoring', start_date: '2024-01-01 +0800', end_date: '', default_capacity: '8', active: 'true', [f]: text }),
    read: async (w: AbuseWorld) => (await w.db.selectFrom('programs').select(f).where('id', '=', w.programs.young).executeTakeFirstOrThrow())[f],
  } satisfies Field])),
};

describe.skipIf(missing('postgres') || missing('redis'))('abuse: hostile text in every free-text field', () => {
  beforeAll(async () => {
    w = await AbuseWorld.start('ou_abf_');
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });

  it.each(Object.keys(FIELDS))('%s: stored exactly as typed, or refused with the limit and nothing stored', async (name) => {
    const field = FIELDS[name]!;
    const problems: string[] = [];
    for (const [kind, raw] of Object.entries(INPUTS)) {
      const text = field.url ? `https://example.com/${raw}` : raw;
      await field.prepare?.(w);
      const before = await field.read(w);
      const a = await field.submit(w, text);
      const after = await field.read(w);
      const label = `${name} ← ${kind}`;
      if (a.error) { problems.push(`${label}: ${a.error}`); continue; }
      if (a.refused !== undefined) {
        if (after !== before) problems.push(`${label}: refused, but the stored value changed to ${JSON.stringify(after)?.slice(0, 80)}`);
        const overLimit = [...text].length > field.limit;
        if (overLimit && !a.refused.includes(String(field.limit))) problems.push(`${label}: refused without stating the limit of ${field.limit}: ${a.refused.slice(0, 160)}`);
        const acceptable = overLimit || kind === 'nul' || (field.url && /\s/.test(text));
        if (!acceptable) problems.push(`${label}: refused a text within the limit: ${a.refused.slice(0, 160)}`);
        continue;
      }
      if (after !== text) problems.push(`${label}: stored ${JSON.stringify(after)?.slice(0, 80)} (${[...(after ?? '')].length} chars) instead of what was typed (${[...text].length} chars)`);
      if (field.echoes !== false && a.shown !== undefined) {
        const plain = JSON.stringify(text).slice(1, -1);
        const escaped = JSON.stringify(escapeMarkdown(text)).slice(1, -1);
        if (!a.shown.includes(plain) && !a.shown.includes(escaped)) problems.push(`${label}: the answer does not show the text as typed`);
      }
    }
    expect(problems).toEqual([]);
  }, 60_000);

  it('unknown text, a 统计 unit and people looked up by what was typed: answered, never the apology', async () => {
    const problems: string[] = [];
    for (const [kind, text] of Object.entries(INPUTS)) {
      for (const [who, said, quotes] of [['YC', text, true], ['DA', `统计 ${text}`, true], ['DA', `导出 ${text}`, true], ['MS', `选导师 ${text}`, false]] as const) {
        const a = await say(who, said);
        if (a.error) problems.push(`"${said.slice(0, 20)}" (${kind}) from ${who}: ${a.error}`);
        // what was typed comes back shortened (a card holds 30 KB) and escaped (markdown)
        const shown = a.refused ?? a.shown ?? '';
        const chars = [...text];
        const quoted = JSON.stringify(escapeMarkdown(chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : text)).slice(1, -1);
        if (quotes && kind !== 'nul' && !shown.includes(quoted)) problems.push(`"${said.slice(0, 20)}" (${kind}) from ${who}: the answer does not quote the text, shortened and escaped`);
      }
      for (const [who, value, form] of [
        ['TA', { a: 'program.member.save', p: w.programs.young }, { person: text, role: 'mentor', action: 'include' }],
        ['TA', { a: 'assign.save', p: w.programs.young }, { mentee: text, mentor: text }],
        ['TA', { a: 'school.teachers.add' }, { people: [text] }],
        ['TA', { a: 'sel.filter', p: w.programs.young, v: 1 }, { filter: text }],
        ['MS', { a: 'sel.filter', p: w.programs.young, v: await w.selectionVersion('MS') }, { filter: text }],
      ] as const) {
        const a = await click(who, value, form);
        if (a.error) problems.push(`${value.a} with ${kind} from ${who}: ${a.error}`);
      }
    }
    await w.drained();
    const apologies = w.h.emulator.messages({ sender: 'app' }).filter((m) => cardTitle(m.content) === '抱歉，出了点问题');
    expect(apologies.length).toBe(0);
    expect(problems).toEqual([]);
  }, 90_000);

  it('the tables still hold what they held, and the bot still answers', async () => {
    expect(Number((await w.db.selectFrom('cadres').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBeGreaterThan(10);
    expect(cardTitle((await w.say('TA', '帮助')).content)).toBe('引航 · 帮助');
  });
});
