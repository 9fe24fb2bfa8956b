import type { AdminCommand } from '../admin-command';
import { addBatch, assignToBatch, listBatches } from '../../services/program-admin';
import { cliActor, guarded, reasonLines, usageError } from './admin-output';

const USAGE = ['batches <code>', 'batches <code> add <number> <start YYYY-MM-DD> <end YYYY-MM-DD>', 'batches <code> assign <number> <open_id|mobile|name>'].join('\n       npm run admin -- ');

/** Secondment batches (挂职锻炼, "5 batches of one month"): list them, add one, put a village cadre in one. */
export const batches: AdminCommand = {
  usage: 'batches <code> [add <n> <start> <end> | assign <n> <person>]',
  describe: 'list a secondment program\'s batches, add a batch, or assign a cadre to one',
  async run(ctx, args) {
    const [code, sub, ...rest] = args;
    if (!code) return usageError(ctx, USAGE);
    const db = ctx.db.db;
    return guarded(ctx, async () => {
      if (sub === undefined) {
        const { program, batches: list } = await listBatches(db, code);
        if (list.length === 0) ctx.out(`${program.code} has no batches yet (add one with: batches ${program.code} add <n> <start> <end>).`);
        for (const b of list) {
          ctx.out(`batch ${b.number}: ${b.startDate} – ${b.endDate}, ${b.members.length} member(s)`);
          for (const m of b.members) ctx.out(`    ${m.eligibility.eligible ? ' ' : '✗'} ${m.name}  ${m.unitPath}${m.eligibility.eligible ? '' : `\n${reasonLines(m.eligibility.reasons, '        ').join('\n')}`}`);
        }
        return 0;
      }
      if (sub === 'add') {
        const [number, start, end] = rest;
        if (!number || !start || !end || rest.length > 3) return usageError(ctx, USAGE);
        const b = await addBatch(db, code, { number, startDate: start, endDate: end }, cliActor());
        ctx.out(`${code}: added batch ${b.number} (${b.startDate} – ${b.endDate})`);
        return 0;
      }
      if (sub === 'assign') {
        const [number, ...who] = rest;
        if (!number || who.length === 0) return usageError(ctx, USAGE);
        const r = await assignToBatch(db, code, { number, person: who.join(' ') }, cliActor());
        ctx.out(r.unchanged
          ? `${r.person.name} is already in batch ${r.batch.number}; nothing changed.`
          : `${r.person.name} → batch ${r.batch.number} (${r.batch.startDate} – ${r.batch.endDate})${r.movedFrom ? `, moved from batch ${r.movedFrom}` : ''}`);
        if (!r.eligibility.eligible) {
          ctx.out('    warning: not in the mentee pool for this batch:');
          ctx.out(reasonLines(r.eligibility.reasons).join('\n'));
        }
        return 0;
      }
      return usageError(ctx, USAGE, `unknown subcommand "${sub}"`);
    });
  },
};
