import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database';

/**
 * Retention of the delivery tables. The inbox exists to dedupe Lark's re-deliveries: Lark retries an event
 * it got no 200 for after 15 s, 5 min, 1 h and 6 h (about 7.1 h in all), so a finished row older than 8 days
 * can never be matched by a replay again. Delivered or failed outbox rows are kept 30 days for admins to see.
 * Both use the database clock, the clock that stamped the rows.
 */
export const INBOX_KEEP_DAYS = 8;
export const OUTBOX_KEEP_DAYS = 30;

/** Deletes in batches, so no statement locks or buffers more than `batch` rows at once. */
export async function purgeOldInbox(tx: Kysely<Database>, batch = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const r = await sql`delete from inbox where id in (
        select id from inbox where status in ('done', 'failed', 'inline')
           and received_at < now() - make_interval(days => ${INBOX_KEEP_DAYS}) limit ${batch})`.execute(tx);
    const n = Number(r.numAffectedRows ?? 0);
    total += n;
    if (n < batch) return total;
  }
}

export async function purgeOldOutbox(tx: Kysely<Database>, batch = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    // sent rows age from sending; a failed row has no sent_at, so it ages from its creation
    const r = await sql`delete from outbox where id in (
        select id from outbox where status in ('sent', 'failed')
           and coalesce(sent_at, created_at) < now() - make_interval(days => ${OUTBOX_KEEP_DAYS}) limit ${batch})`.execute(tx);
    const n = Number(r.numAffectedRows ?? 0);
    total += n;
    if (n < batch) return total;
  }
}
