import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { registry as defaultRegistry } from '../../../handlers/index';
import type { Registry } from '../../../src/context';
import { OutboxRepository, type OutboxFile } from '../../../src/db/repositories/outbox-repository';
import { card, markdown, t } from '../../../src/lark/cards/card-kit';
import { runOccurrence } from '../../../src/scheduler/job-runner';
import { purgeOldOutbox } from '../../../src/scheduler/retention';
import { startHarness, cardTitle, eventually, type Harness } from '../../helpers/test-app';
import { quietLogger } from '../../helpers/test-db';
import { missing } from '../../helpers/services';

const reader = { openId: 'ou_outfile_reader_000000001', name: '罗晓梅' };
const FILES = '/open-apis/im/v1/files';
const xlsx = (bytes: Buffer, name = '引航统计.xlsx'): OutboxFile => ({ name, type: 'xls', bytes });

interface FileMessage { messageId: string; uuid?: string; msgType: string; content: { file_key: string } }

function fileMessagesTo(h: Harness, openId: string): FileMessage[] {
  return h.emulator.messages({ sender: 'app', receiveOpenId: openId }).filter((m) => m.msgType === 'file') as unknown as FileMessage[];
}

function uploadRequests(h: Harness): number[] {
  return h.emulator.requestLog.filter((r) => r.method === 'POST' && r.path === FILES).map((r) => r.status);
}

async function settled(h: Harness, count: number, timeoutMs = 20_000): Promise<Record<string, number>> {
  const outbox = new OutboxRepository(h.app.db.db);
  return eventually(async () => {
    const counts = await outbox.statusCounts();
    return (counts.sent ?? 0) + (counts.failed ?? 0) === count ? counts : undefined;
  }, timeoutMs, `${count} outbox rows to settle`);
}

async function enqueueFile(h: Harness, file: OutboxFile, dedupeKey?: string): Promise<boolean> {
  const outbox = new OutboxRepository(h.app.db.db);
  const queued = await h.app.db.db.transaction().execute((trx) => outbox.enqueueFile(trx, reader.openId, file, dedupeKey ? { dedupeKey } : {}));
  h.app.dispatcher.wake();
  return queued;
}

