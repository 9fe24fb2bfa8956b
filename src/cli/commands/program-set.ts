import type { AdminCommand } from '../admin-command';
import { SETTABLE_FIELDS, setProgramFields } from '../../services/program-admin';
import { cliActor, guarded, usageError } from './admin-output';

const USAGE = `program-set <code> <field>=<value>…   (fields: ${SETTABLE_FIELDS.join(', ')})`;

/** `program-set huolu-young default_capacity=4 end_date=2023-12-31`: all fields checked, then set together. */
export const programSet: AdminCommand = {
  usage: 'program-set <code> <field>=<value>…',
  describe: `change a program: ${SETTABLE_FIELDS.join(', ')} (unit = a unit path)`,
  async run(ctx, args) {
    const [code, ...assignments] = args;
    if (!code || assignments.length === 0) return usageError(ctx, USAGE);
    return guarded(ctx, async () => {
      const { program, changes } = await setProgramFields(ctx.db.db, code, assignments, cliActor());
      if (changes.length === 0) ctx.out(`${program.code}: already so; nothing changed.`);
      for (const c of changes) ctx.out(`${program.code}: ${c.field} ${c.from} → ${c.to}`);
      return 0;
    });
  },
};
