import { button, buttonRow, card, escapeMarkdown, markdown, t, type Bilingual, type Card, type CardElement } from './card-kit';

/** 认领: the mentor list a village cadre claims from, the outcome, and the mentor's notice. */

export interface ClaimListData {
  programId: number;
  programNameZh: string;
  programNameEn: string;
  batch: { number: number; startDate: string; endDate: string; state: 'upcoming' | 'open' | 'ended' };
  needs: Bilingual[];
  current: string[];
  page: number;
  pages: number;
  total: number;
  mentors: { cadreId: number; name: string; unitPath: string; matched: Bilingual[]; load: number; capacity: number; popular: boolean; full: boolean }[];
}

/** '武隆区/火炉镇/农业服务中心' → '火炉镇/农业服务中心': the district is the same for everyone. */
const shortUnit = (path: string): string => path.split('/').slice(-2).join('/');
const join = (items: Bilingual[], sepZh = '、', sepEn = ', '): Bilingual => ({ zh: items.map((i) => i.zh).join(sepZh), en: items.map((i) => i.en).join(sepEn) });

function mentorRow(p: ClaimListData, m: ClaimListData['mentors'][number]): CardElement {
  const matched = join(m.matched);
  const tags = m.full ? t('　**已满**', '  **full**') : m.popular ? t('　🔥热门', '  🔥popular') : t('', '');
  const info = markdown(t(
    `**${escapeMarkdown(m.name)}**　${escapeMarkdown(shortUnit(m.unitPath))}\n${m.matched.length ? `擅长您需要的：${matched.zh}` : '特长与您的需求暂无重合'}\n已带 ${m.load}/${m.capacity}${tags.zh}`,
    `**${escapeMarkdown(m.name)}**  ${escapeMarkdown(shortUnit(m.unitPath))}\n${m.matched.length ? `Strong in what you need: ${matched.en}` : 'No overlap with your needs yet'}\nMentoring ${m.load}/${m.capacity}${tags.en}`,
  ));
  const take = {
    ...button({ label: m.full ? t('已满', 'Full') : t('认领', 'Claim'), value: { a: 'claim.take', p: p.programId, m: m.cadreId }, type: m.full ? 'default' : 'primary', name: `take_${m.cadreId}` }),
    ...(m.full ? { disabled: true } : {}),
  };
  return {
    tag: 'column_set', flex_mode: 'none', horizontal_spacing: '8px',
    columns: [
      { tag: 'column', width: 'weighted', weight: 4, vertical_align: 'center', elements: [info] },
      { tag: 'column', width: 'auto', vertical_align: 'center', elements: [take] },
    ],
  };
}

const STATE: Record<ClaimListData['batch']['state'], (b: ClaimListData['batch']) => Bilingual> = {
  open: (b) => t(`挂职期间（至 ${b.endDate}）可认领一位导师，认领后立即结对，导师会收到通知。`, `During the secondment (until ${b.endDate}) you may claim one mentor; the pair is formed at once and the mentor is told.`),
  upcoming: (b) => t(`本批次 ${b.startDate} 开始，开始后才能认领；现在可以先看看导师名单。`, `This batch starts on ${b.startDate}; you can claim once it starts. Have a look at the mentors now.`),
  ended: (b) => t(`本批次已于 ${b.endDate} 结束。`, `This batch ended on ${b.endDate}.`),
};

