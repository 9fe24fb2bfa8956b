import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../helpers/test-app';
import { makePair, startPlaygroundApp } from './console-kit';
import type { App } from '../../../src/app';

/**
 * What the console page reads, over HTTP: its files with the right types and a strict page policy, the roster
 * for the picker, the demo group, the scheduled jobs and `run-job` through the same command as the CLI, the
 * outbox, and the emulator's log of traffic both ways (no browser needed).
 */
describe('playground console: the page\'s files and its API', () => {
  let app: App;
  let close: () => Promise<void>;
  const get = async (path: string) => fetch(`${app.url}${path}`);
  const json = async <T = any>(path: string, body?: unknown): Promise<{ status: number; body: T; headers: Headers }> => {
    const res = await fetch(`${app.url}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as T, headers: res.headers };
  };

  beforeAll(async () => {
    ({ app, close } = await startPlaygroundApp());
    await makePair(app, 'huolu-young', 'ou_demo_young_02', ['ou_demo_leader_07'], '2026-09-01T10:00:00+08:00');
  }, 90_000);
  afterAll(async () => close?.());

  it('serves the page with a policy that runs only its own scripts, and its modules and styles with their types', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('引航体验台');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    for (const [file, type] of [['console.js', 'javascript'], ['card-render.js', 'javascript'], ['console.css', 'text/css'], ['card.css', 'text/css']]) {
      const res = await get(`/console/static/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type'), file).toContain(type);
    }
    expect((await get('/console/static/nope.js')).status).toBe(404);
    expect((await get('/console/static/../console-router.ts')).status).toBe(404);
  });

  it('the roster for the picker: units, categories and roles from the bot\'s database; everyone in the demo group', async () => {
    const { body } = await json<{ people: { openId: string; name: string; unitPath: string; category: string; roles: string[] }[]; group: { chatId: string; name: string; memberOpenIds: string[] }; timeZone: string }>('/console-api/app/roster');
    expect(body.people).toHaveLength(79);
    expect(body.people.find((p) => p.openId === 'ou_demo_admin_01')).toEqual({ openId: 'ou_demo_admin_01', name: '林晓岚', unitPath: '武隆区/火炉镇/党委', category: 'other', roles: ['admin'] });
    expect(body.people.find((p) => p.openId === 'ou_demo_secretary')!.roles).toEqual(['leader']);
    expect(body.timeZone).toBe('Asia/Shanghai');
    expect(body.group.name).toBe('火炉镇引航群');
    expect(new Set(body.group.memberOpenIds)).toEqual(new Set(body.people.map((p) => p.openId)));
    const { body: chats } = await json<{ chats: { chatId: string; chatType: string }[] }>('/console-api/chats');
    expect(chats.chats).toContainEqual(expect.objectContaining({ chatId: body.group.chatId, chatType: 'group' }));
  });

  it('the jobs with their next and last occurrence; run-job through the admin command, once per moment', async () => {
    const { body } = await json<{ jobs: { name: string; cron: string; next: { local: string } | null }[] }>('/console-api/app/jobs');
    expect(body.jobs.map((j) => j.name)).toEqual(expect.arrayContaining(['weekly-report-prompt', 'evaluation-open']));
    expect(body.jobs.find((j) => j.name === 'weekly-report-prompt')!.next?.local).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:[03]0 \w{3}$/);

    const first = await json<{ exitCode: number; out: string[]; run: { outcome: string; recipients: number }; queued: { receiveId: string; summary: string; dedupeKey: string }[] }>('/console-api/app/jobs/weekly-report-prompt/run', { at: '2026-11-27T16:00' });
    expect(first.status).toBe(200);
    expect(first.body.exitCode).toBe(0);
    expect(first.body.out.join('\n')).toContain('Ran weekly-report-prompt for 2026-11-27 16:00 Fri (Asia/Shanghai, 2026-11-27T08:00:00.000Z) (late): queued 1 message(s)');
    expect(first.body.run).toMatchObject({ outcome: 'ran', recipients: 1 });
    expect(first.body.queued).toEqual([expect.objectContaining({ receiveId: 'ou_demo_young_02', summary: '填写周报', dedupeKey: expect.stringMatching(/^job:weekly-report-prompt:2026-11-27T08:00:00.000Z:/) })]);
    const again = await json<{ exitCode: number; out: string[] }>('/console-api/app/jobs/weekly-report-prompt/run', { at: '2026-11-27T16:00' });
    expect(again.body.out.join('\n')).toContain('already ran; nothing written');

    const bad = await json<{ exitCode: number; err: string[] }>('/console-api/app/jobs/weekly-report-prompt/run', { at: 'next friday' });
    expect(bad.status).toBe(400);
    expect(bad.body.err.join('\n')).toContain('not an ISO time: next friday');
    const unknown = await json<{ err: string[] }>('/console-api/app/jobs/no-such-job/run', { at: '2026-11-27T16:00' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.err.join('\n')).toContain('unknown job "no-such-job"');

    // the dispatcher was woken: the prompt is sent, and the outbox says so
    const sent = await eventually(async () => {
      const { body: o } = await json<{ rows: { status: string; dedupeKey: string | null; attempts: number; lastCode: number | null }[] }>('/console-api/app/outbox');
      return o.rows.find((r) => r.dedupeKey?.startsWith('job:weekly-report-prompt:') && r.status === 'sent');
    }, 10_000, 'the prompt to be sent');
    expect(sent).toMatchObject({ attempts: 1, lastCode: 0 });
  });

  it('the emulator\'s log both ways: each push with its signed headers, decrypted body, status and time; each Open API call with its Lark code', async () => {
    const said = await json<{ delivered: boolean; messageId: string }>('/console-api/users/ou_demo_young_02/say', { text: '帮助' });
    expect(said.body.delivered).toBe(true);
    expect(Number(said.headers.get('x-elapsed-ms'))).toBeGreaterThanOrEqual(0);
    const { body } = await eventually(async () => {
      const r = await json<{ requests: { method: string; path: string; status: number; code?: number; ms?: number }[]; deliveries: { eventType: string; headers: Record<string, string>; body: any; status: number; ms: number; encrypted: boolean; wire: string }[] }>('/console-api/requests');
      return r.body.requests.some((x) => x.path.endsWith('/reply')) ? r : undefined;
    }, 10_000, 'the bot to reply');
    const push = body.deliveries.find((d) => d.body?.event?.message?.message_id === said.body.messageId)!;
    expect(push).toMatchObject({ eventType: 'im.message.receive_v1', status: 200, encrypted: true });
    expect(push.headers['x-lark-signature']).toMatch(/^[0-9a-f]{64}$/);
    expect(push.headers['x-lark-request-nonce']).toBeTruthy();
    expect(JSON.parse(push.body.event.message.content)).toEqual({ text: '帮助' });
    expect(push.wire).toMatch(/^\{"encrypt":"/);
    expect(push.ms).toBeGreaterThanOrEqual(0);
    const reply = body.requests.find((x) => x.path.endsWith('/reply'))!;
    expect(reply).toMatchObject({ method: 'POST', status: 200, code: 0 });
    expect(reply.ms).toBeGreaterThanOrEqual(0);

    // one poll for every chat's changes, with a cursor
    const all = await json<{ messages: { messageId: string; chatId: string }[]; cursor: number }>('/console-api/messages?after=0');
    expect(all.body.messages.some((m) => m.messageId === said.body.messageId)).toBe(true);
    const none = await json<{ messages: unknown[] }>(`/console-api/messages?after=${all.body.cursor}`);
    expect(none.body.messages).toEqual([]);
  });
});
