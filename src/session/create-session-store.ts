// Picks the SessionStore for this process: Redis when REDIS_URL is set, else the in-process store, with a loud
// warning because several instances each holding their own sessions, dedupe claims and rate buckets would split
// users' conversations and let the fleet exceed Lark's per-app limits (50/s, 1000/min).
import { MemorySessionStore } from './memory-session-store';
import { RedisSessionStore, type SessionStoreLogger } from './redis-session-store';
import type { SessionStore } from './session-store';

export interface CreateSessionStoreOptions {
  redisUrl?: string | undefined;
  namespace: string;
  logger: SessionStoreLogger;
}

export function createSessionStore({ redisUrl, namespace, logger }: CreateSessionStoreOptions): SessionStore {
  if (redisUrl) return new RedisSessionStore({ url: redisUrl, namespace, logger });
  logger.warn(
    { sessionStore: 'memory', namespace },
    'REDIS_URL is not set: using the in-process session store, which is for a SINGLE instance only; ' +
      'set REDIS_URL before running more than one instance',
  );
  return new MemorySessionStore({ namespace });
}
