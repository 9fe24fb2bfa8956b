import { loadConfig, ConfigError } from '../config';
import { createLogger } from '../logger';
import { createDb } from '../db/create-db';
import { migrateToLatest } from '../db/migrate';

/**
 * `npm run admin -- <command>`: the organisation department's tools. Each command opens the database the
 * bot uses (DATABASE_URL, or the embedded one in DATA_DIR) and says in plain words what it did.
 */
interface AdminCommand {
  usage: string;
  describe: string;
  run(args: string[]): Promise<number>;
}

const commands: Record<string, AdminCommand> = {
  migrate: {
    usage: 'migrate',
    describe: 'apply pending database migrations (also done automatically at start)',
    async run() {
      const config = loadConfig();
      const db = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger: createLogger('warn') });
      try {
        const { applied } = await migrateToLatest(db.db);
        console.log(applied.length === 0 ? 'Database is up to date; nothing to apply.' : `Applied ${applied.length} migration(s): ${applied.join(', ')}`);
        return 0;
      } finally {
        await db.close();
      }
    },
  },
};

function usage(): string {
  const lines = Object.values(commands).map((c) => `  ${c.usage.padEnd(28)} ${c.describe}`);
  return `usage: npm run admin -- <command>\n\ncommands:\n${lines.join('\n')}`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(args);
  } catch (err) {
    console.error(err instanceof ConfigError ? `configuration: ${err.message}` : `${name} failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
