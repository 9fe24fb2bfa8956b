import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { NeedsRepository, type Ability, type RankedNeed } from '../db/repositories/needs-repository';
import { AuditRepository } from '../db/repositories/audit-repository';
import type { Actor } from '../domain/actor';
import { DomainError } from '../domain/domain-error';
import { authorize } from './authorization';

export const MAX_NEEDS = 5;
export const MAX_STRENGTHS = 8;
/** form field names of the needs card: need_1 … need_5, rank = the number */
export const NEED_FIELD = (rank: number): string => `need_${rank}`;
export const STRENGTHS_FIELD = 'strengths';

const repo = new NeedsRepository();
const audit = new AuditRepository();

export interface NeedsView {
  abilities: Ability[];
  needs: RankedNeed[];
  strengths: Ability[];
}

export async function needsView(tx: Kysely<Database>, actor: Actor): Promise<NeedsView> {
  const [abilities, needs, strengths] = await Promise.all([repo.abilities(tx), repo.needsOf(tx, actor.cadreId), repo.strengthsOf(tx, actor.cadreId)]);
  return { abilities, needs, strengths };
}

const invalid = (zh: string, en: string): DomainError => new DomainError('invalid_input', { zh, en });

/** Map submitted option values (catalogue codes) to abilities; anything else is refused by name. */
function resolve(codes: string[], abilities: Ability[]): Ability[] {
  const byCode = new Map(abilities.map((a) => [a.code, a]));
  const seen = new Set<string>();
  return codes.map((code) => {
    const ability = byCode.get(code);
    if (!ability) throw invalid(`“${code.slice(0, 40)}”不在需求库中，请从列表中选择。`, `"${code.slice(0, 40)}" is not in the catalogue; please pick from the list.`);
    if (seen.has(code)) throw invalid(`“${ability.nameZh}”选了不止一次，每项只能选一次。`, `"${ability.nameEn}" was chosen more than once; choose each at most once.`);
    seen.add(code);
    return ability;
  });
}

/**
 * Save the ranked needs from the needs form. The form value is untrusted: only need_1…need_5 are read
 * as ranks, extra need fields mean a forged or outdated card, and every value must be an active ability.
 */
export async function saveNeeds(tx: Kysely<Database>, actor: Actor, formValue: Record<string, unknown>, eventId?: string): Promise<RankedNeed[]> {
  authorize(actor, 'needs.edit_own');
  const fields = Object.keys(formValue).filter((k) => /^need_\d+$/.test(k));
  if (fields.some((k) => Number(k.slice(5)) > MAX_NEEDS || Number(k.slice(5)) < 1)) {
    throw invalid(`最多填写 ${MAX_NEEDS} 项需求。`, `At most ${MAX_NEEDS} needs.`);
  }
  const codes: string[] = [];
  for (let rank = 1; rank <= MAX_NEEDS; rank++) {
    const value = formValue[NEED_FIELD(rank)];
    if (value === undefined || value === null || value === '') continue;
    if (typeof value !== 'string') throw invalid('需求的格式不对，请重新打开“需求”卡片。', 'That form is not valid; please open "needs" again.');
    codes.push(value);
  }
  const chosen = resolve(codes, await repo.abilities(tx));
  await repo.replaceNeeds(tx, actor.cadreId, chosen.map((a) => a.id));
  await audit.record(tx, { actor: actor.openId, action: 'needs.update', target: `cadre:${actor.cadreId}`, detail: { needs: chosen.map((a) => a.code) }, ...(eventId ? { eventId } : {}) });
  return chosen.map((a, i) => ({ ...a, rank: i + 1 }));
}

/** Save strengths from the strengths form (a multi-select named `strengths`). */
export async function saveStrengths(tx: Kysely<Database>, actor: Actor, formValue: Record<string, unknown>, eventId?: string): Promise<Ability[]> {
  authorize(actor, 'strengths.edit_own');
  const raw = formValue[STRENGTHS_FIELD] ?? [];
  const values = Array.isArray(raw) ? raw : [raw];
  if (values.some((v) => typeof v !== 'string')) throw invalid('特长的格式不对，请重新打开卡片。', 'That form is not valid; please open it again.');
  if (values.length > MAX_STRENGTHS) throw invalid(`最多选择 ${MAX_STRENGTHS} 项特长。`, `At most ${MAX_STRENGTHS} strengths.`);
  const chosen = resolve(values as string[], await repo.abilities(tx));
  await repo.replaceStrengths(tx, actor.cadreId, chosen.map((a) => a.id));
  await audit.record(tx, { actor: actor.openId, action: 'strengths.update', target: `cadre:${actor.cadreId}`, detail: { strengths: chosen.map((a) => a.code) }, ...(eventId ? { eventId } : {}) });
  return chosen;
}
