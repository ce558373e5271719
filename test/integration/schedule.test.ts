import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderAdapter } from '../../adapters/types.js';
import type { ProviderConfig } from '../../config/env.js';
import { pollQueueName, type PollJobData } from '../../src/queues/poll-queue.js';
import { schedulePolls } from '../../workers/schedule.js';
import { testRedis, type TestRedis } from '../helpers/redis.js';

const INTERVAL = 60_000;
const adapter = (scopes: string[]) => ({ scopes: () => scopes }) as unknown as ProviderAdapter;
const cfg = { id: 'lambda', intervalMs: INTERVAL } as ProviderConfig;

describe('poll schedules', () => {
  let t: TestRedis;
  let queue: Queue<PollJobData>;

  afterEach(async () => {
    await queue?.obliterate({ force: true });
    await queue?.close();
    await t?.cleanup();
  });

  // Where in the interval each scope's next scheduled poll falls.
  const phases = async () => {
    const jobs = (await queue.getDelayed()).filter((j) => j.repeatJobKey);
    return new Map(jobs.map((j) => [j.data.scope, (j.timestamp + (j.opts.delay ?? 0)) % INTERVAL]));
  };

  it('spreads the scopes of a provider over the interval, the same way on every replica', async () => {
    t = await testRedis();
    queue = new Queue<PollJobData>(pollQueueName('lambda'), { connection: t.redis, prefix: t.k.bull });
    const scopes = ['us-east-1', 'us-west-1', 'eu-central-1', 'asia-northeast-1', 'me-west-1', 'us-south-1'];
    await schedulePolls(queue, adapter(scopes), cfg);
    const first = await phases();
    expect([...first.keys()].sort()).toEqual([...scopes].sort());
    // Six scopes landing within one second of each other would mean no spreading at all.
    const sorted = [...first.values()].sort((a, b) => a - b);
    expect(sorted.at(-1)! - sorted[0]!).toBeGreaterThan(1_000);

    // A second replica booting upserts the same schedules: same slots, nothing doubled.
    await schedulePolls(queue, adapter(scopes), cfg);
    expect(await phases()).toEqual(first);
    expect(await queue.getJobSchedulersCount()).toBe(scopes.length);

    // A scope the adapter no longer has stops being polled.
    await schedulePolls(queue, adapter(scopes.slice(1)), cfg);
    expect((await queue.getJobSchedulers()).map((s) => s.key)).not.toContain(expect.stringContaining('us-east-1'));
    expect(await queue.getJobSchedulersCount()).toBe(scopes.length - 1);
  });
});
