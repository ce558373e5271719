import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/env.js';
import { createLogger } from '../../src/lib/logger.js';
import { startWorkers, type RunningWorkers } from '../../workers/index.js';
import { eventually, testApi, type TestApi } from '../helpers/api.js';
import { azureEnv, azureTestFake, type AzureTestFake } from '../helpers/azure.js';
import { gcpEnv, gcpTestFake, type GcpTestFake } from '../helpers/gcp.js';
import { REDIS_URL, testRedis, type TestRedis } from '../helpers/redis.js';

const log = createLogger('silent');

// GCP and Azure through the whole pipeline (fakes → poll workers with the real SDKs → Redis →
// index → HTTP): the main question answered from catalog, quota, restriction and score evidence.
describe('GET /v1/capacity with GCP and Azure', () => {
  let t: TestRedis;
  let gcp: GcpTestFake;
  let azure: AzureTestFake;
  let api: TestApi;
  let workers: RunningWorkers;
  const get = async (url: string) => (await api.app.inject({ method: 'GET', url })).json();

  beforeAll(async () => {
    t = await testRedis();
    gcp = await gcpTestFake();
    azure = await azureTestFake();
    const env = {
      REDIS_URL,
      GPU_RADAR_REDIS_PREFIX: t.prefix,
      ...gcpEnv(gcp),
      ...azureEnv(azure),
      GPU_RADAR_PROVIDERS: 'gcp,azure',
      GPU_RADAR_GCP_INTERVAL_MS: '1000',
      GPU_RADAR_AZURE_INTERVAL_MS: '1000',
    };
    api = await testApi(t, env);
    workers = await startWorkers(loadConfig(env), log);
  });
  afterAll(async () => {
    await workers?.close();
    await api?.close();
    await gcp?.close();
    await azure?.close();
    await t?.cleanup();
  });

  it('a3 and ND H100 v5: unknown where only the catalog or quota speaks, unavailable at zero quota or a restriction', async () => {
    const url = '/v1/capacity?gpu=H100&count=8&provider=gcp,azure&availability=available,limited,unknown,unavailable&limit=500';
    const placements = await eventually(async () => {
      const p = (await get(url)).placements as any[];
      expect(new Set(p.map((x) => x.region))).toEqual(
        new Set(['us-central1', 'us-east4', 'europe-west4', 'asia-northeast1', 'eastus', 'southcentralus', 'westeurope', 'swedencentral']),
      );
      return p;
    }, 20_000);
    expect(placements.every((p) => ['gcp', 'azure'].includes(p.provider) && p.gpu.model === 'H100')).toBe(true);
    const at = (id: string) => placements.find((p) => p.offerId === id);

    // GCP publishes no capacity: catalog or quota evidence only, never available.
    const gcpAll = placements.filter((p) => p.provider === 'gcp');
    expect(
      gcpAll.every(
        (p) => ['catalog', 'quota'].includes(p.availability.signal) && ['unknown', 'unavailable'].includes(p.availability.status),
      ),
    ).toBe(true);
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
    expect(at('gcp:us-central1:us-central1-b:a3-highgpu-4g:spot')).toMatchObject({
      instances: 2,
      availability: { status: 'unknown', quotaHeadroomGpus: 8 },
    });

    // Azure: ND H100 v5 on-demand has quota evidence only; a restriction rules it out with the reason.
    expect(at('azure:eastus:Standard_ND96isr_H100_v5:on-demand')).toMatchObject({
      instances: 1,
      price: { perHourUsd: 98.32, perGpuHourUsd: 12.29 },
      availability: { status: 'unknown', signal: 'quota', source: 'azure.usages', quotaHeadroomGpus: 8 },
    });
    expect(at('azure:southcentralus:Standard_ND96isr_H100_v5:on-demand')).toMatchObject({
      availability: { status: 'unavailable', signal: 'catalog', source: 'azure.skus.restrictions' },
      attributes: { restriction: 'NotAvailableForSubscription in zones 1, 2, 3 of southcentralus' },
    });
    expect(at('azure:swedencentral:Standard_ND96isr_H100_v5:on-demand')).toMatchObject({
      availability: { status: 'unknown', signal: 'quota', quotaHeadroomGpus: 8 },
    });
    // Spot speaks through the placement score, raw value kept.
    expect(at('azure:eastus:Standard_ND96isr_H100_v5:spot')).toMatchObject({
      availability: { status: 'available', signal: 'level', score: 'High', availableGpus: 8 },
    });
    // NC H100 v5 (H100 NVL) needs 8 VMs; the family quota holds 1.
    expect(at('azure:eastus:Standard_NC40ads_H100_v5:on-demand')).toMatchObject({
      instances: 8,
      availability: { status: 'unavailable', quotaHeadroomGpus: 1 },
    });

    // 16 GPUs exceed the GCP spot headroom: the placement rules the account out.
    const sixteen = (await get('/v1/capacity?gpu=H100&count=16&provider=gcp&market=spot&availability=unknown,unavailable&limit=500'))
      .placements as any[];
    expect(sixteen.find((p: any) => p.offerId === 'gcp:us-central1:us-central1-a:a3-highgpu-8g:spot')).toMatchObject({
      availability: { status: 'unavailable' },
    });
    // The default filter hides unavailable placements.
    const defaults = (await get('/v1/capacity?gpu=H100&count=8&provider=gcp,azure&limit=500')).placements as any[];
    expect(defaults.some((p) => p.availability.status === 'unavailable')).toBe(false);
    expect(new Set(defaults.map((p) => p.provider))).toEqual(new Set(['gcp', 'azure']));
  });
});
