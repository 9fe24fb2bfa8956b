import type { Attendance, Session } from '../../db/repositories/school-repository';
import type { AttendanceStatus } from '../../db/database';
import type { Closed } from '../../services/night-school-attendance';
import type { CreatedSeries } from '../../services/night-school-series';
import type { Overview } from '../../services/night-school';
import type { Series } from '../../db/repositories/school-repository';
import { TEACHING_DAYS } from '../../services/night-school-ratings';
import { button, buttonRow, card, divider, escapeMarkdown, markdown, t, text, type Bilingual, type Card, type CardElement } from './card-kit';

/** 干部夜校 cards: the admin's series form, reminders with 报名/请假/签到, the teacher's cards, the rating form. */

export const WEEK_ZH = ['一', '二', '三', '四', '五', '六', '日'];
export const WEEK_EN = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const option = (value: string, label: Bilingual) => ({ text: text('plain_text', label), value });
const esc = escapeMarkdown;

/** '10月8日 周二 19:00' / 'Tue 8 Oct 19:00', in the program's time zone. */
export function when(at: Date, timeZone: string): Bilingual {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', weekday: 'short', hourCycle: 'h23' })
    .formatToParts(at).map((x) => [x.type, x.value]));
  const wd = WEEK_EN.indexOf(p.weekday ?? '');
  const month = new Intl.DateTimeFormat('en-GB', { timeZone, month: 'short' }).format(at);
  return { zh: `${Number(p.month)}月${Number(p.day)}日 周${WEEK_ZH[wd] ?? ''} ${p.hour}:${p.minute}`, en: `${p.weekday} ${Number(p.day)} ${month} ${p.hour}:${p.minute}` };
}

const STATUS: Record<AttendanceStatus | 'none', Bilingual> = {
  none: t('未报名', 'not registered'), registered: t('已报名', 'registered'), leave: t('已请假', 'on leave'), present: t('已签到', 'checked in'), absent: t('缺席', 'absent'),
};

function facts(s: Session, timeZone: string): Bilingual {
  const w = when(s.startsAt, timeZone);
  const topic = s.topic ? esc(s.topic) : '待定';
  const topicEn = s.topic ? esc(s.topic) : 'to be announced';
  const mat = s.materialsUrl ? { zh: `\n**课件**：[打开](${s.materialsUrl})`, en: `\n**Materials**: [open](${s.materialsUrl})` } : { zh: '', en: '' };
  return {
    zh: `**主题**：${topic}\n**老师**：${esc(s.teacher.name)}\n**时间**：${w.zh}（${s.series.durationMinutes} 分钟）\n**地点**：${esc(s.place)}${mat.zh}`,
    en: `**Topic**: ${topicEn}\n**Teacher**: ${esc(s.teacher.name)}\n**Time**: ${w.en} (${s.series.durationMinutes} min)\n**Place**: ${esc(s.place)}${mat.en}`,
  };
}

/** What the audience gets: the day before, an hour before, or from `夜校`. */
export function sessionCard(s: Session, o: { kind: 'day_before' | 'hour_before' | 'view'; mine?: Attendance; timeZone: string }): Card {
  const title = o.kind === 'day_before' ? t('夜校提醒：明天上课', 'Night school tomorrow') : o.kind === 'hour_before' ? t('夜校一小时后开始', 'Night school in one hour') : t('夜校课程', 'Night-school session');
  const status = STATUS[o.mine?.status ?? 'none'];
  return card({
    title, subtitle: t(s.series.name, s.series.name), colour: o.kind === 'hour_before' ? 'orange' : 'blue',
    elements: [
      markdown(facts(s, o.timeZone)),
      // A reminder is built once for the whole audience, so only the 夜校 view (one person's) shows a status.
      markdown(t(`${o.kind === 'view' ? `我的状态：${status.zh}。` : ''}签到在开课前后 30 分钟内开放；不能参加请在开课前请假。`, `${o.kind === 'view' ? `My status: ${status.en}. ` : ''}Check-in is open from 30 minutes before to 30 minutes after the start; take leave before the start if you cannot come.`)),
      buttonRow([
        button({ label: t('报名', 'Register'), value: { a: 'school.register', s: s.id }, type: 'primary', name: 'school_register' }),
        button({ label: t('签到', 'Check in'), value: { a: 'school.checkin', s: s.id }, name: 'school_checkin' }),
      ]),
      { tag: 'form', name: 'leave_form', elements: [
        { tag: 'input', name: 'reason', max_length: 200, placeholder: text('plain_text', t('请假原因（200 字以内）', 'Reason for leave (up to 200 characters)')) },
        button({ label: t('请假', 'Take leave'), value: { a: 'school.leave', s: s.id }, name: 'school_leave', submit: true }),
      ] },
    ],
  });
}

