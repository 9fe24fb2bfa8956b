import type { CadreCategory, MenteeRule, ProgramTrack } from '../db/database';
import type { Bilingual } from '../lark/cards/card-kit';
import { menteeRuleEligibility, type Eligibility } from './eligibility';

/**
 * The three tracks of PROGRAM.md and who takes part in each. A program is one run of a track over a unit
 * subtree; its pools are decided by these categories and rules, then adjusted by the organisation
 * (双向选择+组织指定: the organisation may include or exclude anyone explicitly).
 */
export interface TrackDefinition {
  nameZh: string;
  nameEn: string;
  mentorCategories: CadreCategory[];
  menteeCategories: CadreCategory[];
  menteeRule: MenteeRule;
}

export const TRACKS: Record<ProgramTrack, TrackDefinition> = {
  // 火炉镇安排12名班子成员为24名年轻干部当导师
  young_mentoring: { nameZh: '导师引航', nameEn: 'Young-cadre mentoring', mentorCategories: ['leader_member'], menteeCategories: ['young'], menteeRule: 'young_cadre' },
  // 以新促老: young cadres teach office software and writing to the 60s/70s generation
  reverse_mentoring: { nameZh: '以新促老', nameEn: 'Reverse mentoring', mentorCategories: ['young'], menteeCategories: ['senior'], menteeRule: 'none' },
  // 村社干部挂职锻炼: village cadres under 35 claim an experienced older cadre as mentor
  village_secondment: { nameZh: '挂职锻炼', nameEn: 'Village-cadre secondment', mentorCategories: ['senior'], menteeCategories: ['village'], menteeRule: 'village_young' },
};

export const CATEGORY_NAMES: Record<CadreCategory, Bilingual> = {
  leader_member: { zh: '班子成员', en: 'leadership member' },
  young: { zh: '年轻干部', en: 'young cadre' },
  senior: { zh: '中老年干部', en: 'mid-career cadre' },
  village: { zh: '村社干部', en: 'village cadre' },
  other: { zh: '其他', en: 'other' },
};

export type PoolRole = 'mentor' | 'mentee';

export interface Program {
  id: number;
  code: string;
  track: ProgramTrack;
  nameZh: string;
  nameEn: string;
  startDate: string;
  endDate: string | null;
  unitId: number;
  unitPath: string;
  defaultCapacity: number;
  mentorCategories: CadreCategory[];
  menteeCategories: CadreCategory[];
  menteeRule: MenteeRule;
  active: boolean;
  /** 多带一: a mentee may have co-mentors besides the lead */
  allowCoMentors: boolean;
  /** days before a waiting application's mentor is reminded, and before it expires */
  nudgeDays: number;
  expireDays: number;
  /** when the weekly report prompt goes out: ISO weekday 1–7 and HH:MM, in the program's time zone */
  reportWeekday: number;
  reportTime: string;
  /** the quarter's evaluation opens on this working day after the quarter ends (1 = the first) */
  evalOpenWorkday: number;
  /** who rates the program's pairs; null: the admins of each mentee's unit */
  evalAssessorId: number | null;
}

export interface Batch {
  id: number;
  programId: number;
  number: number;
  startDate: string;
  endDate: string;
}

/** What the pool rules need to know about a person. */
export interface Candidate {
  cadreId: number;
  openId: string | null;
  name: string;
  unitPath: string;
  category: CadreCategory;
  birthDate: string | null;
  hireDate: string | null;
  active: boolean;
}

export type OverrideMode = 'include' | 'exclude';

/** In the pool by the rules or by an explicit include; or out: excluded, no longer active, or turned away by the rules. */
export type PoolVia = 'rule' | 'include' | 'excluded' | 'inactive' | 'not_eligible';

/** Whether `unitPath` is the scope unit or lies under it ('武隆区/火炉镇' covers '武隆区/火炉镇/石梁村'). */
export function inScope(scopePath: string, unitPath: string): boolean {
  return unitPath === scopePath || unitPath.startsWith(`${scopePath}/`);
}

/**
 * Is this person in the program's mentor or mentee pool, and why. For mentees the rule is evaluated on the
 * start of their batch when they serve in one (secondment), else on the program's start date.
 */
export function judgeMembership(
  program: Program,
  role: PoolRole,
  person: Candidate,
  override: OverrideMode | undefined,
  batch?: Pick<Batch, 'number' | 'startDate'>,
): Eligibility & { inPool: boolean; via: PoolVia } {
  const categories = role === 'mentor' ? program.mentorCategories : program.menteeCategories;
  const scoped = inScope(program.unitPath, person.unitPath);
  const categoryOk = categories.includes(person.category);
  const roleName = role === 'mentor' ? { zh: '导师', en: 'mentor' } : { zh: '培养对象', en: 'mentee' };
  const cat = CATEGORY_NAMES[person.category];
  const reasons: Bilingual[] = [];
  if (!scoped) reasons.push({ zh: `单位 ${person.unitPath} 不在项目范围 ${program.unitPath} 内`, en: `unit ${person.unitPath} is outside the program's scope ${program.unitPath}` });
  reasons.push(categoryOk
    ? { zh: `${cat.zh}，属于本项目${roleName.zh}类别`, en: `${cat.en}: a ${roleName.en} category of this program` }
    : { zh: `${cat.zh}，不属于本项目${roleName.zh}类别`, en: `${cat.en}: not a ${roleName.en} category of this program` });

  let rule: Eligibility = { eligible: true, status: 'eligible', reasons: [], missing: [] };
  if (role === 'mentee') {
    const onDate = batch?.startDate ?? program.startDate;
    rule = menteeRuleEligibility(program.menteeRule, person, onDate);
    if (batch) reasons.push({ zh: `第 ${batch.number} 批挂职，自 ${batch.startDate} 起`, en: `seconded in batch ${batch.number} from ${batch.startDate}` });
  }
  reasons.push(...rule.reasons);

  if (!person.active) {
    reasons.unshift({ zh: '已不在干部名册中（已停用）', en: 'no longer on the active roster' });
    return { eligible: false, status: 'not_eligible', reasons, missing: [], inPool: false, via: 'inactive' };
  }
  if (override === 'exclude') {
    reasons.unshift({ zh: `组织部已将其移出本项目${roleName.zh}名单`, en: `excluded from this program's ${roleName.en}s by the organisation department` });
    return { eligible: false, status: 'not_eligible', reasons, missing: [], inPool: false, via: 'excluded' };
  }
  if (override === 'include') {
    reasons.unshift({ zh: `组织部指定为本项目${roleName.zh}`, en: `included as a ${roleName.en} by the organisation department` });
    return { eligible: true, status: 'eligible', reasons, missing: [], inPool: true, via: 'include' };
  }
  const eligible = scoped && categoryOk && rule.eligible;
  return {
    eligible,
    status: eligible ? 'eligible' : scoped && categoryOk ? rule.status : 'not_eligible',
    reasons,
    missing: eligible || !(scoped && categoryOk) ? [] : rule.missing,
    inPool: eligible,
    via: eligible ? 'rule' : 'not_eligible',
  };
}
