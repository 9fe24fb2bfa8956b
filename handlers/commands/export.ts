import type { HandlerContext } from '../../src/context';
import { t, type Bilingual } from '../../src/lark/cards/card-kit';
import { noticeCard } from '../../src/lark/cards/notice-card';
import type { ScopeUnit } from '../../src/db/repositories/stats-repository';
import { statsScope } from '../../src/services/statistics';
import { statsSheets, workbook } from '../../src/services/stats-export';

/**
 * Builds the XLSX of a scope; `answer` tells the asker (first, so the note arrives before the file), then the
 * workbook is queued to them as a file message in the same transaction.
 */
export async function sendExport(ctx: HandlerContext, scope: ScopeUnit, answer: (text: Bilingual) => void): Promise<void> {
  const { stats, sheets } = await statsSheets(ctx.reader, scope, ctx.now(), ctx.timeZone);
  const name = `引航统计-${scope.name}-${stats.computedOn}.xlsx`;
  const bytes = await workbook(sheets, `引航统计 ${scope.path} ${stats.computedOn}`);
  answer(t(`已生成 ${name}（${sheets.map((s) => s.name).join('、')}），稍后以文件发给您。`, `${name} is ready and will arrive as a file shortly.`));
  ctx.sendFile(ctx.actor.openId, { name, type: 'xls', bytes });
  await ctx.audit({ action: 'stats.export', target: `unit:${scope.path}`, detail: { rows: Object.fromEntries(sheets.map((s) => [s.name, s.rows.length])) } });
}

/** `导出 / export [unit]`: the statistics as an Excel file (summary, pairs, reports, attendance, evaluations). */
export async function exportStats(ctx: HandlerContext, args: string): Promise<void> {
  const scope = await statsScope(ctx.tx, ctx.actor, args.trim() || undefined);
  // Both go to the asker's own chat, so the outbox delivers them in order (a reply would race the file).
  await sendExport(ctx, scope, (text) => ctx.sendTo(ctx.actor.openId, noticeCard(t('导出统计', 'Export'), text, 'indigo')));
}
