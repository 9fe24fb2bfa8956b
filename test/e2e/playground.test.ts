import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, cardTitle } from '../helpers/test-app';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
// The loader by absolute URL: the child runs in an empty folder, where a bare `tsx` would not resolve.
const TSX = import.meta.resolve('tsx');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('playground mode: npm start with nothing configured', () => {
  const cwd = mkdtempSync(path.join(tmpdir(), 'yinhang-playground-'));
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it('starts on PGlite with the emulator, answers 帮助 in the console, and drains on SIGTERM', async () => {
    const port = await freePort();
    // No DATABASE_URL, REDIS_URL or LARK_* at all: only what a shell always has, and a free port.
    const child = spawn(process.execPath, ['--import', TSX, MAIN], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await eventually(() => out.includes('yinhang is listening') || child.exitCode !== null, 60_000, 'the playground to listen');
      expect(out).toContain('yinhang is listening');
      const logs = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string; db?: string; store?: string; playground?: boolean });
      const listening = logs.find((l) => l.msg === 'yinhang is listening')!;
      expect(listening).toMatchObject({ db: 'pglite', store: 'memory', playground: true });
      expect(logs.some((l) => l.msg.includes('SINGLE instance'))).toBe(true);
      expect(existsSync(path.join(cwd, 'data'))).toBe(true);

      const base = `http://127.0.0.1:${port}`;
      const page = await fetch(`${base}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('引航体验台');
      const { users } = (await (await fetch(`${base}/console-api/users`)).json()) as { users: { openId: string; name: string }[] };
      expect(users.length).toBeGreaterThan(3);
      const me = users[0]!;
      const { chatId } = (await (await fetch(`${base}/console-api/p2p/${me.openId}`)).json()) as { chatId: string };
      const said = await fetch(`${base}/console-api/users/${me.openId}/say`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: '帮助' }) });
      expect(said.status).toBe(200);
      const reply = await eventually(async () => {
        const { messages } = (await (await fetch(`${base}/console-api/chats/${chatId}/messages`)).json()) as { messages: { sender: string; content: unknown }[] };
        return messages.find((m) => m.sender === 'app');
      }, 15_000, 'the bot to answer 帮助');
      expect(cardTitle(reply.content)).toBe('引航 · 帮助');
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('"msg":"stopped"');
  }, 90_000);
});
