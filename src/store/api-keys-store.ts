import type { Redis } from 'ioredis';
import type { ApiKeyRecord } from '../domain/api-key.js';
import type { Keys } from './keys.js';

// API keys by id, and a revision that API replicas watch to pick up new and revoked keys.
export class ApiKeysStore {
  constructor(
    private readonly redis: Redis,
    private readonly k: Keys,
  ) {}

  async create(record: ApiKeyRecord): Promise<void> {
    await this.redis.multi().hset(this.k.apiKeys, record.id, JSON.stringify(record)).incr(this.k.apiKeysRevision).exec();
  }

  async list(): Promise<ApiKeyRecord[]> {
    return Object.values(await this.redis.hgetall(this.k.apiKeys)).map((s) => JSON.parse(s) as ApiKeyRecord);
  }

  /** False when there was no such key. */
  async revoke(id: string): Promise<boolean> {
    const res = await this.redis.multi().hdel(this.k.apiKeys, id).incr(this.k.apiKeysRevision).exec();
    return res?.[0]?.[1] === 1;
  }

  async revision(): Promise<number> {
    return Number((await this.redis.get(this.k.apiKeysRevision)) ?? 0);
  }
}
