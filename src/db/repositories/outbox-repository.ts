import { sql, type Kysely } from 'kysely';
import type { Database, OutboxKind, OutboxStatus } from '../database';
import { DomainError } from '../../domain/domain-error';

export interface OutboxMessage {
  kind: OutboxKind;
  receiveIdType?: 'open_id' | 'chat_id';
  receiveId?: string;
  /** reply: message replied to; patch: message patched; card_update: the callback token */
  target?: string;
  msgType: 'interactive' | 'text' | 'file';
  content: unknown;
  /** makes an enqueue idempotent, e.g. one reminder per job occurrence and recipient */
  dedupeKey?: string;
  jobRunId?: number;
  /** msg_type 'file' only: the bytes, kept in outbox_files until the dispatcher has uploaded them */
  file?: OutboxFile;
}

/** Lark's file_type for the files the bot sends as msg_type 'file' (an XLSX goes as 'xls', im/v1/files doc). */
export type OutboxFileType = 'xls' | 'pdf' | 'stream';

export interface OutboxFile {
  /** with its extension: Lark shows it as the file's name */
  name: string;
  type: OutboxFileType;
  bytes: Buffer;
}

/** Lark refuses empty files (234010) and files over 30 MB (234006); 30 000 000 fits either reading of "MB". */
export const FILE_MAX_BYTES = 30_000_000;

/**
 * A file to someone's p2p chat, as an outbox message. Refuses (DomainError) a file Lark would refuse, so the
 * handler that asked can say so instead of the dispatcher failing later.
 */
export function fileMessage(openId: string, file: OutboxFile, opts: { dedupeKey?: string; jobRunId?: number } = {}): OutboxMessage {
  if (file.bytes.length === 0) throw new DomainError('invalid_input', { zh: '文件是空的，无法发送', en: 'The file is empty and cannot be sent' });
  if (file.bytes.length > FILE_MAX_BYTES) {
    throw new DomainError('invalid_input', { zh: '文件超过 30 MB，飞书无法发送', en: 'The file is larger than 30 MB, which Lark cannot send' });
  }
  if (file.name.trim() === '') throw new DomainError('invalid_input', { zh: '文件没有名字', en: 'The file has no name' });
  return {
    kind: 'send', receiveIdType: 'open_id', receiveId: openId, msgType: 'file',
    content: { file_name: file.name, file_type: file.type, size: file.bytes.length }, file,
    ...(opts.dedupeKey ? { dedupeKey: opts.dedupeKey } : {}),
    ...(opts.jobRunId !== undefined ? { jobRunId: opts.jobRunId } : {}),
  };
}

/** The file of a claimed msg_type 'file' row; `bytes` only while it still has to be uploaded. */
export interface PendingFile {
  name: string;
  type: OutboxFileType;
  fileKey: string | null;
  bytes: Buffer | null;
}

export interface ClaimedSend extends Required<Pick<OutboxMessage, 'kind' | 'msgType' | 'content'>> {
  id: string;
  receiveIdType: string | null;
  receiveId: string | null;
  target: string | null;
  attempts: number;
  /** ms since the first attempt: past Lark's one-hour uuid window a re-send could duplicate */
  firstAttemptAgeMs: number;
  /** queue order */
  seq: number;
}

