import type { Evaluation, Revision, StaffItem } from '../../db/repositories/evaluation-repository';
import { quarterLabel } from '../../domain/quarter';
import type { Evidence } from '../../services/evaluation-evidence';
import type { EvalOverview, MyEvaluation, RateItem } from '../../services/evaluation-view';
import { COMMENT_MAX, REASON_MAX, SELF_MAX } from '../../services/evaluation-rating';
import { button, buttonRow, card, divider, escapeMarkdown, markdown, t, text, type Bilingual, type Card, type CardElement } from './card-kit';
import { evidenceText } from './evidence-text';
import { RATING, STAFF_ITEM } from './labels';

/** 测评 cards for assessors, mentors and mentees: rate (one pair or a batch), the self-assessment, the result. */

const esc = escapeMarkdown;
const option = (value: string, label: Bilingual) => ({ text: text('plain_text', label), value });
const ratingOptions = () => (['excellent', 'good', 'pass', 'fail'] as const).map((r) => option(r, RATING[r]));

export function pairLine(e: Evaluation): Bilingual {
  const mentors = e.mentors.map((m) => esc(m.name));
  return t(
    `**${esc(e.mentee.name)}**（${esc(e.menteeUnitPath)}）· 导师 ${mentors.join('、')} · ${esc(e.programNameZh)}`,
    `**${esc(e.mentee.name)}** (${esc(e.menteeUnitPath)}) · mentor ${mentors.join(', ')} · ${esc(e.programNameEn)}`,
  );
}

/** The pair, its evidence and the self-assessments: what the assessor and the leader both see. */
export function evidenceBlock(e: Evaluation): CardElement {
  const ev = evidenceText(e.evidence as Evidence);
  const self = (label: Bilingual, v: string | null) => (v ? t(`\n${label.zh}：${esc(v)}`, `\n${label.en}: ${esc(v)}`) : t('', ''));
  const mentor = self(t('导师自评', 'Mentor’s self-assessment'), e.mentorSelf);
  const mentee = self(t('培养对象自评', 'Mentee’s self-assessment'), e.menteeSelf);
  const line = pairLine(e);
  return markdown(t(`${line.zh}\n${ev.zh}${mentor.zh}${mentee.zh}`, `${line.en}\n${ev.en}${mentor.en}${mentee.en}`));
}

const header = (quarter: string, zh: string, en: string) => {
  const q = quarterLabel(quarter);
  return t(`${q.zh}${zh}`, `${q.en} ${en}`);
};

function returnedNote(r: Revision): CardElement {
  return markdown(t(
    `<font color='red'>已被${esc(r.decidedBy?.name ?? '')}退回</font>：${esc(r.returnReason ?? '')}\n原评定：${RATING[r.rating].zh}${r.comment ? ` · ${esc(r.comment)}` : ''}`,
    `<font color='red'>Returned by ${esc(r.decidedBy?.name ?? '')}</font>: ${esc(r.returnReason ?? '')}\nWas: ${RATING[r.rating].en}${r.comment ? ` · ${esc(r.comment)}` : ''}`,
  ));
}

/**
 * The batch card: every pair waiting for this assessor (a page of them), each with a rating and a comment,
 * sent together. Pairs left without a rating stay open for later.
 */
