import { afterEach, describe, expect, it } from 'vitest';
import { createVastaiAdapter } from '../../adapters/vastai/index.js';
import {
  startVastFake,
  vastError,
  type VastFake,
  type VastFakeOffer,
  type VastFakeOptions,
  vastOffer,
} from '../../adapters/vastai/fake/index.js';
import type { VastRaw } from '../../adapters/vastai/schema.js';
import { GPU_COUNT_BUCKETS } from '../../adapters/vastai/search.js';
import { loadConfig } from '../../config/env.js';
import { DEFAULT_VASTAI_GPUS } from '../../adapters/vastai/settings.js';
import { StoredOfferSchema } from '../../src/domain/offer.js';
import { createLogger } from '../../src/lib/logger.js';
import { adapterError } from '../helpers/adapter-error.js';

const ctx = (signal = new AbortController().signal) => ({ log: createLogger('silent'), signal });
const fakes: VastFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function setup(opts: VastFakeOptions = {}, env: Record<string, string> = {}) {
  const fake = await startVastFake(opts);
  fakes.push(fake);
  const cfg = loadConfig({
    GPU_RADAR_PROVIDERS: 'vastai',
    GPU_RADAR_VASTAI_URL: fake.url,
    GPU_RADAR_VASTAI_REQUEST_GAP_MS: '0',
    GPU_RADAR_VASTAI_TIMEOUT_MS: '3000',
    ...env,
  }).providers.vastai;
  const adapter = createVastaiAdapter(cfg);
  const fetch = async (scope = 'H100 SXM') => (await adapter.fetchRaw(scope, ctx())) as VastRaw;
  const poll = async (scope = 'H100 SXM') => adapter.normalize(await fetch(scope), scope);
  return { fake, adapter, cfg, fetch, poll };
}

// `n` rentable H100 SXM offers with GPU counts cycling 1, 2, 4, 8 and distinct prices.
const market = (n: number, price = (i: number) => 1 + i / 100): VastFakeOffer[] =>
  Array.from({ length: n }, (_, i) =>
    vastOffer({
      id: 1000 + i,
      machine_id: 5000 + i,
      num_gpus: [1, 2, 4, 8][i % 4]!,
      gpu_name: 'H100 SXM',
      dph_total: price(i),
      geolocation: 'Texas, US',
    }),
  );

