import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as lark from '@larksuiteoapi/node-sdk';
import type { LarkEmulator } from '../../../src/emulator/lark-emulator';
import { failure, sdkClient, startEmulator } from './helpers';

const MAX = 4_096;
const bytes = (n: number, seed = 7) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) % 256));

describe('LarkEmulator im/v1/files and file messages', () => {
  let emu: LarkEmulator;
  let client: lark.Client;
  let token: string;
  beforeAll(async () => {
    // A small limit keeps the too-large cases small; Lark's own is 30 MB.
    emu = await startEmulator({ fileMaxBytes: MAX, limits: { perReceiverPerSecond: 1000 } });
    emu.addUser({ openId: 'ou_file_reader', name: '文件接收人' });
    client = sdkClient(emu);
    const auth = await fetch(`${emu.url}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ app_id: emu.appId, app_secret: 'secret' }),
    });
    token = ((await auth.json()) as { tenant_access_token: string }).tenant_access_token;
  });
  afterAll(() => emu.close());

  /** A raw multipart POST, for what the SDK's types would not let through. */
  const upload = async (fields: Record<string, string | Blob>, auth: string | null = token) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    const res = await fetch(`${emu.url}/open-apis/im/v1/files`, { method: 'POST', body: form, headers: auth ? { authorization: `Bearer ${auth}` } : {} });
    return { status: res.status, body: (await res.json()) as { code: number; msg: string; data?: { file_key?: string } } };
  };

  it('stores an SDK upload (a Buffer) byte for byte and sends it as a file message', async () => {
    const original = bytes(MAX); // exactly the limit is allowed
    const uploaded = await client.im.v1.file.create({ data: { file_type: 'xls', file_name: '统计导出.xlsx', file: original } });
    const fileKey = uploaded?.file_key ?? '';
    expect(fileKey).toMatch(/^file_v3_/);
    const stored = emu.file(fileKey)!;
    expect(stored).toMatchObject({ name: '统计导出.xlsx', type: 'xls' });
    expect(stored.bytes.equals(original)).toBe(true);

    const sent = await client.im.v1.message.create({ params: { receive_id_type: 'open_id' }, data: { receive_id: 'ou_file_reader', msg_type: 'file', content: JSON.stringify({ file_key: fileKey }) } });
    expect(sent.code).toBe(0);
    const [message] = emu.messages({ receiveOpenId: 'ou_file_reader' });
    expect(message).toMatchObject({ msgType: 'file', content: { file_key: fileKey }, sender: 'app', messageId: sent.data?.message_id });
    // the upload is in the request log like any Open API call, so tests can count uploads
    expect(emu.requestLog.filter((r) => r.method === 'POST' && r.path === '/open-apis/im/v1/files' && r.status === 200)).toHaveLength(1);
    expect(emu.files().map((f) => f.fileKey)).toEqual([fileKey]);
  });

  it('refuses a bad file_type, missing fields, an empty file and one over the limit with Lark codes', async () => {
    const file = new Blob([bytes(10)]);
    const cases: [Record<string, string | Blob>, number][] = [
      [{ file_type: 'xlsx', file_name: 'a.xlsx', file }, 234001],
      [{ file_type: 'application/vnd.ms-excel', file_name: 'a.xlsx', file }, 234001],
      [{ file_name: 'a.xlsx', file }, 234001],
      [{ file_type: 'xls', file }, 234001],
      [{ file_type: 'xls', file_name: 'a.xlsx' }, 234001],
      [{ file_type: 'xls', file_name: 'a.xlsx', duration: 'long', file }, 234001],
      [{ file_type: 'xls', file_name: 'a.xlsx', file: new Blob([]) }, 234010],
      [{ file_type: 'xls', file_name: 'a.xlsx', file: new Blob([bytes(MAX + 1)]) }, 234006],
      // far past the limit: refused while reading the body, with the same code
      [{ file_type: 'xls', file_name: 'a.xlsx', file: new Blob([bytes(MAX + 200_000)]) }, 234006],
    ];
    for (const [fields, code] of cases) {
      const res = await upload(fields);
      expect([res.status, res.body.code], JSON.stringify(Object.keys(fields))).toEqual([400, code]);
    }
    const notMultipart = await fetch(`${emu.url}/open-apis/im/v1/files`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ file_type: 'xls', file_name: 'a', file: 'x' }),
    });
    expect([notMultipart.status, ((await notMultipart.json()) as { code: number }).code]).toEqual([400, 234001]);
    expect(emu.files().filter((f) => f.name === 'a.xlsx')).toHaveLength(0);
  });

  it('guards the upload with the tenant token like every other Open API route', async () => {
    const fields = { file_type: 'pdf', file_name: 'x.pdf', file: new Blob([bytes(5)]) };
    expect(await upload(fields, null)).toMatchObject({ status: 400, body: { code: 99991661 } });
    expect(await upload(fields, 't-forged')).toMatchObject({ status: 400, body: { code: 99991663 } });
    const ok = await upload(fields);
    expect(ok).toMatchObject({ status: 200, body: { code: 0, data: { file_key: expect.stringMatching(/^file_v3_/) } } });
  });

  it('refuses a file message whose file_key was never uploaded, or whose type needs another msg_type', async () => {
    const before = emu.messages({ receiveOpenId: 'ou_file_reader' }).length;
    const send = (msgType: string, content: unknown) => client.im.v1.message.create({ params: { receive_id_type: 'open_id' }, data: { receive_id: 'ou_file_reader', msg_type: msgType, content: JSON.stringify(content) } });
    expect(await failure(send('file', { file_key: 'file_v3_never_uploaded' }))).toMatchObject({ status: 400, code: 230001 });
    expect(await failure(send('file', { image_key: 'img_x' }))).toMatchObject({ status: 400, code: 230001 });
    const video = await upload({ file_type: 'mp4', file_name: 'v.mp4', file: new Blob([bytes(9)]) });
    expect(await failure(send('file', { file_key: video.body.data?.file_key }))).toMatchObject({ status: 400, code: 230055 });
    expect((await send('media', { file_key: video.body.data?.file_key })).code).toBe(0);
    // replies check the same way
    const parent = emu.messages({ receiveOpenId: 'ou_file_reader' }).at(-1)!;
    expect(await failure(client.im.v1.message.reply({ path: { message_id: parent.messageId }, data: { msg_type: 'file', content: JSON.stringify({ file_key: 'file_v3_nope' }) } }))).toMatchObject({ status: 400, code: 230001 });
    expect(emu.messages({ receiveOpenId: 'ou_file_reader' })).toHaveLength(before + 1);
  });
});
