import { describe, expect, it } from 'vitest';
import { normalizeAzure, restrictionOf, scoreStatus } from '../../adapters/azure/normalize.js';
import { addPrices } from '../../adapters/azure/prices.js';
import type { AzureRaw, AzureVmSku } from '../../adapters/azure/schema.js';
import { sizeFacts } from '../../adapters/azure/sizes.js';
import { sizesToScore } from '../../adapters/azure/spot-scores.js';
import { azureGpus } from '../../adapters/azure/aliases.js';
import { StoredOfferSchema } from '../../src/domain/offer.js';

const sku = (over: Partial<AzureVmSku> = {}): AzureVmSku => ({
  name: 'Standard_ND96isr_H100_v5',
  family: 'standardNDSH100v5Family',
  vcpus: 96,
  memoryGb: 1900,
  gpus: 8,
  spot: true,
  zones: ['1', '2', '3'],
  restrictions: [],
  ...over,
});
function raw(over: Partial<AzureRaw> = {}): AzureRaw {
  return {
    region: 'eastus',
    skus: [sku()],
    usages: [],
    scores: [],
    prices: { bySize: { Standard_ND96isr_H100_v5: { onDemand: 98.32, spot: 18.17 } } },
    dropped: 0,
    ...over,
  };
}
const offer = (r: AzureRaw, market: string, size = 'Standard_ND96isr_H100_v5') =>
  normalizeAzure(r).offers.find((o) => o.market === market && o.instanceType === size)!;

describe('sizeFacts and the alias table', () => {
  it.each([
    ['Standard_ND96isr_H100_v5', 'H100-SXM', 8],
    ['Standard_NC40ads_H100_v5', 'H100-NVL', 1],
    ['Standard_NC80adis_H100_v5', 'H100-NVL', 2],
    ['Standard_ND96isr_H200_v5', 'H200', 8],
    ['Standard_ND96amsr_A100_v4', 'A100-80GB-SXM', 8],
    ['Standard_ND96asr_v4', 'A100-40GB-SXM', 8],
    ['Standard_NC96ads_A100_v4', 'A100-80GB-PCIe', 4],
    ['Standard_ND128isr_NDR_GB200_v6', 'GB200', 4],
    ['Standard_ND96is_MI300X_v5', 'MI300X', 8],
    ['Standard_ND40rs_v2', 'V100-32GB', 8],
    ['Standard_NC24rs_v3', 'V100-16GB', undefined],
  ])('%s is %s', (name, id, gpus) => {
    const facts = sizeFacts(name);
    expect(facts?.kind).toBe('gpu');
    if (facts?.kind !== 'gpu') return;
    expect(azureGpus.resolve(facts.series)?.id).toBe(id);
    expect(facts.gpus).toBe(gpus);
  });

  it('tells partitions and FPGAs apart from GPUs, and knows nothing of other names', () => {
    expect(sizeFacts('Standard_NV12ads_A10_v5')).toEqual({ kind: 'fractional' });
    expect(sizeFacts('Standard_NV8as_v4')).toEqual({ kind: 'fractional' });
    expect(sizeFacts('Standard_NP20s')).toEqual({ kind: 'not-gpu' });
    expect(sizeFacts('Standard_NV72ads_A10_v5')).toMatchObject({ kind: 'gpu', series: 'NVads A10 v5' });
    expect(sizeFacts('Standard_ND200isr_B300_v7')).toBeUndefined();
  });
});