export function cancelledCard(s: Session, holiday: string, timeZone: string): Card {
  const w = when(s.startsAt, timeZone);
  return card({
    title: t('夜校停课通知', 'Night school cancelled'), subtitle: t(s.series.name, s.series.name), colour: 'grey',
    elements: [markdown(t(`${w.zh} 是法定节假日（${esc(holiday)}），本次夜校停课，下周照常。`, `${w.en} is a public holiday (${esc(holiday)}); there is no class this week. Classes resume next week.`))],
  });
}

/** The teacher's day-before card: expected headcount, set the content, roll call. */
export function teacherCard(s: Session, o: { expected: number; registered: number; timeZone: string }): Card {
  return card({
    title: t('夜校授课提醒', 'You teach at the night school'), subtitle: t(s.series.name, s.series.name), colour: 'turquoise',
    elements: [
      markdown(facts(s, o.timeZone)),
      markdown(t(`**预计到课**：${o.expected} 人（已报名 ${o.registered} 人，请假的不计）`, `**Expected**: ${o.expected} (${o.registered} registered; leave not counted)`)),
      buttonRow([
        button({ label: t('设置课程', 'Set content'), value: { a: 'school.edit', s: s.id }, name: 'school_edit' }),
        button({ label: t('点名 / 结课', 'Roll call / close'), value: { a: 'school.roll', s: s.id }, name: 'school_roll' }),
      ]),
    ],
  });
}

export function editCard(s: Session, timeZone: string): Card {
  return card({
    title: t('设置夜校课程', 'Set the session'), subtitle: t(`${s.series.name} · ${when(s.startsAt, timeZone).zh}`, `${s.series.name} · ${when(s.startsAt, timeZone).en}`),
    elements: [{ tag: 'form', name: 'edit_form', elements: [
      { tag: 'input', name: 'topic', max_length: 100, ...(s.topic ? { default_value: s.topic } : {}), label: text('plain_text', t('主题', 'Topic')), placeholder: text('plain_text', t('如：Word 中插入电子表格', 'e.g. Inserting a spreadsheet in Word')) },
      { tag: 'input', name: 'materials', max_length: 500, ...(s.materialsUrl ? { default_value: s.materialsUrl } : {}), label: text('plain_text', t('课件链接', 'Materials link')), placeholder: text('plain_text', t('https://…（可不填）', 'https://… (optional)')) },
      { tag: 'select_person', name: 'teacher', placeholder: text('plain_text', t(`授课老师（不选则仍为 ${s.teacher.name}）`, `Teacher (unchanged: ${s.teacher.name})`)) },
      button({ label: t('保存', 'Save'), value: { a: 'school.save', s: s.id }, type: 'primary', name: 'school_save', submit: true }),
    ] }],
  });
}

