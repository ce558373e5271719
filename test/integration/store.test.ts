import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/env.js';
import { createLogger } from '../../src/lib/logger.js';
import { AdapterError } from '../../src/lib/adapter-error.js';
import { offerId, priceOf, type StoredOffer } from '../../src/domain/offer.js';
import { findCapacity } from '../../src/services/capacity.js';
import { OfferIndex } from '../../src/services/offer-index.js';
import { IndexFeed } from '../../src/store/index-feed.js';
import { OffersStore } from '../../src/store/offers-store.js';
import { CapacityQuerySchema } from '../../src/schemas/capacity-query.js';
import { testRedis, type TestRedis } from '../helpers/redis.js';

const log = createLogger('silent');

function offer(region: string, status: 'available' | 'unavailable', cents = 3592): StoredOffer {
  const base = { provider: 'lambda', region, instanceType: 'gpu_8x_h100_sxm5', market: 'on-demand' } as const;
  return {
    id: offerId(base),
    ...base,
    location: { country: 'US', continent: 'north-america', geo: 'us' },
    gpu: { id: 'H100-SXM', model: 'H100', variant: 'SXM', vendor: 'nvidia', memoryGiB: 80, count: 8, interconnect: 'nvlink' },
    price: priceOf(cents / 100, 8),
    availability: { status, signal: 'boolean', source: 'lambda.regions_with_capacity_available' },
  };
}

const meta = (at = new Date()) => ({ observedAt: at, unknownGpus: [] });

describe('OffersStore.apply', () => {
  let t: TestRedis;
  let store: OffersStore;
  beforeEach(async () => {
    t = await testRedis();
    store = new OffersStore(t.redis, t.k);
  });
  afterEach(() => t.cleanup());

  const offerEvents = async () => (await t.redis.xrange(t.k.events, '-', '+')).filter(([, f]) => f[1] !== 'status').length;

  it('writes a new snapshot and bumps the version', async () => {
    const res = await store.apply('lambda', 'all', [offer('us-east-1', 'available'), offer('us-west-1', 'unavailable')], meta());
    expect(res).toMatchObject({ version: 1, upserts: 2, removes: 0, invalid: 0 });
    expect(await t.redis.hlen(t.k.offers('lambda', 'all'))).toBe(2);
    expect(await offerEvents()).toBe(2);
  });

  it('writes nothing when the snapshot is unchanged, from this process or a fresh one', async () => {
    const offers = [offer('us-east-1', 'available'), offer('us-west-1', 'unavailable')];
    await store.apply('lambda', 'all', offers, meta());
    const again = await store.apply('lambda', 'all', offers, meta());
    // A new store has no cache and must compare against Redis.
    const fresh = await new OffersStore(t.redis, t.k).apply('lambda', 'all', offers, meta());
    expect(again).toMatchObject({ version: 1, upserts: 0, removes: 0 });
    expect(fresh).toMatchObject({ version: 1, upserts: 0, removes: 0 });
    expect(await offerEvents()).toBe(2);
  });

  it('writes only what changed, and removed offers disappear', async () => {
    await store.apply('lambda', 'all', [offer('us-east-1', 'available'), offer('us-west-1', 'unavailable')], meta());
    const res = await store.apply('lambda', 'all', [offer('us-east-1', 'unavailable')], meta());
    expect(res).toMatchObject({ version: 2, upserts: 1, removes: 1 });
    const stored = await t.redis.hgetall(t.k.offers('lambda', 'all'));
    expect(Object.keys(stored)).toEqual(['lambda:us-east-1:gpu_8x_h100_sxm5:on-demand']);
    expect(JSON.parse(stored['lambda:us-east-1:gpu_8x_h100_sxm5:on-demand']!).availability.status).toBe('unavailable');
    expect(await offerEvents()).toBe(4);
  });

  it('never stores an invalid offer: it is dropped and counted, and the rest of the answer is kept', async () => {
    const good = offer('us-east-1', 'available');
    const catalogAvailable = {
      ...offer('us-west-1', 'available'),
      availability: { status: 'available', signal: 'catalog', source: 'x.catalog' },
    } as StoredOffer;
    const extraField = { ...offer('us-south-1', 'available'), secret: 'leaked' } as StoredOffer;
    const res = await store.apply('lambda', 'all', [good, catalogAvailable, extraField, good], meta());
    expect(res).toMatchObject({ upserts: 1, invalid: 3 });
    expect(res.firstInvalid).toContain('catalog evidence is never available');
    expect(Object.keys(await t.redis.hgetall(t.k.offers('lambda', 'all')))).toEqual([good.id]);
    expect((await store.status('lambda', 'all')).dropped).toBe(3);
  });

  it('concurrent applies of different answers for one scope end in one of them, never a mix', async () => {
    const a = [offer('us-east-1', 'available'), offer('us-west-1', 'available')];
    const b = [offer('us-south-2', 'available')];
    const second = t.redis.duplicate();
    const other = new OffersStore(second, t.k);
    await Promise.all([store.apply('lambda', 'all', a, meta()), other.apply('lambda', 'all', b, meta())]);
    second.disconnect();
    const ids = Object.keys(await t.redis.hgetall(t.k.offers('lambda', 'all'))).sort();
    expect([a.map((o) => o.id).sort(), b.map((o) => o.id).sort()]).toContainEqual(ids);
  });

  it('a failed poll keeps the last good snapshot, records the error, and it turns stale after staleAfter', async () => {
    const config = loadConfig({ LAMBDA_API_KEY: 'k', GPU_RADAR_LAMBDA_INTERVAL_MS: '1000' });
    const observed = new Date(Date.now() - 500);
    await store.apply('lambda', 'all', [offer('us-east-1', 'available')], meta(observed));
    await store.recordFailure('lambda', 'all', new AdapterError('timeout', 'lambda GET /api/v1/instance-types: timed out'));

    const index = new OfferIndex();
    const feed = new IndexFeed(t.redis, t.k, index, log);
    await feed.start();
    await feed.stop();

    const q = CapacityQuerySchema.parse({ gpu: 'H100', count: '8' });
    const now = findCapacity(q, index, config, observed.getTime() + 1_000);
    expect(now.placements).toHaveLength(1);
    expect(now.placements[0]!.availability.status).toBe('available');
    expect(now.placements[0]!.stale).toBe(false);

    // staleAfter is 3 intervals (3 s): past it the same evidence is served, marked stale.
    const later = findCapacity(q, index, config, observed.getTime() + 3_500);
    expect(later.placements[0]!.stale).toBe(true);
    expect(later.placements[0]!.observedAt).toBe(observed.toISOString());

    // expireAfter is 10 intervals: past it the evidence no longer says available.
    const expired = findCapacity(q, index, config, observed.getTime() + 10_500);
    expect(expired.placements[0]!.availability.status).toBe('unknown');

    const status = await store.status('lambda', 'all');
    expect(status.lastError).toMatchObject({ kind: 'timeout' });
    expect(status.consecutiveFailures).toBe(1);
    expect(status.offers).toBe(1);
  });
});

