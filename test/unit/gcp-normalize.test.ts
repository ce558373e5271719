import { describe, expect, it } from 'vitest';
import { skuName } from '../../adapters/gcp/machine-families.js';
import { normalizeGcp } from '../../adapters/gcp/normalize.js';
import type { GcpRaw, GcpSku } from '../../adapters/gcp/schema.js';
import { StoredOfferSchema } from '../../src/domain/offer.js';

const sku = (description: string, usd: number, usageType = 'OnDemand', unit = 'h'): GcpSku => ({ description, usageType, unit, usd });

function raw(over: Partial<GcpRaw> = {}): GcpRaw {
  return {
    region: 'us-central1',
    zones: ['us-central1-a'],
    accelerators: { 'us-central1-a': [{ name: 'nvidia-h100-80gb', maxCards: 8 }] },
    machineTypes: {
      'us-central1-a': [
        { name: 'a3-highgpu-8g', vcpus: 208, memoryMb: 1872 * 1024, accelerators: [{ name: 'nvidia-h100-80gb', count: 8 }] },
      ],
    },
    quotas: [],
    prices: {
      skus: [
        sku('Nvidia H100 80GB GPU running in Americas', 10),
        sku('A3 Instance Core running in Americas', 0.03),
        sku('A3 Instance Ram running in Americas', 0.0025, 'OnDemand', 'GiBy.h'),
        sku('Spot Preemptible Nvidia H100 80GB GPU running in Americas', 2, 'Preemptible'),
        sku('Spot Preemptible A3 Instance Core running in Americas', 0.01, 'Preemptible'),
        sku('Spot Preemptible A3 Instance Ram running in Americas', 0.001, 'Preemptible', 'GiBy.h'),
      ],
    },
    dropped: 0,
    ...over,
  };
}
const byId = (r: GcpRaw) => new Map(normalizeGcp(r).offers.map((o) => [o.id, o]));