export function rollCard(s: Session, audience: { cadreId: number; name: string }[], rows: Attendance[], timeZone: string): Card {
  const status = new Map(rows.map((r) => [r.cadreId, r.status]));
  const list = audience.map((p) => ({ zh: `${esc(p.name)}：${STATUS[status.get(p.cadreId) ?? 'none'].zh}`, en: `${esc(p.name)}: ${STATUS[status.get(p.cadreId) ?? 'none'].en}` }));
  return card({
    title: t('点名', 'Roll call'), subtitle: t(`${s.series.name} · ${when(s.startsAt, timeZone).zh}`, `${s.series.name} · ${when(s.startsAt, timeZone).en}`), colour: 'turquoise',
    elements: [
      markdown({ zh: list.map((l) => l.zh).join('\n') || '（无）', en: list.map((l) => l.en).join('\n') || '(nobody)' }),
      { tag: 'form', name: 'roll_form', elements: [
        { tag: 'multi_select_static', name: 'present', placeholder: text('plain_text', t('到场人员', 'Who was there')), options: audience.map((p) => option(String(p.cadreId), t(p.name, p.name))) },
        button({ label: t('记为到场', 'Mark present'), value: { a: 'school.mark', s: s.id }, type: 'primary', name: 'school_mark', submit: true }),
      ] },
      divider(),
      markdown(t('结课后，未签到也未请假的人记为缺席。', 'When you close the session, those neither present nor on leave are marked absent.')),
      buttonRow([button({ label: t('结课', 'Close the session'), value: { a: 'school.close', s: s.id }, type: 'danger', name: 'school_close' })]),
    ],
  });
}

export function closedCard(c: Closed, timeZone: string): Card {
  const names = (xs: { name: string }[]) => xs.map((x) => esc(x.name)).join('、') || '—';
  return card({
    title: t('夜校已结课', 'Session closed'), subtitle: t(`${c.session.series.name} · ${when(c.session.startsAt, timeZone).zh}`, `${c.session.series.name} · ${when(c.session.startsAt, timeZone).en}`), colour: 'green',
    elements: [markdown(t(
      `**到场** ${c.present.length}：${names(c.present)}\n**请假** ${c.leave.length}：${names(c.leave)}\n**缺席** ${c.absent.length}：${names(c.absent)}`,
      `**Present** ${c.present.length}: ${names(c.present)}\n**Leave** ${c.leave.length}: ${names(c.leave)}\n**Absent** ${c.absent.length}: ${names(c.absent)}`,
    ))],
  });
}

export function rateCard(s: Session, timeZone: string): Card {
  return card({
    title: t('评价本次夜校', 'Rate the session'), subtitle: t(`${s.series.name} · ${when(s.startsAt, timeZone).zh}`, `${s.series.name} · ${when(s.startsAt, timeZone).en}`),
    elements: [
      markdown(t(`感谢参加 **${esc(s.topic || s.series.name)}**。请给老师 ${esc(s.teacher.name)} 打分（1–5 分），也可以留言。`, `Thanks for attending **${esc(s.topic || s.series.name)}**. Rate the teacher ${esc(s.teacher.name)} (1–5) and leave a comment if you like.`)),
      { tag: 'form', name: 'rate_form', elements: [
        { tag: 'select_static', name: 'rating', placeholder: text('plain_text', t('评分', 'Rating')), options: [5, 4, 3, 2, 1].map((n) => option(String(n), t(`${n} 分`, `${n}`))) },
        { tag: 'input', name: 'comment', max_length: 200, placeholder: text('plain_text', t('给老师的留言（可不填，200 字以内）', 'A comment for the teacher (optional, up to 200 characters)')) },
        button({ label: t('提交评价', 'Submit'), value: { a: 'school.rate', s: s.id }, type: 'primary', name: 'school_rate', submit: true }),
      ] },
    ],
  });
}

/** Why a session is off, for the 夜校 list. */
export function cancelledLabel(s: Session): Bilingual {
  if (s.cancelReason === 'paused') return t('夜校暂停', 'paused');
  if (s.cancelReason === 'ended') return t('夜校已结束', 'series ended');
  return t('节假日停课', 'cancelled (holiday)');
}

/**
 * 新建夜校. An admin picks the teacher; a teacher who is not an admin (`self`) teaches the series themselves,
 * so the form has no teacher picker (and the server refuses anyone else).
 */
