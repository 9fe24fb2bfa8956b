import { sql, type Kysely } from 'kysely';
import type { Database } from './database';

/**
 * Run `fn` behind a savepoint of the caller's transaction: if it throws, its writes are undone and the error
 * rethrown, while the transaction stays usable for what the caller does next (an answer, an audit row).
 * Plain SQL: kysely's savepoint API is not implemented by the PGlite driver.
 */
export async function inSavepoint<T>(tx: Kysely<Database>, name: string, fn: () => Promise<T>): Promise<T> {
  await sql`savepoint ${sql.id(name)}`.execute(tx);
  try {
    const value = await fn();
    await sql`release savepoint ${sql.id(name)}`.execute(tx);
    return value;
  } catch (err) {
    await sql`rollback to savepoint ${sql.id(name)}`.execute(tx);
    throw err;
  }
}