export class OutboxRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * In the caller's transaction, so the message exists iff the change that caused it committed. Rows keep the
   * order given (their seq), file messages included.
   */
  async enqueue(trx: Kysely<Database>, messages: OutboxMessage[]): Promise<number> {
    let inserted = 0;
    let plain: OutboxMessage[] = [];
    for (const m of messages) {
      if (!m.file) {
        plain.push(m);
        continue;
      }
      inserted += await this.insertPlain(trx, plain);
      plain = [];
      inserted += await this.insertFile(trx, m, m.file);
    }
    return inserted + (await this.insertPlain(trx, plain));
  }

  /** A file message to `openId`'s p2p chat (see fileMessage); false when `dedupeKey` was queued before. */
  async enqueueFile(trx: Kysely<Database>, openId: string, file: OutboxFile, opts: { dedupeKey?: string; jobRunId?: number } = {}): Promise<boolean> {
    return (await this.enqueue(trx, [fileMessage(openId, file, opts)])) === 1;
  }

  private async insertPlain(trx: Kysely<Database>, messages: OutboxMessage[]): Promise<number> {
    if (messages.length === 0) return 0;
    const result = await trx
      .insertInto('outbox')
      .values(messages.map(outboxRow))
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0);
  }

  /**
   * The row and its bytes in one statement: atomic even outside a transaction, so a dispatcher never claims a
   * file message without its file, and a deduplicated enqueue stores no bytes.
   */
  private async insertFile(trx: Kysely<Database>, m: OutboxMessage, file: OutboxFile): Promise<number> {
    const result = await trx
      .with('o', (db) => db.insertInto('outbox').values({ ...outboxRow(m), msg_type: 'file' })
        .onConflict((oc) => oc.column('dedupe_key').doNothing()).returning('id'))
      .insertInto('outbox_files')
      .columns(['outbox_id', 'file_name', 'file_type', 'size_bytes', 'bytes'])
      .expression((eb) => eb.selectFrom('o').select([
        'o.id',
        sql<string>`${file.name}::text`.as('file_name'),
        sql<OutboxFileType>`${file.type}::text`.as('file_type'),
        sql<number>`${file.bytes.length}::integer`.as('size_bytes'),
        sql<Uint8Array>`${file.bytes}::bytea`.as('bytes'),
      ]))
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0);
  }

  async fileOf(outboxId: string): Promise<PendingFile | undefined> {
    const row = await this.db
      .selectFrom('outbox_files')
      .select(['file_name', 'file_type', 'file_key', sql<Uint8Array | null>`case when file_key is null then bytes end`.as('bytes')])
      .where('outbox_id', '=', outboxId)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      name: row.file_name, type: row.file_type as OutboxFileType, fileKey: row.file_key,
      bytes: row.bytes ? Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength) : null,
    };
  }

  /**
   * Remember the upload's file_key, so a retry of the send does not upload again. The first key stored wins:
   * when two instances both uploaded (a lease ran out mid-upload), both then send the same key and uuid.
   */
  async setFileKey(outboxId: string, fileKey: string): Promise<string> {
    const row = await this.db
      .updateTable('outbox_files')
      .set({ file_key: sql<string>`coalesce(file_key, ${fileKey})`, uploaded_at: sql<Date>`coalesce(uploaded_at, now())` })
      .where('outbox_id', '=', outboxId)
      .returning('file_key')
      .executeTakeFirst();
    return row?.file_key ?? fileKey;
  }

  /** Drop the bytes of file messages that are settled (sent, failed, ambiguous): nothing will upload them again. */
  async purgeSettledFileBytes(tx: Kysely<Database>, batch = 200): Promise<number> {
    let total = 0;
    for (;;) {
      const r = await sql`update outbox_files set bytes = null where outbox_id in (
          select f.outbox_id from outbox_files f join outbox o on o.id = f.outbox_id
           where f.bytes is not null and o.status in ('sent', 'failed', 'ambiguous') limit ${batch})`.execute(tx);
      const n = Number(r.numAffectedRows ?? 0);
      total += n;
      if (n < batch) return total;
    }
  }

  /**
   * Claim due rows for this instance with a lease (DB clock). Rows whose lease ran out belong to an
   * instance that died mid-send; they are claimed again and re-sent with the same uuid. Only the oldest
   * waiting row of each receiver is claimable, so a person's messages arrive in the order they were queued,
   * even while one of them waits out a rate limit and even across instances.
   */
  async claimDue(instanceId: string, limit: number, leaseMs: number): Promise<ClaimedSend[]> {
    const rows = await sql<{
      id: string; kind: OutboxKind; receive_id_type: string | null; receive_id: string | null; target: string | null;
      msg_type: OutboxMessage['msgType']; content: unknown; attempts: number; first_age_ms: number; seq: number;
    }>`
      update outbox o
         set status = 'sending', locked_by = ${instanceId},
             locked_until = now() + make_interval(secs => ${leaseMs / 1000}),
             attempts = o.attempts + 1, first_attempt_at = coalesce(o.first_attempt_at, now())
        from (select d.id from outbox d
               where ((d.status = 'pending' and d.next_attempt_at <= now())
                   or (d.status = 'sending' and d.locked_until < now()))
                 and (d.receive_id is null or not exists (
                       select 1 from outbox e
                        where e.receive_id = d.receive_id and e.seq < d.seq and e.status in ('pending', 'sending')))
               order by d.seq
               limit ${limit}
               for update skip locked) c
       where o.id = c.id
   returning o.id, o.kind, o.receive_id_type, o.receive_id, o.target, o.msg_type, o.content, o.attempts, o.seq,
             (extract(epoch from (now() - o.first_attempt_at)) * 1000)::float8 as first_age_ms`.execute(this.db);
    return rows.rows
      .map((r) => ({
        id: r.id, kind: r.kind, receiveIdType: r.receive_id_type, receiveId: r.receive_id, target: r.target,
        msgType: r.msg_type, content: r.content, attempts: r.attempts, firstAttemptAgeMs: Number(r.first_age_ms), seq: Number(r.seq),
      }))
      .sort((a, b) => a.seq - b.seq);
  }

  async markSent(id: string, instanceId: string, larkMessageId: string | undefined): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ status: 'sent', sent_at: sql<Date>`now()`, lark_message_id: larkMessageId ?? null, locked_by: null, locked_until: null, last_code: 0 })
      .where('id', '=', id)
      .where('locked_by', '=', instanceId)
      .execute();
  }

  /** Back to pending after `delayMs`. A rate-limit wait is not an attempt, so it gives the attempt back. */
  async retryLater(id: string, instanceId: string, delayMs: number, why: { code?: number; error?: string; countAttempt: boolean }): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({
        status: 'pending',
        next_attempt_at: sql<Date>`now() + make_interval(secs => ${delayMs / 1000})`,
        attempts: why.countAttempt ? sql<number>`attempts` : sql<number>`greatest(attempts - 1, 0)`,
        last_code: why.code ?? null,
        last_error: why.error ?? null,
        locked_by: null,
        locked_until: null,
      })
      .where('id', '=', id)
      .where('locked_by', '=', instanceId)
      .execute();
  }

  async markFinal(id: string, instanceId: string, status: Extract<OutboxStatus, 'failed' | 'ambiguous'>, why: { code?: number; error: string }): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ status, last_code: why.code ?? null, last_error: why.error, locked_by: null, locked_until: null })
      .where('id', '=', id)
      .where('locked_by', '=', instanceId)
      .execute();
  }

  /** On shutdown: hand back rows this instance claimed but never sent, without counting the attempt. */
  async release(ids: string[], instanceId: string): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('outbox')
      .set({ status: 'pending', locked_by: null, locked_until: null, attempts: sql<number>`greatest(attempts - 1, 0)` })
      .where('id', 'in', ids)
      .where('locked_by', '=', instanceId)
      .where('status', '=', 'sending')
      .execute();
  }

  /** Rows not yet delivered, by status (the outbox depth metric). */
  async depth(): Promise<Record<'pending' | 'sending', number>> {
    const rows = await this.db
      .selectFrom('outbox')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', 'in', ['pending', 'sending'])
      .groupBy('status')
      .execute();
    const out = { pending: 0, sending: 0 };
    for (const r of rows) out[r.status as 'pending' | 'sending'] = Number(r.n);
    return out;
  }

  async statusCounts(): Promise<Record<string, number>> {
    const rows = await this.db.selectFrom('outbox').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  /**
   * A card already queued under `dedupeKey` should now show `card` (a decision made its buttons moot):
   * still waiting → its content is replaced; already sent → a PATCH of the sent message is queued.
   */
  async replaceCard(trx: Kysely<Database>, dedupeKey: string, card: unknown): Promise<'replaced' | 'patched' | 'none'> {
    const row = await trx.selectFrom('outbox').select(['id', 'status', 'lark_message_id']).where('dedupe_key', '=', dedupeKey).forUpdate().executeTakeFirst();
    if (!row) return 'none';
    if (row.status === 'pending') {
      await trx.updateTable('outbox').set({ content: JSON.stringify(card) }).where('id', '=', row.id).execute();
      return 'replaced';
    }
    if (!row.lark_message_id) return 'none';
    await this.enqueue(trx, [{ kind: 'patch', target: row.lark_message_id, msgType: 'interactive', content: card }]);
    return 'patched';
  }

  /** replaceCard for every copy whose key starts with `prefix` (one card sent to several people). */
  async replaceCards(trx: Kysely<Database>, prefix: string, card: unknown): Promise<number> {
    const rows = await trx.selectFrom('outbox').select('dedupe_key').where('dedupe_key', 'like', `${prefix.replace(/[\\%_]/g, '\\$&')}%`).where('kind', '=', 'send').where('msg_type', '=', 'interactive').orderBy('id').execute();
    let n = 0;
    for (const r of rows) if ((await this.replaceCard(trx, r.dedupe_key!, card)) !== 'none') n++;
    return n;
  }

  /** Messages that will not be delivered: failed with a Lark code, or ambiguous past the uuid window. */
  async problems(limit: number): Promise<{ total: number; rows: { id: string; status: 'failed' | 'ambiguous'; receiveId: string | null; code: number | null; error: string | null; createdAt: Date }[] }> {
    const total = await this.db.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', ['failed', 'ambiguous']).executeTakeFirstOrThrow();
    const rows = await this.db.selectFrom('outbox').select(['id', 'status', 'receive_id', 'last_code', 'last_error', 'created_at'])
      .where('status', 'in', ['failed', 'ambiguous']).orderBy('created_at', 'desc').limit(limit).execute();
    return {
      total: Number(total.n),
      rows: rows.map((r) => ({ id: r.id, status: r.status as 'failed' | 'ambiguous', receiveId: r.receive_id, code: r.last_code, error: r.last_error, createdAt: r.created_at })),
    };
  }

  /** Delete sent and failed rows older than `days` (a failed row has no sent_at: it ages from its creation), in batches. */
  async purgeSettled(tx: Kysely<Database>, days: number, batch = 5000): Promise<number> {
    let total = 0;
    for (;;) {
      const r = await sql`delete from outbox where id in (
          select id from outbox where status in ('sent', 'failed')
             and coalesce(sent_at, created_at) < now() - make_interval(days => ${days}) limit ${batch})`.execute(tx);
      const n = Number(r.numAffectedRows ?? 0);
      total += n;
      if (n < batch) return total;
    }
  }
}

function outboxRow(m: OutboxMessage) {
  return {
    kind: m.kind,
    receive_id_type: m.receiveIdType ?? null,
    receive_id: m.receiveId ?? null,
    target: m.target ?? null,
    msg_type: m.msgType,
    content: JSON.stringify(m.content),
    dedupe_key: m.dedupeKey ?? null,
    job_run_id: m.jobRunId ?? null,
  };
}