export function rateBatchCard(quarter: string, items: RateItem[], more: number): Card {
  const elements: CardElement[] = [
    markdown(t(
      `请为以下帮带对子评定等级：优秀 / 良好 / 合格 / 不合格。评为**优秀**或**不合格**须写评语（${COMMENT_MAX} 字以内）。提交后送本单位主要领导审批；未选等级的对子留待以后评定。`,
      `Rate each pair: Excellent / Good / Satisfactory / Unsatisfactory. **Excellent** and **Unsatisfactory** need a comment (up to ${COMMENT_MAX} characters). Ratings go to the unit's main leaders for approval; pairs left unrated stay open.`,
    )),
  ];
  const form: CardElement[] = [];
  for (const it of items) {
    const e = it.evaluation;
    form.push(divider(), evidenceBlock(e));
    if (it.returned) form.push(returnedNote(it.returned));
    form.push(
      { tag: 'select_static', name: `r_${e.id}`, placeholder: text('plain_text', t('评定等级', 'Rating')), options: ratingOptions(), ...(it.returned ? { initial_option: it.returned.rating } : {}) },
      { tag: 'input', name: `c_${e.id}`, max_length: COMMENT_MAX, placeholder: text('plain_text', t('评语（优秀、不合格必填）', 'Comment (required for Excellent and Unsatisfactory)')), ...(it.returned?.comment ? { default_value: it.returned.comment } : {}) },
    );
  }
  form.push(button({ label: t('提交审批', 'Send for approval'), value: { a: 'eval.submit' }, type: 'primary', name: 'eval_submit', submit: true }));
  elements.push({ tag: 'form', name: 'eval_batch', elements: form });
  if (more > 0) elements.push(markdown(t(`还有 ${more} 对待评定，提交后发送“测评”继续。`, `${more} more pairs wait; send "eval" after submitting to continue.`)));
  return card({ title: header(quarter, '帮带测评', 'mentoring evaluation'), colour: 'blue', elements });
}

/** One pair: a returned rating to revise, or an approved one to correct (with a reason). */
export function rateOneCard(item: RateItem): Card {
  const e = item.evaluation;
  const elements: CardElement[] = [evidenceBlock(e)];
  if (item.returned) elements.push(returnedNote(item.returned));
  if (item.standing) {
    elements.push(markdown(t(
      `当前已批准的评定：**${RATING[item.standing.rating].zh}**。更正会作为新的修订送审，原评定保留；须写明更正理由。`,
      `Approved rating: **${RATING[item.standing.rating].en}**. A correction is sent for approval as a new revision; the old one is kept. Give the reason.`,
    )));
  }
  const form: CardElement[] = [
    { tag: 'select_static', name: `r_${e.id}`, placeholder: text('plain_text', t('评定等级', 'Rating')), options: ratingOptions(), ...(item.returned ? { initial_option: item.returned.rating } : {}) },
    { tag: 'input', name: `c_${e.id}`, max_length: COMMENT_MAX, placeholder: text('plain_text', t('评语（优秀、不合格必填）', 'Comment (required for Excellent and Unsatisfactory)')), ...(item.returned?.comment ? { default_value: item.returned.comment } : {}) },
  ];
  if (item.standing) form.push({ tag: 'input', name: `why_${e.id}`, max_length: REASON_MAX, placeholder: text('plain_text', t('更正理由（必填）', 'Reason for the correction (required)')) });
  form.push(button({ label: t('提交审批', 'Send for approval'), value: { a: 'eval.submit' }, type: 'primary', name: 'eval_submit_one', submit: true }));
  elements.push({ tag: 'form', name: `eval_one_${e.id}`, elements: form });
  return card({ title: header(e.quarter, item.standing ? '测评更正' : '帮带测评', item.standing ? 'evaluation correction' : 'mentoring evaluation'), colour: item.returned ? 'orange' : 'blue', elements });
}

/** What the assessor sent, with 撤回 while the leaders have not decided. */
export function sentCard(sent: { revision: Revision; evaluation: Evaluation }[], leaders: string[]): Card {
  const elements: CardElement[] = [markdown(t(`已送${leaders.map(esc).join('、')}审批：`, `Sent to ${leaders.map(esc).join(', ')} for approval:`))];
  for (const s of sent) {
    const line = pairLine(s.evaluation);
    elements.push(markdown(t(`${line.zh}\n评定：**${RATING[s.revision.rating].zh}**${s.revision.comment ? ` · ${esc(s.revision.comment)}` : ''}`, `${line.en}\nRating: **${RATING[s.revision.rating].en}**${s.revision.comment ? ` · ${esc(s.revision.comment)}` : ''}`)));
    if (s.revision.status === 'pending') elements.push(buttonRow([button({ label: t(`撤回 · ${s.evaluation.mentee.name}`, `Withdraw · ${s.evaluation.mentee.name}`), value: { a: 'eval.withdraw', r: s.revision.id } })]));
    else elements.push(markdown(t(`（${s.revision.status === 'withdrawn' ? '已撤回' : '已处理'}）`, `(${s.revision.status === 'withdrawn' ? 'withdrawn' : 'decided'})`)));
  }
  return card({ title: header(sent[0]?.evaluation.quarter ?? '2000Q1', '测评已送审', 'ratings sent'), colour: 'green', elements });
}

