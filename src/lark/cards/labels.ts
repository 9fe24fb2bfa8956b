import type { CadreCategory, ProgramTrack } from '../../db/database';
import { t, type Bilingual } from './card-kit';

/** The words people use for our codes, in both languages. */
export const CATEGORY: Record<CadreCategory, Bilingual> = {
  leader_member: t('班子成员', 'Leadership member'),
  young: t('年轻干部', 'Young cadre'),
  senior: t('中老年干部', 'Mid-career cadre'),
  village: t('村社干部', 'Village cadre'),
  other: t('其他', 'Other'),
};

export const TRACK: Record<ProgramTrack, Bilingual> = {
  young_mentoring: t('导师引航', 'Young-cadre mentoring'),
  reverse_mentoring: t('以新促老', 'Reverse mentoring'),
  village_secondment: t('挂职锻炼', 'Village-cadre secondment'),
};

export const ROLE: Record<'admin' | 'leader', Bilingual> = {
  admin: t('管理员', 'Admin'),
  leader: t('主要领导', 'Main leader'),
};

export const PROGRAM_ROLE: Record<'mentor' | 'mentee', Bilingual> = {
  mentor: t('导师', 'mentor'),
  mentee: t('培养对象', 'mentee'),
};

export const TERM_STATUS: Record<'upcoming' | 'running' | 'ended', Bilingual> = {
  upcoming: t('未开始', 'not started'),
  running: t('进行中', 'running'),
  ended: t('已结束', 'ended'),
};

export const RATING: Record<'excellent' | 'good' | 'pass' | 'fail', Bilingual> = {
  excellent: t('优秀', 'Excellent'),
  good: t('良好', 'Good'),
  pass: t('合格', 'Satisfactory'),
  fail: t('不合格', 'Unsatisfactory'),
};

export const STAFF_ITEM: Record<'share' | 'self_criticism', Bilingual> = {
  share: t('经验交流', 'Experience sharing'),
  self_criticism: t('检讨发言', 'Self-criticism'),
};
