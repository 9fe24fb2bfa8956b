import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { AuditRepository } from '../db/repositories/audit-repository';
import { RosterRepository } from '../db/repositories/roster-repository';
import type { Messenger } from '../lark/messenger';
import { parseRoster } from '../roster/parse-roster';
import { planImport, type ImportPlan } from '../roster/plan-import';
import { todayIn } from '../roster/roster-dates';
import type { RosterError } from '../roster/roster-error';
import { resolveIdentities } from '../roster/resolve-identities';
import { retireFromPairs } from './pairing';

export type ImportCounts = ImportPlan['counts'] & { unitsCreated: number };

export type ImportReport =
  | {
      ok: true;
      counts: ImportCounts;
      /** people imported without an open_id: Lark did not know their mobile/email (yet) */
      unresolved: { line: number; name: string; identity: string }[];
      /** true when the import changed nothing at all */
      unchanged: boolean;
      /** pairs ended (reason 'left') because someone in them left the roster */
      pairsEnded: number;
    }
  | { ok: false; errors: RosterError[] };

export interface ImportRosterInput {
  db: Kysely<Database>;
  messenger: Pick<Messenger, 'resolveIds'>;
  file: { name: string; bytes: Buffer };
  actorOpenId?: string;
  /** 'YYYY-MM-DD' in the program's time zone (TZ_NAME); dates after it are refused. Default: today in Asia/Shanghai. */
  today?: string;
  /** the file is the whole roster; without this, a file that would deactivate many people is refused */
  allowMassDeactivation?: boolean;
}

/**
 * A file that leaves out more than this share of the active roster (and more than a handful of people) is
 * most likely one department's list, not the whole roster: refuse unless the admin says it is meant.
 */
const MASS_DEACTIVATION_SHARE = 0.2;
const MASS_DEACTIVATION_MIN = 5;

/**
 * `import-roster`: the file is the whole roster. All or nothing: the file is parsed and checked completely,
 * mobiles/emails are looked up in Lark, and only then one transaction writes units, cadres, needs,
 * strengths and the audit entry. Any error → nothing written. Lark unreachable → LarkUnreachableError.
 */
export async function importRoster(input: ImportRosterInput): Promise<ImportReport> {
  const { db, file } = input;
  const roster = new RosterRepository();
  const catalogue = await roster.catalogue(db);
  const parsed = await parseRoster(file.bytes, file.name, { catalogue, today: input.today ?? todayIn('Asia/Shanghai') });
  if (!parsed.ok) return parsed;

  // Ask Lark only about people the database cannot already link: a re-import of a big roster given by
  // mobile then costs no calls (batch_get_id is rate limited per app). Outside the transaction, so no
  // database lock waits on the network.
  const linked = await roster.linkedIdentities(db);
  const toResolve = parsed.roster.rows.filter((r) => !(r.mobile && linked.has(r.mobile)) && !(r.email && linked.has(r.email)));
  const resolved = await resolveIdentities(toResolve, input.messenger);

  return db.transaction().execute(async (trx): Promise<ImportReport> => {
    await roster.lock(trx);
    const existing = await roster.existingCadres(trx);
    const planned = planImport(parsed.roster, resolved, existing);
    if (!planned.ok) return planned;
    const { plan } = planned;
    const activeBefore = existing.filter((c) => c.active).length;
    if (!input.allowMassDeactivation && plan.deactivate.length > Math.max(MASS_DEACTIVATION_MIN, activeBefore * MASS_DEACTIVATION_SHARE)) {
      return {
        ok: false,
        errors: [{
          line: 1, column: '',
          reason: `这份名册会停用 ${plan.deactivate.length} 人（在册 ${activeBefore} 人）。名册文件应包含全部在册干部；如确实要停用他们，请加 --deactivate-missing 再导入。` +
            ` This file would deactivate ${plan.deactivate.length} of ${activeBefore} active cadres. A roster file is the whole roster; if that is intended, import again with --deactivate-missing.`,
        }],
      };
    }
    const units = await roster.ensureUnits(trx, plan.unitPaths);
    await roster.releaseIdentities(trx, plan.releases);
    await roster.updateCadres(trx, plan.updates.filter((u) => u.rowChanged), units.ids);
    const newIds = await roster.insertCadres(trx, plan.creates, units.ids);
    await roster.setActive(trx, plan.reactivate, true);
    await roster.setActive(trx, plan.deactivate, false);
    // Someone who left the roster leaves their pairs too (ended as 'left'; history stays).
    const retired = await retireFromPairs(trx, plan.deactivate);

    const created = plan.creates.map((state, i) => ({ cadreId: newIds[i]!, state }));
    const { columns } = parsed.roster;
    if (columns.index.needs !== undefined) {
      await roster.replaceNeeds(trx, [
        ...plan.updates.filter((u) => u.needsChanged).map((u) => ({ cadreId: u.id, itemIds: u.state.needs })),
        ...created.filter((c) => c.state.needs.length > 0).map((c) => ({ cadreId: c.cadreId, itemIds: c.state.needs })),
      ]);
    }
    if (columns.index.strengths !== undefined) {
      await roster.replaceStrengths(trx, [
        ...plan.updates.filter((u) => u.strengthsChanged).map((u) => ({ cadreId: u.id, itemIds: u.state.strengths })),
        ...created.filter((c) => c.state.strengths.length > 0).map((c) => ({ cadreId: c.cadreId, itemIds: c.state.strengths })),
      ]);
    }

    const counts: ImportCounts = { ...plan.counts, unitsCreated: units.created };
    await new AuditRepository().record(trx, {
      actor: input.actorOpenId ?? null,
      action: 'roster.import',
      target: file.name,
      detail: { file: file.name, rows: parsed.roster.rows.length, counts, unresolved: plan.unresolved.length, ...retired },
    });
    const unchanged = counts.created + counts.updated + counts.deactivated + counts.reactivated + counts.unitsCreated === 0;
    return { ok: true, counts, unresolved: plan.unresolved, unchanged, pairsEnded: retired.pairsEnded };
  });
}