export function claimListCard(p: ClaimListData): Card {
  const title = t(`认领导师 · ${p.programNameZh}`, `Claim a mentor · ${p.programNameEn}`);
  const subtitle = t(`第 ${p.batch.number} 批　${p.batch.startDate} ~ ${p.batch.endDate}`, `Batch ${p.batch.number}  ${p.batch.startDate} ~ ${p.batch.endDate}`);
  if (p.current.length > 0) {
    const names = escapeMarkdown(p.current.join('、'));
    return card({ title, subtitle, colour: 'green', elements: [markdown(t(`您已认领导师：**${names}**。每人认领一位；如需更换，请联系组织部。`, `You have claimed your mentor: **${names}**. Each cadre claims one; contact the organisation department to change.`))] });
  }
  const needs = p.needs.length
    ? t(`按您的需求推荐：${p.needs.map((n, i) => `${i + 1}. ${n.zh}`).join('　')}`, `Suggested by your needs: ${p.needs.map((n, i) => `${i + 1}. ${n.en}`).join('  ')}`)
    : t('您还没有填写摸排或需求，名单按单位远近和空余名额排列。', 'You have not answered the survey or entered needs yet, so mentors are ordered by unit and free places.');
  const elements: CardElement[] = [markdown(STATE[p.batch.state](p.batch)), markdown(needs)];
  if (p.mentors.length === 0) elements.push(markdown(t('本项目的导师名单暂时为空，请联系组织部。', 'The program has no mentors yet; please contact the organisation department.')));
  for (const m of p.mentors) elements.push(mentorRow(p, m));
  if (p.pages > 1) {
    const nav: CardElement[] = [];
    if (p.page > 1) nav.push(button({ label: t('上一页', 'Previous'), value: { a: 'claim.page', p: p.programId, n: p.page - 1 }, name: 'page_prev' }));
    if (p.page < p.pages) nav.push(button({ label: t('下一页', 'Next'), value: { a: 'claim.page', p: p.programId, n: p.page + 1 }, name: 'page_next' }));
    elements.push(markdown(t(`第 ${p.page}/${p.pages} 页，共 ${p.total} 位导师`, `Page ${p.page} of ${p.pages}, ${p.total} mentors`)));
    elements.push(buttonRow(nav));
  }
  return card({ title, subtitle, colour: 'blue', elements });
}

export interface ClaimOutcome {
  programNameZh: string;
  programNameEn: string;
  batch: { number: number; startDate: string; endDate: string };
  mentor: { name: string; unitPath: string };
  mentee: { name: string; unitPath: string };
  needs: Bilingual[];
  load: number;
  capacity: number;
}

/** Replaces the list for the cadre who claimed. */
export function claimDoneCard(o: ClaimOutcome): Card {
  const mentor = escapeMarkdown(o.mentor.name);
  return card({
    title: t('认领成功', 'Mentor claimed'),
    subtitle: t(`${o.programNameZh} · 第 ${o.batch.number} 批`, `${o.programNameEn} · batch ${o.batch.number}`),
    colour: 'green',
    elements: [markdown(t(
      `您已认领 **${mentor}**（${escapeMarkdown(shortUnit(o.mentor.unitPath))}）为挂职导师，${o.batch.startDate} ~ ${o.batch.endDate}。导师已收到通知，会与您联系。\n挂职期间，导师会通过布置作业、案件处理、放手压担、交流提高带您成长：课堂在项目现场。`,
      `You have claimed **${mentor}** (${escapeMarkdown(shortUnit(o.mentor.unitPath))}) as your secondment mentor, ${o.batch.startDate} ~ ${o.batch.endDate}. Your mentor has been told and will contact you.\nDuring the secondment your mentor teaches through assignments, real cases, hands-off responsibility and exchange: the classroom is the project site.`,
    ))],
  });
}

/** To the mentor: "蒲小川认领您为挂职导师 …". */
export function mentorClaimedCard(o: ClaimOutcome): Card {
  const mentee = escapeMarkdown(o.mentee.name);
  const needs = o.needs.length ? join(o.needs) : t('（还没有填写）', '(not given yet)');
  return card({
    title: t(`${o.mentee.name}认领您为挂职导师`, `${o.mentee.name} claimed you as secondment mentor`),
    subtitle: t(`${o.programNameZh} · 第 ${o.batch.number} 批`, `${o.programNameEn} · batch ${o.batch.number}`),
    colour: 'orange',
    elements: [markdown(t(
      `村社干部 **${mentee}**（${escapeMarkdown(shortUnit(o.mentee.unitPath))}）在第 ${o.batch.number} 批挂职锻炼（${o.batch.startDate} ~ ${o.batch.endDate}）中认领您为导师。\nTA 最想提升：${needs.zh}\n您现在带 ${o.load}/${o.capacity} 人。请主动联系 TA，用布置作业、案件处理、放手压担、交流提高等方法带教。`,
      `Village cadre **${mentee}** (${escapeMarkdown(shortUnit(o.mentee.unitPath))}) claimed you as mentor for secondment batch ${o.batch.number} (${o.batch.startDate} ~ ${o.batch.endDate}).\nWants to build: ${needs.en}\nYou now mentor ${o.load}/${o.capacity}. Please get in touch and teach through assignments, real cases, hands-off responsibility and exchange.`,
    ))],
  });
}
