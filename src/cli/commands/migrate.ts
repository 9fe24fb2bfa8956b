import { migrateToLatest } from '../../db/migrate';
import type { AdminCommand } from '../admin-command';

export const migrate: AdminCommand = {
  usage: 'migrate',
  describe: 'apply pending database migrations (also done automatically at start)',
  migrateFirst: false,
  async run({ db, out }) {
    const { applied } = await migrateToLatest(db.db);
    out(applied.length === 0 ? 'Database is up to date; nothing to apply.' : `Applied ${applied.length} migration(s): ${applied.join(', ')}`);
    return 0;
  },
};
