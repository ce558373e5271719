import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunpodFake, type RunpodFake } from '../../adapters/runpod/fake/index.js';
import { startVastFake, type VastFake, vastOffer } from '../../adapters/vastai/fake/index.js';
import { loadConfig } from '../../config/env.js';
import { createLogger } from '../../src/lib/logger.js';
import { startWorkers, type RunningWorkers } from '../../workers/index.js';
import { eventually, testApi, type TestApi } from '../helpers/api.js';
import { REDIS_URL, testRedis, type TestRedis } from '../helpers/redis.js';

const log = createLogger('silent');

// Both marketplaces through the whole pipeline (fakes → poll workers → Redis → index → HTTP):
// the main question answered with per-machine counts from Vast and per-data-center levels from RunPod.
describe('GET /v1/capacity with Vast.ai and RunPod', () => {
  let t: TestRedis;
  let vast: VastFake;
  let runpod: RunpodFake;
  let api: TestApi;
  let workers: RunningWorkers;
  const get = async (url: string) => (await api.app.inject({ method: 'GET', url })).json();

  beforeAll(async () => {
    t = await testRedis();
    vast = await startVastFake();
    runpod = await startRunpodFake({ perMinute: 100_000 });
    // A malformed offer among the H100s: dropped and counted on the scope, the rest served.
    vast.setOffers([
      ...vast.offers(),
      {
        ...vastOffer({ id: 1, machine_id: 1, num_gpus: 8, gpu_name: 'H100 SXM', dph_total: 16, geolocation: 'Texas, US' }),
        num_gpus: 'eight',
      },
    ]);
    const env = {
      REDIS_URL,
      GPU_RADAR_REDIS_PREFIX: t.prefix,
      GPU_RADAR_PROVIDERS: 'vastai,runpod',
      GPU_RADAR_VASTAI_URL: vast.url,
      GPU_RADAR_VASTAI_GPUS: 'H100 SXM,H100 PCIE,RTX 4090',
      GPU_RADAR_VASTAI_REQUEST_GAP_MS: '0',
      GPU_RADAR_VASTAI_INTERVAL_MS: '500',
      GPU_RADAR_RUNPOD_URL: runpod.url,
      RUNPOD_API_KEY: runpod.apiKey,
      GPU_RADAR_RUNPOD_INTERVAL_MS: '500',
    };
    api = await testApi(t, env);
    workers = await startWorkers(loadConfig(env), log);
  });
  afterAll(async () => {
    await workers?.close();
    await api?.close();
    await vast?.close();
    await runpod?.close();
    await t?.cleanup();
  });

  it('lists Vast machines with 8 free H100s and RunPod data centers with stock, each with its evidence', async () => {
    const placements = await eventually(async () => {
      const p = (await get('/v1/capacity?gpu=H100&count=8&limit=500')).placements as any[];
      expect(p.some((x) => x.provider === 'vastai')).toBe(true);
      expect(p.some((x) => x.provider === 'runpod' && x.market === 'spot')).toBe(true);
      return p;
    }, 10_000);

    const vastWhole = placements.filter((p) => p.provider === 'vastai' && p.availability.status === 'available');
    expect(vastWhole.length).toBeGreaterThan(0);
    for (const p of vastWhole) {
      expect(p).toMatchObject({ instances: 1, availability: { signal: 'count', source: 'vastai.bundles.rentable' } });
      expect(p.availability.availableGpus).toBeGreaterThanOrEqual(8);
    }
    expect(vastWhole.map((p) => p.offerId)).toContain('vastai:us-texas:machine-31455-8x:on-demand');
    // A 4-GPU machine never answers 8 GPUs as available: two machines are only `limited`.
    const oregon = placements.find((p) => p.offerId === 'vastai:us-oregon:machine-31460-4x:on-demand');
    expect(oregon).toMatchObject({ instances: 2, availability: { status: 'limited', availableGpus: 4 } });

    const texas = placements.find((p) => p.offerId === 'runpod:US-TX-3:8x NVIDIA H100 80GB HBM3 (secure):on-demand');
    expect(texas).toMatchObject({ instances: 1, totalGpus: 8, availability: { status: 'available', signal: 'level', score: 'MEDIUM' } });
    // NONE is unavailable, and hidden by the default availability filter.
    expect(placements.some((p) => p.region === 'CA-MTL-1')).toBe(false);
    const all = (await get('/v1/capacity?gpu=H100&count=8&provider=runpod&availability=unavailable')).placements as any[];
    expect(all.map((p) => p.region)).toContain('CA-MTL-1');

    const h100 = (await get('/v1/providers')).providers
      .find((p: any) => p.provider === 'vastai')
      .scopes.find((s: any) => s.scope === 'H100 SXM');
    expect(h100).toMatchObject({ state: 'ok', dropped: 1 });
  });

  it('minReliability filters Vast offers and keeps RunPod, which publishes no host reliability', async () => {
    const strict = (await get('/v1/capacity?gpu=H100-SXM&count=8&minReliability=0.99&limit=500')).placements as any[];
    const vastIds = strict.filter((p) => p.provider === 'vastai').map((p) => p.offerId);
    expect(vastIds).toContain('vastai:us-texas:machine-31455-8x:on-demand');
    expect(vastIds).not.toContain('vastai:ca-quebec:machine-31502-8x:on-demand'); // reliability 0.9412
    for (const p of strict.filter((x) => x.provider === 'vastai')) expect(p.attributes.reliability).toBeGreaterThanOrEqual(0.99);
    expect(strict.some((p) => p.provider === 'runpod')).toBe(true);

    const offers = (await get('/v1/offers?provider=vastai&minReliability=0.99&verification=verified&limit=1000')).offers as any[];
    expect(offers.length).toBeGreaterThan(0);
    expect(offers.every((o) => o.attributes.reliability >= 0.99 && o.attributes.verification === 'verified')).toBe(true);

    const none = await get('/v1/capacity?gpu=H100-SXM&count=8&provider=vastai&minReliability=0.9999');
    expect(none.placements).toEqual([]);
    expect(none.diagnostics.failedFilters.minReliability).toBeGreaterThan(0);
    expect((await api.app.inject({ url: '/v1/capacity?gpu=H100&minReliability=2' })).statusCode).toBe(400);
  });
});
