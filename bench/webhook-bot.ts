// The real bot (startApp, production defaults: pool sizes, poll intervals, worker concurrency) in a process of
// its own for the webhook and callback benches. YINHANG_BENCH_BOT = {env, pause, sessionNamespace}: the app's
// environment; which background workers to stop once it is up, so that what the bench measures on the bot's
// core is the request path and not a backlog being worked off beside it; its own Redis key prefix. Prints
// "READY <url>"; SIGTERM stops it as a deployment would (drain, then close the pools).
import pino from 'pino';
import { loadConfig } from '../src/config';
import { startApp } from '../src/app';

export type Worker = 'inbox' | 'outbox' | 'jobs';
export interface BenchBotSpec { env: Record<string, string>; pause: Worker[]; sessionNamespace: string }

const spec = JSON.parse(process.env.YINHANG_BENCH_BOT ?? '{}') as BenchBotSpec;
const app = await startApp(loadConfig(spec.env), {
  logger: pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' }), host: '127.0.0.1', sessionNamespace: spec.sessionNamespace,
});
const stoppers: Record<Worker, () => Promise<void>> = {
  inbox: () => app.inboxWorker.stop(),
  outbox: () => app.dispatcher.stop(),
  jobs: () => app.scheduler.stop(),
};
for (const w of spec.pause ?? []) await stoppers[w]();

let stopping: Promise<void> | undefined;
process.on('SIGTERM', () => void (stopping ??= app.stop().then(() => process.exit(0))));
process.stdout.write(`READY ${app.url}\n`);