describe('IndexFeed after Redis loses its data', () => {
  it('keeps serving what it knew, then takes what the next polls write', async () => {
    const t = await testRedis();
    const store = new OffersStore(t.redis, t.k);
    await store.apply('lambda', 'all', [offer('us-east-1', 'available')], meta());
    const index = new OfferIndex();
    const feed = new IndexFeed(t.redis, t.k, index, log);
    await feed.start();
    try {
      // A Redis restart without persistence: every key of ours is gone.
      for (const key of await t.redis.keys(`${t.prefix.replace(/[{}]/g, '\\$&')}*`)) await t.redis.del(key);
      await feed.load();
      expect(index.size).toBe(1);

      await new OffersStore(t.redis, t.k).apply('lambda', 'all', [offer('us-west-1', 'available')], meta());
      await feed.load();
      expect([...index.all()].map((e) => e.offer.region)).toEqual(['us-west-1']);
    } finally {
      await feed.stop();
      await t.cleanup();
    }
  });
});

describe('a large scope', () => {
  it('is written and diffed in one apply (200,000 offers)', async () => {
    const t = await testRedis();
    try {
      const store = new OffersStore(t.redis, t.k);
      const many = Array.from({ length: 200_000 }, (_, i) => offer(`us-east-${i}`, i % 2 ? 'available' : 'unavailable'));
      expect((await store.apply('lambda', 'all', many, meta())).upserts).toBe(200_000);
      expect((await store.apply('lambda', 'all', many.slice(0, 100_000), meta())).removes).toBe(100_000);
      expect(await t.redis.hlen(t.k.offers('lambda', 'all'))).toBe(100_000);
    } finally {
      await t.cleanup();
    }
  }, 60_000);
});
