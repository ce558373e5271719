import type { Redis } from 'ioredis';

/**
 * Deletes every key under `prefix` and nothing else: the demo resets its own data this way,
 * and tests and benchmarks clean up only their own keys (never FLUSHALL).
 */
export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  const pattern = `${prefix.replace(/[{}*?[\]\\]/g, '\\$&')}*`;
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (found.length) await redis.unlink(...found);
    cursor = next;
  } while (cursor !== '0');
}
