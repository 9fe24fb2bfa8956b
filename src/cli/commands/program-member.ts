import type { AdminCommand } from '../admin-command';
import { setProgramMember } from '../../services/program-admin';
import { cliActor, guarded, reasonLines, usageError } from './admin-output';

const USAGE = 'program-member <code> <mentor|mentee> <include|exclude|clear> <open_id|mobile|name>';

/**
 * The organisation's word over the rules (双向选择+组织指定): include someone the rules leave out, exclude
 * someone they let in, or clear the override and let the rules decide again.
 */
export const programMember: AdminCommand = {
  usage: 'program-member <code> <mentor|mentee> <include|exclude|clear> <person>',
  describe: 'add someone to, or remove them from, a mentor or mentee pool by hand',
  async run(ctx, args) {
    const [code, role, action, ...who] = args;
    if (!code || !role || !action || who.length === 0) return usageError(ctx, USAGE);
    return guarded(ctx, async () => {
      const r = await setProgramMember(ctx.db.db, { code, role, action, person: who.join(' ') }, cliActor());
      const label = (m: string | undefined) => (m === 'include' ? 'included by hand' : m === 'exclude' ? 'excluded by hand' : 'decided by the rules');
      ctx.out(r.before === r.after
        ? `${r.program.code}: ${r.person.name} (${r.role}) is already ${label(r.after)}; nothing changed.`
        : `${r.program.code}: ${r.person.name} (${r.role}) ${label(r.before)} → ${label(r.after)}`);
      ctx.out(`    ${r.eligibility.eligible ? 'in the pool' : 'not in the pool'}:`);
      ctx.out(reasonLines(r.eligibility.reasons).join('\n'));
      return 0;
    });
  },
};
