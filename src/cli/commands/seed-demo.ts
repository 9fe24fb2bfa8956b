import type { AdminCommand } from '../admin-command';
import { seedDemo } from '../../services/seed-demo';
import { cliActor, guarded } from './admin-output';

/** `seed-demo`: the Huolu-town demo of PROGRAM.md (demo/roster.csv + demo/programs.json). Safe to repeat. */
export const seedDemoCommand: AdminCommand = {
  usage: 'seed-demo',
  describe: 'load demo/roster.csv and the three demo programs (idempotent)',
  async run(ctx, args) {
    if (args.length > 0) {
      ctx.err('usage: npm run admin -- seed-demo');
      return 2;
    }
    return guarded(ctx, async () => {
      const r = await seedDemo({ db: ctx.db.db, actor: cliActor() });
      const c = r.roster.counts;
      ctx.out(r.roster.unchanged
        ? `Roster: unchanged (${c.unchanged} cadres already as in demo/roster.csv).`
        : `Roster: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.deactivated} deactivated, ${c.reactivated} reactivated, ${c.unitsCreated} units created.`);
      for (const p of r.programs) {
        ctx.out(`Program ${p.code}: ${p.action}`);
        if (p.action === 'updated') for (const change of p.changes) ctx.out(`    ${change}`);
      }
      ctx.out(r.unchanged ? 'Nothing changed: the demo was already loaded.' : 'The Huolu-town demo is loaded. Try: npm run admin -- programs');
      return 0;
    });
  },
};
