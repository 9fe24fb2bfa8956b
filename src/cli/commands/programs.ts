import type { AdminCommand } from '../admin-command';
import { TRACKS, CATEGORY_NAMES } from '../../domain/programs';
import { menteePool, mentorPool, programSummaries, type PoolEntry } from '../../services/programs';
import { requireProgram } from '../../services/program-admin';
import { guarded, reasonLines, term, usageError } from './admin-output';

/** `programs` lists every program with its pool sizes; `programs <code>` shows who is in each pool and why. */
export const programs: AdminCommand = {
  usage: 'programs [<code>]',
  describe: 'list the programs with pool sizes, or one program\'s pools with the reasons',
  async run(ctx, args) {
    if (args.length > 1) return usageError(ctx, 'programs [<code>]');
    const db = ctx.db.db;
    return guarded(ctx, async () => {
      if (args.length === 0) {
        const all = await programSummaries(db);
        if (all.length === 0) ctx.out('No programs yet. Load the demo with `npm run admin -- seed-demo`.');
        for (const p of all) {
          ctx.out(`${p.code}  ${TRACKS[p.track].nameZh} ${p.nameZh} / ${p.nameEn}${p.active ? '' : '  [inactive 已停用]'}`);
          ctx.out(`    term ${term(p.startDate, p.endDate)} · scope ${p.unitPath} · ${p.defaultCapacity} mentees per mentor`);
          ctx.out(`    mentors ${p.mentorPoolSize} (${p.capacity} places) · mentees ${p.eligibleMentees} eligible of ${p.menteeCandidates} candidates`);
          for (const b of p.batches) ctx.out(`    batch ${b.number}: ${b.startDate} – ${b.endDate}, ${b.members} member(s)`);
        }
        return 0;
      }
      const program = await requireProgram(db, args[0]!);
      ctx.out(`${program.code}  ${program.nameZh} / ${program.nameEn}  (${term(program.startDate, program.endDate)}, scope ${program.unitPath})`);
      const mentors = await mentorPool(db, program.id, { includeIneligible: true });
      const mentees = await menteePool(db, program.id, { includeIneligible: true });
      print(ctx.out, `Mentors 导师`, mentors);
      print(ctx.out, `Mentees 培养对象`, mentees);
      return 0;
    });
  },
};

function print(out: (l: string) => void, title: string, entries: PoolEntry[]): void {
  const inPool = entries.filter((e) => e.via === 'rule' || e.via === 'include');
  out(`\n${title}: ${inPool.length} in the pool${entries.length > inPool.length ? `, ${entries.length - inPool.length} not` : ''}`);
  for (const e of [...inPool, ...entries.filter((x) => !inPool.includes(x))]) {
    // + included by hand · ? a missing date leaves it open · ✗ out of the pool
    const mark = e.via === 'include' ? '+' : e.via === 'rule' ? ' ' : e.eligibility.status === 'unknown' ? '?' : '✗';
    out(`  ${mark} ${e.name}  ${e.openId ?? ''}  ${CATEGORY_NAMES[e.category].zh}  ${e.unitPath}${e.batch ? `  batch ${e.batch.number}` : ''}`);
    out(reasonLines(e.eligibility.reasons).join('\n'));
  }
}
