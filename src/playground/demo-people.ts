import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { UserInput } from '../emulator/types';
import type { Logger } from '../logger';
import { PeopleLookupRepository } from '../db/repositories/people-lookup-repository';
import { seedDemo } from '../services/seed-demo';

const people = new PeopleLookupRepository();

/**
 * Playground start-up: an empty database gets the Huolu-town demo (roster and programs); then everyone on
 * the roster with an open_id becomes a user of the emulator, so the console can speak as any of them.
 * A database that already has cadres is left as it is: the playground keeps what was done in it.
 */
export async function playgroundPeople(db: Kysely<Database>, logger: Logger): Promise<UserInput[]> {
  if ((await people.countCadres(db)) === 0) {
    const report = await seedDemo({ db, actor: 'playground' });
    logger.info({ roster: report.roster.counts, programs: report.programs.map((p) => p.code) }, 'playground: loaded the Huolu-town demo');
  }
  return (await people.directory(db)).map((p) => ({ openId: p.openId, name: p.name, ...(p.mobile ? { mobile: p.mobile } : {}), ...(p.email ? { email: p.email } : {}) }));
}
