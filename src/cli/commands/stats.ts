import { writeFileSync } from 'node:fs';
import type { AdminCommand } from '../admin-command';
import { findUnit } from '../../services/statistics';
import { csv, statsSheets, statsText, workbook } from '../../services/stats-export';
import { inTransaction } from '../../db/in-transaction';
import { guarded, usageError } from './admin-output';

const USAGE = 'stats [--unit <path or name>] [--format text|csv|xlsx] [--sheet <name>] [--out <file.xlsx>]';

/**
 * The statistics of the 统计 card for the district or one unit: `text` (default) prints the sentence and the
 * figures; `csv` prints one sheet (the summary unless --sheet names another) to stdout; `xlsx` writes every
 * sheet to a file. The command line is the department's own tool, so it sees the whole district.
 */
export const stats: AdminCommand = {
  usage: USAGE,
  describe: 'the statistics of the stats card, as text, CSV (one sheet) or an XLSX file (every sheet)',
  async run(ctx, args) {
    const opts: Record<string, string> = {};
    for (let i = 0; i < args.length; i += 2) {
      const key = args[i];
      const value = args[i + 1];
      if (!key || !['--unit', '--format', '--sheet', '--out'].includes(key) || value === undefined) return usageError(ctx, USAGE, key ? `cannot read "${key}"` : undefined);
      opts[key.slice(2)] = value;
    }
    const format = opts.format ?? 'text';
    if (!['text', 'csv', 'xlsx'].includes(format)) return usageError(ctx, USAGE, `format must be text, csv or xlsx, got "${format}"`);
    return guarded(ctx, async () => {
      const now = new Date();
      const { sheets, stats: s, isDistrict } = await inTransaction(ctx.db.db, async (tx) => {
        const unit = await findUnit(tx, opts.unit);
        return { ...(await statsSheets(tx, unit, now, ctx.config.timeZone)), isDistrict: unit.depth === 0 };
      });
      if (format === 'text') {
        ctx.out(statsText(s, isDistrict).trimEnd());
        return 0;
      }
      if (format === 'csv') {
        const sheet = sheets.find((x) => x.name === (opts.sheet ?? '概况'));
        if (!sheet) return usageError(ctx, USAGE, `no sheet "${opts.sheet}"; sheets: ${sheets.map((x) => x.name).join(', ')}`);
        ctx.out(csv(sheet).replace(/\r\n$/, ''));
        return 0;
      }
      const file = opts.out ?? `yinhang-stats-${s.scope.name}-${s.computedOn}.xlsx`;
      writeFileSync(file, await workbook(sheets, `引航统计 ${s.scope.path} ${s.computedOn}`));
      ctx.out(`wrote ${file}: ${sheets.map((x) => `${x.name} (${x.rows.length})`).join(', ')}`);
      return 0;
    });
  },
};