export function seriesFormCard(programs: { id: number; nameZh: string; nameEn: string }[], self?: { name: string }): Card {
  const input = (name: string, label: Bilingual, placeholder: Bilingual) => ({ tag: 'input', name, label: text('plain_text', label), placeholder: text('plain_text', placeholder) });
  return card({
    title: t('新建夜校', 'New night school'),
    elements: [
      markdown(t('每周同一时间、地点上课；听课对象三选一：一个培养项目（其培养对象）、一个单位（含下级），或指定人员。法定节假日自动停课。', 'Weekly, same time and place. Choose ONE audience: a program (its mentees), a unit (and below), or chosen people. Public holidays are skipped.')),
      { tag: 'form', name: 'series_form', elements: [
        input('name', t('名称', 'Name'), t('如：干部夜校 · 办公软件', 'e.g. Night school · office software')),
        { tag: 'select_static', name: 'weekday', placeholder: text('plain_text', t('每周几', 'Weekday')), options: WEEK_ZH.map((d, i) => option(String(i + 1), t(`周${d}`, WEEK_EN[i]!))) },
        input('time', t('上课时间', 'Time'), t('HH:MM，如 19:30', 'HH:MM, e.g. 19:30')),
        input('duration', t('时长（分钟）', 'Duration (minutes)'), t('默认 90', 'default 90')),
        input('place', t('地点', 'Place'), t('如：镇政府三楼会议室', 'e.g. Town hall, 3rd-floor meeting room')),
        { tag: 'select_static', name: 'program', placeholder: text('plain_text', t('听课对象：培养项目', 'Audience: a program')), options: programs.map((p) => option(String(p.id), t(p.nameZh, p.nameEn))) },
        input('unit', t('或：单位路径', 'Or: unit path'), t('如：武隆区/火炉镇', 'e.g. 武隆区/火炉镇')),
        { tag: 'multi_select_person', name: 'people', placeholder: text('plain_text', t('或：指定人员', 'Or: chosen people')) },
        self
          ? markdown(t(`**授课老师**：${esc(self.name)}（您本人）`, `**Teacher**: ${esc(self.name)} (you)`))
          : { tag: 'select_person', name: 'teacher', placeholder: text('plain_text', t('授课老师', 'Teacher')) },
        { tag: 'date_picker', name: 'starts_on', placeholder: text('plain_text', t('开始日期（默认今天）', 'Start date (default today)')) },
        { tag: 'date_picker', name: 'ends_on', placeholder: text('plain_text', t('结束日期（可不填，长期开办）', 'End date (optional: open-ended)')) },
        button({ label: t('创建', 'Create'), value: { a: 'school.create' }, type: 'primary', name: 'school_create', submit: true }),
      ] },
    ],
  });
}

export function seriesCreatedCard(c: CreatedSeries): Card {
  const s = c.series;
  const off = c.cancelled.length > 0 ? { zh: `\n遇法定节假日停课：${c.cancelled.join('、')}。`, en: `\nCancelled for public holidays: ${c.cancelled.join(', ')}.` } : { zh: '', en: '' };
  return card({
    title: t('夜校已创建', 'Night school created'), subtitle: t(s.name, s.name), colour: 'green',
    elements: [markdown(t(
      `每周${WEEK_ZH[s.weekday - 1]} ${s.startTime}，${esc(s.place)}；听课 ${c.audience} 人。已排出 ${c.sessions} 次课，前一天 18:00 和开课前一小时提醒。${off.zh}`,
      `Every ${WEEK_EN[s.weekday - 1]} at ${s.startTime}, ${esc(s.place)}; audience ${c.audience}. ${c.sessions} sessions scheduled, with reminders the day before at 18:00 and one hour before.${off.en}`,
    ))],
  });
}

