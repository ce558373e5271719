import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderAdapter } from '../../adapters/types.js';
import { loadConfig } from '../../config/env.js';
import { AdapterError } from '../../src/lib/adapter-error.js';
import { createLogger } from '../../src/lib/logger.js';
import { OffersStore } from '../../src/store/offers-store.js';
import { createPollWorker } from '../../workers/poll.worker.js';
import { pollQueueName, POLL_JOB_OPTIONS, type PollJobData } from '../../src/queues/poll-queue.js';
import { eventually } from '../helpers/api.js';
import { makeOffer } from '../helpers/offers.js';
import { testRedis, type TestRedis } from '../helpers/redis.js';

const log = createLogger('silent');
const TIMEOUT_MS = 200;

// An adapter of our own that makes paced "requests", each well within its own timeout, and
// honours the poll's signal the way the real ones do (an abort is a timeout).
function pacedAdapter(requests: number, eachMs: number): ProviderAdapter<number> {
  return {
    id: 'lambda',
    scopes: () => ['all'],
    async fetchRaw(_scope, { signal }) {
      for (let i = 0; i < requests; i++) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, eachMs);
          signal.addEventListener(
            'abort',
            () => (clearTimeout(timer), reject(new AdapterError('timeout', `poll cut off after ${i} requests`))),
            { once: true },
          );
        });
      }
      return requests;
    },
    normalize: () => ({ offers: [makeOffer()], unknownGpus: [] }),
  };
}

describe('poll deadline', () => {
  let t: TestRedis;
  let queue: Queue<PollJobData>;
  const closers: (() => Promise<unknown>)[] = [];

  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
    await queue?.close();
    await t?.cleanup();
  });

  const poll = async (adapter: ProviderAdapter, intervalMs: number) => {
    t = await testRedis();
    const cfg = loadConfig({
      GPU_RADAR_REDIS_PREFIX: t.prefix,
      GPU_RADAR_PROVIDERS: 'lambda',
      LAMBDA_API_KEY: 'k',
      GPU_RADAR_LAMBDA_TIMEOUT_MS: String(TIMEOUT_MS),
      GPU_RADAR_LAMBDA_INTERVAL_MS: String(intervalMs),
    }).providers.lambda;
    const store = new OffersStore(t.redis, t.k);
    queue = new Queue<PollJobData>(pollQueueName('lambda'), { connection: t.redis, prefix: t.k.bull });
    const worker = createPollWorker({ adapter, cfg, store, connection: t.redis, bullPrefix: t.k.bull, log });
    closers.push(() => worker.close());
    void worker.run();
    await queue.add('poll', { provider: 'lambda', scope: 'all' }, { ...POLL_JOB_OPTIONS, attempts: 1 });
    return store;
  };

  it('lets a poll of many paced requests run past two request timeouts, up to its interval', async () => {
    // Five requests of 150 ms: 750 ms, more than 2 × 200 ms, less than the 3 s interval.
    const store = await poll(pacedAdapter(5, 150), 3_000);
    await eventually(async () => expect(await store.status('lambda', 'all')).toMatchObject({ offers: 1, consecutiveFailures: 0 }), 5_000);
  });

  it('still cuts off a poll that outlasts its interval, as a timeout', async () => {
    const store = await poll(pacedAdapter(100, 150), 1_000);
    await eventually(
      async () => expect(await store.status('lambda', 'all')).toMatchObject({ consecutiveFailures: 1, lastError: { kind: 'timeout' } }),
      5_000,
    );
  });
});
