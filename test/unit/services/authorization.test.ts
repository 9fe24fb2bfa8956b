import { describe, expect, it } from 'vitest';
import { authorize, can, type Permission } from '../../../src/services/authorization';
import { DomainError } from '../../../src/domain/domain-error';
import type { Actor } from '../../../src/domain/actor';

const person = (roles: Actor['roles']): Actor => ({ cadreId: 1, openId: 'ou_x', name: '某人', category: 'young', unitId: 1, unitPath: '武隆区', roles });
const adminOnly: Permission[] = ['roster.import', 'roster.view_summary', 'programs.manage', 'catalogue.manage'];

describe('authorization', () => {
  it.each(adminOnly)('%s is for admins only', (permission) => {
    expect(can(person(['admin']), permission)).toBe(true);
    expect(can(person([]), permission)).toBe(false);
    // a main leader is not an admin
    expect(can(person(['leader']), permission)).toBe(false);
  });

  it('lets everyone keep their own needs and strengths', () => {
    expect(can(person([]), 'needs.edit_own')).toBe(true);
    expect(can(person([]), 'strengths.edit_own')).toBe(true);
  });

  it('refuses with a forbidden DomainError that carries the audit entry', () => {
    try {
      authorize(person([]), 'programs.manage', 'program:3');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      const e = err as DomainError;
      expect(e.code).toBe('forbidden');
      expect(e.text.zh).toContain('管理培养项目');
      expect(e.text.en).toContain('manage programs');
      expect(e.detail?.audit).toEqual({ actor: 'ou_x', action: 'denied:programs.manage', target: 'program:3' });
    }
  });
});
