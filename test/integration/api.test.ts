import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerId, priceOf, type StoredOffer } from '../../src/domain/offer.js';
import { AdapterError } from '../../src/lib/adapter-error.js';
import { OffersStore } from '../../src/store/offers-store.js';
import { eventually, testApi, type TestApi } from '../helpers/api.js';
import { testRedis, type TestRedis } from '../helpers/redis.js';

type Avail = StoredOffer['availability'];
const H100 = { id: 'H100-SXM', model: 'H100', variant: 'SXM', vendor: 'nvidia', memoryGiB: 80, interconnect: 'nvlink' } as const;
const US = { country: 'US', continent: 'north-america', geo: 'us' } as const;
const EU = { country: 'DE', continent: 'europe', geo: 'eu' } as const;

function offer(
  provider: StoredOffer['provider'],
  region: string,
  instanceType: string,
  count: number,
  perHour: number,
  availability: Avail,
  location: StoredOffer['location'] = US,
): StoredOffer {
  const base = { provider, region, instanceType, market: 'on-demand' } as const;
  return { id: offerId(base), ...base, location, gpu: { ...H100, count }, price: priceOf(perHour, count), availability };
}

const bool = (status: 'available' | 'unavailable'): Avail => ({
  status,
  signal: 'boolean',
  source: 'lambda.regions_with_capacity_available',
});
const counted = (n: number): Avail => ({
  status: n > 0 ? 'available' : 'unavailable',
  signal: 'count',
  source: 'vastai.bundles.rentable',
  availableGpus: n,
});

