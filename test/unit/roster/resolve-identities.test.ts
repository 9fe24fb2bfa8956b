import { describe, expect, it } from 'vitest';
import { LarkApiError } from '../../../src/lark/lark-api-error';
import { LarkUnreachableError, resolveIdentities } from '../../../src/roster/resolve-identities';
import type { RosterRow } from '../../../src/roster/roster-types';

const row = (line: number, ids: { openId?: string; mobile?: string; email?: string }): RosterRow => ({
  line, openId: ids.openId ?? null, mobile: ids.mobile ?? null, email: ids.email ?? null, name: `p${line}`, unitPath: '武隆区',
  category: 'young', birthDate: undefined, hireDate: undefined, roles: undefined, strengths: undefined, needs: undefined,
});

/** A fake of our own Messenger port: knows some mobiles/emails, records every query. */
function fakeLark(known: Record<string, string>) {
  const calls: { mobiles: string[]; emails: string[] }[] = [];
  return {
    calls,
    async resolveIds(q: { mobiles?: string[]; emails?: string[] }) {
      calls.push({ mobiles: q.mobiles ?? [], emails: q.emails ?? [] });
      return new Map([...(q.mobiles ?? []), ...(q.emails ?? [])].filter((k) => known[k]).map((k) => [k, known[k]!]));
    },
  };
}

const noSleep = async () => {};

describe('resolveIdentities', () => {
  it('asks only for rows without open_id; ≤ 50 mobiles and ≤ 50 emails per call', async () => {
    const rows = [row(2, { openId: 'ou_given', mobile: '13900000000' })];
    for (let i = 0; i < 120; i++) rows.push(row(3 + i, { mobile: `138${String(i).padStart(8, '0')}` }));
    for (let i = 0; i < 60; i++) rows.push(row(200 + i, { email: `p${i}@x.cn` }));
    const lark = fakeLark({ '13800000007': 'ou_7', 'p59@x.cn': 'ou_p59' });
    const out = await resolveIdentities(rows, lark, noSleep);
    expect(lark.calls.map((c) => [c.mobiles.length, c.emails.length])).toEqual([[50, 50], [50, 10], [20, 0]]);
    expect(lark.calls.flatMap((c) => c.mobiles)).not.toContain('13900000000');
    expect(out).toEqual(new Map([[10, { openId: 'ou_7', via: 'mobile' }], [259, { openId: 'ou_p59', via: 'email' }]]));
  });

  it('asks for the email of a row whose mobile Lark does not know, in a second round', async () => {
    const lark = fakeLark({ 'b@x.cn': 'ou_b', '13800000001': 'ou_a' });
    const out = await resolveIdentities([row(2, { mobile: '13800000001', email: 'a@x.cn' }), row(3, { mobile: '13800000002', email: 'b@x.cn' })], lark, noSleep);
    expect(lark.calls).toEqual([{ mobiles: ['13800000001', '13800000002'], emails: [] }, { mobiles: [], emails: ['b@x.cn'] }]);
    expect(out).toEqual(new Map([[2, { openId: 'ou_a', via: 'mobile' }], [3, { openId: 'ou_b', via: 'email' }]]));
  });

  it('makes no call when every row has an open_id', async () => {
    const lark = fakeLark({});
    expect(await resolveIdentities([row(2, { openId: 'ou_a' })], lark, noSleep)).toEqual(new Map());
    expect(lark.calls).toEqual([]);
  });

  it('waits out a frequency limit, then goes on', async () => {
    let n = 0;
    const waits: number[] = [];
    const lark = {
      async resolveIds() {
        if (n++ === 0) throw new LarkApiError('limited', 99991400, 429, 'rate_limited', 1500);
        return new Map([['13800000001', 'ou_a']]);
      },
    };
    const out = await resolveIdentities([row(2, { mobile: '13800000001' })], lark, async (ms) => { waits.push(ms); });
    expect(waits).toEqual([1500]);
    expect(out.get(2)).toEqual({ openId: 'ou_a', via: 'mobile' });
  });

  it('turns any other failure into LarkUnreachableError saying nothing was written', async () => {
    const lark = { resolveIds: async () => { throw new LarkApiError('lark request failed: connect ECONNREFUSED', undefined, undefined, 'transient', undefined); } };
    const p = resolveIdentities([row(2, { mobile: '13800000001' })], lark, noSleep);
    await expect(p).rejects.toBeInstanceOf(LarkUnreachableError);
    await expect(p).rejects.toThrow(/nothing was written.*ECONNREFUSED/);
  });
});
