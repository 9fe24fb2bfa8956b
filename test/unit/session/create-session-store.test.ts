import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { createSessionStore } from '../../../src/session/create-session-store';
import { MemorySessionStore } from '../../../src/session/memory-session-store';
import { RedisSessionStore } from '../../../src/session/redis-session-store';

describe('createSessionStore', () => {
  it('without a Redis URL uses the in-process store and warns that it is single-instance only', async () => {
    const logger = { warn: vi.fn(), error: vi.fn() };
    const store = createSessionStore({ namespace: 'yinhang', logger });
    expect(store).toBeInstanceOf(MemorySessionStore);
    expect(store.kind).toBe('memory');
    expect(logger.warn).toHaveBeenCalledTimes(1);
    const [, message] = logger.warn.mock.calls[0]!;
    expect(message).toMatch(/in-process session store/);
    expect(message).toMatch(/single instance/i);
    expect(message).toMatch(/REDIS_URL/);
    await store.close();
  });

  it('with a Redis URL returns the Redis store without warning', async () => {
    const logger = { warn: vi.fn(), error: vi.fn() };
    const store = createSessionStore({ redisUrl: 'redis://127.0.0.1:1', namespace: 'yinhang', logger });
    expect(store).toBeInstanceOf(RedisSessionStore);
    expect(store.kind).toBe('redis');
    expect(logger.warn).not.toHaveBeenCalled();
    await store.close();
  });

  it('accepts a pino logger', async () => {
    const store = createSessionStore({ namespace: 'yinhang', logger: pino({ level: 'silent' }) });
    await store.close();
  });
});
