import { afterEach, describe, expect, it } from 'vitest';
import { createRunpodAdapter } from '../../adapters/runpod/index.js';
import {
  DEFAULT_RUNPOD_GPUS,
  problem,
  type RunpodFake,
  type RunpodFakeOptions,
  startRunpodFake,
} from '../../adapters/runpod/fake/index.js';
import { SPOT_PRICES_QUERY, type RunpodRaw } from '../../adapters/runpod/schema.js';
import { loadConfig } from '../../config/env.js';
import { StoredOfferSchema, type StoredOffer } from '../../src/domain/offer.js';
import { createLogger } from '../../src/lib/logger.js';
import { adapterError } from '../helpers/adapter-error.js';

const ctx = () => ({ log: createLogger('silent'), signal: new AbortController().signal });
const fakes: RunpodFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

const H100 = 'NVIDIA H100 80GB HBM3';

async function setup(opts: RunpodFakeOptions = {}, env: Record<string, string> = {}) {
  const fake = await startRunpodFake(opts);
  fakes.push(fake);
  const cfg = loadConfig({
    GPU_RADAR_PROVIDERS: 'runpod',
    GPU_RADAR_RUNPOD_URL: fake.url,
    RUNPOD_API_KEY: fake.apiKey,
    GPU_RADAR_RUNPOD_TIMEOUT_MS: '3000',
    ...env,
  }).providers.runpod;
  const adapter = createRunpodAdapter(cfg);
  const fetch = async (scope = 'secure') => (await adapter.fetchRaw(scope, ctx())) as RunpodRaw;
  const poll = async (scope = 'secure') => adapter.normalize(await fetch(scope), scope);
  return { fake, adapter, cfg, fetch, poll };
}

const find = (offers: StoredOffer[], count: number, dc: string, gpu = H100, cloud = 'secure') =>
  offers.find((o) => o.region === dc && o.instanceType === `${count}x ${gpu} (${cloud})`);

