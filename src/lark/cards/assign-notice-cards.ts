import { card, escapeMarkdown, markdown, t, type Card } from './card-kit';

/** What the people an assignment touches are told: the mentee, the mentor, a former mentor, a mentor whose application was withdrawn. */
export interface PlacementNotice {
  program: { nameZh: string; nameEn: string };
  mentee: { name: string; unitPath: string };
  mentor: { cadreId: number; name: string; unitPath: string };
  load: number;
  capacity: number;
  ended?: { mentors: { cadreId: number; name: string }[] };
  withdrawn: { rank: number; mentor: { cadreId: number; name: string } }[];
}

const md = escapeMarkdown;

export function menteeAssignedCard(p: PlacementNotice): Card {
  const former = (p.ended?.mentors ?? []).map((m) => md(m.name)).join('、');
  const extra = {
    zh: `${former ? `\n您与原导师 ${former} 的帮带对子已结束。` : ''}${p.withdrawn.length > 0 ? `\n您尚未得到答复的 ${p.withdrawn.length} 个志愿已撤回。` : ''}`,
    en: `${former ? `\nYour pair with ${former} has ended.` : ''}${p.withdrawn.length > 0 ? `\nYour ${p.withdrawn.length} open choice(s) have been withdrawn.` : ''}`,
  };
  return card({
    title: t('组织为您指定了导师', 'The organisation has assigned you a mentor'),
    colour: 'green',
    elements: [markdown(t(
      `在“${md(p.program.nameZh)}”中，组织为您指定了导师 **${md(p.mentor.name)}**（${md(p.mentor.unitPath)}）。${extra.zh}\n请主动联系导师，一起商定您的培养计划（一人一策）。`,
      `In "${md(p.program.nameEn)}", the organisation has assigned you **${md(p.mentor.name)}** (${md(p.mentor.unitPath)}) as your mentor.${extra.en}\nPlease get in touch and agree on your plan together.`,
    ))],
  });
}

export function mentorAssignedCard(p: PlacementNotice): Card {
  const chose = p.withdrawn.find((w) => w.mentor.cadreId === p.mentor.cadreId);
  const over = p.load > p.capacity;
  return card({
    title: t(`组织指定您带教 ${p.mentee.name}`, `You have been assigned ${p.mentee.name}`),
    colour: 'green',
    elements: [markdown(t(
      `在“${md(p.program.nameZh)}”中，组织指定您带教 **${md(p.mentee.name)}**（${md(p.mentee.unitPath)}）。${chose ? `\nTA 曾把您列为第 ${chose.rank} 志愿，这份志愿已由组织指定代替，无需再答复。` : ''}\n您在本项目现带 ${p.load} 人，名额 ${p.capacity} 人${over ? '（组织确认超额）' : ''}。`,
      `In "${md(p.program.nameEn)}", the organisation has assigned you **${md(p.mentee.name)}** (${md(p.mentee.unitPath)}) as a mentee.${chose ? `\nThey had chosen you (choice #${chose.rank}); the assignment replaces that application, no answer needed.` : ''}\nYou now mentor ${p.load} in this program, capacity ${p.capacity}${over ? ' (over capacity, confirmed by the organisation)' : ''}.`,
    ))],
  });
}

export function formerMentorCard(p: PlacementNotice): Card {
  return card({
    title: t(`您与 ${p.mentee.name} 的帮带对子已结束`, `Your pair with ${p.mentee.name} has ended`),
    colour: 'grey',
    elements: [markdown(t(
      `组织在“${md(p.program.nameZh)}”中为 ${md(p.mentee.name)} 另行指定了导师，你们的帮带对子已结束（改派）。感谢您的带教！`,
      `The organisation has assigned ${md(p.mentee.name)} another mentor in "${md(p.program.nameEn)}", so your pair has ended (rematched). Thank you for your mentoring!`,
    ))],
  });
}

export function applicationWithdrawnCard(p: PlacementNotice, rank: number): Card {
  return card({
    title: t(`${p.mentee.name} 的志愿已撤回`, `${p.mentee.name}'s application was withdrawn`),
    colour: 'grey',
    elements: [markdown(t(
      `组织已在“${md(p.program.nameZh)}”中为 ${md(p.mentee.name)} 指定了导师，TA 给您的第 ${rank} 志愿已撤回，无需再答复。`,
      `The organisation has assigned ${md(p.mentee.name)} a mentor in "${md(p.program.nameEn)}"; their choice #${rank} addressed to you is withdrawn, no answer needed.`,
    ))],
  });
}
