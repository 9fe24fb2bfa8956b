// Which real services this test run may use. CI sets DATABASE_URL, REDIS_URL and REQUIRE_SERVICES=1:
// there, a suite that would be skipped for lack of a service fails instead, so nothing is skipped silently.
export const databaseUrl = process.env.DATABASE_URL || undefined;
export const redisUrl = process.env.REDIS_URL || undefined;
export const servicesRequired = process.env.REQUIRE_SERVICES === '1';

/** For describe.skipIf: true when the service is missing and that is allowed. Throws in CI. */
export function missing(service: 'postgres' | 'redis'): boolean {
  const present = service === 'postgres' ? Boolean(databaseUrl) : Boolean(redisUrl);
  if (present) return false;
  const variable = service === 'postgres' ? 'DATABASE_URL' : 'REDIS_URL';
  if (servicesRequired) {
    throw new Error(`REQUIRE_SERVICES=1 but ${variable} is not set: the ${service} suites cannot run`);
  }
  console.warn(`[tests] ${variable} is not set: skipping the suites that need a real ${service}`);
  return true;
}

/** The two database backends a repository suite runs on: PGlite always, Postgres when DATABASE_URL is set. */
export const BACKENDS = [
  { name: 'pglite', skip: false },
  { name: 'postgres', skip: missing('postgres') },
] as const;
