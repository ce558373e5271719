import { afterEach, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../src/store/history-store.js';
import { OffersStore } from '../../src/store/offers-store.js';
import { testApi, type TestApi } from '../helpers/api.js';
import { makeOffer } from '../helpers/offers.js';
import { testRedis, type TestRedis } from '../helpers/redis.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const counted = (n: number) => ({
  status: n > 0 ? ('available' as const) : ('unavailable' as const),
  signal: 'count' as const,
  source: 'vastai.bundles.rentable',
  availableGpus: n,
});

// Two hours of polls every 10 min; at -60 min Lambda's us-east-1 runs out, us-west-1 stops
// being listed, and Vast drops from 8 free GPUs at $2.50/GPU-h to 4 at $2.00.
const lambdaA = [makeOffer({ region: 'us-east-1' }), makeOffer({ region: 'us-west-1', availability: { status: 'unavailable' } })];
const lambdaB = [makeOffer({ region: 'us-east-1', availability: { status: 'unavailable' } })];
const vastAt = (n: number, perHourUsd: number) => [
  makeOffer({ provider: 'vastai', region: 'us-ca', instanceType: 'm1', perHourUsd, availability: counted(n) }),
];

describe('/v1/history', () => {
  let t: TestRedis;
  let api: TestApi | undefined;
  const history = (opts: Partial<ConstructorParameters<typeof HistoryStore>[2]> = {}) =>
    new HistoryStore(t.redis, t.prefix, { retentionDays: 30, ...opts });
  const get = (url: string) => api!.app.inject({ method: 'GET', url });
  const iso = (ms: number) => new Date(ms).toISOString();
  afterEach(async () => {
    await api?.close();
    api = undefined;
    await t?.cleanup();
  });

  it('answers a time series of counted GPUs, status counts and min price from the samples of every poll', async () => {
    t = await testRedis();
    const h = history();
    const now = Math.floor(Date.now() / 1000) * 1000; // samples are kept to the second
    // Polls go through the store, as the poll worker's do.
    const store = new OffersStore(t.redis, t.k, { record: (p, s, offers, at) => h.record(p, s, offers, at, now) });
    for (let k = 0; k <= 12; k++) {
      const at = new Date(now - 2 * HOUR + k * 10 * MIN);
      const phaseB = k >= 6;
      await store.apply('lambda', 'all', phaseB ? lambdaB : lambdaA, { observedAt: at, unknownGpus: [] });
      await store.apply('vastai', 'H100', phaseB ? vastAt(4, 16) : vastAt(8, 20), { observedAt: at, unknownGpus: [] });
    }
    api = await testApi(t, {}, { history: h });

    const body = (await get(`/v1/history?gpu=H100&from=${iso(now - 2 * HOUR)}&to=${iso(now)}&step=30m`)).json();
    expect(body.series).toBe(3);
    expect(body.query).toMatchObject({ gpu: 'H100', stepSeconds: 1800 });
    const A = { availableGpus: 8, offers: { available: 2, limited: 0, unavailable: 1, unknown: 0 }, minPricePerGpuHour: 2.5, series: 3 };
    // us-west-1 vanished: its series gets an empty sample, so it counts nothing from then on.
    const B = { availableGpus: 4, offers: { available: 1, limited: 0, unavailable: 1, unknown: 0 }, minPricePerGpuHour: 2, series: 3 };
    // Its empty sample is the last word for one lookback (the step), then it is gone.
    expect(body.points.map(({ t: _t, ...p }: any) => p)).toEqual([A, A, B, B, { ...B, series: 2 }]);
    expect(body.points.map((p: any) => Date.parse(p.t) - now)).toEqual([-120, -90, -60, -30, 0].map((m) => m * MIN));

    const lambdaOnly = (await get(`/v1/history?provider=lambda&region=us-east-*&from=-2h&step=1h`)).json();
    expect(lambdaOnly.series).toBe(1);
    expect(lambdaOnly.points.map((p: any) => p.offers && [p.offers.available, p.offers.unavailable])).toEqual([
      [1, 0],
      [0, 1],
      [0, 1],
    ]);
  });

  it("counts a machine's free GPUs once across its markets, and each market's own when filtered", async () => {
    t = await testRedis();
    const h = history();
    const now = Date.now();
    // Machine 9 is listed on-demand and interruptible: the same 4 GPUs. Machine 10 only on-demand.
    const rtx = (instanceType: string, market: 'on-demand' | 'interruptible', free: number) =>
      makeOffer({
        provider: 'vastai',
        region: 'us-ca',
        gpu: 'RTX4090',
        count: free,
        instanceType,
        market,
        perHourUsd: 1,
        availability: counted(free),
      });
    await h.record(
      'vastai',
      'RTX4090',
      [rtx('machine-9-4x', 'on-demand', 4), rtx('machine-9-4x', 'interruptible', 4), rtx('machine-10-2x', 'on-demand', 2)],
      new Date(now - 2 * MIN),
      now,
    );
    api = await testApi(t, {}, { history: h });
    const latest = async (filter: string) => (await get(`/v1/history?gpu=RTX4090${filter}&from=-10m&step=5m`)).json().points.at(-1);
    expect(await latest('')).toMatchObject({ availableGpus: 6, series: 2, offers: { available: 3 } });
    expect(await latest('&market=on-demand,interruptible')).toMatchObject({ availableGpus: 6, series: 2 });
    expect(await latest('&market=interruptible')).toMatchObject({ availableGpus: 4, series: 1 });
    expect(await latest('&market=on-demand')).toMatchObject({ availableGpus: 6, series: 1 });
  });

  it('shows a gap, not the last value, where polls stopped', async () => {
    t = await testRedis();
    const h = history();
    const now = Date.now();
    await h.record('vastai', 'H100', vastAt(8, 20), new Date(now - 170 * MIN), now);
    await h.record('vastai', 'H100', vastAt(8, 20), new Date(now - 10 * MIN), now);
    api = await testApi(t, {}, { history: h });
    const body = (await get('/v1/history?from=-3h&step=30m')).json();
    // A sample holds for one step (30 min) at most.
    expect(body.points.map((p: any) => p.availableGpus)).toEqual([null, 8, null, null, null, null, 8]);
    expect(body.points[2]).toMatchObject({ series: 0, offers: null, minPricePerGpuHour: null });
  });

  it('downsamples to one record per hour after 24 h, keeps the retention, and expires raw samples', async () => {
    t = await testRedis();
    const h = history({ retentionDays: 7 });
    const now = Date.now();
    const hour = Math.floor((now - 30 * HOUR) / HOUR) * HOUR;
    await h.record('vastai', 'H100', vastAt(8, 20), new Date(hour + 5 * MIN), now);
    await h.record('vastai', 'H100', vastAt(2, 12), new Date(hour + 20 * MIN), now);
    await h.record('vastai', 'H100', vastAt(6, 24), new Date(hour + 40 * MIN), now);
    await h.record('vastai', 'H100', vastAt(1, 8), new Date(now - 8 * 24 * HOUR), now); // past the retention
    const keys = await t.redis.keys(`${t.prefix.replace(/[{}]/g, '\\$&')}history:*`);
    expect(keys.filter((k) => k.includes(':raw:'))).toEqual([]); // older than 24 h: hourly only
    const hourly = keys.filter((k) => k.includes(':hourly:'));
    expect(hourly).toHaveLength(1);
    const ttl = await t.redis.pttl(hourly[0]!);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(8 * 24 * HOUR);

    api = await testApi(t, {}, { history: h });
    const body = (await get(`/v1/history?from=${iso(hour)}&to=${iso(hour + 2 * HOUR)}&step=1h`)).json();
    // The hour's point: its latest values, its cheapest price; held for an hour and 5 min.
    expect(body.points.map((p: any) => [p.availableGpus, p.minPricePerGpuHour])).toEqual([
      [null, null],
      [6, 1.5],
      [null, null],
    ]);
    const old = (await get('/v1/history?from=-30d&step=1d')).json();
    expect(Date.parse(old.query.from)).toBeGreaterThanOrEqual(now - 7 * 24 * HOUR); // clamped to the retention
  });

  it('bounds memory: unchanged samples are thinned, changes kept, and the series count capped', async () => {
    t = await testRedis();
    const h = history({ rawMinSpacingMs: MIN, maxSeries: 2 });
    const now = Date.now();
    const base = Math.floor(now / HOUR) * HOUR - 30 * MIN; // mid-hour: one raw chunk
    for (let s = 0; s < 12; s++) await h.record('vastai', 'H100', vastAt(8, 20), new Date(base + s * 10_000), now);
    await h.record('vastai', 'H100', vastAt(3, 20), new Date(base + 125_000), now);
    const [raw] = await t.redis.keys(`${t.prefix.replace(/[{}]/g, '\\$&')}history:raw:*`);
    const records = (await t.redis.get(raw!))!.split(';').filter(Boolean);
    // 12 identical samples over 110 s at a 60 s spacing keep 2; the change is kept at once.
    expect(records.map((r) => r.split(',')[1])).toEqual(['8', '8', '3']);

    await h.record('lambda', 'all', [...lambdaA, makeOffer({ region: 'us-south-1' })], new Date(now), now);
    expect(await t.redis.hlen(`${t.prefix}history:series`)).toBe(2);
  });

  it('records an empty scope without complaint, and never fails the poll when Redis does', async () => {
    t = await testRedis();
    const warnings: string[] = [];
    const log = { warn: (_: unknown, msg: string) => warnings.push(msg) } as never;
    await new HistoryStore(t.redis, t.prefix, { retentionDays: 30, log }).record('lambda', 'all', [], new Date());
    expect(warnings).toEqual([]);
    const broken = new HistoryStore(t.redis, `${t.prefix}broken:`, { retentionDays: 30, log });
    await t.redis.set(`${t.prefix}broken:history:series`, 'not a hash');
    await expect(broken.record('lambda', 'all', lambdaA, new Date())).resolves.toBeUndefined();
    expect(warnings).toEqual(['history sample not recorded']);
  });

  it('rejects bad times and steps, and too many points', async () => {
    t = await testRedis();
    api = await testApi(t, {}, { history: history() });
    for (const [url, detail] of [
      ['/v1/history?from=yesterday', /from: an ISO 8601 date-time/],
      ['/v1/history?step=1s', /step: a duration from 10s/],
      ['/v1/history?from=-2h&to=-3h', /from: must be before to/],
      ['/v1/history?from=-7d&step=10s', /step: .*at most 1500/],
      ['/v1/history?gpu=H999', /gpu: unknown GPU/],
      ['/v1/history?instanceType=x', /unknown parameter instanceType/],
    ] as const) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().detail).toMatch(detail);
    }
  });
});
