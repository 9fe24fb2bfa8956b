import { databaseUrl, redisUrl, servicesRequired } from './services';
import { sweepOrphanedPrivateServers } from './private-servers';

// Say once, at the top of the run, which backends the suites use and which they skip.
export default function setup(): () => void {
  const pg = databaseUrl ? `Postgres (${new URL(databaseUrl).host})` : 'PGlite only; real-Postgres suites skipped (set DATABASE_URL)';
  const redis = redisUrl ? `Redis (${new URL(redisUrl).host})` : 'in-process store only; Redis suites skipped (set REDIS_URL)';
  console.log(`[tests] database: ${pg}`);
  console.log(`[tests] session store: ${redis}`);
  if (servicesRequired && (!databaseUrl || !redisUrl)) {
    throw new Error('REQUIRE_SERVICES=1 needs both DATABASE_URL and REDIS_URL');
  }
  // The fault suites' own Postgres and Redis servers: left running by a worker that was killed (now, or in an
  // earlier run), nothing else would stop them.
  sweepOrphanedPrivateServers({ finalSweep: false });
  return () => {
    const swept = sweepOrphanedPrivateServers({ finalSweep: true });
    if (swept > 0) console.warn(`[tests] stopped ${swept} private test server(s) left behind by their test`);
  };
}