describe('normalizeAzure', () => {
  it('makes valid on-demand and spot offers priced per GPU, on-demand only when the size cannot run Spot', () => {
    const r = raw();
    expect(offer(r, 'on-demand').price).toEqual({ perHourUsd: 98.32, perGpuHourUsd: 12.29 });
    for (const o of normalizeAzure(r).offers) expect(StoredOfferSchema.safeParse(o).success).toBe(true);
    expect(normalizeAzure(raw({ skus: [sku({ spot: false })] })).offers.map((o) => o.market)).toEqual(['on-demand']);
  });

  it('computes quota headroom in whole VMs from the family and regional vCPU buckets', () => {
    const usages = [
      { name: 'cores', limit: 350, currentValue: 100 },
      { name: 'standardNDSH100v5Family', limit: 400, currentValue: 0 },
      { name: 'lowPriorityCores', limit: 100, currentValue: 10 },
    ];
    expect(offer(raw({ usages }), 'on-demand').availability).toEqual({
      status: 'unknown',
      signal: 'quota',
      source: 'azure.usages',
      quotaHeadroomGpus: 16,
    });
    expect(offer(raw({ usages }), 'spot').availability.quotaHeadroomGpus).toBe(0);
    expect(offer(raw({ usages }), 'spot').availability.status).toBe('unavailable');
    // Family names join case-insensitively; an unknown family is unknown headroom, never zero.
    const other = [{ name: 'STANDARDNDSH100V5FAMILY', limit: 96, currentValue: 0 }];
    expect(offer(raw({ usages: other }), 'on-demand').availability.quotaHeadroomGpus).toBe(8);
    expect(offer(raw({ usages: [] }), 'on-demand').availability).toEqual({ status: 'unknown', signal: 'catalog', source: 'azure.skus' });
    expect(offer(raw({ usages: null }), 'on-demand').availability.signal).toBe('catalog');
  });

  it('reads the largest target scoring High as that many GPUs, else the smallest target', () => {
    const scores = [
      { size: 'Standard_ND96isr_H100_v5', targetGpus: 8, instances: 1, score: 'High' },
      { size: 'Standard_ND96isr_H100_v5', targetGpus: 64, instances: 8, score: 'Medium' },
    ];
    expect(offer(raw({ scores }), 'spot').availability).toEqual({
      status: 'available',
      signal: 'level',
      source: 'azure.spotPlacementScores',
      score: 'High',
      availableGpus: 8,
    });
    const low = scores.map((s) => ({ ...s, score: s.targetGpus === 8 ? 'Low' : 'High' }));
    expect(offer(raw({ scores: low }), 'spot').availability).toMatchObject({ status: 'available', availableGpus: 64 });
    expect(offer(raw({ scores: [{ ...scores[0]!, score: 'Medium' }] }), 'spot').availability).toMatchObject({
      status: 'limited',
      score: 'Medium',
    });
    expect(scoreStatus('DataNotFoundOrStale')).toBe('unknown');
    expect(scoreStatus('RestrictedSkuNotAvailable')).toBe('unknown');
  });

  it('lets a restriction for the subscription win over every other signal, with the reason', () => {
    const restricted = raw({
      skus: [sku({ restrictions: [{ type: 'Location', reasonCode: 'NotAvailableForSubscription', zones: [] }] })],
      scores: [{ size: 'Standard_ND96isr_H100_v5', targetGpus: 8, instances: 1, score: 'High' }],
    });
    expect(offer(restricted, 'spot')).toMatchObject({
      availability: { status: 'unavailable', signal: 'catalog', source: 'azure.skus.restrictions' },
      attributes: { restriction: 'NotAvailableForSubscription in eastus' },
    });
    expect(
      restrictionOf(
        sku({ zones: ['2', '3'], restrictions: [{ type: 'Zone', reasonCode: 'NotAvailableForSubscription', zones: ['1', '2', '3'] }] }),
        'eastus',
      ),
    ).toBe('NotAvailableForSubscription in zones 1, 2, 3 of eastus');
    expect(
      restrictionOf(sku({ restrictions: [{ type: 'Zone', reasonCode: 'NotAvailableForSubscription', zones: ['1'] }] }), 'eastus'),
    ).toBeUndefined();
  });

  it('counts unknown sizes and series instead of guessing, and skips partitions quietly', () => {
    const r = raw({
      skus: [
        sku({ name: 'Standard_ND200isr_B300_v7' }),
        sku({ name: 'Standard_NV12ads_A10_v5', gpus: 1 }),
        sku({ name: 'Standard_NC16ads_A10_v4', gpus: 1 }),
      ],
    });
    expect(normalizeAzure(r)).toEqual({ offers: [], unknownGpus: ['Standard_ND200isr_B300_v7'], dropped: 0 });
  });

  it('says why a price is missing', () => {
    const none = offer(raw({ prices: { bySize: {} } }), 'spot');
    expect(none.price).toEqual({
      perHourUsd: null,
      perGpuHourUsd: null,
      note: 'no spot price: the Retail Prices API lists no Linux Spot price for Standard_ND96isr_H100_v5 in eastus',
    });
    const down = offer(raw({ prices: { bySize: {}, problem: 'Retail Prices API unavailable (HTTP 503)' } }), 'on-demand');
    expect(down.price.note).toBe('no on-demand price: Retail Prices API unavailable (HTTP 503)');
  });
});

describe('addPrices', () => {
  const item = (meterName: string, retailPrice: number, over: Record<string, unknown> = {}) => ({
    armSkuName: 'Standard_ND96isr_H100_v5',
    armRegionName: 'eastus',
    retailPrice,
    unitOfMeasure: '1 Hour',
    type: 'Consumption',
    meterName,
    productName: 'Virtual Machines NDsr H100 v5 Series',
    serviceName: 'Virtual Machines',
    currencyCode: 'USD',
    ...over,
  });
  it('keeps Linux pay-as-you-go and Spot apart, and drops Windows, Low Priority, Dev/Test and zero rows', () => {
    const bySize = {};
    addPrices(
      bySize,
      {
        Items: [
          item('ND96isr H100 v5', 98.32),
          item('ND96isr H100 v5 Spot', 18.169536),
          item('ND96isr H100 v5 Low Priority', 10),
          item('ND96isr H100 v5', 102.736, { productName: 'Virtual Machines NDsr H100 v5 Series Windows' }),
          item('ND96isr H100 v5', 80, { type: 'DevTestConsumption' }),
          item('ND96isr H100 v5', 0),
          item('ND96isr H100 v5', 99.5),
          item('D4s v5', 0.19, { armSkuName: 'Standard_D4s_v5' }),
        ],
      },
      'eastus',
    );
    expect(bySize).toEqual({ Standard_ND96isr_H100_v5: { onDemand: 98.32, spot: 18.169536 } });
  });
});

describe('sizesToScore', () => {
  it('scores the largest spot-capable, unrestricted size of each GPU model', () => {
    const skus = [
      sku(),
      sku({ name: 'Standard_NC40ads_H100_v5', gpus: 1, vcpus: 40 }),
      sku({ name: 'Standard_NC80adis_H100_v5', gpus: 2, vcpus: 80 }),
      sku({ name: 'Standard_ND96isr_H200_v5', restrictions: [{ type: 'Location', reasonCode: 'NotAvailableForSubscription', zones: [] }] }),
      sku({ name: 'Standard_ND128isr_NDR_GB200_v6', gpus: undefined, spot: false }),
    ];
    expect(sizesToScore(skus)).toEqual([
      { size: 'Standard_NC80adis_H100_v5', gpusPerVm: 2 },
      { size: 'Standard_ND96isr_H100_v5', gpusPerVm: 8 },
    ]);
  });
});
