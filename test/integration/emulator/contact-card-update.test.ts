import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as lark from '@larksuiteoapi/node-sdk';
import type { LarkEmulator } from '../../../src/emulator/lark-emulator';
import { card2, failure, sdkClient, startEmulator } from './helpers';

describe('LarkEmulator contact API and delayed card update', () => {
  let emu: LarkEmulator;
  let client: lark.Client;
  const clock = { t: 1_700_000_000_000 };
  beforeAll(async () => {
    emu = await startEmulator({ now: () => clock.t });
    emu.addUser({ openId: 'ou_li', name: '李明', enName: 'Li Ming', mobile: '+8613800000001', email: 'li@huolu.gov', userId: 'e100', departmentIds: ['od_town'] });
    client = sdkClient(emu);
  });
  afterAll(() => emu.close());

  it('gets a user by open_id and by union_id; unknown users → 41050', async () => {
    const res = await client.contact.user.get({ path: { user_id: 'ou_li' }, params: { user_id_type: 'open_id' } });
    expect(res.data?.user).toMatchObject({ open_id: 'ou_li', user_id: 'e100', name: '李明', en_name: 'Li Ming', mobile: '+8613800000001', email: 'li@huolu.gov', department_ids: ['od_town'] });
    const unionId = res.data?.user?.union_id ?? '';
    expect(unionId).toMatch(/^on_/);
    const byUnion = await client.contact.user.get({ path: { user_id: unionId }, params: { user_id_type: 'union_id' } });
    expect(byUnion.data?.user?.open_id).toBe('ou_li');
    expect(await failure(client.contact.user.get({ path: { user_id: 'ou_ghost' } }))).toMatchObject({ status: 400, code: 41050 });
  });

  it('batch_get_id resolves mobiles (with or without +86) and emails; unknown ones come back without user_id', async () => {
    const res = await client.contact.user.batchGetId({ params: { user_id_type: 'open_id' }, data: { mobiles: ['13800000001', '13999999999'], emails: ['li@huolu.gov', 'x@y.z'] } });
    expect(res.data?.user_list).toEqual([
      { user_id: 'ou_li', email: 'li@huolu.gov' }, { email: 'x@y.z' },
      { user_id: 'ou_li', mobile: '13800000001' }, { mobile: '13999999999' },
    ]);
    const tooMany = Array.from({ length: 51 }, (_, i) => `1380000${String(i).padStart(4, '0')}`);
    expect(await failure(client.contact.user.batchGetId({ params: { user_id_type: 'open_id' }, data: { mobiles: tooMany } }))).toMatchObject({ status: 400, code: 99992402 });
  });

  describe('delayed update with a callback token', () => {
    const update = (token: string, card: unknown) => client.request<{ code: number }>({ method: 'POST', url: '/open-apis/interactive/v1/card/update', data: { token, card } });
    let messageId = '';
    beforeAll(async () => {
      const sent = await client.im.message.create({ params: { receive_id_type: 'open_id' }, data: { receive_id: 'ou_li', msg_type: 'interactive', content: JSON.stringify(card2('pending')) } });
      messageId = sent.data?.message_id ?? '';
    });

    it('updates the clicked card at most twice per token', async () => {
      const token = emu.issueCardToken(messageId);
      expect((await update(token, card2('approved'))).code).toBe(0);
      expect(emu.messages({ receiveOpenId: 'ou_li' })[0]?.content).toEqual(card2('approved'));
      expect((await update(token, card2('approved again'))).code).toBe(0);
      expect(await failure(update(token, card2('third')))).toMatchObject({ status: 400, code: 300040 });
      expect(emu.messages({ receiveOpenId: 'ou_li' })[0]?.content).toEqual(card2('approved again'));
    });

    it('refuses tokens it never issued and tokens older than 30 minutes', async () => {
      expect((await failure(update('c-forged', card2('x')))).code).toBe(300030);
      const token = emu.issueCardToken(messageId);
      clock.t += 30 * 60 * 1000 + 1;
      expect((await failure(update(token, card2('late')))).code).toBe(300030);
    });

    it('refuses cards over 100 KB and malformed cards without spending the token', async () => {
      const token = emu.issueCardToken(messageId);
      expect((await failure(update(token, card2('x'.repeat(101 * 1024))))).code).toBe(300020);
      expect((await failure(update(token, { elements: [] }))).code).toBe(300020);
      expect((await update(token, card2('fine'))).code).toBe(0);
      expect((await update(token, card2('fine twice'))).code).toBe(0);
    });
  });
});
