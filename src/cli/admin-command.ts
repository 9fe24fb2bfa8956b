import type { Config } from '../config';
import type { Db } from '../db/create-db';
import type { Logger } from '../logger';

/** What an admin command gets: the configuration, an open (migrated) database, a quiet logger, and its output. */
export interface AdminContext {
  config: Readonly<Config>;
  db: Db;
  logger: Logger;
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface AdminCommand {
  /** e.g. `import-roster <file.csv|file.xlsx>` */
  usage: string;
  describe: string;
  /** false for commands that must run before/without migrations (migrate itself) */
  migrateFirst?: boolean;
  run(ctx: AdminContext, args: string[]): Promise<number>;
}
