import type { CardContext, CardResponse } from '../../src/context';
import { reportFormCard } from '../../src/lark/cards/report-cards';
import { localDate } from '../../src/domain/local-date';
import { formFor } from '../../src/services/weekly-reports';

/** 修改: the form again, prefilled, in place of the saved card (same checks as a submit: own pair, open week). */
export async function reportOpen(ctx: CardContext): Promise<CardResponse> {
  const form = await formFor(ctx.tx, ctx.actor, ctx.event.value.pair, ctx.event.value.w, localDate(ctx.now(), ctx.timeZone));
  return { card: reportFormCard(form) };
}
