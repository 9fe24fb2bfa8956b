import type { Kysely } from 'kysely';
import type { Database, ProgramTrack } from '../db/database';
import { PlanRepository, type PlanFields, type PlanPair } from '../db/repositories/plan-repository';
import { PairRepository } from '../db/repositories/pair-repository';
import { AuditRepository } from '../db/repositories/audit-repository';
import type { Actor } from '../domain/actor';
import { DomainError } from '../domain/domain-error';
import { localDate } from '../domain/local-date';
import type { Card } from '../lark/cards/card-kit';
import {
  noPairCard, planCard, planConfirmedNotice, planDraftedNotice, planFormCard, planListCard, planMissingCard, type PlanView, type Viewer,
} from '../lark/cards/plan-cards';
import { deniedOn } from './authorization';
import { parsePlanForm, PLAN_LIMITS } from './plan-form';
import { rowId } from '../domain/row-id';

/**
 * 一人一策: one plan per pair, drafted by the mentee and confirmed (or edited) by a mentor. Who may act is
 * decided from the pair in the database, never from the card; every change is a compare-and-set on the
 * plan's version, so a card drawn before someone else's save cannot overwrite it.
 */

const plans = new PlanRepository();
const audit = new AuditRepository();

/** Catalogue items carry track tags ('young', 'reverse', 'village'); programs carry the full track. */
const TRACK_TAG: Record<ProgramTrack, string> = { young_mentoring: 'young', reverse_mentoring: 'reverse', village_secondment: 'village' };

export interface Notice { openId: string; card: Card }
export interface PlanResult { card: Card; notices: Notice[]; changed: boolean; status: 'draft' | 'confirmed' }

const conflict = (zh: string, en: string) => new DomainError('conflict', { zh, en });

/** The pair, and the actor's place in it; anyone else is refused (and audited). */
async function pairFor(tx: Kysely<Database>, actor: Actor, pairId: unknown, action: string): Promise<{ pair: PlanPair; viewer: Viewer }> {
  const id = rowId(pairId);
  const pair = id ? await plans.pair(tx, id) : undefined;
  const viewer: Viewer | undefined = pair?.mentee.cadreId === actor.cadreId ? 'mentee' : pair?.mentors.some((m) => m.cadreId === actor.cadreId) ? 'mentor' : undefined;
  if (!pair || !viewer) {
    throw deniedOnPlan(actor, action, `pair:${String(pairId).slice(0, 20)}`);
  }
  return { pair, viewer };
}

function deniedOnPlan(actor: Actor, action: string, target: string): DomainError {
  return deniedOn(actor, action, target, { zh: '这不是您所在结对的计划，只有培养对象和其导师可以查看或修改。', en: 'This plan belongs to a pair you are not in; only the mentee and their mentors may see or change it.' });
}

function requireActive(pair: PlanPair): void {
  if (!pair.active) throw conflict('这个结对已经结束，计划不能再修改。', 'This pair has ended; its plan can no longer change.');
}

async function viewOf(tx: Kysely<Database>, pair: PlanPair): Promise<PlanView | undefined> {
  const plan = await plans.planOf(tx, pair.pairId);
  return plan && { pair, plan, names: await plans.names(tx) };
}

/** What one pair's plan looks like to this viewer: the plan, or the form (mentee), or "not drafted" (mentor). */
async function cardFor(tx: Kysely<Database>, pair: PlanPair, viewer: Viewer): Promise<Card> {
  const view = await viewOf(tx, pair);
  if (view) return planCard(view, viewer);
  if (!pair.active) return noPairCard();
  return viewer === 'mentee' ? formFor(tx, pair, viewer) : planMissingCard(pair);
}

async function formFor(tx: Kysely<Database>, pair: PlanPair, viewer: Viewer): Promise<Card> {
  const [abilities, methods, measures, plan] = await Promise.all([plans.catalogue(tx, 'ability'), plans.catalogue(tx, 'method'), plans.catalogue(tx, 'measure'), plans.planOf(tx, pair.pairId)]);
  const tag = TRACK_TAG[pair.track];
  return planFormCard({ pair, plan, viewer, abilities: abilities.filter((a) => a.tracks.includes(tag)), methods, measures, limits: PLAN_LIMITS });
}

/** `计划`: the plan of the actor's one active pair, or a list to choose from. */
export async function planCommand(tx: Kysely<Database>, actor: Actor): Promise<Card> {
  const mine = await new PairRepository().pairsOf(tx, actor.cadreId, { activeOnly: true });
  if (mine.length === 0) return noPairCard();
  const pairs = (await Promise.all(mine.map((p) => plans.pair(tx, p.pairId)))).filter((p): p is PlanPair => p !== undefined);
  const viewerOf = (p: PlanPair): Viewer => (p.mentee.cadreId === actor.cadreId ? 'mentee' : 'mentor');
  if (pairs.length === 1) return cardFor(tx, pairs[0]!, viewerOf(pairs[0]!));
  const statuses = await plans.statuses(tx, pairs.map((p) => p.pairId));
  return planListCard(pairs.map((p) => ({ pair: p, viewer: viewerOf(p), status: statuses.get(p.pairId) })));
}

/** `plan.open`: one pair's plan (from the list). */
export async function openPlan(tx: Kysely<Database>, actor: Actor, pairId: unknown): Promise<Card> {
  const { pair, viewer } = await pairFor(tx, actor, pairId, 'plan.open');
  return cardFor(tx, pair, viewer);
}

/** `plan.edit`: the form, filled with the plan as it is now. */
export async function editPlan(tx: Kysely<Database>, actor: Actor, pairId: unknown): Promise<Card> {
  const { pair, viewer } = await pairFor(tx, actor, pairId, 'plan.edit');
  requireActive(pair);
  return formFor(tx, pair, viewer);
}