describe('normalizeGcp', () => {
  it('prices a bundled machine as cores + RAM + GPUs, on-demand and spot, all valid offers', () => {
    const offers = byId(raw());
    const od = offers.get('gcp:us-central1:us-central1-a:a3-highgpu-8g:on-demand')!;
    expect(od.price.perHourUsd).toBeCloseTo(208 * 0.03 + 1872 * 0.0025 + 80, 6);
    expect(offers.get('gcp:us-central1:us-central1-a:a3-highgpu-8g:spot')!.price.perHourUsd).toBeCloseTo(208 * 0.01 + 1872 * 0.001 + 16, 6);
    for (const o of offers.values()) expect(StoredOfferSchema.safeParse(o).success).toBe(true);
    // The H100 accelerator type is bundled: no separate N1 offer for it.
    expect([...offers.keys()].some((id) => id.includes('n1+'))).toBe(false);
  });

  it('uses quota headroom per market, treats a missing metric as unknown, never zero', () => {
    const quotas = [{ metric: 'PREEMPTIBLE_NVIDIA_H100_GPUS', limit: 12, usage: 5.5 }];
    const offers = byId(raw({ quotas }));
    expect(offers.get('gcp:us-central1:us-central1-a:a3-highgpu-8g:on-demand')!.availability).toEqual({
      status: 'unknown',
      signal: 'catalog',
      source: 'gcp.machineTypes.aggregatedList',
    });
    // 6 GPUs of headroom cannot start one 8-GPU machine.
    expect(offers.get('gcp:us-central1:us-central1-a:a3-highgpu-8g:spot')!.availability).toEqual({
      status: 'unavailable',
      signal: 'quota',
      source: 'gcp.regions.quotas',
      quotaHeadroomGpus: 6,
    });
    const over = byId(raw({ quotas: [{ metric: 'PREEMPTIBLE_NVIDIA_H100_GPUS', limit: 8, usage: 10 }] }));
    expect(over.get('gcp:us-central1:us-central1-a:a3-highgpu-8g:spot')!.availability.quotaHeadroomGpus).toBe(0);
    const unreadable = byId(raw({ quotas: null }));
    expect(unreadable.get('gcp:us-central1:us-central1-a:a3-highgpu-8g:spot')!.availability.signal).toBe('catalog');
  });

  it('prices A4 per GPU slice, and makes no on-demand offer for spot-only machines', () => {
    const r = raw({
      machineTypes: {
        'us-central1-a': [{ name: 'a4-highgpu-8g', vcpus: 224, memoryMb: 3968 * 1024, accelerators: [{ name: 'nvidia-b200', count: 8 }] }],
      },
      accelerators: {},
      prices: {
        skus: [
          sku('Spot Preemptible A4 Nvidia B200 (1 gpu slice) running in Virginia', 4.5, 'Preemptible'),
          sku('A4 Nvidia B200 (1 gpu slice) running in Virginia', 13),
        ],
      },
    });
    const offers = byId(r);
    expect([...offers.keys()]).toEqual(['gcp:us-central1:us-central1-a:a4-highgpu-8g:spot']);
    expect(offers.get('gcp:us-central1:us-central1-a:a4-highgpu-8g:spot')!.price).toEqual({ perHourUsd: 36, perGpuHourUsd: 4.5 });
  });

  it('offers N1-attachable GPUs in 1, 2, 4 and 8 cards up to the zone maximum, priced for the GPUs only', () => {
    const r = raw({
      machineTypes: {},
      accelerators: {
        'us-central1-a': [
          { name: 'nvidia-tesla-t4', maxCards: 4 },
          { name: 'nvidia-tesla-t4-vws', maxCards: 4 },
        ],
      },
      prices: { skus: [sku('Nvidia Tesla T4 GPU running in Americas', 0.35)] },
    });
    const { offers, unknownGpus } = normalizeGcp(r);
    expect(unknownGpus).toEqual([]);
    expect(offers.map((o) => `${o.instanceType}/${o.market}`)).toEqual([
      'n1+1xnvidia-tesla-t4/on-demand',
      'n1+1xnvidia-tesla-t4/spot',
      'n1+2xnvidia-tesla-t4/on-demand',
      'n1+2xnvidia-tesla-t4/spot',
      'n1+4xnvidia-tesla-t4/on-demand',
      'n1+4xnvidia-tesla-t4/spot',
    ]);
    expect(offers[4]!.price).toMatchObject({ perHourUsd: 1.4, note: 'GPUs only: the N1 machine type they attach to is billed on top' });
    expect(offers[5]!.price).toEqual({
      perHourUsd: null,
      perGpuHourUsd: null,
      note: 'no spot price: the Cloud Billing catalog has no nvidia-tesla-t4 GPU SKU for us-central1',
    });
  });

  it('counts unknown accelerators instead of guessing, and says why every price is missing when billing is down', () => {
    const r = raw({
      machineTypes: {
        'us-central1-a': [{ name: 'a5-highgpu-8g', vcpus: 224, memoryMb: 1024, accelerators: [{ name: 'nvidia-b300', count: 8 }] }],
      },
      accelerators: { 'us-central1-a': [{ name: 'nvidia-b300', maxCards: 8 }] },
    });
    expect(normalizeGcp(r)).toEqual({ offers: [], unknownGpus: ['nvidia-b300'], dropped: 0 });
    const down = byId(raw({ prices: { skus: [], problem: 'Cloud Billing catalog unavailable (HTTP 503)' } }));
    expect(down.get('gcp:us-central1:us-central1-a:a3-highgpu-8g:on-demand')!.price).toEqual({
      perHourUsd: null,
      perGpuHourUsd: null,
      note: 'no on-demand price: Cloud Billing catalog unavailable (HTTP 503)',
    });
  });

  it('places regions by country, so London is uk, not eu', () => {
    const r = raw({
      region: 'europe-west2',
      zones: ['europe-west2-a'],
      machineTypes: { 'europe-west2-a': raw().machineTypes['us-central1-a']! },
      accelerators: {},
    });
    expect(normalizeGcp(r).offers[0]!.location).toEqual({ country: 'GB', continent: 'europe', geo: 'uk' });
  });
});

describe('skuName', () => {
  it.each([
    ['Nvidia H100 80GB GPU running in Americas', 'nvidia h100 80gb gpu'],
    ['Spot Preemptible Nvidia H100 80GB GPU running in Americas', 'nvidia h100 80gb gpu'],
    ['Nvidia L4 GPU attached to Spot Preemptible VMs running in EMEA', 'nvidia l4 gpu'],
    ['A3Plus Instance Ram running in Frankfurt', 'a3plus instance ram'],
    ['Commitment v1: Nvidia H100 80GB GPU running in Americas for 1 Year', 'commitment v1: nvidia h100 80gb gpu'],
  ])('%s → %s', (description, name) => expect(skuName(description)).toBe(name));
});
