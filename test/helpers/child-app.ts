// A second process running the real app, so tests can SIGKILL it mid-work. Started by spawnChildApp();
// reads its environment and options from YINHANG_CHILD, prints "READY <url>" once listening and
// "HANDLING <text>" when the `hang` command starts (and then never finishes it).
import { loadConfig } from '../../src/config';
import { startApp } from '../../src/app';
import { registry as defaultRegistry } from '../../handlers/index';
import type { Registry } from '../../src/context';
import { quietLogger } from './test-db';

const spec = JSON.parse(process.env.YINHANG_CHILD ?? '{}') as { env: Record<string, string>; options?: Record<string, unknown>; hang?: boolean };

const registry: Registry = spec.hang
  ? {
      ...defaultRegistry,
      commands: [
        ...defaultRegistry.commands,
        {
          name: 'hang', words: ['hang'], label: { zh: '挂起', en: 'Hang' }, description: { zh: '', en: '' },
          run: async (ctx) => {
            process.stdout.write(`HANDLING ${ctx.event.kind}\n`);
            await new Promise(() => undefined);
          },
        },
      ],
    }
  : defaultRegistry;

const app = await startApp(loadConfig(spec.env), { logger: quietLogger, host: '127.0.0.1', registry, pollMs: 100, ...(spec.options ?? {}) });
process.stdout.write(`READY ${app.url}\n`);
