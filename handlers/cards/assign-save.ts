import type { CardContext, CardResponse } from '../../src/context';
import { t } from '../../src/lark/cards/card-kit';
import { assignPair } from '../../src/services/assignment';
import { sendPlacementNotices } from './assign-notices';

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/**
 * The 指定 card's form was submitted: `{ a: 'assign.save', p }`. Field names carry the program id
 * (`mentee_<p>`), because Lark wants every component name unique in the card and the card has one form
 * per program; plain `mentee` / `mentor` / `override` are accepted too.
 */
export async function saveAssignment(ctx: CardContext): Promise<CardResponse> {
  const p = ctx.event.value.p;
  const form = ctx.event.formValue ?? {};
  const field = (name: string): string => str(form[`${name}_${String(p)}`] ?? form[name]);
  const placed = await assignPair(ctx.tx, ctx.actor, {
    programId: p, menteeOpenId: field('mentee'), mentorOpenId: field('mentor'), overrideCapacity: ['yes', 'true', '1'].includes(field('override')),
  }, { eventId: ctx.event.eventId });
  sendPlacementNotices(ctx, placed);
  const over = placed.load > placed.capacity ? { zh: '，已超额', en: ', over capacity' } : { zh: '', en: '' };
  return {
    toast: {
      type: 'success',
      text: t(
        `已指定：${placed.mentee.name} → ${placed.mentor.name}（${placed.load}/${placed.capacity}${over.zh}），已通知双方`,
        `Assigned: ${placed.mentee.name} → ${placed.mentor.name} (${placed.load}/${placed.capacity}${over.en}); both have been told`,
      ),
    },
  };
}
