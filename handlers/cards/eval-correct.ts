import type { CardContext, CardResponse } from '../../src/context';
import { rateOneCard } from '../../src/lark/cards/evaluation-cards';
import { asAssessor } from '../../src/services/evaluation-rating';
import { rateItem } from '../../src/services/evaluation-view';

/** 更正: the assessor reopens an approved rating as a form; sending it needs a reason and a new approval. */
export async function evalCorrect(ctx: CardContext): Promise<CardResponse> {
  const evaluation = await asAssessor(ctx.tx, ctx.actor, 'eval.correct', ctx.event.value.e);
  return { card: rateOneCard(await rateItem(ctx.tx, evaluation)) };
}