describe('vastai adapter against the fake', () => {
  it('turns each rentable machine offer into on-demand and interruptible offers with a GPU count', async () => {
    const { fake, adapter, poll } = await setup();
    expect(adapter.scopes()).toEqual([...DEFAULT_VASTAI_GPUS]);
    const { offers, unknownGpus, dropped } = await poll();
    expect(unknownGpus).toEqual([]);
    expect(dropped).toBe(0);
    for (const o of offers) expect(StoredOfferSchema.safeParse(o).error?.issues ?? []).toEqual([]);

    const texas = offers.find((o) => o.id === 'vastai:us-texas:machine-31455-8x:on-demand')!;
    expect(texas).toMatchObject({
      provider: 'vastai',
      region: 'us-texas',
      location: { country: 'US', continent: 'north-america', geo: 'us' },
      instanceType: 'machine-31455-8x',
      gpu: { id: 'H100-SXM', model: 'H100', variant: 'SXM', count: 8, interconnect: 'nvlink' },
      vcpus: 192,
      market: 'on-demand',
      price: { perHourUsd: 17.6069 },
      availability: { status: 'available', signal: 'count', source: 'vastai.bundles.rentable', availableGpus: 8 },
      attributes: { reliability: 0.9981, verification: 'verified', askId: 24811937, machineId: 31455 },
    });
    expect(texas.availability.observedAt).toBeUndefined();
    expect(texas.price.perGpuHourUsd).toBeCloseTo(17.6069 / 8, 10);
    const bid = offers.find((o) => o.id === 'vastai:us-texas:machine-31455-8x:interruptible')!;
    expect(bid.price).toEqual({ perHourUsd: 10.9163, perGpuHourUsd: 10.9163 / 8 });
    expect(bid.availability.availableGpus).toBe(8);

    // No min_bid, no interruptible offer; one machine sliced two ways is two offers.
    expect(offers.filter((o) => o.instanceType === 'machine-31502-8x').map((o) => o.market)).toEqual(['on-demand']);
    expect(
      offers
        .filter((o) => o.region === 'de-hesse' && o.market === 'on-demand')
        .map((o) => o.gpu.count)
        .sort(),
    ).toEqual([4, 8]);
    expect(offers.find((o) => o.region === 'cn')?.location).toEqual({ country: 'CN', continent: 'asia', geo: 'asia' });
    // The not-rentable and the rented machines are never returned.
    expect(offers.some((o) => /machine-3900[12]-/.test(o.instanceType))).toBe(false);

    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/api/v0/bundles/', authorized: 'anonymous' });
    expect(fake.requests[0]!.query).toEqual({
      rentable: { eq: true },
      rented: { eq: false },
      gpu_name: { eq: 'H100 SXM' },
      type: 'on-demand',
      order: [['dph_total', 'asc']],
      limit: 3000,
      allocated_storage: 5,
    });
  });

  it('sends VASTAI_API_KEY as a Bearer token when it is set', async () => {
    const fake = await startVastFake({ requireKey: true });
    fakes.push(fake);
    const cfg = loadConfig({
      GPU_RADAR_PROVIDERS: 'vastai',
      GPU_RADAR_VASTAI_URL: fake.url,
      VASTAI_API_KEY: fake.apiKey,
      GPU_RADAR_VASTAI_REQUEST_GAP_MS: '0',
    }).providers.vastai;
    expect(cfg.enabled).toBe(true);
    const adapter = createVastaiAdapter(cfg);
    const { offers } = adapter.normalize(await adapter.fetchRaw('RTX 4090', ctx()), 'RTX 4090');
    expect(offers.map((o) => o.region).sort()).toEqual(['se-sweden', 'se-sweden', 'tw-taiwan', 'tw-taiwan']);
    expect(fake.requests[0]?.authorized).toBe(true);
  });

  it('tells A100 40 GB from 80 GB by gpu_ram, since Vast names both "A100 SXM4"', async () => {
    const { poll } = await setup();
    const { offers, unknownGpus } = await poll('A100 SXM4');
    expect(unknownGpus).toEqual([]);
    const byMachine = Object.fromEntries(offers.filter((o) => o.market === 'on-demand').map((o) => [o.instanceType, o.gpu.id]));
    expect(byMachine).toEqual({ 'machine-40112-8x': 'A100-80GB-SXM', 'machine-40113-2x': 'A100-40GB-SXM' });
  });

  it('splits a full answer by GPU count, then pages a full bucket by price, and loses no offer', async () => {
    const offers = market(30);
    const { fake, poll } = await setup({ offers }, { GPU_RADAR_VASTAI_LIMIT: '4' });
    const result = await poll();
    const onDemand = result.offers.filter((o) => o.market === 'on-demand');
    expect(onDemand).toHaveLength(30);
    expect(new Set(onDemand.map((o) => o.attributes?.askId))).toEqual(new Set(offers.map((o) => o.id)));

    const queries = fake.requests.map((r) => r.query!);
    expect(queries[0]!.num_gpus).toBeUndefined();
    expect(fake.requests[0]!.returned).toBe(4);
    // Every GPU-count bucket was asked, and a full one was paged with dph_total gte.
    for (const bucket of GPU_COUNT_BUCKETS) expect(queries.some((q) => JSON.stringify(q.num_gpus) === JSON.stringify(bucket))).toBe(true);
    expect(queries.some((q) => (q.dph_total as { gte?: number } | undefined)?.gte !== undefined)).toBe(true);
    expect(queries.every((q) => q.limit === 4 && (q.gpu_name as { eq: string }).eq === 'H100 SXM')).toBe(true);
  });

  it('one request when the answer is not full', async () => {
    const { fake, fetch } = await setup({ offers: market(3) }, { GPU_RADAR_VASTAI_LIMIT: '4' });
    expect(await fetch()).toMatchObject({ requests: 1, truncated: false });
    expect(fake.requestCount()).toBe(1);
  });

  it('reports itself truncated, after a bounded number of requests, when more than `limit` offers share one price', async () => {
    const same = market(12, () => 2.5).map((o) => ({ ...o, num_gpus: 8 }));
    const { fake, fetch } = await setup({ offers: same }, { GPU_RADAR_VASTAI_LIMIT: '4' });
    const raw = await fetch();
    expect(raw.truncated).toBe(true);
    expect(raw.offers.length).toBeGreaterThanOrEqual(4);
    expect(fake.requestCount()).toBeLessThanOrEqual(25);
  });

  it('drops a malformed offer in the middle of the answer, counts it, and keeps the rest', async () => {
    const offers = market(5);
    offers.splice(2, 0, {
      ...vastOffer({ id: 999, machine_id: 999, num_gpus: 8, gpu_name: 'H100 SXM', dph_total: 1.025, geolocation: 'Texas, US' }),
      num_gpus: 'eight',
    });
    const { fake, poll } = await setup({ offers });
    const { offers: out, dropped } = await poll();
    expect(dropped).toBe(1);
    expect(out.filter((o) => o.market === 'on-demand')).toHaveLength(5);
    expect(fake.requests[0]!.returned).toBe(6); // the fake did send it, in the middle (by price)
  });

  it('drops and counts offers without a usable geolocation; reports unknown GPU names', async () => {
    const offers = [
      vastOffer({ id: 1, machine_id: 1, num_gpus: 1, gpu_name: 'H100 SXM', dph_total: 2, geolocation: null }),
      vastOffer({ id: 2, machine_id: 2, num_gpus: 1, gpu_name: 'H100 SXM', dph_total: 2, geolocation: 'Atlantis, XX' }),
      vastOffer({ id: 3, machine_id: 3, num_gpus: 2, gpu_name: 'H100 SXM', dph_total: 4, geolocation: 'Texas, US' }),
      vastOffer({ id: 4, machine_id: 4, num_gpus: 1, gpu_name: 'H200 NVL', dph_total: 3, geolocation: 'Texas, US' }),
    ];
    const { poll } = await setup({ offers });
    const h100 = await poll('H100 SXM');
    expect(h100.dropped).toBe(2);
    expect(h100.offers.map((o) => o.id)).toEqual(['vastai:us-texas:machine-3-2x:on-demand']);
    expect((await poll('H200 NVL')).unknownGpus).toEqual(['H200 NVL']);
  });

  it('keeps a path prefix in the base URL', async () => {
    const { fake, poll } = await setup({ pathPrefix: '/proxy' }, {});
    const cfg = loadConfig({
      GPU_RADAR_PROVIDERS: 'vastai',
      GPU_RADAR_VASTAI_URL: `${fake.url}/proxy`,
      GPU_RADAR_VASTAI_REQUEST_GAP_MS: '0',
    }).providers.vastai;
    const adapter = createVastaiAdapter(cfg);
    expect(adapter.normalize(await adapter.fetchRaw('H100 SXM', ctx()), 'H100 SXM').offers.length).toBeGreaterThan(0);
    expect(fake.requests.at(-1)?.path).toBe('/proxy/api/v0/bundles/');
    expect(await adapterError(poll())).toMatchObject({ kind: 'config', status: 404 });
  });

  it('spaces its searches GPU_RADAR_VASTAI_REQUEST_GAP_MS apart, and an abort ends the wait', async () => {
    const { fake, adapter } = await setup({}, { GPU_RADAR_VASTAI_REQUEST_GAP_MS: '300' });
    await adapter.fetchRaw('H100 SXM', ctx());
    await adapter.fetchRaw('H100 PCIE', ctx());
    expect(fake.requestCount()).toBe(2);
    const times = fake.requests.map((r) => r.at);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(250);

    const abort = new AbortController();
    const pending = adapter.fetchRaw('H200', ctx(abort.signal));
    abort.abort();
    expect(await adapterError(pending)).toMatchObject({ kind: 'timeout' });
    expect(fake.requestCount()).toBe(2);
  });
});

