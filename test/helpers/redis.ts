import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { deletePrefix } from '../../src/store/delete-prefix.js';
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
      await deletePrefix(redis, prefix);
      redis.disconnect();
    },
  };
}
