import type { Kysely } from 'kysely';
import type { Database } from '../database';

export interface AuditEntry {
  actor: string | null;
  action: string;
  target?: string;
  detail?: unknown;
  eventId?: string;
}

/** Append-only: who did what, written in the same transaction as the change it describes. */
export class AuditRepository {
  async record(trx: Kysely<Database>, entry: AuditEntry): Promise<void> {
    await trx
      .insertInto('audit_log')
      .values({
        actor: entry.actor,
        action: entry.action,
        target: entry.target ?? null,
        detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
        event_id: entry.eventId ?? null,
      })
      .execute();
  }
}