/** To the mentor and the mentee when the evaluation opens: they may write a short self-assessment first. */
export function selfFormCard(e: Evaluation, who: 'mentor' | 'mentee'): Card {
  const current = who === 'mentor' ? e.mentorSelf : e.menteeSelf;
  return card({
    title: header(e.quarter, '帮带测评 · 自评', 'evaluation · self-assessment'),
    colour: 'wathet',
    elements: [
      evidenceBlock(e),
      markdown(t(
        `本季度测评已开始。评定人评定前，您可以写几句自评（${SELF_MAX} 字以内），评定人和审批领导都会看到。`,
        `This quarter's evaluation has opened. Before the assessor rates, you may add a short self-assessment (up to ${SELF_MAX} characters); the assessor and the approving leader will see it.`,
      )),
      {
        tag: 'form', name: 'eval_self',
        elements: [
          { tag: 'input', name: 'self', max_length: SELF_MAX, input_type: 'multiline_text', rows: 3, placeholder: text('plain_text', t('本季度的收获与不足', 'What went well and what did not this quarter')), ...(current ? { default_value: current } : {}) },
          button({ label: t('保存自评', 'Save'), value: { a: 'eval.self', e: e.id }, type: 'primary', name: 'eval_self_save', submit: true }),
        ],
      },
    ],
  });
}

/** To the mentor(s) and the mentee: the approved rating. */
export function resultCard(e: Evaluation, r: Revision): Card {
  const colour = r.rating === 'excellent' ? 'green' : r.rating === 'fail' ? 'red' : 'blue';
  const corr = r.correctionReason ? t(`\n（更正：${esc(r.correctionReason)}）`, `\n(Correction: ${esc(r.correctionReason)})`) : t('', '');
  const line = pairLine(e);
  return card({
    title: header(e.quarter, `测评结果：${RATING[r.rating].zh}`, `evaluation: ${RATING[r.rating].en}`),
    colour,
    elements: [markdown(t(
      `${line.zh}\n评定：**${RATING[r.rating].zh}**${r.comment ? ` · ${esc(r.comment)}` : ''}\n评定人 ${esc(r.assessor.name)} · 审批 ${esc(r.decidedBy?.name ?? '')}${corr.zh}`,
      `${line.en}\nRating: **${RATING[r.rating].en}**${r.comment ? ` · ${esc(r.comment)}` : ''}\nAssessor ${esc(r.assessor.name)} · approved by ${esc(r.decidedBy?.name ?? '')}${corr.en}`,
    ))],
  });
}

function statusOf(m: MyEvaluation): Bilingual {
  if (m.standing) {
    const r = RATING[m.standing.rating];
    return m.latest?.status === 'pending' && m.latest.id !== m.standing.id ? t(`**${r.zh}**（更正审批中）`, `**${r.en}** (a correction awaits approval)`) : t(`**${r.zh}**`, `**${r.en}**`);
  }
  if (m.evaluation.status === 'pending') return t('评定已送审，等待审批', 'Rated; waiting for approval');
  return t('等待评定', 'Waiting for the assessor');
}

export function staffItemLine(i: StaffItem): Bilingual {
  const a = quarterLabel(i.firstQuarter);
  const b = quarterLabel(i.lastQuarter);
  const state = i.status === 'done' ? t(`已于 ${i.doneOn} 完成`, `done on ${i.doneOn}`) : i.status === 'void' ? t(`已撤销（${esc(i.voidReason ?? '')}）`, `voided (${esc(i.voidReason ?? '')})`) : t('待安排', 'to be scheduled');
  return t(`${esc(i.mentor.name)} · 职工会${STAFF_ITEM[i.kind].zh}（${a.zh}、${b.zh}连续${i.kind === 'share' ? '优秀' : '不合格'}）· ${state.zh}`,
    `${esc(i.mentor.name)} · staff meeting: ${STAFF_ITEM[i.kind].en} (${i.kind === 'share' ? 'Excellent' : 'Unsatisfactory'} in ${a.en} and ${b.en}) · ${state.en}`);
}