describe.skipIf(missing('postgres') || missing('redis'))('file messages through the outbox', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('delivers a file queued in a transaction as one file message with the very same bytes, and retention drops the bytes', async () => {
    h = await startHarness();
    h.emulator.addUser(reader);
    // Bigger than follow-redirects' and express.json's defaults: the real upload path, not a toy one.
    const original = randomBytes(12 * 1024 * 1024);
    expect(await enqueueFile(h, xlsx(original), 'export:1')).toBe(true);
    // the same dedupe key queues nothing more, bytes included
    expect(await enqueueFile(h, xlsx(randomBytes(10)), 'export:1')).toBe(false);
    expect(await settled(h, 1)).toEqual({ sent: 1 });

    const [message, ...more] = fileMessagesTo(h, reader.openId);
    expect(more).toHaveLength(0);
    const received = h.emulator.file(message!.content.file_key)!;
    expect(received).toMatchObject({ name: '引航统计.xlsx', type: 'xls' });
    expect(received.bytes.equals(original)).toBe(true);
    expect(uploadRequests(h)).toEqual([200]);

    const db = h.app.db.db;
    const row = await db.selectFrom('outbox').innerJoin('outbox_files', 'outbox_files.outbox_id', 'outbox.id')
      .select(['outbox.id', 'outbox.lark_message_id', 'outbox_files.file_key', 'outbox_files.size_bytes', sql<number | null>`octet_length(outbox_files.bytes)`.as('stored')])
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ lark_message_id: message!.messageId, file_key: message!.content.file_key, size_bytes: original.length, stored: original.length });
    expect(message!.uuid).toBe(row.id);

    // A file still waiting keeps its bytes through the purge; a delivered one keeps only its name, size and key.
    const waiting = randomBytes(100);
    await db.transaction().execute(async (trx) => {
      await new OutboxRepository(trx).enqueueFile(trx, 'ou_outfile_nobody_0000000001', xlsx(waiting, 'later.xlsx'));
      await trx.updateTable('outbox').set({ next_attempt_at: sql<Date>`now() + interval '1 hour'` }).where('status', '=', 'pending').execute();
    });
    await db.transaction().execute((trx) => purgeOldOutbox(trx));
    const files = await db.selectFrom('outbox_files').select(['file_name', 'file_key', 'size_bytes', 'bytes']).orderBy('created_at').execute();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatchObject({ file_name: '引航统计.xlsx', file_key: message!.content.file_key, size_bytes: original.length, bytes: null });
    expect(Buffer.from(files[1]!.bytes!).equals(waiting)).toBe(true);
  });

  it('retries an upload that failed with a 5xx, and the person gets exactly one message', async () => {
    h = await startHarness();
    h.emulator.addUser(reader);
    h.emulator.inject({ kind: 'status', status: 503, times: 2, path: /\/open-apis\/im\/v1\/files$/ });
    const original = randomBytes(2_000);
    await enqueueFile(h, xlsx(original));
    expect(await settled(h, 1)).toEqual({ sent: 1 });
    expect(uploadRequests(h)).toEqual([503, 503, 200]);
    const messages = fileMessagesTo(h, reader.openId);
    expect(messages).toHaveLength(1);
    expect(h.emulator.file(messages[0]!.content.file_key)!.bytes.equals(original)).toBe(true);
    expect(h.emulator.files()).toHaveLength(1);
    const { attempts } = await h.app.db.db.selectFrom('outbox').select('attempts').executeTakeFirstOrThrow();
    expect(attempts).toBe(3);
  });

  it('retries a send that failed after the upload without uploading again', async () => {
    h = await startHarness();
    h.emulator.addUser(reader);
    // a 5xx, then a connection dropped after Lark stored the message: both resent with the same uuid and key
    h.emulator.inject({ kind: 'status', status: 502, times: 1, path: /\/open-apis\/im\/v1\/messages/ });
    h.emulator.inject({ kind: 'reset-after-deliver', times: 1 });
    await enqueueFile(h, xlsx(randomBytes(3_000)));
    expect(await settled(h, 1)).toEqual({ sent: 1 });

    expect(uploadRequests(h)).toEqual([200]);
    const [upload] = h.emulator.files();
    const sends = h.emulator.requestLog.filter((r) => r.method === 'POST' && r.path === '/open-apis/im/v1/messages');
    expect(sends.map((r) => r.status)).toEqual([502, 0, 200]);
    const row = await h.app.db.db.selectFrom('outbox').innerJoin('outbox_files', 'outbox_files.outbox_id', 'outbox.id').select(['outbox.id', 'outbox_files.file_key']).executeTakeFirstOrThrow();
    expect(sends.slice(1).map((r) => r.uuid)).toEqual([row.id, row.id]);
    const messages = fileMessagesTo(h, reader.openId);
    expect(messages.map((m) => m.content.file_key)).toEqual([upload!.fileKey]);
    expect(row.file_key).toBe(upload!.fileKey);
  });

  it('sends nothing, and uploads nothing, for a transaction that rolled back', async () => {
    h = await startHarness();
    h.emulator.addUser(reader);
    const db = h.app.db.db;
    await expect(db.transaction().execute(async (trx) => {
      await new OutboxRepository(trx).enqueueFile(trx, reader.openId, xlsx(randomBytes(500)));
      throw new Error('the export failed half way');
    })).rejects.toThrow('half way');
    // a message queued afterwards to the same person shows the dispatcher had every chance
    await new OutboxRepository(db).enqueue(db, [{ kind: 'send', receiveIdType: 'open_id', receiveId: reader.openId, msgType: 'text', content: { text: '之后的消息' } }]);
    h.app.dispatcher.wake();
    expect(await settled(h, 1)).toEqual({ sent: 1 });
    expect(h.emulator.messages({ sender: 'app', receiveOpenId: reader.openId }).map((m) => m.content)).toEqual([{ text: '之后的消息' }]);
    expect(uploadRequests(h)).toEqual([]);
    expect(await db.selectFrom('outbox_files').select('outbox_id').execute()).toEqual([]);
  });

  it('gives handlers ctx.sendFile: committed with the event, refused when empty, dropped with a failing handler', async () => {
    const command = (name: string, run: Registry['commands'][number]['run']) => ({ name, words: [name], label: t(name, name), description: t('', ''), run });
    const exported = randomBytes(4_096);
    const registry: Registry = {
      ...defaultRegistry,
      commands: [
        ...defaultRegistry.commands,
        command('test-export', async (ctx) => {
          ctx.reply(card({ title: t('导出已生成', 'Export ready'), elements: [markdown(t('文件随后发送', 'The file follows'))] }));
          ctx.sendFile(ctx.actorOpenId, xlsx(exported, '导出.xlsx'), { dedupeKey: `test-export:${ctx.event.eventId}` });
        }),
        command('test-export-empty', async (ctx) => { ctx.sendFile(ctx.actorOpenId, xlsx(Buffer.alloc(0))); }),
        command('test-export-broken', async (ctx) => {
          ctx.sendFile(ctx.actorOpenId, xlsx(randomBytes(64), 'broken.xlsx'));
          throw new Error('the workbook could not be finished');
        }),
      ],
    };
    h = await startHarness({ app: { registry } });
    const chatId = await h.addPerson(reader);
    const say = async (text: string, count: number) => {
      await h!.sender.sendMessage({ senderOpenId: reader.openId, chatId, chatType: 'p2p', text });
      return h!.emulator.waitForMessages(count, { sender: 'app', chatId }, 10_000);
    };

    await say('test-export', 2);
    const first = h.emulator.messages({ sender: 'app', chatId });
    expect(first.map((m) => cardTitle(m.content)).filter(Boolean)).toEqual(['导出已生成']);
    const [file] = fileMessagesTo(h, reader.openId);
    expect(h.emulator.file(file!.content.file_key)).toMatchObject({ name: '导出.xlsx', type: 'xls' });
    expect(h.emulator.file(file!.content.file_key)!.bytes.equals(exported)).toBe(true);

    const refused = (await say('test-export-empty', 3)).at(-1)!;
    expect(cardTitle(refused.content)).toBe('没有办成');
    expect(JSON.stringify(refused.content)).toContain('文件是空的');

    const apology = (await say('test-export-broken', 4)).at(-1)!;
    expect(apology.msgType).toBe('interactive');
    await settled(h, 4);
    expect(fileMessagesTo(h, reader.openId)).toHaveLength(1);
    expect(h.emulator.files().map((f) => f.name)).toEqual(['导出.xlsx']);
  });

  it('lets a job send a file once per occurrence and key', async () => {
    h = await startHarness();
    h.emulator.addUser(reader);
    const bytes = randomBytes(1_000);
    const job = {
      name: 'test-file-job', describe: 'sends a file', cron: '0 8 * * *', calendar: 'all' as const, catchUpMs: 60_000,
      async run(ctx: Parameters<typeof defaultRegistry.jobs[number]['run']>[0]) {
        ctx.sendFile(reader.openId, { name: '周报汇总.pdf', type: 'pdf', bytes }, reader.openId);
        ctx.sendFile(reader.openId, { name: '周报汇总.pdf', type: 'pdf', bytes }, reader.openId);
      },
    };
    const result = await runOccurrence({ db: h.app.db.db, timeZone: 'Asia/Shanghai', instanceId: 'test', logger: quietLogger, now: () => new Date(), onQueued: () => h!.app.dispatcher.wake() }, job, new Date('2024-10-11T00:00:00Z'));
    expect(result).toMatchObject({ status: 'ran', recipients: 1 });
    expect(await settled(h, 1)).toEqual({ sent: 1 });
    const [file] = fileMessagesTo(h, reader.openId);
    expect(h.emulator.file(file!.content.file_key)).toMatchObject({ name: '周报汇总.pdf', type: 'pdf' });
    expect(h.emulator.file(file!.content.file_key)!.bytes.equals(bytes)).toBe(true);
  });
});