describe('HTTP API over the live index', () => {
  let t: TestRedis;
  let api: TestApi;
  let store: OffersStore;
  const get = (url: string) => api.app.inject({ method: 'GET', url });

  beforeAll(async () => {
    t = await testRedis();
    store = new OffersStore(t.redis, t.k);
    await store.apply(
      'lambda',
      'all',
      [
        offer('lambda', 'us-east-1', 'gpu_8x_h100_sxm5', 8, 35.92, bool('available')),
        offer('lambda', 'us-west-1', 'gpu_8x_h100_sxm5', 8, 35.92, bool('unavailable')),
        offer('lambda', 'us-south-1', 'gpu_1x_h100_sxm5', 1, 3.29, bool('available')),
        offer('lambda', 'europe-central-1', 'gpu_8x_h100_sxm5', 8, 35.92, bool('available'), EU),
      ],
      { observedAt: new Date(), unknownGpus: [] },
    );
    await store.apply(
      'vastai',
      'H100',
      [offer('vastai', 'us-ca', 'm1234', 8, 20, counted(8)), offer('vastai', 'us-tx', 'm99', 8, 16, counted(4))],
      { observedAt: new Date(), unknownGpus: [] },
    );
    api = await testApi(t);
  });
  afterAll(async () => {
    await api.close();
    await t.cleanup();
  });

  it('ranks placements: surest first, then cheapest per GPU', async () => {
    const res = await get('/v1/capacity?gpu=H100&count=8');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const rows = body.placements.map((p: any) => [p.offerId, p.availability.status, p.instances]);
    expect(rows).toEqual([
      ['vastai:us-ca:m1234:on-demand', 'available', 1], // $2.50/GPU-h, 8 counted free
      ['lambda:europe-central-1:gpu_8x_h100_sxm5:on-demand', 'available', 1],
      ['lambda:us-east-1:gpu_8x_h100_sxm5:on-demand', 'available', 1],
      ['vastai:us-tx:m99:on-demand', 'limited', 1], // only 4 free of the 8 needed
      ['lambda:us-south-1:gpu_1x_h100_sxm5:on-demand', 'limited', 8], // yes/no proves one instance
    ]);
    expect(body.total).toBe(5);
    const first = body.placements[0];
    expect(first.price).toEqual({ perHourUsd: 20, perGpuHourUsd: 2.5 });
    expect(first.availability).toMatchObject({ signal: 'count', source: 'vastai.bundles.rentable', availableGpus: 8 });
    expect(first.stale).toBe(false);
    expect(Date.parse(first.observedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('filters by region glob, geo, provider, price and sorts by price', async () => {
    const us = (await get('/v1/capacity?gpu=H100-SXM&count=8&region=us-*&provider=lambda')).json();
    expect(us.placements.map((p: any) => p.region)).toEqual(['us-east-1', 'us-south-1']);
    const eu = (await get('/v1/capacity?gpu=H100&count=8&geo=eu')).json();
    expect(eu.placements.map((p: any) => p.region)).toEqual(['europe-central-1']);
    const cheap = (await get('/v1/capacity?gpu=H100&count=8&maxPricePerGpuHour=3&sort=price')).json();
    expect(cheap.placements.map((p: any) => p.offerId)).toEqual(['vastai:us-tx:m99:on-demand', 'vastai:us-ca:m1234:on-demand']);
    const all = (await get('/v1/capacity?gpu=H100&count=8&availability=unavailable')).json();
    expect(all.placements.map((p: any) => p.region)).toEqual(['us-west-1']);
  });

  it('explains an empty answer: what the filters turned away and which providers are unhealthy', async () => {
    await store.recordFailure(
      'lambda',
      'all',
      new AdapterError('auth', 'lambda GET /api/v1/instance-types: HTTP 401 global/invalid-api-key'),
    );
    const body = await eventually(async () => {
      const b = (await get('/v1/capacity?gpu=H100&count=8&geo=asia&market=spot')).json();
      expect(b.diagnostics.providers).toContainEqual(expect.objectContaining({ provider: 'lambda', scope: 'all', state: 'failing' }));
      return b;
    });
    expect(body.placements).toEqual([]);
    expect(body.diagnostics.offersWithGpu).toBe(6);
    expect(body.diagnostics.failedFilters).toMatchObject({ geo: 6, market: 6 });
    expect(body.diagnostics.message).toMatch(/6 offers with H100/);
    const nothing = (await get('/v1/capacity?gpu=MI300X')).json();
    expect(nothing.diagnostics.message).toMatch(/no provider currently lists MI300X/);
  });

  it('a change to the store is visible through the API without a restart, cached answers included', async () => {
    const url = '/v1/capacity?gpu=H100&count=8&provider=vastai&availability=available,limited,unknown,unavailable';
    expect((await get(url)).json().placements).toHaveLength(2);
    expect((await get(url)).json().placements).toHaveLength(2); // answered from the cache
    await store.apply('vastai', 'H100', [offer('vastai', 'us-ca', 'm1234', 8, 20, counted(0))], {
      observedAt: new Date(),
      unknownGpus: [],
    });
    await eventually(async () => {
      const body = (await get(url)).json();
      expect(body.placements.map((p: any) => [p.offerId, p.availability.status])).toEqual([
        ['vastai:us-ca:m1234:on-demand', 'unavailable'],
      ]);
    });
  });

  it('pages through /v1/offers with a cursor, each offer once', async () => {
    const seen: string[] = [];
    let url = '/v1/offers?limit=2&gpu=H100';
    for (let i = 0; i < 10; i++) {
      const body = (await get(url)).json();
      seen.push(...body.offers.map((o: any) => o.id));
      expect(body.offers.every((o: any) => typeof o.observedAt === 'string' && typeof o.stale === 'boolean')).toBe(true);
      if (!body.nextCursor) break;
      url = `/v1/offers?limit=2&gpu=H100&cursor=${body.nextCursor}`;
    }
    expect(seen).toEqual([...new Set(seen)].sort());
    expect(seen.length).toBe(api.index.size);
  });

  it('reports provider status per scope, errors included', async () => {
    const body = (await get('/v1/providers')).json();
    const lambda = body.providers.find((p: any) => p.provider === 'lambda');
    expect(lambda.enabled).toBe(true);
    expect(lambda.scopes[0]).toMatchObject({ scope: 'all', offers: 4, state: 'failing', lastError: { kind: 'auth' } });
  });

  it('serves an OpenAPI 3.1 document and interactive docs', async () => {
    const doc = (await get('/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    const params = doc.paths['/v1/capacity'].get.parameters.map((p: any) => p.name);
    expect(params).toEqual(expect.arrayContaining(['gpu', 'count', 'region', 'maxPricePerGpuHour', 'availability', 'sort', 'limit']));
    expect(doc.paths['/v1/capacity'].get.parameters.find((p: any) => p.name === 'gpu').required).toBe(true);
    const docs = await get('/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/html/);
  });
});