describe('runpod adapter against the fake', () => {
  it('maps v2 catalog stock per data center and pod size to level offers, NONE as unavailable', async () => {
    const { fake, adapter, poll } = await setup();
    expect(adapter.scopes()).toEqual(['secure', 'community', 'secure-spot', 'community-spot']);
    const { offers, unknownGpus, dropped } = await poll();
    expect(unknownGpus).toEqual([]);
    expect(dropped).toBe(0);
    for (const o of offers) expect(StoredOfferSchema.safeParse(o).error?.issues ?? []).toEqual([]);

    expect(find(offers, 8, 'US-TX-3')).toMatchObject({
      id: `runpod:US-TX-3:8x ${H100} (secure):on-demand`,
      provider: 'runpod',
      location: { country: 'US', continent: 'north-america', geo: 'us' },
      gpu: { id: 'H100-SXM', count: 8 },
      market: 'on-demand',
      price: { perHourUsd: 2.69 * 8, perGpuHourUsd: 2.69 },
      availability: { status: 'available', signal: 'level', score: 'MEDIUM', source: 'runpod.v2.catalog.gpus.dataCenters.availability' },
      attributes: { cloud: 'secure' },
    });
    expect(find(offers, 8, 'EUR-IS-1')?.availability).toMatchObject({ status: 'limited', score: 'LOW' });
    expect(find(offers, 8, 'EUR-IS-1')?.location).toEqual({ country: 'IS', continent: 'europe', geo: 'eu' });
    expect(find(offers, 8, 'CA-MTL-1')?.availability).toMatchObject({ status: 'unavailable', score: 'NONE' });
    // Kansas has pods of up to 2 H100s: listed for 1 and 2, not for 4 or 8.
    expect(offers.filter((o) => o.region === 'US-KS-2' && o.gpu.id === 'H100-SXM').map((o) => o.gpu.count)).toEqual([1, 2]);
    // B200 is NONE everywhere and the catalog names no data center for it: unavailable in each
    // data center the secure catalog names, with the raw level, its field and the list price.
    const b200 = offers.filter((o) => o.instanceType === '8x NVIDIA B200 (secure)');
    expect(b200.map((o) => o.region).sort()).toEqual(['CA-MTL-1', 'EU-RO-1', 'EU-SE-1', 'EUR-IS-1', 'US-CA-2', 'US-KS-2', 'US-TX-3']);
    for (const o of b200) {
      expect(o).toMatchObject({
        id: `runpod:${o.region}:8x NVIDIA B200 (secure):on-demand`,
        price: { perHourUsd: 5.99 * 8, perGpuHourUsd: 5.99 },
        availability: { status: 'unavailable', signal: 'level', score: 'NONE', source: 'runpod.v2.catalog.gpus.availability' },
      });
    }
    expect(offers.some((o) => o.attributes?.cloud !== 'secure')).toBe(false);

    expect(fake.requests.map((r) => `${r.method} ${r.path}${r.query} ${r.authorized}`)).toEqual(
      [1, 2, 4, 8].map((n) => `GET /v2/catalog/gpus?include=AVAILABILITY&product=POD&count=${n}&cloud=SECURE true`),
    );
  });

  it('community scope asks for COMMUNITY and prices with the community price', async () => {
    const { poll } = await setup();
    const { offers } = await poll('community');
    expect(find(offers, 8, 'US-GA-1', H100, 'community')).toMatchObject({
      price: { perGpuHourUsd: 2.39 },
      availability: { status: 'limited' },
    });
    expect(find(offers, 8, 'EU-CZ-1', 'NVIDIA GeForce RTX 4090', 'community')?.availability.status).toBe('available');
    expect(offers.some((o) => o.gpu.id === 'MI300X')).toBe(false); // secure-only GPU
  });

  it('spot scopes take the spot price from GraphQL (which v2 lacks) and stock from v2', async () => {
    const { fake, poll } = await setup();
    const { offers } = await poll('secure-spot');
    expect(find(offers, 8, 'US-TX-3')).toMatchObject({
      id: `runpod:US-TX-3:8x ${H100} (secure):spot`,
      market: 'spot',
      price: { perHourUsd: 1.75 * 8, perGpuHourUsd: 1.75 },
      availability: { status: 'available', score: 'MEDIUM' },
    });
    // MI300X has no spot price: no spot offer, although it has stock.
    expect(offers.some((o) => o.gpu.id === 'MI300X')).toBe(false);
    const gql = fake.requests.find((r) => r.path === '/graphql')!;
    expect(gql).toMatchObject({ method: 'POST', authorized: true, graphql: SPOT_PRICES_QUERY });
  });

  it('GPU_RADAR_RUNPOD_SPOT=false drops the spot scopes; GPU_RADAR_RUNPOD_GPU_COUNTS picks the pod sizes', async () => {
    const { fake, adapter, poll } = await setup({}, { GPU_RADAR_RUNPOD_SPOT: 'false', GPU_RADAR_RUNPOD_GPU_COUNTS: '8' });
    expect(adapter.scopes()).toEqual(['secure', 'community']);
    expect(new Set((await poll()).offers.map((o) => o.gpu.count))).toEqual(new Set([8]));
    expect(fake.requestCount()).toBe(1);
  });

  it('follows stock as it changes between polls', async () => {
    const { fake, poll } = await setup({}, { GPU_RADAR_RUNPOD_GPU_COUNTS: '8' });
    fake.setLevel(H100, 'SECURE', 'US-TX-3', 'NONE');
    fake.setLevel(H100, 'SECURE', 'EUR-IS-1', null);
    fake.setLevel(H100, 'SECURE', 'OC-AU-1', 'HIGH');
    const { offers } = await poll();
    expect(find(offers, 8, 'US-TX-3')?.availability.status).toBe('unavailable');
    expect(find(offers, 8, 'EUR-IS-1')).toBeUndefined();
    expect(find(offers, 8, 'OC-AU-1')).toMatchObject({
      location: { country: 'AU', geo: 'oceania' },
      availability: { status: 'available', score: 'HIGH' },
    });
  });

  it('a pod size that runs out everywhere keeps its offer ids, now unavailable with the raw level', async () => {
    const { fake, poll } = await setup();
    const texas8 = `runpod:US-TX-3:8x ${H100} (secure):on-demand`;
    expect((await poll()).offers.find((o) => o.id === texas8)?.availability.status).toBe('available');

    // Texas now hosts pods of up to 4 H100s; no data center has 8 left, so RunPod names none for 8.
    fake.setLevel(H100, 'SECURE', 'US-TX-3', 'HIGH', 4);
    for (const dc of ['EUR-IS-1', 'CA-MTL-1']) fake.setLevel(H100, 'SECURE', dc, null);
    const { offers } = await poll();
    const eight = offers.filter((o) => o.instanceType === `8x ${H100} (secure)`);
    expect(eight.map((o) => o.region).sort()).toEqual(['US-KS-2', 'US-TX-3']); // where other pod sizes list it
    expect(eight.find((o) => o.id === texas8)).toMatchObject({
      price: { perGpuHourUsd: 2.69 },
      availability: { status: 'unavailable', signal: 'level', score: 'NONE', source: 'runpod.v2.catalog.gpus.availability' },
    });
    expect(find(offers, 4, 'US-TX-3')?.availability).toMatchObject({ status: 'available', score: 'HIGH' });
  });

  it('drops a malformed GPU type in the middle of the answer, counts it, and keeps the rest', async () => {
    const { poll } = await setup({}, { GPU_RADAR_RUNPOD_GPU_COUNTS: '8' });
    const clean = (await poll()).offers.length;
    const second = await setup({}, { GPU_RADAR_RUNPOD_GPU_COUNTS: '8' });
    second.fake.setMalformed({
      id: 'NVIDIA L40',
      name: 'L40',
      secure: true,
      community: true,
      price: 'ask us',
      maxCount: { secure: 8, community: 8 },
    });
    const { offers, dropped } = await second.poll();
    expect(dropped).toBe(1);
    expect(offers.length).toBe(clean);
  });

  it('reports unknown GPU type ids, and drops data centers it cannot place', async () => {
    const mystery = { ...DEFAULT_RUNPOD_GPUS[0]!, id: 'NVIDIA X9000', name: 'X9000' };
    const { fake, poll } = await setup({ gpus: [...DEFAULT_RUNPOD_GPUS, mystery] }, { GPU_RADAR_RUNPOD_GPU_COUNTS: '8' });
    fake.setLevel('NVIDIA X9000', 'SECURE', 'US-TX-3', 'HIGH');
    fake.setLevel(H100, 'SECURE', 'ZZ-NOWHERE-1', 'HIGH');
    const { unknownGpus, dropped, offers } = await poll();
    expect(unknownGpus).toEqual(['NVIDIA X9000']);
    expect(dropped).toBe(1);
    expect(offers.some((o) => o.region === 'ZZ-NOWHERE-1')).toBe(false);
  });
});

