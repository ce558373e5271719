import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/env.js';
import { createLogger } from '../../src/lib/logger.js';
import { startWorkers, type RunningWorkers } from '../../workers/index.js';
import { eventually, testApi, type TestApi } from '../helpers/api.js';
import { gcpEnv, gcpTestFake, type GcpTestFake } from '../helpers/gcp.js';
import { REDIS_URL, testRedis, type TestRedis } from '../helpers/redis.js';

const log = createLogger('silent');

// GCP through the whole pipeline (fake → poll worker with the real SDKs → Redis → index → HTTP):
// the main question answered from catalog and quota evidence, never claimed available.
describe('GET /v1/capacity with GCP', () => {
  let t: TestRedis;
  let gcp: GcpTestFake;
  let api: TestApi;
  let workers: RunningWorkers;
  const get = async (url: string) => (await api.app.inject({ method: 'GET', url })).json();

  beforeAll(async () => {
    t = await testRedis();
    gcp = await gcpTestFake();
    const env = { REDIS_URL, GPU_RADAR_REDIS_PREFIX: t.prefix, ...gcpEnv(gcp), GPU_RADAR_GCP_INTERVAL_MS: '1000' };
    api = await testApi(t, env);
    workers = await startWorkers(loadConfig(env), log);
  });
  afterAll(async () => {
    await workers?.close();
    await api?.close();
    await gcp?.close();
    await t?.cleanup();
  });

  it('returns a3 placements with catalog or quota evidence: unknown where only the catalog speaks, unavailable at zero quota', async () => {
    const url = '/v1/capacity?gpu=H100&count=8&provider=gcp&availability=available,limited,unknown,unavailable&limit=500';
    const placements = await eventually(async () => {
      const p = (await get(url)).placements as any[];
      expect(new Set(p.map((x) => x.region))).toEqual(new Set(['us-central1', 'us-east4', 'europe-west4', 'asia-northeast1']));
      return p;
    }, 15_000);
    expect(placements.every((p) => p.provider === 'gcp' && p.gpu.model === 'H100')).toBe(true);
    expect(placements.every((p) => ['catalog', 'quota'].includes(p.availability.signal))).toBe(true);
    expect(placements.some((p) => p.availability.status === 'available' || p.availability.status === 'limited')).toBe(false);

    const at = (id: string) => placements.find((p) => p.offerId === id);
    expect(at('gcp:us-central1:us-central1-a:a3-highgpu-8g:on-demand')).toMatchObject({
      instances: 1,
      totalGpus: 8,
      availability: { status: 'unknown', signal: 'catalog', source: 'gcp.machineTypes.aggregatedList' },
    });
    expect(at('gcp:us-central1:us-central1-a:a3-highgpu-8g:on-demand').price.perGpuHourUsd).toBeGreaterThan(10);
    expect(at('gcp:europe-west4:europe-west4-a:a3-highgpu-8g:on-demand')).toMatchObject({
      availability: { status: 'unavailable', signal: 'quota', source: 'gcp.regions.quotas', quotaHeadroomGpus: 0 },
    });
    // Two a3-highgpu-4g fit the spot headroom of 8 GPUs.
    expect(at('gcp:us-central1:us-central1-b:a3-highgpu-4g:spot')).toMatchObject({ instances: 2, availability: { status: 'unknown', quotaHeadroomGpus: 8 } });
    // 16 GPUs exceed the spot headroom: the placement rules the account out.
    const sixteen = (await get('/v1/capacity?gpu=H100&count=16&provider=gcp&market=spot&availability=unknown,unavailable&limit=500')).placements as any[];
    expect(sixteen.find((p: any) => p.offerId === 'gcp:us-central1:us-central1-a:a3-highgpu-8g:spot')).toMatchObject({ availability: { status: 'unavailable' } });

    // The default filter hides unavailable placements.
    const defaults = (await get('/v1/capacity?gpu=H100&count=8&provider=gcp&limit=500')).placements as any[];
    expect(defaults.some((p) => p.availability.status === 'unavailable')).toBe(false);
    expect(defaults.length).toBeGreaterThan(0);
  });
});