/** 测评 / eval: my pairs' ratings by quarter, my staff-meeting items; what waits for me as assessor, leader or admin. */
export function evalOverviewCard(o: EvalOverview): Card {
  const elements: CardElement[] = [];
  if (o.toRate > 0) {
    elements.push(markdown(t(`您有 **${o.toRate}** 对帮带对子待评定。`, `**${o.toRate}** pairs wait for your rating.`)),
      buttonRow([button({ label: t('开始评定', 'Rate them'), value: { a: 'eval.rate' }, type: 'primary' })]));
  }
  if (o.correctable.length > 0) {
    const q = quarterLabel(o.correctable[0]!.quarter);
    elements.push(markdown(t(`**${q.zh}已批准的评定**（如有错误可更正，须写理由并重新审批）`, `**Approved ratings, ${q.en}** (a mistake can be corrected with a reason and a new approval)`)),
      buttonRow(o.correctable.slice(0, 10).map((e) => button({ label: t(`更正 · ${e.mentee.name}`, `Correct · ${e.mentee.name}`), value: { a: 'eval.correct', e: e.id } }))));
  }
  if (o.pendingApprovals > 0) {
    elements.push(markdown(t(`有 **${o.pendingApprovals}** 条评定等待您审批。`, `**${o.pendingApprovals}** ratings wait for your approval.`)),
      buttonRow([button({ label: t('去审批', 'Review them'), value: { a: 'cmd', c: 'approve' }, type: 'primary' })]));
  }
  if (o.mine.length > 0) {
    elements.push(markdown(t('**我的帮带对子 · 各季度测评**', '**My pairs · ratings by quarter**')));
    for (const m of o.mine) {
      const q = quarterLabel(m.evaluation.quarter);
      const who = m.role === 'mentor' ? t(`培养对象 ${esc(m.evaluation.mentee.name)}`, `mentee ${esc(m.evaluation.mentee.name)}`) : t(`导师 ${m.evaluation.mentors.map((x) => esc(x.name)).join('、')}`, `mentor ${m.evaluation.mentors.map((x) => esc(x.name)).join(', ')}`);
      const s = statusOf(m);
      elements.push(markdown(t(`${q.zh} · ${who.zh} · ${s.zh}`, `${q.en} · ${who.en} · ${s.en}`)));
      if (m.evaluation.status === 'open' || m.evaluation.status === 'returned') {
        elements.push(buttonRow([button({ label: t(`写自评 · ${q.zh}`, `Self-assessment · ${q.en}`), value: { a: 'eval.self.open', e: m.evaluation.id } })]));
      }
    }
  }
  if (o.staff.length > 0) {
    elements.push(markdown(t('**职工会事项**', '**Staff-meeting items**')));
    for (const i of o.staff) elements.push(markdown(staffItemLine(i)));
  }
  if (o.adminItems.length > 0) {
    elements.push(divider(), markdown(t('**待记录的职工会事项**', '**Staff-meeting items to record**')));
    for (const i of o.adminItems) {
      elements.push(markdown(staffItemLine(i)), buttonRow([button({ label: t(`记录完成 · ${i.mentor.name}`, `Record as done · ${i.mentor.name}`), value: { a: 'staff.open', i: i.id } })]));
    }
  }
  if (elements.length === 0) elements.push(markdown(t('您目前没有测评记录。每季度结束后的第一个工作日开始测评。', 'You have no evaluations yet. Each quarter is evaluated from the first working day after it ends.')));
  return card({ title: t('季度测评', 'Quarterly evaluation'), colour: 'blue', elements });
}
