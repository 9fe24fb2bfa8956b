import { sql, type Kysely } from 'kysely';

// Frozen in time: files the bot sends (an XLSX export to a person) travel through the outbox like any other
// message. Lark wants the bytes uploaded first (im/v1/files → file_key), then a message of msg_type `file`
// naming the key; the bytes wait here, in the transaction that queued the message, until they are uploaded.

export async function up(db: Kysely<any>): Promise<void> {
  // One file per outbox row (the row with msg_type 'file'); deleting the row deletes its file.
  await db.schema
    .createTable('outbox_files')
    .addColumn('outbox_id', 'uuid', (c) => c.primaryKey().references('outbox.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    // Lark's file_type values that go out as msg_type 'file' (mp4 would need 'media', opus 'audio').
    .addColumn('file_type', 'text', (c) => c.notNull().check(sql`file_type in ('xls', 'pdf', 'doc', 'ppt', 'stream')`))
    // Lark refuses empty files (234010) and files over 30 MB (234006); 30 000 000 stays under either reading of "MB".
    .addColumn('size_bytes', 'integer', (c) => c.notNull().check(sql`size_bytes between 1 and 30000000`))
    // Null once the message is settled (sent or given up): the file then lives at Lark, or nowhere.
    .addColumn('bytes', 'bytea')
    // Set by the first successful upload, so a retry of the send never uploads again.
    .addColumn('file_key', 'text')
    .addColumn('uploaded_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('outbox_files').execute();
}
