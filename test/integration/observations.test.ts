import { afterEach, describe, expect, it } from 'vitest';
import { OffersStore } from '../../src/store/offers-store.js';
import { eventually, testApi, type TestApi } from '../helpers/api.js';
import { makeOffer } from '../helpers/offers.js';
import { testRedis, type TestRedis } from '../helpers/redis.js';

const WINDOW_MS = 1_500;
const ALL = 'availability=available,limited,unknown,unavailable';

describe('POST /v1/observations: launch outcomes', () => {
  let t: TestRedis;
  const apis: TestApi[] = [];

  afterEach(async () => {
    for (const a of apis.splice(0)) await a.close();
    await t?.cleanup();
  });

  const setup = async () => {
    t = await testRedis();
    const api = await start();
    const store = new OffersStore(t.redis, t.k);
    const lambda = makeOffer();
    const lambdaSpot = makeOffer({ market: 'spot' });
    const vast = makeOffer({
      provider: 'vastai',
      region: 'US-CA',
      instanceType: 'machine-77',
      availability: { status: 'available', signal: 'count', source: 'vastai.bundles.rentable', availableGpus: 8 },
    });
    const gcp = makeOffer({
      provider: 'gcp',
      region: 'us-central1',
      zone: 'us-central1-a',
      instanceType: 'a3-highgpu-8g',
      availability: { status: 'unknown', signal: 'catalog', source: 'gcp.acceleratorTypes' },
    });
    await store.apply('lambda', 'all', [lambda, lambdaSpot], { observedAt: new Date(), unknownGpus: [] });
    await store.apply('vastai', 'H100 SXM', [vast], { observedAt: new Date(), unknownGpus: [] });
    await store.apply('gcp', 'us-central1', [gcp], { observedAt: new Date(), unknownGpus: [] });
    await eventually(() => expect(api.index.size).toBe(4));
    return { api, lambda, lambdaSpot, vast, gcp };
  };
  const start = async () => {
    const api = await testApi(t, { GPU_RADAR_OBSERVATION_WINDOW_MS: String(WINDOW_MS), GPU_RADAR_PROVIDERS: 'lambda,vastai,gcp' });
    apis.push(api);
    return api;
  };
  const report = (api: TestApi, body: unknown) => api.app.inject({ method: 'POST', url: '/v1/observations', payload: body as object });
  const placement = async (api: TestApi, offerId: string, count = 8) =>
    (
      (await api.app.inject({ method: 'GET', url: `/v1/capacity?gpu=H100&count=${count}&${ALL}&limit=500` })).json().placements as {
        offerId: string;
        availability: Record<string, unknown>;
      }[]
    ).find((p) => p.offerId === offerId)?.availability;

  it('a stockout marks the instance type unavailable in every market, as observed evidence, until its window ends', async () => {
    const { api, lambda, lambdaSpot } = await setup();
    const res = await report(api, { provider: 'lambda', region: 'us-east-1', instanceType: lambda.instanceType, outcome: 'stockout' });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({
      overrides: 2,
      superseded: false,
      observation: { key: `lambda:us-east-1:${lambda.instanceType}`, outcome: 'stockout' },
    });
    await eventually(async () =>
      expect(await placement(api, lambda.id)).toMatchObject({ status: 'unavailable', signal: 'observed', source: 'observations.stockout' }),
    );
    expect(await placement(api, lambdaSpot.id)).toMatchObject({ status: 'unavailable', signal: 'observed' });
    // The default filter hides it, as it hides any unavailable placement.
    const visible = (await api.app.inject({ method: 'GET', url: '/v1/capacity?gpu=H100&count=8&provider=lambda' })).json();
    expect(visible.placements).toEqual([]);

    // A poll in the meantime does not undo it; the window's end does.
    await new OffersStore(t.redis, t.k).apply('lambda', 'all', [lambda, lambdaSpot], { observedAt: new Date(), unknownGpus: [] });
    await new Promise((r) => setTimeout(r, 200));
    expect(await placement(api, lambda.id)).toMatchObject({ status: 'unavailable', signal: 'observed' });
    await eventually(
      async () => expect(await placement(api, lambda.id)).toMatchObject({ status: 'available', signal: 'boolean' }),
      WINDOW_MS + 2_000,
    );
  });

  it('a provider that counts free GPUs outweighs a stockout; a launch settles only what was unknown, for one instance', async () => {
    const { api, vast, gcp, lambda } = await setup();
    const stockout = await report(api, { provider: 'vastai', region: 'US-CA', instanceType: 'machine-77', outcome: 'stockout' });
    expect(stockout.json()).toMatchObject({ overrides: 0 });

    const launched = await report(api, {
      provider: 'gcp',
      region: 'us-central1',
      zone: 'us-central1-a',
      instanceType: 'a3-highgpu-8g',
      outcome: 'launched',
      at: new Date(Date.now() - 1_000).toISOString(),
    });
    expect(launched.json()).toMatchObject({ overrides: 1 });
    await eventually(async () =>
      expect(await placement(api, gcp.id)).toMatchObject({ status: 'available', signal: 'observed', source: 'observations.launched' }),
    );
    // A launch proves one instance: two of them are only limited.
    expect(await placement(api, gcp.id, 16)).toMatchObject({ status: 'limited' });
    expect(await placement(api, vast.id)).toMatchObject({ status: 'available', signal: 'count' });

    // A launch never overrides a provider saying yes already (nothing to settle).
    expect(
      (await report(api, { provider: 'lambda', region: 'us-east-1', instanceType: lambda.instanceType, outcome: 'launched' })).json(),
    ).toMatchObject({ overrides: 0 });
  });

  it('an older report does not replace a newer one, and an API started later serves what is in force', async () => {
    const { api, lambda } = await setup();
    const now = Date.now();
    await report(api, {
      provider: 'lambda',
      region: 'us-east-1',
      instanceType: lambda.instanceType,
      outcome: 'stockout',
      at: new Date(now).toISOString(),
    });
    const older = await report(api, {
      provider: 'lambda',
      region: 'us-east-1',
      instanceType: lambda.instanceType,
      outcome: 'launched',
      at: new Date(now - 500).toISOString(),
    });
    expect(older.json()).toMatchObject({ superseded: true, overrides: 0 });

    const later = await start();
    expect(await placement(later, lambda.id)).toMatchObject({ status: 'unavailable', signal: 'observed' });
  });

  it('refuses bad reports with a 4xx that names the field, and keeps what it has', async () => {
    const { api, lambda } = await setup();
    const cases: [unknown, number, RegExp][] = [
      [{ provider: 'oracle', region: 'x', instanceType: 'y', outcome: 'stockout' }, 400, /^provider: /],
      [{ provider: 'lambda', region: 'us-east-1', outcome: 'stockout' }, 400, /^instanceType: /],
      [{ provider: 'lambda', region: 'us-east-1', instanceType: 'y', outcome: 'maybe' }, 400, /^outcome: /],
      [{ provider: 'lambda', region: 'us-east-1', instanceType: 'y', outcome: 'stockout', colour: 'red' }, 400, /unknown field/],
      [{ provider: 'lambda', region: 'us-east-1', instanceType: 'y', outcome: 'stockout', at: 'yesterday' }, 400, /^at: /],
      [
        {
          provider: 'lambda',
          region: 'us-east-1',
          instanceType: 'y',
          outcome: 'stockout',
          at: new Date(Date.now() + 3_600_000).toISOString(),
        },
        400,
        /future/,
      ],
      [
        {
          provider: 'lambda',
          region: 'us-east-1',
          instanceType: 'y',
          outcome: 'stockout',
          at: new Date(Date.now() - 3_600_000).toISOString(),
        },
        422,
        /too old/,
      ],
      [{ provider: 'lambda', region: '"><script>', instanceType: 'y', outcome: 'stockout' }, 400, /^region: /],
      [{ provider: 'lambda', region: 'r', instanceType: 'x'.repeat(500), outcome: 'stockout' }, 400, /^instanceType: /],
      [[1, 2], 400, /./],
      ['stockout', 415, /./],
    ];
    for (const [body, status, detail] of cases) {
      const res = await report(api, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().detail).toMatch(detail);
      // Every status has its own title, 422 included (it was a bare "Error").
      expect(res.json().title).not.toBe('Error');
    }
    expect(await placement(api, lambda.id)).toMatchObject({ status: 'available', signal: 'boolean' });
  });
});
