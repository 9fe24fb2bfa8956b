import { sql, type Kysely } from 'kysely';
import type { Database, InboxStatus } from '../database';

/** A row as the webhook stores it. */
export interface InboxEntry {
  dedupeKey: string;
  eventId: string;
  eventType: string;
  /** the event as JSON text: the webhook has it serialized already (to check it can be stored) */
  payloadJson: string;
  status: InboxStatus;
}

export interface InboxItem {
  id: number;
  eventId: string;
  eventType: string;
  payload: unknown;
  attempts: number;
}

/** The event inbox: stored before Lark gets its 200, so an acknowledged event can never be lost. */
export class InboxRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** true when stored now; false when this dedupe key was seen before (a Lark retry or a replay). */
  async record(entry: InboxEntry): Promise<boolean> {
    return (await this.recordMany([entry])).has(entry.dedupeKey);
  }

  /**
   * The entries in one statement, so one commit: the dedupe keys stored now; a key seen before is left out (and
   * of two entries with one key, the first goes in). All or nothing: an error means none was stored.
   */
  async recordMany(entries: readonly InboxEntry[]): Promise<Set<string>> {
    if (entries.length === 0) return new Set();
    const rows = await this.db
      .insertInto('inbox')
      .values(entries.map((e) => ({
        dedupe_key: e.dedupeKey,
        event_id: e.eventId,
        event_type: e.eventType,
        payload: e.payloadJson,
        status: e.status,
      })))
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .returning('dedupe_key')
      .execute();
    return new Set(rows.map((r) => r.dedupe_key));
  }

  /**
   * Inside the caller's transaction: lock the oldest pending row no one else holds. The lock lives as long
   * as the transaction, so a crashed worker releases it at once and another instance takes the row.
   */
  async lockNextPending(trx: Kysely<Database>): Promise<InboxItem | undefined> {
    const row = await trx
      .selectFrom('inbox')
      .select(['id', 'event_id', 'event_type', 'payload', 'attempts'])
      .where('status', '=', 'pending')
      .orderBy('id')
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!row) return undefined;
    return { id: row.id, eventId: row.event_id, eventType: row.event_type, payload: row.payload, attempts: row.attempts };
  }

  async finish(trx: Kysely<Database>, id: number, outcome: { status: 'done' | 'failed'; error?: string }): Promise<void> {
    await trx
      .updateTable('inbox')
      .set({ status: outcome.status, processed_at: sql<Date>`now()`, last_error: outcome.error ?? null, attempts: sql<number>`attempts + 1` })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Outside any handler transaction: a row whose processing keeps failing before it can be closed (a
   * poison event) counts its attempts here, and is set aside as failed after `maxAttempts`.
   */
  async recordCrash(id: number, error: string, maxAttempts: number): Promise<'retry' | 'failed'> {
    const row = await this.db
      .updateTable('inbox')
      .set({
        attempts: sql<number>`attempts + 1`,
        last_error: error.slice(0, 500),
        status: sql<InboxStatus>`case when attempts + 1 >= ${maxAttempts} then 'failed' else status end`,
        processed_at: sql<Date>`case when attempts + 1 >= ${maxAttempts} then now() else processed_at end`,
      })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .returning('status')
      .executeTakeFirst();
    return row?.status === 'failed' ? 'failed' : 'retry';
  }

  async countPending(): Promise<number> {
    const row = await this.db.selectFrom('inbox').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'pending').executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async statusOf(dedupeKey: string): Promise<InboxStatus | undefined> {
    const row = await this.db.selectFrom('inbox').select('status').where('dedupe_key', '=', dedupeKey).executeTakeFirst();
    return row?.status;
  }

  /**
   * Delete finished rows (done, failed, inline) older than `days` by the database clock, in batches so no
   * statement locks or buffers more than `batch` rows. Returns how many went.
   */
  async purgeFinished(tx: Kysely<Database>, days: number, batch = 5000): Promise<number> {
    let total = 0;
    for (;;) {
      const r = await sql`delete from inbox where id in (
          select id from inbox where status in ('done', 'failed', 'inline')
             and received_at < now() - make_interval(days => ${days}) limit ${batch})`.execute(tx);
      const n = Number(r.numAffectedRows ?? 0);
      total += n;
      if (n < batch) return total;
    }
  }
}
