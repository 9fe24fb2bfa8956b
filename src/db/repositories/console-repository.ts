import type { Kysely } from 'kysely';
import type { CadreCategory, Database, OutboxKind, OutboxStatus } from '../database';

/** One person the playground console can speak as. */
export interface ConsolePerson {
  openId: string;
  name: string;
  unitPath: string;
  category: CadreCategory;
  roles: string[];
}

/** An outbox row as the console's inspector shows it. */
export interface OutboxView {
  id: string;
  kind: OutboxKind;
  status: OutboxStatus;
  attempts: number;
  receiveId: string | null;
  target: string | null;
  msgType: string;
  /** the card's Chinese title, or the start of a text */
  summary: string;
  dedupeKey: string | null;
  lastCode: number | null;
  lastError: string | null;
  larkMessageId: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/**
 * The playground console's reads: the roster for its people picker and the outbox for its inspector.
 * Read-only, and apart from the bot's own repositories so nothing the bot does depends on the console.
 */
export class ConsoleRepository {
  /** Everyone the emulator knows as a Lark user (active, with an open_id), by unit then category then name. */
  async roster(tx: Kysely<Database>): Promise<ConsolePerson[]> {
    const rows = await tx
      .selectFrom('cadres')
      .innerJoin('units', 'units.id', 'cadres.unit_id')
      .select(['cadres.open_id', 'cadres.name', 'units.path', 'cadres.category', 'cadres.roles'])
      .where('cadres.active', '=', true)
      .where('cadres.open_id', 'is not', null)
      .orderBy('units.path')
      .orderBy('cadres.category')
      .orderBy('cadres.id')
      .execute();
    return rows.flatMap((r) => (r.open_id ? [{ openId: r.open_id, name: r.name, unitPath: r.path, category: r.category, roles: [...r.roles] }] : []));
  }

  /** The latest outbox rows, newest first. */
  async recentOutbox(tx: Kysely<Database>, limit: number): Promise<OutboxView[]> {
    return (await outboxRows(tx).orderBy('seq', 'desc').limit(limit).execute()).map(toView);
  }

  /** The rows whose dedupe key starts with `prefix` (one job occurrence's messages), in queue order. */
  async outboxByKeyPrefix(tx: Kysely<Database>, prefix: string, limit: number): Promise<OutboxView[]> {
    const like = `${prefix.replace(/[\\%_]/g, '\\$&')}%`;
    return (await outboxRows(tx).where('dedupe_key', 'like', like).orderBy('seq').limit(limit).execute()).map(toView);
  }
}

function outboxRows(tx: Kysely<Database>) {
  return tx
    .selectFrom('outbox')
    .select(['id', 'kind', 'status', 'attempts', 'receive_id', 'target', 'msg_type', 'content', 'dedupe_key', 'last_code', 'last_error', 'lark_message_id', 'created_at', 'sent_at']);
}

type OutboxRow = Awaited<ReturnType<ReturnType<typeof outboxRows>['execute']>>[number];

function toView(r: OutboxRow): OutboxView {
  return {
    id: String(r.id), kind: r.kind, status: r.status, attempts: r.attempts, receiveId: r.receive_id, target: r.target, msgType: r.msg_type,
    summary: summaryOf(r.content), dedupeKey: r.dedupe_key, lastCode: r.last_code, lastError: r.last_error, larkMessageId: r.lark_message_id,
    createdAt: new Date(r.created_at), sentAt: r.sent_at ? new Date(r.sent_at) : null,
  };
}

function summaryOf(content: unknown): string {
  const c = (typeof content === 'string' ? safeParse(content) : content) as { header?: { title?: { content?: unknown } }; text?: unknown; file_name?: unknown } | null;
  const s = c?.header?.title?.content ?? c?.text ?? c?.file_name;
  return typeof s === 'string' ? s.slice(0, 80) : '';
}

function safeParse(s: string): unknown {
  try { return JSON.parse(s); } catch { return null; }
}
