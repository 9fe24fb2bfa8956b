import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Db } from '../../../src/db/create-db';
import { migrateToLatest } from '../../../src/db/migrate';
import { InboxRepository } from '../../../src/db/repositories/inbox-repository';
import { OutboxRepository } from '../../../src/db/repositories/outbox-repository';
import { AuditRepository } from '../../../src/db/repositories/audit-repository';
import { openTestDb } from '../../helpers/test-db';
import { BACKENDS } from '../../helpers/services';

// The same suite on both backends: what runs in the playground (PGlite) behaves like production (Postgres).

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`repositories on ${backend.name}`, () => {
    let db: Db;
    beforeAll(async () => {
      db = await openTestDb(backend.name);
    });
    afterAll(async () => {
      await db?.close();
    });

    it('migrates once; a second run applies nothing', async () => {
      expect((await migrateToLatest(db.db)).applied).toEqual([]);
      const tables = await sql<{ t: string }>`select table_name as t from information_schema.tables where table_schema = 'public'`.execute(db.db);
      expect(tables.rows.map((r) => r.t)).toEqual(expect.arrayContaining(['units', 'cadres', 'inbox', 'outbox', 'job_runs', 'audit_log']));
    });

    it('stores an inbox event once per dedupe key', async () => {
      const inbox = new InboxRepository(db.db);
      const item = { dedupeKey: 'msg:om_1', eventId: 'e1', eventType: 'im.message.receive_v1', payloadJson: JSON.stringify({ a: [1, 2] }), status: 'pending' as const };
      expect(await inbox.record(item)).toBe(true);
      expect(await inbox.record({ ...item, eventId: 'e2' })).toBe(false);
      expect(await inbox.countPending()).toBe(1);
    });

    it('locks a pending row for one transaction and finishes it', async () => {
      const inbox = new InboxRepository(db.db);
      await inbox.record({ dedupeKey: 'msg:om_2', eventId: 'e3', eventType: 'im.message.receive_v1', payloadJson: JSON.stringify({ b: 1 }), status: 'pending' });
      const trx = await db.db.startTransaction().execute();
      const first = await inbox.lockNextPending(trx);
      expect(first?.payload).toEqual({ a: [1, 2] });
      await inbox.finish(trx, first!.id, { status: 'done' });
      await trx.commit().execute();
      expect(await inbox.statusOf('msg:om_1')).toBe('done');
      expect(await inbox.countPending()).toBe(1);
    });

    it('sets a poison event aside after repeated crashes, counting each', async () => {
      const inbox = new InboxRepository(db.db);
      await inbox.record({ dedupeKey: 'msg:om_poison', eventId: 'e-poison', eventType: 'im.message.receive_v1', payloadJson: '{}', status: 'pending' });
      const row = await db.db.selectFrom('inbox').select('id').where('dedupe_key', '=', 'msg:om_poison').executeTakeFirstOrThrow();
      for (let i = 1; i < 3; i++) expect(await inbox.recordCrash(row.id, `boom ${i}`, 3)).toBe('retry');
      expect(await inbox.recordCrash(row.id, 'boom 3', 3)).toBe('failed');
      expect(await inbox.statusOf('msg:om_poison')).toBe('failed');
      const after = await db.db.selectFrom('inbox').select(['attempts', 'last_error']).where('id', '=', row.id).executeTakeFirstOrThrow();
      expect(after).toEqual({ attempts: 3, last_error: 'boom 3' });
    });

    it('claims due outbox rows with a lease, one receiver at a time in queue order, once', async () => {
      const outbox = new OutboxRepository(db.db);
      const n = await outbox.enqueue(db.db, [
        { kind: 'send', receiveIdType: 'open_id', receiveId: 'ou_a', msgType: 'text', content: { text: 'one' }, dedupeKey: 'k1' },
        { kind: 'send', receiveIdType: 'open_id', receiveId: 'ou_a', msgType: 'text', content: { text: 'two' } },
        { kind: 'send', receiveIdType: 'open_id', receiveId: 'ou_c', msgType: 'text', content: { text: 'other' } },
      ]);
      expect(n).toBe(3);
      // the same dedupe key again is a no-op
      expect(await outbox.enqueue(db.db, [{ kind: 'send', receiveId: 'ou_a', msgType: 'text', content: { text: 'again' }, dedupeKey: 'k1' }])).toBe(0);
      const claimed = await outbox.claimDue('A', 10, 60_000);
      // 'two' waits behind 'one' for the same person; another person's row goes alongside
      expect(claimed.map((r) => (r.content as { text: string }).text)).toEqual(['one', 'other']);
      expect(claimed[0]!.attempts).toBe(1);
      expect(await outbox.claimDue('B', 10, 60_000)).toEqual([]);
      // only the holder of the lease may settle a row
      await outbox.markSent(claimed[0]!.id, 'B', 'om_y');
      expect(await outbox.claimDue('B', 10, 60_000)).toEqual([]);
      await outbox.markSent(claimed[0]!.id, 'A', 'om_x');
      await outbox.markSent(claimed[1]!.id, 'A', 'om_z');
      const next = await outbox.claimDue('B', 10, 60_000);
      expect(next.map((r) => (r.content as { text: string }).text)).toEqual(['two']);
      await outbox.markSent(next[0]!.id, 'B', 'om_w');
      expect(await outbox.statusCounts()).toEqual({ sent: 3 });
    });

    it('gives a row back after a rate limit without counting the attempt, and re-claims an expired lease', async () => {
      const outbox = new OutboxRepository(db.db);
      await outbox.enqueue(db.db, [{ kind: 'send', receiveId: 'ou_b', msgType: 'text', content: { text: 'three' } }]);
      const [row] = await outbox.claimDue('A', 1, 60_000);
      await outbox.retryLater(row!.id, 'A', 0, { countAttempt: false, code: 99991400 });
      const [again] = await outbox.claimDue('B', 1, 1);
      expect(again?.id).toBe(row!.id);
      expect(again?.attempts).toBe(1);
      await new Promise((r) => setTimeout(r, 20));
      // B "died": its 1 ms lease ran out, so C takes the row over
      const [taken] = await outbox.claimDue('C', 1, 60_000);
      expect(taken?.id).toBe(row!.id);
      expect(taken?.attempts).toBe(2);
    });

    it('writes audit entries in the caller transaction only', async () => {
      const audit = new AuditRepository();
      await db.db.transaction().execute(async (trx) => audit.record(trx, { actor: "ou_a", action: "test.ok", detail: { x: 1 } }));
      await db.db.transaction().execute(async (trx) => {
        await audit.record(trx, { actor: 'ou_a', action: 'test.rolled_back' });
        throw new Error('rollback');
      }).catch(() => undefined);
      const rows = await db.db.selectFrom('audit_log').select(['action', 'detail']).execute();
      expect(rows).toEqual([{ action: 'test.ok', detail: { x: 1 } }]);
    });

    it('returns dates as plain strings and ids as numbers on both backends', async () => {
      const unit = await db.db.insertInto('units').values({ name: '武隆区', path: '武隆区', depth: 0, parent_id: null }).returning('id').executeTakeFirstOrThrow();
      await db.db.insertInto('cadres').values({ open_id: 'ou_types_1', name: '许一帆', unit_id: unit.id, category: 'young', birth_date: '1998-06-30', roles: ['admin'] }).execute();
      const c = await db.db.selectFrom('cadres').select(['id', 'birth_date', 'roles', 'active']).executeTakeFirstOrThrow();
      expect(typeof c.id).toBe('number');
      expect(c.birth_date).toBe('1998-06-30');
      expect(c.roles).toEqual(['admin']);
      expect(c.active).toBe(true);
      const inbox = await db.db.selectFrom('inbox').select('id').executeTakeFirstOrThrow();
      expect(typeof inbox.id).toBe('number');
    });
  });
}