/** The plan version a card was drawn from (0: no plan yet); -1 for anything a card of ours never carries. */
const versionOf = (v: unknown): number => (v === 0 || v === '0' ? 0 : rowId(v) || -1);

const stale = () => conflict('计划刚刚已被修改（或确认），这张卡片已过期。请发送“计划”查看最新版本后再修改。', 'The plan was changed (or confirmed) a moment ago and this card is out of date. Send "plan" to see the latest version, then edit it.');

/**
 * `plan.save`: the mentee's save leaves (or puts back) the plan in draft and tells the mentor(s); a mentor's
 * save confirms it and tells the mentee. `version` is the one the form was drawn from (0: no plan yet).
 */
export async function savePlan(
  tx: Kysely<Database>, actor: Actor, input: { pairId: unknown; version: unknown; formValue: Record<string, unknown>; timeZone: string; eventId?: string },
): Promise<PlanResult> {
  const { pair, viewer } = await pairFor(tx, actor, input.pairId, 'plan.save');
  requireActive(pair);
  const version = versionOf(input.version);
  if (version < 0) throw stale();
  const [abilities, methods, measures] = await Promise.all([plans.catalogue(tx, 'ability'), plans.catalogue(tx, 'method'), plans.catalogue(tx, 'measure')]);
  const fields: PlanFields = parsePlanForm(input.formValue, {
    abilities: abilities.filter((a) => a.tracks.includes(TRACK_TAG[pair.track])), methods, measures,
    earliestDue: localDate(pair.formedAt, input.timeZone),
  });
  const confirmed = viewer === 'mentor';
  const existing = await plans.planOf(tx, pair.pairId);
  let ok: boolean;
  if (!existing) ok = version === 0 && (await plans.create(tx, pair.pairId, fields, actor.cadreId, confirmed)) !== undefined;
  else ok = await plans.update(tx, existing.id, version, fields, actor.cadreId, confirmed);
  if (!ok) throw stale();
  const view = (await viewOf(tx, pair))!;
  await audit.record(tx, {
    actor: actor.openId, action: existing ? 'plan.update' : 'plan.create', target: `pair:${pair.pairId}`,
    detail: { as: viewer, status: view.plan.status, version: view.plan.version, wasStatus: existing?.status ?? null, ...fields }, ...(input.eventId ? { eventId: input.eventId } : {}),
  });
  return { card: planCard(view, viewer), notices: noticesAfter(view, actor, viewer), changed: true, status: view.plan.status };
}

function noticesAfter(view: PlanView, actor: Actor, viewer: Viewer): Notice[] {
  if (viewer === 'mentee') {
    return view.pair.mentors.filter((m) => m.openId).map((m) => ({ openId: m.openId!, card: planDraftedNotice(view) }));
  }
  const others = [view.pair.mentee, ...view.pair.mentors].filter((p) => p.cadreId !== actor.cadreId && p.openId);
  return others.map((p) => ({ openId: p.openId!, card: planConfirmedNotice(view, actor.name) }));
}

/** `plan.confirm` by a mentor, at the version the mentor saw; a second click is harmless. */
export async function confirmPlan(tx: Kysely<Database>, actor: Actor, input: { pairId: unknown; version: unknown; eventId?: string }): Promise<PlanResult> {
  const { pair, viewer } = await pairFor(tx, actor, input.pairId, 'plan.confirm');
  if (viewer !== 'mentor') throw deniedOnPlan(actor, 'plan.confirm', `pair:${pair.pairId}`);
  requireActive(pair);
  const before = await viewOf(tx, pair);
  if (!before) throw stale();
  const version = versionOf(input.version);
  if (version < 0) throw stale();
  if (!(await plans.confirm(tx, before.plan.id, version, actor.cadreId))) {
    // Already confirmed at exactly this version + 1 by a double click: nothing to do, show the plan.
    if (before.plan.status === 'confirmed' && before.plan.version === version + 1) return { card: planCard(before, viewer), notices: [], changed: false, status: before.plan.status };
    throw stale();
  }
  const view = (await viewOf(tx, pair))!;
  await audit.record(tx, { actor: actor.openId, action: 'plan.confirm', target: `pair:${pair.pairId}`, detail: { version: view.plan.version }, ...(input.eventId ? { eventId: input.eventId } : {}) });
  return { card: planCard(view, viewer), notices: noticesAfter(view, actor, viewer), changed: true, status: view.plan.status };
}

/** `plan.done` / `plan.undo` by either party; conditional, so a double click changes the item once. */
export async function markItem(tx: Kysely<Database>, actor: Actor, input: { itemId: unknown; done: boolean; eventId?: string }): Promise<PlanResult> {
  const id = rowId(input.itemId);
  const item = id ? await plans.itemPair(tx, id) : undefined;
  const action = input.done ? 'plan.done' : 'plan.undo';
  if (!item) throw deniedOnPlan(actor, action, `plan_item:${String(input.itemId).slice(0, 20)}`);
  const { pair, viewer } = await pairFor(tx, actor, item.pairId, action);
  requireActive(pair);
  const changed = await plans.setItemStatus(tx, id, input.done);
  if (changed) await audit.record(tx, { actor: actor.openId, action: `plan.item.${input.done ? 'done' : 'undo'}`, target: `plan_item:${id}`, detail: { pairId: pair.pairId }, ...(input.eventId ? { eventId: input.eventId } : {}) });
  const view = (await viewOf(tx, pair))!;
  return { card: planCard(view, viewer), notices: [], changed, status: view.plan.status };
}
