import type { CardContext, CardResponse } from '../../src/context';
import { DomainError } from '../../src/domain/domain-error';
import { rowId } from '../../src/domain/row-id';
import { MAX_OPEN_APPLICATIONS } from '../../src/services/applications';
import { changeSelection, type SelectionState } from '../../src/services/mentor-selection';
import { menteeProgramOf, renderSelection } from '../selection-render';

type Edit = (draft: number[], mentorId: number) => number[];

async function editDraft(ctx: CardContext, edit: Edit): Promise<CardResponse> {
  const programId = await menteeProgramOf(ctx);
  const mentorId = rowId(ctx.event.value.m);
  if (!mentorId) throw new DomainError('invalid_input', { zh: '这个按钮已失效。', en: 'This button is out of date.' });
  const { state, version } = await changeSelection(ctx.session, ctx.actor.openId, programId, ctx.event.value.v, (s: SelectionState) => ({ ...s, draft: edit(s.draft, mentorId) }));
  // Rendering re-checks the mentor against the program and the pending choices; submission checks again.
  return { card: await renderSelection(ctx, programId, state, version) };
}

/** "加入志愿": append to the draft ranking (at most three, counting choices already sent). */
export function addChoice(ctx: CardContext): Promise<CardResponse> {
  return editDraft(ctx, (draft, m) => {
    if (draft.includes(m)) return draft;
    if (draft.length >= MAX_OPEN_APPLICATIONS) throw new DomainError('invalid_input', { zh: `最多 ${MAX_OPEN_APPLICATIONS} 个志愿。`, en: `At most ${MAX_OPEN_APPLICATIONS} choices.` });
    return [...draft, m];
  });
}

export function removeChoice(ctx: CardContext): Promise<CardResponse> {
  return editDraft(ctx, (draft, m) => draft.filter((x) => x !== m));
}

/** "上移": swap with the choice above. */
export function raiseChoice(ctx: CardContext): Promise<CardResponse> {
  return editDraft(ctx, (draft, m) => {
    const i = draft.indexOf(m);
    if (i <= 0) return draft;
    const next = [...draft];
    [next[i - 1], next[i]] = [next[i]!, next[i - 1]!];
    return next;
  });
}
