import { Redis } from 'ioredis';
import type { Logger } from '../lib/logger.js';

/**
 * Workers block on BullMQ calls, so their connection retries forever
 * (`maxRetriesPerRequest: null`); the API fails fast instead and serves what it has.
 */
export function createRedis(url: string, role: 'api' | 'worker'): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: role === 'worker' ? null : 2,
    enableReadyCheck: true,
    lazyConnect: false,
  });
}

/** Warns when Redis would lose queue state or evict keys; some hosted Redis forbid CONFIG. */
export async function checkRedisPolicy(redis: Redis, log: Logger): Promise<void> {
  try {
    const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as string[];
    const [, aof] = (await redis.config('GET', 'appendonly')) as string[];
    if (policy !== 'noeviction') log.warn({ policy }, 'Redis maxmemory-policy should be noeviction in production');
    if (aof !== 'yes') log.warn('Redis AOF is off: queues and alert state are lost on a Redis restart (fine for a demo)');
  } catch {
    log.debug('cannot read Redis CONFIG; skipping the policy check');
  }
}
