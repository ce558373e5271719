import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { keys, type Keys } from '../../src/store/keys.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestRedis {
  redis: Redis;
  prefix: string;
  k: Keys;
  /** Deletes this test's keys only; never FLUSHALL. */
  cleanup(): Promise<void>;
}

/** A connection and a key prefix of this test's own. */
export async function testRedis(): Promise<TestRedis> {
  const prefix = `{gr-test-${randomUUID().slice(0, 8)}}:`;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  return {
    redis,
    prefix,
    k: keys(prefix),
    async cleanup() {
      let cursor = '0';
      do {
        const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix.replace(/[{}*?[\]]/g, '\\$&')}*`, 'COUNT', 1000);
        if (found.length) await redis.del(...found);
        cursor = next;
      } while (cursor !== '0');
      redis.disconnect();
    },
  };
}
