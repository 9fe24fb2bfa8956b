import { loadConfig, ConfigError } from './config';
import { startApp } from './app';

/** Process entry: config → app → wait for a signal → drain → exit. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`yinhang: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const app = await startApp(config);
  if (config.playground) {
    console.log(`\n  引航 Yinhang playground: open http://localhost:${new URL(app.url).port}/ in a browser\n`);
  }
  let signals = 0;
  const onSignal = (signal: string): void => {
    signals += 1;
    if (signals > 1) process.exit(1);
    app.logger.info({ signal }, 'signal received');
    const force = setTimeout(() => process.exit(1), 25_000);
    force.unref();
    app.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
}

main().catch((err) => {
  console.error('yinhang failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
