import { afterEach, describe, expect, it } from 'vitest';
import { createLambdaAdapter } from '../../adapters/lambda/index.js';
import { DEFAULT_REGIONS, startLambdaFake, type LambdaFake, type LambdaFakeOptions } from '../../adapters/lambda/fake/index.js';
import { createLogger } from '../../src/lib/logger.js';
import { StoredOfferSchema } from '../../src/domain/offer.js';
import { providerConfig } from '../helpers/provider-config.js';
import { adapterError } from '../helpers/adapter-error.js';
import { freePort } from '../helpers/free-port.js';

const ctx = () => ({ log: createLogger('silent'), signal: new AbortController().signal });
const fakes: LambdaFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function setup(opts: LambdaFakeOptions = {}, cfg: { path?: string; apiKey?: string; timeoutMs?: number } = {}) {
  const fake = await startLambdaFake(opts);
  fakes.push(fake);
  const config = providerConfig('lambda', {
    url: `${fake.url}${cfg.path ?? ''}`,
    credentials: { LAMBDA_API_KEY: cfg.apiKey ?? fake.apiKey },
    timeoutMs: cfg.timeoutMs,
  });
  const adapter = createLambdaAdapter(config);
  const poll = async () => adapter.normalize(await adapter.fetchRaw('all', ctx()), 'all');
  return { fake, adapter, poll, fetch: () => adapter.fetchRaw('all', ctx()) };
}

describe('lambda adapter against the fake', () => {
  it('maps 8x H100 SXM5 to H100-SXM offers, available where Lambda lists capacity', async () => {
    const { fake, adapter, poll } = await setup();
    expect(adapter.scopes()).toEqual(['all']);
    const { offers, unknownGpus } = await poll();
    expect(unknownGpus).toEqual([]);
    for (const o of offers) expect(StoredOfferSchema.safeParse(o).success).toBe(true);

    const h100 = offers.filter((o) => o.instanceType === 'gpu_8x_h100_sxm5');
    expect(h100).toHaveLength(DEFAULT_REGIONS.length); // every region /regions lists
    const east = h100.find((o) => o.region === 'us-east-1')!;
    expect(east).toMatchObject({
      id: 'lambda:us-east-1:gpu_8x_h100_sxm5:on-demand',
      provider: 'lambda',
      location: { country: 'US', continent: 'north-america', geo: 'us' },
      gpu: { id: 'H100-SXM', model: 'H100', variant: 'SXM', vendor: 'nvidia', memoryGiB: 80, count: 8, interconnect: 'nvlink' },
      vcpus: 208,
      memoryGiB: 1800,
      market: 'on-demand',
      price: { perHourUsd: 35.92 },
      availability: { status: 'available', signal: 'boolean', source: 'lambda.regions_with_capacity_available' },
    });
    expect(east.zone).toBeUndefined();
    expect(east.availability.observedAt).toBeUndefined();
    expect(east.price.perGpuHourUsd).toBeCloseTo(4.49, 10);
    const status = (region: string) => h100.find((o) => o.region === region)?.availability.status;
    expect(status('us-south-2')).toBe('available');
    expect(status('us-west-1')).toBe('unavailable');
    expect(h100.find((o) => o.region === 'europe-central-1')?.location).toEqual({ country: 'DE', continent: 'europe', geo: 'eu' });
    expect(offers.some((o) => o.instanceType === 'cpu_4x_general')).toBe(false);

    expect(fake.requests.map((r) => `${r.method} ${r.path} ${r.authorized}`)).toEqual([
      'GET /api/v1/instance-types true',
      'GET /api/v1/regions true',
    ]);
  });

  it('follows capacity and price changes between polls', async () => {
    const { fake, poll } = await setup();
    fake.setCapacity('gpu_8x_h100_sxm5', []);
    fake.setPrice('gpu_8x_h100_sxm5', 3200);
    const h100 = (await poll()).offers.filter((o) => o.instanceType === 'gpu_8x_h100_sxm5');
    expect(h100.length).toBeGreaterThan(0);
    expect(h100.every((o) => o.availability.status === 'unavailable')).toBe(true);
    expect(h100[0]!.price).toEqual({ perHourUsd: 32, perGpuHourUsd: 4 });
    expect(fake.capacity().gpu_8x_h100_sxm5).toEqual([]);
  });

  it('counts an unknown GPU and emits no offer for it', async () => {
    const mystery = {
      name: 'gpu_1x_x9000',
      description: '1x X9000 (512 GB)',
      gpu_description: 'X9000 (512 GB)',
      price_cents_per_hour: 999,
      specs: { vcpus: 32, memory_gib: 256, storage_gib: 1000, gpus: 1 },
    };
    const { poll } = await setup({ instanceTypes: [mystery], capacity: { gpu_1x_x9000: ['us-east-1'] } });
    const { offers, unknownGpus } = await poll();
    expect(unknownGpus).toEqual(['X9000 (512 GB)']);
    expect(offers).toEqual([]);
  });

  it('keeps a path prefix in the base URL', async () => {
    const { fake, poll } = await setup({ pathPrefix: '/proxy' }, { path: '/proxy' });
    expect((await poll()).offers.length).toBeGreaterThan(0);
    expect(fake.requests.map((r) => r.path)).toEqual(['/proxy/api/v1/instance-types', '/proxy/api/v1/regions']);
  });

  it('accepts Basic auth with the key as user name and refuses no auth', async () => {
    const fake = await startLambdaFake();
    fakes.push(fake);
    const basic = `Basic ${Buffer.from(`${fake.apiKey}:`).toString('base64')}`;
    const res = await fetch(`${fake.url}/api/v1/regions`, { headers: { authorization: basic } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: unknown[] }).data).toEqual(DEFAULT_REGIONS);
    const anonymous = await fetch(`${fake.url}/api/v1/instance-types`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: 'global/invalid-api-key' } });
  });
});

