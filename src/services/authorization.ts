import type { Actor } from '../domain/actor';
import { DomainError } from '../domain/domain-error';

/**
 * The one place that answers "may this cadre do this". Every handler and service asks here; nothing is
 * decided from values carried in a card. Permissions that depend on an object (a pair, an evaluation)
 * are added by the issues that bring those objects.
 */
export type Permission =
  | 'roster.import'
  | 'roster.view_summary'
  | 'programs.manage'
  | 'catalogue.manage'
  | 'needs.edit_own'
  | 'strengths.edit_own'
  | 'pairs.assign'
  | 'surveys.view'
  | 'sends.view'
  | 'seminars.manage'
  | 'school.manage';

const ADMIN_ONLY: ReadonlySet<Permission> = new Set(['roster.import', 'roster.view_summary', 'programs.manage', 'catalogue.manage', 'pairs.assign', 'surveys.view', 'sends.view', 'seminars.manage', 'school.manage']);

export function can(actor: Actor, permission: Permission): boolean {
  if (ADMIN_ONLY.has(permission)) return actor.roles.includes('admin');
  // Everyone in the roster keeps their own needs and strengths.
  return true;
}

const WHAT: Record<Permission, { zh: string; en: string }> = {
  'roster.import': { zh: '导入干部名册', en: 'import the roster' },
  'roster.view_summary': { zh: '查看名册和项目概况', en: 'see the roster and program summary' },
  'programs.manage': { zh: '管理培养项目', en: 'manage programs' },
  'catalogue.manage': { zh: '维护需求库', en: 'edit the needs catalogue' },
  'needs.edit_own': { zh: '填写需求', en: 'edit your needs' },
  'strengths.edit_own': { zh: '填写特长', en: 'edit your strengths' },
  'pairs.assign': { zh: '指定结对', en: 'assign pairs' },
  'surveys.view': { zh: '查看摸排结果', en: 'see survey results' },
  'sends.view': { zh: '查看未送达的消息', en: 'see undelivered messages' },
  'school.manage': { zh: '开设干部夜校', en: 'set up the night school' },
  'seminars.manage': { zh: '安排交流研讨会和记录展示情况', en: 'schedule exchange seminars and record who presented' },
};

/**
 * Throws a 'forbidden' DomainError when the actor may not. The refusal is audited: the error carries the
 * audit entry, and whoever catches it records it after rolling back the refused work.
 */
export function authorize(actor: Actor, permission: Permission, target?: string): void {
  if (can(actor, permission)) return;
  const what = WHAT[permission];
  throw new DomainError(
    'forbidden',
    { zh: `只有组织部管理员可以${what.zh}。如需帮助，请联系组织部。`, en: `Only organisation-department admins may ${what.en}. Please contact the department if you need this.` },
    { audit: { actor: actor.openId, action: `denied:${permission}`, ...(target ? { target } : {}) } },
  );
}

/**
 * A refusal about one object (an application that is not yours, a pair you are not in): the person is
 * told `text`, and the attempt is audited like any other refusal.
 */
export function deniedOn(actor: Actor, action: string, target: string, text: { zh: string; en: string }): DomainError {
  return new DomainError('forbidden', text, { audit: { actor: actor.openId, action: `denied:${action}`, target } });
}
