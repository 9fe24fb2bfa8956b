import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { InboxRepository } from '../db/repositories/inbox-repository';
import { OutboxRepository } from '../db/repositories/outbox-repository';

/**
 * Retention of the delivery tables. The inbox exists to dedupe Lark's re-deliveries: Lark retries an event
 * it got no 200 for after 15 s, 5 min, 1 h and 6 h (about 7.1 h in all), so a finished row older than 8 days
 * can never be matched by a replay again. Delivered or failed outbox rows are kept 30 days for admins to see.
 * Both use the database clock, the clock that stamped the rows.
 */
export const INBOX_KEEP_DAYS = 8;
export const OUTBOX_KEEP_DAYS = 30;

export function purgeOldInbox(tx: Kysely<Database>, batch = 5000): Promise<number> {
  return new InboxRepository(tx).purgeFinished(tx, INBOX_KEEP_DAYS, batch);
}

export function purgeOldOutbox(tx: Kysely<Database>, batch = 5000): Promise<number> {
  return new OutboxRepository(tx).purgeSettled(tx, OUTBOX_KEEP_DAYS, batch);
}
