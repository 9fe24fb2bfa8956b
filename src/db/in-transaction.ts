import type { Kysely } from 'kysely';
import type { Database } from './database';

/**
 * Run `fn` in a transaction: the caller's, when it already holds one (a bot handler's event transaction),
 * or a new one (the admin CLI). Services use this so the same use case serves both.
 */
export function inTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