export function overviewCard(o: Overview, timeZone: string): Card {
  const rows: CardElement[] = [];
  for (const m of o.sessions) {
    const w = when(m.session.startsAt, timeZone);
    const topic = m.session.topic ? esc(m.session.topic) : '';
    const state = m.session.status === 'cancelled' ? cancelledLabel(m.session) : m.teaching ? t(`我授课 · 预计 ${m.expected} 人`, `I teach · ${m.expected} expected`) : STATUS[m.mine?.status ?? 'none'];
    rows.push(markdown(t(`**${w.zh}** ${esc(m.session.series.name)}${topic ? ` · ${topic}` : ''} · ${esc(m.session.place)} · ${state.zh}`, `**${w.en}** ${esc(m.session.series.name)}${topic ? ` · ${topic}` : ''} · ${esc(m.session.place)} · ${state.en}`)));
    if (m.session.status === 'scheduled') rows.push(buttonRow([button({ label: t('查看', 'Open'), value: { a: 'school.open', s: m.session.id }, name: `school_open_${m.session.id}` })]));
  }
  const mine = o.mine
    ? t(`我的出勤：到场 ${o.mine.present}，请假 ${o.mine.leave}，缺席 ${o.mine.absent}；出勤率 ${o.mine.rate === null ? '—' : `${Math.round(o.mine.rate * 100)}%`}（到场 ÷（应到 − 请假））`,
      `My attendance: present ${o.mine.present}, leave ${o.mine.leave}, absent ${o.mine.absent}; rate ${o.mine.rate === null ? '—' : `${Math.round(o.mine.rate * 100)}%`} (present ÷ (expected − leave))`)
    : t('我的出勤：还没有结课的记录。', 'My attendance: no closed sessions yet.');
  const teaching = o.teaching && (o.teaching.average === null
    ? t(`我的授课评价：近 ${TEACHING_DAYS} 天授课 ${o.teaching.sessions} 次，还没有人评价。`, `My teaching: ${o.teaching.sessions} sessions in the last ${TEACHING_DAYS} days, not rated yet.`)
    : t(`我的授课评价：近 ${TEACHING_DAYS} 天授课 ${o.teaching.sessions} 次，平均 ${o.teaching.average.toFixed(1)} 分（${o.teaching.count} 人次评价）`,
      `My teaching: ${o.teaching.sessions} sessions in the last ${TEACHING_DAYS} days, average ${o.teaching.average.toFixed(1)} (${o.teaching.count} ratings)`));
  const managed: CardElement[] = o.managed.flatMap((s) => [
    markdown(t(`**${esc(s.name)}** 每周${WEEK_ZH[s.weekday - 1]} ${s.startTime} · ${esc(s.place)} · ${seriesState(s).zh}`, `**${esc(s.name)}** ${WEEK_EN[s.weekday - 1]} ${s.startTime} · ${esc(s.place)} · ${seriesState(s).en}`)),
    buttonRow([button({ label: t('管理（暂停 / 恢复 / 结束）', 'Manage (pause / resume / end)'), value: { a: 'school.series.open', sr: s.id }, name: `school_series_${s.id}` })]),
  ]);
  const actions = [
    ...(o.canCreate ? [button({ label: t('新建夜校', 'New night school'), value: { a: 'school.new' }, name: 'school_new' })] : []),
    ...(o.canDesignate ? [button({ label: t('指定老师', 'Designate teachers'), value: { a: 'school.teachers' }, name: 'school_teachers' })] : []),
  ];
  return card({
    title: t('干部夜校', 'Night school'),
    elements: [
      ...(rows.length > 0 ? rows : [markdown(t('未来四周没有您的夜校课程。', 'No night-school sessions for you in the next four weeks.'))]),
      divider(), markdown(mine),
      ...(teaching ? [markdown(teaching)] : []),
      ...(managed.length > 0 ? [divider(), markdown(t('**我管理的夜校**', '**Night schools I manage**')), ...managed] : []),
      ...(actions.length > 0 ? [buttonRow(actions)] : []),
    ],
  });
}

/** 进行中 / 已暂停 / 最后上课日 …, for the lists and the 管理 card. */
export function seriesState(s: Series): Bilingual {
  const end = s.endsOn ? { zh: `，最后上课日 ${s.endsOn}`, en: `, last day ${s.endsOn}` } : { zh: '', en: '' };
  return s.active ? t(`进行中${end.zh}`, `running${end.en}`) : t(`已暂停${end.zh}`, `paused${end.en}`);
}