describe('lambda adapter failures', () => {
  it('401 with a wrong key is auth, names the Lambda code and never the key', async () => {
    const wrongKey = 'secret_wrong_key_5f3a9c';
    const { fake, fetch } = await setup({}, { apiKey: wrongKey });
    const err = await adapterError(fetch());
    expect(err).toMatchObject({ kind: 'auth', status: 401, retryable: false });
    expect(err.message).toContain('global/invalid-api-key');
    expect(err.message).not.toContain(wrongKey);
    expect(err.message).not.toContain(fake.apiKey);
    expect(fake.requests[0]?.authorized).toBe(false);
  });

  it('403 is auth', async () => {
    const { fake, fetch } = await setup();
    fake.failNext({ status: 403 });
    const err = await adapterError(fetch());
    expect(err).toMatchObject({ kind: 'auth', status: 403 });
    expect(err.message).toContain('global/account-inactive');
  });

  it('429 is rate_limit with Retry-After in ms', async () => {
    const { fake, fetch } = await setup();
    fake.failNext({ status: 429, headers: { 'retry-after': '7' } });
    expect(await adapterError(fetch())).toMatchObject({ kind: 'rate_limit', status: 429, retryAfterMs: 7000 });
  });

  it("the fake's own limiter answers 429 to a request too soon after the last", async () => {
    const { fake, fetch } = await setup({ minIntervalMs: 60_000 });
    const err = await adapterError(fetch());
    expect(err).toMatchObject({ kind: 'rate_limit', retryAfterMs: 60_000 });
    expect(err.message).toContain('global/rate-limited');
    expect(fake.requestCount()).toBe(2); // instance-types passed, regions was too soon
  });

  it('500 is http and retryable', async () => {
    const { fake, fetch } = await setup();
    fake.failNext({ status: 500 });
    expect(await adapterError(fetch())).toMatchObject({ kind: 'http', status: 500, retryable: true });
  });

  it('404 from a wrong base path is config', async () => {
    const { fetch } = await setup({}, { path: '/wrong' });
    const err = await adapterError(fetch());
    expect(err).toMatchObject({ kind: 'config', status: 404 });
    expect(err.message).toContain('global/not-found');
  });

  it('a non-JSON 200 is parse', async () => {
    const { fake, fetch } = await setup();
    fake.failNext('garbage');
    expect(await adapterError(fetch())).toMatchObject({ kind: 'parse' });
  });

  it('a truncated JSON body is parse', async () => {
    const { fake, fetch } = await setup();
    fake.failNext('truncated');
    expect(await adapterError(fetch())).toMatchObject({ kind: 'parse' });
  });

  it('a valid JSON body of the wrong shape is parse', async () => {
    const { fake, fetch } = await setup();
    fake.failNext({ status: 200, body: '{"data":[]}' });
    const err = await adapterError(fetch());
    expect(err.kind).toBe('parse');
    expect(err.message).toContain('data');
  });

  it('a hung response is timeout', async () => {
    const { fake, fetch } = await setup({}, { timeoutMs: 200 });
    fake.failNext('hang');
    const started = Date.now();
    expect(await adapterError(fetch())).toMatchObject({ kind: 'timeout', retryable: true });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('connection refused is network', async () => {
    const port = await freePort();
    const adapter = createLambdaAdapter(
      providerConfig('lambda', { url: `http://127.0.0.1:${port}`, credentials: { LAMBDA_API_KEY: 'k' }, timeoutMs: 2000 }),
    );
    expect(await adapterError(adapter.fetchRaw('all', ctx()))).toMatchObject({ kind: 'network', retryable: true });
  });
});
