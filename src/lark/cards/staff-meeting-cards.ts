import type { StaffItem } from '../../db/repositories/evaluation-repository';
import { quarterLabel } from '../../domain/quarter';
import { button, buttonRow, card, escapeMarkdown, markdown, t, text, type Card, type CardElement } from './card-kit';
import { staffItemLine } from './evaluation-cards';
import { STAFF_ITEM } from './labels';

/** Staff-meeting items (职工会 经验交流 / 检讨发言): the notice to the mentor and the admins, the admin's record form. */

const esc = escapeMarkdown;

/** A new item, or one voided by a correction; admins get a button to record it once done. */
export function staffItemCard(i: StaffItem, forAdmin: boolean): Card {
  const a = quarterLabel(i.firstQuarter);
  const b = quarterLabel(i.lastQuarter);
  const elements: CardElement[] = [];
  if (i.status === 'void') {
    elements.push(markdown(t(
      `${esc(i.mentor.name)}的职工会${STAFF_ITEM[i.kind].zh}安排已撤销：${esc(i.voidReason ?? '')}`,
      `The staff-meeting item (${STAFF_ITEM[i.kind].en}) for ${esc(i.mentor.name)} is voided: ${esc(i.voidReason ?? '')}`,
    )));
  } else if (i.kind === 'share') {
    elements.push(markdown(forAdmin
      ? t(`导师 **${esc(i.mentor.name)}** 在${a.zh}和${b.zh}连续被评为**优秀**，请安排在职工会上作经验交流。`, `Mentor **${esc(i.mentor.name)}** was rated **Excellent** in ${a.en} and ${b.en}; please schedule an experience-sharing talk at the staff meeting.`)
      : t(`祝贺！您在${a.zh}和${b.zh}连续被评为**优秀**导师，组织部将安排您在职工会上作经验交流。`, `Congratulations: you were rated an **Excellent** mentor in ${a.en} and ${b.en}. You will be asked to share your experience at the staff meeting.`)));
  } else {
    elements.push(markdown(forAdmin
      ? t(`导师 **${esc(i.mentor.name)}** 在${a.zh}和${b.zh}连续被评为**不合格**，请安排在职工会上作检讨发言。`, `Mentor **${esc(i.mentor.name)}** was rated **Unsatisfactory** in ${a.en} and ${b.en}; please schedule a self-criticism at the staff meeting.`)
      : t(`您在${a.zh}和${b.zh}连续被评为**不合格**，按帮带制度须在职工会上作检讨发言。`, `You were rated **Unsatisfactory** in ${a.en} and ${b.en}; under the mentoring rules you will make a self-criticism at the staff meeting.`)));
  }
  if (forAdmin && i.status === 'open') elements.push(buttonRow([button({ label: t('记录完成', 'Record as done'), value: { a: 'staff.open', i: i.id }, type: 'primary' })]));
  return card({ title: t(`职工会${STAFF_ITEM[i.kind].zh}`, `Staff meeting: ${STAFF_ITEM[i.kind].en}`), colour: i.status === 'void' ? 'grey' : i.kind === 'share' ? 'green' : 'red', elements });
}

/** The admin's form: the day it was done. After saving, the item's line. */
export function staffDoneCard(i: StaffItem): Card {
  const elements: CardElement[] = [markdown(staffItemLine(i))];
  if (i.status === 'open') {
    elements.push({
      tag: 'form', name: 'staff_done',
      elements: [
        { tag: 'date_picker', name: 'done_on', placeholder: text('plain_text', t('职工会日期', 'Date of the staff meeting')) },
        button({ label: t('记录完成', 'Record as done'), value: { a: 'staff.done', i: i.id }, type: 'primary', name: 'staff_done_submit', submit: true }),
      ],
    });
  }
  return card({ title: t(`职工会${STAFF_ITEM[i.kind].zh}`, `Staff meeting: ${STAFF_ITEM[i.kind].en}`), colour: i.status === 'done' ? 'green' : 'blue', elements });
}
