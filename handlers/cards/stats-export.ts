import type { CardContext, CardResponse } from '../../src/context';
import type { Bilingual } from '../../src/lark/cards/card-kit';
import { statsScopeById } from '../../src/services/statistics';
import { sendExport } from '../commands/export';

/** 导出 Excel on the stats card: that unit's workbook, sent to whoever clicked (if they may see it). */
export async function statsExport(ctx: CardContext): Promise<CardResponse> {
  const scope = await statsScopeById(ctx.tx, ctx.actor, ctx.event.value.u);
  let text: Bilingual | undefined;
  await sendExport(ctx, scope, (t) => { text = t; });
  return { toast: { type: 'success', text: text! } };
}
