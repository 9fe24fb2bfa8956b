import type { AdminCommand } from '../admin-command';
import { setMentorCapacity } from '../../services/program-admin';
import { cliActor, guarded, usageError } from './admin-output';

const USAGE = 'mentor-capacity <code> <person> <n|default>';

/** A popular mentor may take more mentees than the program's default (the article's chairman took five). */
export const mentorCapacity: AdminCommand = {
  usage: USAGE,
  describe: "set one mentor's capacity in a program (default = back to the program's default capacity)",
  async run(ctx, args) {
    const [code, ...rest] = args;
    const capacity = rest.pop();
    if (!code || !capacity || rest.length === 0) return usageError(ctx, USAGE);
    return guarded(ctx, async () => {
      const r = await setMentorCapacity(ctx.db.db, { code, person: rest.join(' '), capacity }, cliActor());
      const show = (n: number | null) => (n === null ? `the program default (${r.program.defaultCapacity})` : String(n));
      ctx.out(r.before === r.after ? `${r.program.code}: ${r.person.name} already has ${show(r.after)}; nothing changed.` : `${r.program.code}: ${r.person.name}: ${show(r.before)} → ${show(r.after)}`);
      return 0;
    });
  },
};