describe('vastai adapter failures', () => {
  it('a wrong key answered 404 "Invalid user key" is auth, and the message never holds the key', async () => {
    const wrongKey = 'vast-wrong-key-7c1e';
    const { fake } = await setup();
    const adapter = createVastaiAdapter(
      loadConfig({
        GPU_RADAR_PROVIDERS: 'vastai',
        GPU_RADAR_VASTAI_URL: fake.url,
        VASTAI_API_KEY: wrongKey,
        GPU_RADAR_VASTAI_REQUEST_GAP_MS: '0',
      }).providers.vastai,
    );
    const err = await adapterError(adapter.fetchRaw('H100 SXM', ctx()));
    expect(err).toMatchObject({ kind: 'auth', status: 404, retryable: false });
    expect(err.message).toContain('Invalid user key');
    expect(err.message).not.toContain(wrongKey);
    expect(fake.requests[0]?.authorized).toBe(false);
  });

  it('401 and 403 are auth too, and a fake that requires a key refuses an anonymous search', async () => {
    const { fetch } = await setup({ requireKey: true, authFailureStatus: 401 });
    expect(await adapterError(fetch())).toMatchObject({ kind: 'auth', status: 401 });
    const second = await setup();
    second.fake.failNext({ status: 403, body: vastError('forbidden', 'API key lacks the misc scope') });
    const err = await adapterError(second.fetch());
    expect(err).toMatchObject({ kind: 'auth', status: 403 });
    expect(err.message).toContain('forbidden: API key lacks the misc scope');
  });

  it('429 in plain text without Retry-After is rate_limit with the default wait', async () => {
    const { fake, fetch } = await setup({ minIntervalMs: 60_000 });
    await fetch();
    const err = await adapterError(fetch('H100 PCIE'));
    expect(err).toMatchObject({ kind: 'rate_limit', status: 429, retryAfterMs: 30_000 });
    expect(fake.requestCount()).toBe(2);
  });

  it('a 400 with {error, msg} is http and names the message', async () => {
    const { fake, fetch } = await setup();
    fake.failNext({ status: 400, body: vastError('invalid_request', 'Invalid json body') });
    const err = await adapterError(fetch());
    expect(err).toMatchObject({ kind: 'http', status: 400 });
    expect(err.message).toContain('invalid_request: Invalid json body');
  });

  it('the fake itself refuses unknown operators and bad JSON as Vast does', async () => {
    const { fake } = await setup();
    const post = (body: string) =>
      globalThis.fetch(`${fake.url}/api/v0/bundles/`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    const bad = await post('{"gpu_name": {"like": "H100"}}');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid_args' });
    expect((await post('not json')).status).toBe(400);
    const ok = await post('{"gpu_name": {"in": ["H200", "B200"]}, "geolocation": {"in": ["US"]}, "limit": 1}');
    expect(ok.headers.get('content-type')).toBe('application/json');
    expect(((await ok.json()) as { offers: unknown[] }).offers).toHaveLength(1);
  });

  it('a non-JSON answer and a JSON answer without offers are parse', async () => {
    const { fake, fetch } = await setup();
    fake.failNext('garbage');
    expect(await adapterError(fetch())).toMatchObject({ kind: 'parse' });
    fake.failNext({ status: 200, body: '{"success": true}' });
    expect((await adapterError(fetch())).message).toContain('offers');
  });

  it('a 5xx is http and retryable; a hung answer is timeout', async () => {
    const { fake, fetch } = await setup();
    fake.failNext({ status: 502, body: '<html>Bad Gateway</html>', contentType: 'text/html' });
    expect(await adapterError(fetch())).toMatchObject({ kind: 'http', status: 502, retryable: true });
    const slow = await setup({}, { GPU_RADAR_VASTAI_TIMEOUT_MS: '200' });
    slow.fake.failNext('hang');
    expect(await adapterError(slow.fetch())).toMatchObject({ kind: 'timeout', retryable: true });
  });
});
