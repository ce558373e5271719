import type { Redis } from 'ioredis';
import type { Observation } from '../domain/observation.js';
import { eventFields, STREAM_MAXLEN } from './events.js';
import type { Keys } from './keys.js';

// Launch outcomes in force, one per instance type and place (the latest report wins), kept for
// processes that start later, and announced on the change stream to those running now.
export class ObservationsStore {
  constructor(
    private readonly redis: Redis,
    private readonly k: Keys,
  ) {}

  /** Stores and announces a report; false when a later one about the same place stands. */
  async report(obs: Observation): Promise<boolean> {
    const json = JSON.stringify(obs);
    const applied = (await this.redis.eval(
      `local cur = redis.call('HGET', KEYS[1], ARGV[1])
       if cur and cjson.decode(cur).at > ARGV[2] then return 0 end
       redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
       redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', unpack(ARGV, 5))
       return 1`,
      2,
      this.k.observations,
      this.k.events,
      obs.key,
      obs.at,
      json,
      STREAM_MAXLEN,
      ...eventFields('observe', obs.provider, 'observations', json),
    )) as number;
    return applied === 1;
  }

  /** Reports still in force; those that ended are deleted on the way. */
  async active(now = Date.now()): Promise<Observation[]> {
    const all = Object.values(await this.redis.hgetall(this.k.observations)).map((s) => JSON.parse(s) as Observation);
    const ended = all.filter((o) => o.until <= now).map((o) => o.key);
    if (ended.length) await this.redis.hdel(this.k.observations, ...ended);
    return all.filter((o) => o.until > now);
  }
}
