import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/create-db';
import type { LarkEmulator } from '../../../src/emulator/lark-emulator';
import { LarkMessenger } from '../../../src/lark/messenger';
import { LarkUnreachableError } from '../../../src/roster/resolve-identities';
import { importRoster } from '../../../src/services/import-roster';
import { BACKENDS } from '../../helpers/services';
import { openTestDb, quietLogger } from '../../helpers/test-db';
import { startEmulator } from '../emulator/helpers';
import { cadresByOpenId, resetRoster, rowCounts, TODAY } from './roster-test-kit';


const BATCH_GET_ID = '/open-apis/contact/v3/users/batch_get_id';
const mobile = (i: number) => `1380000${String(i).padStart(4, '0')}`;

/** 60 people Lark knows by mobile, 5 it does not, one known and one unknown email, one given by open_id. */
function rosterText(): string {
  const lines = ['mobile,email,open_id,name,unit,category'];
  for (let i = 0; i < 65; i++) lines.push(`${mobile(i)},,,人${i},武隆区/火炉镇/党政办,young`);
  lines.push(',known@huolu.gov,,邮箱甲,武隆区/火炉镇/党委,other');
  lines.push(',nobody@huolu.gov,,邮箱乙,武隆区/火炉镇/党委,other');
  lines.push(',,ou_given,直接,武隆区/火炉镇/党委,other');
  return `${lines.join('\n')}\n`;
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`import-roster resolves mobiles and emails through Lark (${backend.name})`, () => {
    let db: Db;
    let emu: LarkEmulator;
    let messenger: LarkMessenger;
    const calls = () => emu.requestLog.filter((e) => e.path === BATCH_GET_ID);
    const run = (m: Pick<LarkMessenger, 'resolveIds'> = messenger) =>
      importRoster({ db: db.db, messenger: m, file: { name: 'roster.csv', bytes: Buffer.from(rosterText()) }, today: TODAY });

    beforeAll(async () => {
      db = await openTestDb(backend.name);
      emu = await startEmulator();
      for (let i = 0; i < 60; i++) emu.addUser({ openId: `ou_m${i}`, name: `人${i}`, mobile: `+86${mobile(i)}` });
      emu.addUser({ openId: 'ou_mail', name: '邮箱甲', email: 'Known@huolu.gov' });
      messenger = new LarkMessenger({ appId: emu.appId, appSecret: 'secret', encryptKey: 'k', verificationToken: 't', domain: emu.url }, quietLogger);
    });
    beforeEach(async () => {
      await resetRoster(db.db);
    });
    afterAll(async () => {
      await emu?.close();
      await db?.close();
    });

    it('links people Lark knows, imports and reports the others by line and name, in batches of ≤ 50', async () => {
      const before = calls().length;
      const r = await run();
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      expect(r.counts).toMatchObject({ created: 68 });
      // 65 mobiles + 2 emails: two calls (50 mobiles + 2 emails, then 15 mobiles); the emulator refuses > 50
      expect(calls().slice(before).map((c) => c.status)).toEqual([200, 200]);
      expect(r.unresolved).toEqual([
        ...[60, 61, 62, 63, 64].map((i) => ({ line: i + 2, name: `人${i}`, identity: mobile(i) })),
        { line: 68, name: '邮箱乙', identity: 'nobody@huolu.gov' },
      ]);
      const cadres = await cadresByOpenId(db.db);
      expect(cadres.get('ou_m7')).toMatchObject({ mobile: mobile(7), name: '人7' });
      expect(cadres.get('ou_mail')).toMatchObject({ email: 'known@huolu.gov' });
      expect(cadres.get(mobile(61))).toMatchObject({ open_id: null, name: '人61', active: true });
      expect(cadres.get('nobody@huolu.gov')).toMatchObject({ open_id: null, active: true });
    });

    it('links an unresolved person on a later import, asking Lark only about the unlinked', async () => {
      await run();
      emu.addUser({ openId: 'ou_late', name: '人62', mobile: mobile(62) });
      const before = calls().length;
      const r = await run();
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      expect(calls().length - before).toBe(1);
      expect(r.counts).toMatchObject({ created: 0, updated: 1, unchanged: 67 });
      expect(r.unresolved.map((u) => u.name)).toEqual(['人60', '人61', '人63', '人64', '邮箱乙']);
      expect((await cadresByOpenId(db.db)).get('ou_late')).toMatchObject({ mobile: mobile(62), name: '人62' });
    });

    it('writes nothing and says so when Lark cannot be reached', async () => {
      const before = await rowCounts(db.db);
      const dead = new LarkMessenger({ appId: emu.appId, appSecret: 'secret', encryptKey: 'k', verificationToken: 't', domain: 'http://127.0.0.1:9' }, quietLogger, 2_000);
      const p = run(dead);
      await expect(p).rejects.toBeInstanceOf(LarkUnreachableError);
      await expect(p).rejects.toThrow(/Lark could not be asked .* nothing was written/);
      expect(await rowCounts(db.db)).toEqual(before);
    });
  });
}
