import { loadConfig, ConfigError } from '../config';
import { createLogger } from '../logger';
import { createDb } from '../db/create-db';
import { migrateToLatest } from '../db/migrate';
import type { AdminCommand } from './admin-command';
import { migrate } from './commands/migrate';
import { importRosterCommand } from './commands/import-roster';
import { seedDemoCommand } from './commands/seed-demo';
import { programs } from './commands/programs';
import { programSet } from './commands/program-set';
import { programMember } from './commands/program-member';
import { mentorCapacity } from './commands/mentor-capacity';
import { failedSends } from './commands/failed-sends';
import { batches } from './commands/batches';
import { catalogue } from './commands/catalogue';
import { surveySend } from './commands/survey-send';
import { jobs } from './commands/jobs';
import { runJob } from './commands/run-job';
import { stats } from './commands/stats';

/**
 * `npm run admin -- <command>`: the organisation department's tools. Each command opens the database the
 * bot uses (DATABASE_URL, or the embedded one in DATA_DIR) and says in plain words what it did.
 * Adding a command: one file under src/cli/commands/ and one entry here.
 */
const commands: Record<string, AdminCommand> = {
  migrate,
  'import-roster': importRosterCommand,
  'seed-demo': seedDemoCommand,
  programs,
  'program-set': programSet,
  'program-member': programMember,
  'mentor-capacity': mentorCapacity,
  'failed-sends': failedSends,
  batches,
  catalogue,
  'survey-send': surveySend,
  jobs,
  'run-job': runJob,
  stats,
};

function usage(): string {
  const lines = Object.values(commands).map((c) => `  ${c.usage}\n      ${c.describe}`);
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
    const config = loadConfig();
    const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
    const db = await createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
    try {
      if (command.migrateFirst !== false) await migrateToLatest(db.db);
      return await command.run({ config, db, logger, out: (l) => console.log(l), err: (l) => console.error(l) }, args);
    } finally {
      await db.close();
    }
  } catch (err) {
    console.error(err instanceof ConfigError ? `configuration: ${err.message}` : `${name} failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
