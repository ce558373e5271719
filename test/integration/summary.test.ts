import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredOffer } from '../../src/domain/offer.js';
import { OffersStore } from '../../src/store/offers-store.js';
import { eventually, testApi, type TestApi } from '../helpers/api.js';
import { EU, makeOffer } from '../helpers/offers.js';
import { testRedis, type TestRedis } from '../helpers/redis.js';

const counted = (n: number) => ({
  status: n > 0 ? ('available' as const) : ('unavailable' as const),
  signal: 'count' as const,
  source: 'vastai.bundles.rentable',
  availableGpus: n,
});
const MIN = 60_000;

// Known inputs on real Redis, read back through the change stream and the HTTP API.
describe('/v1/summary and /v1/gpus', () => {
  let t: TestRedis;
  let api: TestApi;
  let store: OffersStore;
  const get = (url: string, headers: Record<string, string> = {}) => api.app.inject({ method: 'GET', url, headers });
  const apply = (provider: string, scope: string, offers: StoredOffer[], ageMs = 0) =>
    store.apply(provider, scope, offers, { observedAt: new Date(Date.now() - ageMs), unknownGpus: [] });
  const lambdaAll = [
    makeOffer({ region: 'us-east-1' }), // 8×H100-SXM, $4.49/GPU-h, available (yes/no)
    makeOffer({ region: 'us-west-1', availability: { status: 'unavailable' } }),
    makeOffer({ region: 'us-south-1', count: 1, perHourUsd: 3.29 }),
    makeOffer({
      region: 'europe-central-1',
      location: EU,
      gpu: 'A10',
      count: 1,
      perHourUsd: 0.75,
      availability: { status: 'unavailable' },
    }),
  ];
  const vast = (usCa: number) => [
    makeOffer({ provider: 'vastai', region: 'us-ca', instanceType: 'm1', perHourUsd: 20, availability: counted(usCa) }),
    makeOffer({ provider: 'vastai', region: 'us-tx', instanceType: 'm2', perHourUsd: 16, availability: counted(4) }),
    makeOffer({ provider: 'vastai', region: 'us-tx', instanceType: 'm3', market: 'spot', perHourUsd: 12, availability: counted(8) }),
  ];

  beforeAll(async () => {
    t = await testRedis();
    store = new OffersStore(t.redis, t.k);
    await apply('lambda', 'all', lambdaAll);
    await apply('vastai', 'H100', vast(8));
    api = await testApi(t, { GPU_RADAR_LAMBDA_INTERVAL_MS: '60000' });
  });
  afterAll(async () => {
    await api?.close();
    await t?.cleanup();
  });

  it('gives per GPU × provider: counted GPUs, offers by status, min prices, oldest evidence', async () => {
    const res = await get('/v1/summary?groupBy=gpu,provider');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.query.groupBy).toEqual(['gpu', 'provider']);
    const cells = body.cells.map(({ oldestObservedAt: _, ...c }: any) => c);
    expect(cells).toEqual([
      {
        gpu: 'A10',
        provider: 'lambda',
        status: 'unavailable',
        availableGpus: null,
        offers: { available: 0, limited: 0, unavailable: 1, unknown: 0, total: 1 },
        minPricePerGpuHour: 0.75,
        minAvailablePricePerGpuHour: null,
        stale: false,
      },
      {
        gpu: 'H100-SXM',
        provider: 'lambda',
        status: 'available',
        availableGpus: null,
        offers: { available: 2, limited: 0, unavailable: 1, unknown: 0, total: 3 },
        minPricePerGpuHour: 3.29,
        minAvailablePricePerGpuHour: 3.29,
        stale: false,
      },
      {
        gpu: 'H100-SXM',
        provider: 'vastai',
        status: 'available',
        availableGpus: 20,
        offers: { available: 3, limited: 0, unavailable: 0, unknown: 0, total: 3 },
        minPricePerGpuHour: 1.5,
        minAvailablePricePerGpuHour: 1.5,
        stale: false,
      },
    ]);
    expect(Date.parse(body.cells[0].oldestObservedAt)).toBeGreaterThan(Date.now() - MIN);
    expect(body.totals).toMatchObject({
      status: 'available',
      availableGpus: 20,
      offers: { total: 7, available: 5, unavailable: 2 },
      minPricePerGpuHour: 0.75,
    });
  });

  it('groups by any ordered subset of gpu, provider, region, market, geo, with the capacity filters', async () => {
    const byMarket = (await get('/v1/summary?groupBy=market,provider&gpu=H100')).json();
    expect(byMarket.cells.map((c: any) => [c.market, c.provider, c.offers.total, c.availableGpus])).toEqual([
      ['on-demand', 'lambda', 3, null],
      ['on-demand', 'vastai', 2, 12],
      ['spot', 'vastai', 1, 8],
    ]);
    const tx = (await get('/v1/summary?groupBy=region&provider=vastai&region=us-t*')).json();
    expect(tx.cells).toEqual([expect.objectContaining({ region: 'us-tx', availableGpus: 12, minPricePerGpuHour: 1.5 })]);
    const geo = (await get('/v1/summary?groupBy=geo,gpu&availability=unavailable')).json();
    expect(geo.cells.map((c: any) => [c.geo, c.gpu, c.offers.total])).toEqual([
      ['eu', 'A10', 1],
      ['us', 'H100-SXM', 1],
    ]);
  });

  it("counts a machine's free GPUs once across its markets, unless grouped by market", async () => {
    // Machine 9 is listed on-demand and interruptible: the same 4 GPUs. Machine 10 only on-demand.
    const rtx = (instanceType: string, market: 'on-demand' | 'interruptible', free: number, perHourUsd: number) =>
      makeOffer({
        provider: 'vastai',
        region: 'us-ca',
        gpu: 'RTX4090',
        count: free,
        instanceType,
        market,
        perHourUsd,
        availability: counted(free),
      });
    await apply('vastai', 'RTX4090', [
      rtx('machine-9-4x', 'on-demand', 4, 1.6),
      rtx('machine-9-4x', 'interruptible', 4, 0.8),
      rtx('machine-10-2x', 'on-demand', 2, 1),
    ]);
    const cell = await eventually(async () => {
      const b = (await get('/v1/summary?groupBy=gpu,provider,region&gpu=RTX4090')).json();
      expect(b.cells).toHaveLength(1);
      return b;
    });
    expect(cell.cells[0]).toMatchObject({
      gpu: 'RTX4090',
      provider: 'vastai',
      region: 'us-ca',
      availableGpus: 6,
      offers: { total: 3 },
      minPricePerGpuHour: 0.2,
    });
    expect(cell.totals).toMatchObject({ availableGpus: 6, offers: { total: 3 } });

    const byMarket = (await get('/v1/summary?groupBy=gpu,market&gpu=RTX4090')).json();
    expect(byMarket.cells.map((c: any) => [c.market, c.availableGpus, c.offers.total])).toEqual([
      ['interruptible', 4, 1],
      ['on-demand', 6, 2],
    ]);
    expect(byMarket.totals).toMatchObject({ availableGpus: 6, offers: { total: 3 } });
  });

  it('answers 304 to an unchanged matrix, and a new ETag once something in it changes', async () => {
    const first = await get('/v1/summary?groupBy=gpu,provider&gpu=H100');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers['cache-control']).toBe('no-cache');
    const again = await get('/v1/summary?groupBy=gpu,provider&gpu=H100', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');

    // A change elsewhere moves the index revision but not this matrix: still 304.
    const a10 = (await get('/v1/summary?gpu=A10')).headers.etag as string;
    await apply('vastai', 'H100', vast(0));
    await eventually(async () =>
      expect((await get('/v1/summary?groupBy=gpu,provider&gpu=H100', { 'if-none-match': etag })).statusCode).toBe(200),
    );
    expect((await get('/v1/summary?gpu=A10', { 'if-none-match': a10 })).statusCode).toBe(304);
    const changed = (await get('/v1/summary?groupBy=gpu,provider&gpu=H100')).json();
    expect(changed.cells.find((c: any) => c.provider === 'vastai')).toMatchObject({
      availableGpus: 12,
      offers: { available: 2, unavailable: 1 },
    });
  });

  it('flags stale cells and stops counting expired evidence', async () => {
    // Lambda polls every 60 s by default: stale after 3 min, unknown after 10 min.
    await apply('lambda', 'old', [makeOffer({ region: 'asia-south-1', gpu: 'L40S', count: 1, perHourUsd: 1 })], 5 * MIN);
    await apply(
      'lambda',
      'older',
      [makeOffer({ region: 'ca-qc', gpu: 'L4', count: 1, perHourUsd: 0.5, availability: counted(1) })],
      11 * MIN,
    );
    const body = await eventually(async () => {
      const b = (await get('/v1/summary?groupBy=gpu&gpu=L40S')).json();
      expect(b.cells).toHaveLength(1);
      return b;
    });
    expect(body.cells[0]).toMatchObject({ gpu: 'L40S', status: 'available', stale: true });
    // Past expireAfter the count is no evidence any more.
    await eventually(async () => {
      const l4 = (await get('/v1/summary?groupBy=gpu,provider&gpu=L4')).json();
      expect(l4.cells[0]).toMatchObject({ status: 'unknown', availableGpus: null, stale: true, offers: { unknown: 1 } });
    });
  });

  it('rejects a bad groupBy or unknown parameter with a problem naming it', async () => {
    for (const [url, detail] of [
      ['/v1/summary?groupBy=gpu,gpu', /groupBy: .*twice/],
      ['/v1/summary?groupBy=instanceType', /groupBy: /],
      ['/v1/summary?group=gpu', /unknown parameter group/],
      ['/v1/gpus?count=8', /unknown parameter count/],
    ] as const) {
      const res = await get(url);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.json().detail).toMatch(detail);
    }
  });

  it('lists every known GPU with memory, form factor and what the market offers now', async () => {
    const { gpus } = (await get('/v1/gpus')).json();
    const h100 = gpus.find((g: any) => g.id === 'H100-SXM');
    expect(h100).toMatchObject({
      model: 'H100',
      variant: 'SXM',
      memoryGiB: 80,
      formFactor: 'SXM',
      interconnect: 'nvlink',
      providers: ['lambda', 'vastai'],
    });
    expect(h100.regionsWithCapacity).toEqual([
      { provider: 'lambda', region: 'us-east-1' },
      { provider: 'lambda', region: 'us-south-1' },
      { provider: 'vastai', region: 'us-tx' },
    ]);
    // vastai us-ca now counts 0 free: its $2.50 is listed but not available.
    expect(h100.minPricePerGpuHour).toEqual({ onDemand: 2, spot: 1.5 });
    expect(h100.listedMinPricePerGpuHour).toEqual({ onDemand: 2, spot: 1.5 });
    expect(gpus.find((g: any) => g.id === 'A10')).toMatchObject({
      offers: 1,
      regionsWithCapacity: [],
      minPricePerGpuHour: { onDemand: null, spot: null },
      listedMinPricePerGpuHour: { onDemand: 0.75, spot: null },
    });
    expect(gpus.find((g: any) => g.id === 'MI300X')).toMatchObject({ vendor: 'amd', memoryGiB: 192, offers: 0, providers: [] });
    const only = (await get('/v1/gpus?gpu=H100&provider=vastai')).json().gpus;
    expect(only.map((g: any) => [g.id, g.offers])).toEqual([
      ['H100-SXM', 3],
      ['H100-PCIe', 0],
      ['H100-NVL', 0],
    ]);
  });

  it('documents the dashboard endpoints in OpenAPI', async () => {
    const doc = (await get('/openapi.json')).json();
    expect(doc.paths['/v1/summary'].get.parameters.map((p: any) => p.name)).toEqual(
      expect.arrayContaining(['groupBy', 'gpu', 'provider', 'region', 'availability']),
    );
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/gpus', '/v1/history', '/metrics']));
  });
});
