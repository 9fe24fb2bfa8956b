import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { InboxRepository } from '../db/repositories/inbox-repository';
import { OutboxRepository } from '../db/repositories/outbox-repository';

/**
 * Retention of the delivery tables. The inbox exists to dedupe Lark's re-deliveries: Lark retries an event
 * it got no 200 for after 15 s, 5 min, 1 h and 6 h (about 7.1 h in all), so a finished row older than 8 days
 * can never be matched by a replay again. Delivered or failed outbox rows are kept 30 days for admins to see,
 * without the bytes of the files they sent.
 * Both use the database clock, the clock that stamped the rows.
 */
export const INBOX_KEEP_DAYS = 8;
export const OUTBOX_KEEP_DAYS = 30;

export function purgeOldInbox(tx: Kysely<Database>, batch = 5000): Promise<number> {
  return new InboxRepository(tx).purgeFinished(tx, INBOX_KEEP_DAYS, batch);
}

/**
 * Outbox rows past OUTBOX_KEEP_DAYS (their files go with them). Before that, the bytes of every settled file
 * message: once sent the file lives at Lark, and a failed one is never uploaded again, so only the file's name,
 * type, size and key stay for admins to see.
 */
export async function purgeOldOutbox(tx: Kysely<Database>, batch = 5000): Promise<number> {
  const outbox = new OutboxRepository(tx);
  await outbox.purgeSettledFileBytes(tx);
  return outbox.purgeSettled(tx, OUTBOX_KEEP_DAYS, batch);
}

/** Just the bytes of settled file messages (purgeOldOutbox does this too); returns how many files it emptied. */
export function purgeSettledFileBytes(tx: Kysely<Database>): Promise<number> {
  return new OutboxRepository(tx).purgeSettledFileBytes(tx);
}
