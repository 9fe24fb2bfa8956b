import type { Kysely } from 'kysely';
import type { Database } from '../database';

export interface PersonMatch {
  cadreId: number;
  openId: string | null;
  name: string;
  unitPath: string;
  mobile: string | null;
  email: string | null;
}

/**
 * "Whom does the admin mean": an open_id, a mobile number or a name typed on the command line. Kept apart
 * from the roster's write path (roster-repository.ts) and from the bot's actor lookup (cadre-repository.ts).
 */
export class PeopleLookupRepository {
  /**
   * Active cadres whose open_id, mobile or email equals `key`, or, failing that, whose name does. `mobile` is
   * the key as the roster stores mobiles (normalised by the caller), when it reads as one.
   */
  async find(tx: Kysely<Database>, key: string, mobile?: string): Promise<PersonMatch[]> {
    const k = key.trim();
    const base = tx
      .selectFrom('cadres')
      .innerJoin('units', 'units.id', 'cadres.unit_id')
      .select(['cadres.id as cadreId', 'cadres.open_id as openId', 'cadres.name', 'units.path as unitPath', 'cadres.mobile', 'cadres.email'])
      .where('cadres.active', '=', true)
      .orderBy('cadres.id');
    const byId = await base.where((eb) => eb.or([eb('cadres.open_id', '=', k), eb('cadres.mobile', '=', mobile ?? k), eb(eb.fn('lower', ['cadres.email']), '=', k.toLowerCase())])).execute();
    if (byId.length > 0) return byId;
    return base.where('cadres.name', '=', k).execute();
  }

  /** Everyone Lark can address (active, with an open_id), for the playground emulator's directory. */
  async directory(tx: Kysely<Database>): Promise<{ openId: string; name: string; mobile: string | null; email: string | null }[]> {
    const rows = await tx.selectFrom('cadres').select(['open_id', 'name', 'mobile', 'email']).where('active', '=', true).where('open_id', 'is not', null).orderBy('id').execute();
    return rows.flatMap((r) => (r.open_id ? [{ openId: r.open_id, name: r.name, mobile: r.mobile, email: r.email }] : []));
  }

  async countCadres(tx: Kysely<Database>): Promise<number> {
    const row = await tx.selectFrom('cadres').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
