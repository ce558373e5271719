import { describe, expect, it } from 'vitest';
import { dataCenterLocation, levelAvailability, normalizeRunpod } from '../../adapters/runpod/normalize.js';
import type { RunpodRaw } from '../../adapters/runpod/schema.js';
import { StoredOfferSchema } from '../../src/domain/offer.js';

// The composed sample of runpod.md for count=8, cloud=SECURE, as literal data.
const SAMPLE = [
  {
    id: 'NVIDIA H100 80GB HBM3', name: 'H100 SXM', pool: 'ADA_80_PRO', manufacturer: 'NVIDIA', memory: 80, secure: true, community: true,
    price: { secure: 2.69, community: 2.39, serverless: 4.18 }, maxCount: { secure: 8, community: 8 }, availability: 'MEDIUM',
    dataCenters: [{ id: 'US-TX-3', name: 'US Texas 3', availability: 'MEDIUM' }, { id: 'EUR-IS-1', name: 'Europe Iceland 1', availability: 'LOW' }],
    cudaVersions: [{ version: '12.8', available: true }],
  },
  { id: 'NVIDIA B200', name: 'B200', pool: null, manufacturer: 'NVIDIA', memory: 180, secure: true, community: false, price: { secure: 5.99, community: 0 }, maxCount: { secure: 8, community: 0 }, availability: 'NONE' },
  {
    id: 'AMD Instinct MI300X OAM', name: 'MI300X', pool: null, manufacturer: 'AMD', memory: 192, secure: true, community: false,
    price: { secure: 2.49, community: 0 }, maxCount: { secure: 8, community: 0 }, availability: 'LOW',
    dataCenters: [{ id: 'EU-RO-1', name: 'Europe Romania 1', availability: 'LOW' }],
  },
];
const raw = (over: Partial<RunpodRaw> = {}): RunpodRaw => ({ cloud: 'secure', market: 'on-demand', catalogs: [{ count: 8, gpus: SAMPLE }], ...over });

describe('levelAvailability', () => {
  it.each([
    ['HIGH', 'available'],
    ['MEDIUM', 'available'],
    ['LOW', 'limited'],
    ['NONE', 'unavailable'],
    ['low', 'limited'],
    ['SOMETIMES', 'unknown'],
  ])('%s is %s and keeps the raw level', (level, status) => {
    expect(levelAvailability(level)).toEqual({ status, signal: 'level', source: 'runpod.v2.catalog.gpus.dataCenters.availability', score: level });
  });
});

describe('dataCenterLocation', () => {
  it.each([
    ['US-TX-3', 'US'], ['US-IL-1', 'US'], ['US-CA-2', 'US'], ['US-DE-1', 'US'], ['CA-MTL-1', 'CA'],
    ['EU-RO-1', 'RO'], ['EUR-IS-1', 'IS'], ['EU-CZ-1', 'CZ'], ['AP-JP-1', 'JP'], ['OC-AU-1', 'AU'], ['SEA-SG-1', 'SG'],
  ])('%s is in %s', (id, country) => {
    expect(dataCenterLocation(id)?.country).toBe(country);
  });
  it('does not place an id it cannot read', () => {
    expect(dataCenterLocation('MOON-1')).toBeUndefined();
  });
});

describe('normalizeRunpod', () => {
  it('emits one valid offer per listed data center, priced per GPU × count', () => {
    const { offers, unknownGpus, dropped } = normalizeRunpod(raw());
    expect(unknownGpus).toEqual([]);
    expect(dropped).toBe(0);
    for (const o of offers) expect(StoredOfferSchema.parse(o)).toEqual(o);
    expect(offers.map((o) => [o.region, o.gpu.id, o.availability.status, o.price.perHourUsd])).toEqual([
      ['US-TX-3', 'H100-SXM', 'available', 2.69 * 8],
      ['EUR-IS-1', 'H100-SXM', 'limited', 2.69 * 8],
      ['EU-RO-1', 'MI300X', 'limited', 2.49 * 8],
    ]);
  });

  it('community scope skips GPU types community cloud does not offer', () => {
    const { offers } = normalizeRunpod(raw({ cloud: 'community' }));
    expect(offers.map((o) => [o.instanceType, o.price.perGpuHourUsd])).toEqual([
      ['8x NVIDIA H100 80GB HBM3 (community)', 2.39],
      ['8x NVIDIA H100 80GB HBM3 (community)', 2.39],
    ]);
  });

  it('skips pod sizes above the maximum and prices a missing list price as null with a note', () => {
    const noPrice = { ...SAMPLE[0]!, price: { secure: 0, community: 0 } };
    const { offers } = normalizeRunpod(raw({ catalogs: [{ count: 16, gpus: SAMPLE }, { count: 8, gpus: [noPrice] }] }));
    expect(offers).toHaveLength(2);
    expect(offers[0]?.price).toEqual({ perHourUsd: null, perGpuHourUsd: null, note: 'RunPod lists no secure price for this GPU' });
    for (const o of offers) expect(StoredOfferSchema.safeParse(o).success).toBe(true);
  });

  it('spot offers need a spot price; types without one have no spot offer', () => {
    const { offers } = normalizeRunpod(raw({ market: 'spot', spotPrices: { 'NVIDIA H100 80GB HBM3': 1.75, 'AMD Instinct MI300X OAM': null } }));
    expect(offers.map((o) => [o.id, o.price.perGpuHourUsd])).toEqual([
      ['runpod:US-TX-3:8x NVIDIA H100 80GB HBM3 (secure):spot', 1.75],
      ['runpod:EUR-IS-1:8x NVIDIA H100 80GB HBM3 (secure):spot', 1.75],
    ]);
  });

  it('drops malformed types and counts them; reports unknown types only when they would place an offer', () => {
    const unknownListed = { ...SAMPLE[2]!, id: 'NVIDIA H200 NVL' };
    const unknownNowhere = { ...SAMPLE[1]!, id: 'NVIDIA RTX 2000 Ada Generation' };
    const r = normalizeRunpod(raw({ catalogs: [{ count: 8, gpus: [SAMPLE[0], { id: 'NVIDIA L40' }, 42, unknownListed, unknownNowhere] }] }));
    expect(r.dropped).toBe(2);
    expect(r.unknownGpus).toEqual(['NVIDIA H200 NVL']);
    expect(r.offers).toHaveLength(2);
  });
});
