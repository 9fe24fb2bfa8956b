import type { HandlerContext } from '../../src/context';
import { reviewCard } from '../../src/lark/cards/report-cards';
import type { SavedReport } from '../../src/services/weekly-reports';

/** Each mentor of the pair gets the (new or changed) report to review; one message per version and mentor. */
export function sendToMentors(ctx: HandlerContext, saved: SavedReport): void {
  for (const m of saved.pair.mentors) {
    if (!m.openId) continue;
    ctx.sendTo(m.openId, reviewCard(saved.pair, saved.report, { edited: saved.edited }), { dedupeKey: `report:${saved.report.id}:${saved.report.updatedAt.getTime()}:m${m.cadreId}` });
  }
}