describe('runpod adapter failures', () => {
  it('a wrong key is auth from the problem+json 401, and the message never holds the key', async () => {
    const wrongKey = 'rpa_WRONGKEY123';
    const { fake, fetch } = await setup({}, { RUNPOD_API_KEY: wrongKey });
    const err = await adapterError(fetch());
    expect(err).toMatchObject({ kind: 'auth', status: 401, retryable: false });
    expect(err.message).toContain('invalid api key');
    expect(err.message).not.toContain(wrongKey);
    expect(fake.requests[0]?.authorized).toBe(false);
  });

  it('is disabled without RUNPOD_API_KEY', () => {
    const cfg = loadConfig({ GPU_RADAR_PROVIDERS: 'runpod' }).providers.runpod;
    expect(cfg).toMatchObject({ enabled: false, disabledReason: 'no credentials: set RUNPOD_API_KEY' });
  });

  it('403 problem+json is auth', async () => {
    const { fake, fetch } = await setup();
    fake.failNext({ status: 403, body: problem(403, 'access denied') });
    const err = await adapterError(fetch());
    expect(err).toMatchObject({ kind: 'auth', status: 403 });
    expect(err.message).toContain('access denied');
  });

  it('a 400 problem+json is http and names its detail', async () => {
    const { fake, fetch } = await setup();
    fake.failNext({ status: 400, body: problem(400, 'invalid query', ["$: additional properties 'bogus' not allowed"]) });
    const err = await adapterError(fetch());
    expect(err).toMatchObject({ kind: 'http', status: 400 });
    expect(err.message).toContain('invalid query');
  });

  it('the fake enforces the v2 parameter rules with problem+json', async () => {
    const { fake } = await setup();
    const get = (q: string) =>
      globalThis.fetch(`${fake.url}/v2/catalog/gpus?${q}`, { headers: { authorization: `Bearer ${fake.apiKey}` } });
    for (const q of ['include=AVAILABILITY', 'product=POD', 'count=8', 'include=AVAILABILITY&product=POD&cloud=SPOT']) {
      const res = await get(q);
      expect(res.status, q).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await res.json()).toMatchObject({ title: 'Bad Request', status: 400 });
    }
    expect((await get('include=AVAILABILITY&product=POD&countryCodes=usa')).status).toBe(422);
    const one = await globalThis.fetch(`${fake.url}/v2/catalog/gpus/${encodeURIComponent(H100)}?include=AVAILABILITY&product=POD&count=8`, {
      headers: { authorization: `Bearer ${fake.apiKey}` },
    });
    expect(await one.json()).toMatchObject({ id: H100, availability: 'MEDIUM' });
    const missing = await globalThis.fetch(`${fake.url}/v2/catalog/gpus/NVIDIA%20X1`, {
      headers: { authorization: `Bearer ${fake.apiKey}` },
    });
    expect(missing.status).toBe(404);
  });

  it('stops before a 429 when the RateLimit header says the minute is used up, then 429 carries Retry-After', async () => {
    const { fake, fetch } = await setup({ perMinute: 3 });
    const err = await adapterError(fetch());
    expect(err).toMatchObject({ kind: 'rate_limit' });
    expect(err.retryAfterMs).toBeGreaterThan(0);
    expect(err.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(fake.requestCount()).toBe(3); // the 4th pod size was never asked

    const fresh = createRunpodAdapter(
      loadConfig({ GPU_RADAR_PROVIDERS: 'runpod', GPU_RADAR_RUNPOD_URL: fake.url, RUNPOD_API_KEY: fake.apiKey }).providers.runpod,
    );
    const limited = await adapterError(fresh.fetchRaw('secure', ctx()));
    expect(limited).toMatchObject({ kind: 'rate_limit', status: 429 });
    expect(limited.message).toContain('rate limit exceeded');
    expect(limited.retryAfterMs).toBeGreaterThan(0);
  });

  it('a 429 without Retry-After waits for the exhausted RateLimit window', async () => {
    const { fake, fetch } = await setup();
    fake.failNext({
      status: 429,
      body: problem(429, 'rate limit exceeded for the minute window'),
      headers: { ratelimit: '"minute";r=0;t=12, "hour";r=2800;t=1812' },
    });
    expect(await adapterError(fetch())).toMatchObject({ kind: 'rate_limit', status: 429, retryAfterMs: 12_000 });
  });

  it('GraphQL errors fail only the spot scope, classified by their code', async () => {
    const { fake, fetch } = await setup();
    fake.failNext({ graphqlError: { message: 'Something went wrong', code: 'INTERNAL_SERVER_ERROR' } });
    expect(await adapterError(fetch('secure-spot'))).toMatchObject({ kind: 'http', retryable: true });
    fake.failNext({
      graphqlError: { message: 'Cannot query field "secureSpotPrice" on type "GpuType".', code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    const schemaDrift = await adapterError(fetch('community-spot'));
    expect(schemaDrift).toMatchObject({ kind: 'parse' });
    expect(schemaDrift.message).toContain('Cannot query field');
    fake.failNext({ graphqlError: { message: 'Unauthorized', code: 'UNAUTHENTICATED' } });
    expect(await adapterError(fetch('secure-spot'))).toMatchObject({ kind: 'auth' });
    expect((await fetch('secure')).catalogs).toHaveLength(4);
  });

  it("the fake's GraphQL endpoint really parses and validates queries", async () => {
    const { fake } = await setup();
    const post = async (body: unknown) => {
      const res = await globalThis.fetch(`${fake.url}/graphql`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
      return { status: res.status, json: (await res.json()) as any };
    };
    const syntax = await post({ query: 'query { gpuTypes { id ' });
    expect(syntax.status).toBe(400);
    expect(syntax.json.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    const unknown = await post({ query: '{ gpuTypes { id bogusField } }' });
    expect(unknown.json.errors[0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(unknown.json.errors[0].message).toContain('bogusField');
    // gpuhunt's per-configuration stock query, with variables, answered from the same stock.
    const stock = await post({
      query: `query GpuTypes($lowestPriceInput: GpuLowestPriceInput, $gpuTypesInput: GpuTypeFilter) {
        gpuTypes(input: $gpuTypesInput) {
          id displayName lowestPrice(input: $lowestPriceInput) { stockStatus uninterruptablePrice minimumBidPrice availableGpuCounts }
        }
      }`,
      variables: { gpuTypesInput: { id: H100 }, lowestPriceInput: { gpuCount: 8, secureCloud: true, dataCenterId: 'US-TX-3' } },
    });
    expect(stock.json.data.gpuTypes).toEqual([
      {
        id: H100,
        displayName: 'H100 SXM',
        lowestPrice: { stockStatus: 'Medium', uninterruptablePrice: 2.69, minimumBidPrice: 1.75, availableGpuCounts: [1, 2, 4, 8] },
      },
    ]);
  });

  it('a non-JSON answer is parse; a hung one is timeout', async () => {
    const { fake, fetch } = await setup();
    fake.failNext('garbage');
    expect(await adapterError(fetch())).toMatchObject({ kind: 'parse' });
    const slow = await setup({}, { GPU_RADAR_RUNPOD_TIMEOUT_MS: '200' });
    slow.fake.failNext('hang');
    expect(await adapterError(slow.fetch())).toMatchObject({ kind: 'timeout' });
  });
});
