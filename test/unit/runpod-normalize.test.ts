import { describe, expect, it } from 'vitest';
import { dataCenterLocation, levelAvailability, normalizeRunpod } from '../../adapters/runpod/normalize.js';
import type { RunpodRaw } from '../../adapters/runpod/schema.js';
import { StoredOfferSchema } from '../../src/domain/offer.js';

// The composed sample of runpod.md for count=8, cloud=SECURE, as literal data.
const SAMPLE = [
  {
    id: 'NVIDIA H100 80GB HBM3',
    name: 'H100 SXM',
    pool: 'ADA_80_PRO',
    manufacturer: 'NVIDIA',
    memory: 80,
    secure: true,
    community: true,
    price: { secure: 2.69, community: 2.39, serverless: 4.18 },
    maxCount: { secure: 8, community: 8 },
    availability: 'MEDIUM',
    dataCenters: [
      { id: 'US-TX-3', name: 'US Texas 3', availability: 'MEDIUM' },
      { id: 'EUR-IS-1', name: 'Europe Iceland 1', availability: 'LOW' },
    ],
    cudaVersions: [{ version: '12.8', available: true }],
  },
  {
    id: 'NVIDIA B200',
    name: 'B200',
    pool: null,
    manufacturer: 'NVIDIA',
    memory: 180,
    secure: true,
    community: false,
    price: { secure: 5.99, community: 0 },
    maxCount: { secure: 8, community: 0 },
    availability: 'NONE',
  },
  {
    id: 'AMD Instinct MI300X OAM',
    name: 'MI300X',
    pool: null,
    manufacturer: 'AMD',
    memory: 192,
    secure: true,
    community: false,
    price: { secure: 2.49, community: 0 },
    maxCount: { secure: 8, community: 0 },
    availability: 'LOW',
    dataCenters: [{ id: 'EU-RO-1', name: 'Europe Romania 1', availability: 'LOW' }],
  },
];
const raw = (over: Partial<RunpodRaw> = {}): RunpodRaw => ({
  cloud: 'secure',
  market: 'on-demand',
  catalogs: [{ count: 8, gpus: SAMPLE }],
  ...over,
});

describe('levelAvailability', () => {
  it.each([
    ['HIGH', 'available'],
    ['MEDIUM', 'available'],
    ['LOW', 'limited'],
    ['NONE', 'unavailable'],
    ['low', 'limited'],
    ['SOMETIMES', 'unknown'],
  ])('%s is %s and keeps the raw level', (level, status) => {
    expect(levelAvailability(level)).toEqual({
      status,
      signal: 'level',
      source: 'runpod.v2.catalog.gpus.dataCenters.availability',
      score: level,
    });
  });
});

describe('dataCenterLocation', () => {
  it.each([
    ['US-TX-3', 'US'],
    ['US-IL-1', 'US'],
    ['US-CA-2', 'US'],
    ['US-DE-1', 'US'],
    ['CA-MTL-1', 'CA'],
    ['EU-RO-1', 'RO'],
    ['EUR-IS-1', 'IS'],
    ['EU-CZ-1', 'CZ'],
    ['AP-JP-1', 'JP'],
    ['OC-AU-1', 'AU'],
    ['SEA-SG-1', 'SG'],
  ])('%s is in %s', (id, country) => {
    expect(dataCenterLocation(id)?.country).toBe(country);
  });
  it('does not place an id it cannot read', () => {
    expect(dataCenterLocation('MOON-1')).toBeUndefined();
  });
});

describe('normalizeRunpod', () => {
  it('emits one valid offer per data center and pod size, priced per GPU × count', () => {
    const { offers, unknownGpus, dropped } = normalizeRunpod(raw());
    expect(unknownGpus).toEqual([]);
    expect(dropped).toBe(0);
    for (const o of offers) expect(StoredOfferSchema.parse(o)).toEqual(o);
    expect(offers.map((o) => [o.region, o.gpu.id, o.availability.status, o.price.perHourUsd])).toEqual([
      ['US-TX-3', 'H100-SXM', 'available', 2.69 * 8],
      ['EUR-IS-1', 'H100-SXM', 'limited', 2.69 * 8],
      ['US-TX-3', 'B200', 'unavailable', 5.99 * 8],
      ['EUR-IS-1', 'B200', 'unavailable', 5.99 * 8],
      ['EU-RO-1', 'B200', 'unavailable', 5.99 * 8],
      ['EU-RO-1', 'MI300X', 'limited', 2.49 * 8],
    ]);
  });

  it('a type listed with NONE and no data center is unavailable, with the raw level, its field and its list price', () => {
    const { offers } = normalizeRunpod(raw());
    const b200 = offers.filter((o) => o.gpu.id === 'B200');
    // RunPod names no place for it: every data center this cloud's catalog names is out of it.
    expect(b200.map((o) => o.id)).toEqual(['US-TX-3', 'EUR-IS-1', 'EU-RO-1'].map((dc) => `runpod:${dc}:8x NVIDIA B200 (secure):on-demand`));
    for (const o of b200) {
      expect(StoredOfferSchema.parse(o)).toEqual(o);
      expect(o.availability).toEqual({
        status: 'unavailable',
        signal: 'level',
        source: 'runpod.v2.catalog.gpus.availability',
        score: 'NONE',
      });
      expect(o.price).toEqual({ perHourUsd: 5.99 * 8, perGpuHourUsd: 5.99 });
    }
  });

  it('a stockless type goes where other pod sizes list it, so an offer keeps its id when stock runs out', () => {
    const { dataCenters: _, ...h100Nowhere } = { ...SAMPLE[0]!, availability: 'NONE', price: { secure: 0, community: 0 } };
    const { offers } = normalizeRunpod(
      raw({
        catalogs: [
          { count: 1, gpus: [SAMPLE[0], SAMPLE[1]] },
          { count: 8, gpus: [h100Nowhere, SAMPLE[2]] },
        ],
      }),
    );
    expect(offers.filter((o) => o.gpu.count === 8).map((o) => [o.id, o.availability.status, o.availability.score])).toEqual([
      ['runpod:US-TX-3:8x NVIDIA H100 80GB HBM3 (secure):on-demand', 'unavailable', 'NONE'],
      ['runpod:EUR-IS-1:8x NVIDIA H100 80GB HBM3 (secure):on-demand', 'unavailable', 'NONE'],
      ['runpod:EU-RO-1:8x AMD Instinct MI300X OAM (secure):on-demand', 'limited', 'LOW'],
    ]);
    // A list price of 0 is no price, never $0.
    expect(offers.find((o) => o.gpu.count === 8)?.price).toEqual({
      perHourUsd: null,
      perGpuHourUsd: null,
      note: 'RunPod lists no secure price for this GPU',
    });
  });

  it('NONE data centers keep their own field; no data center without NONE, or with none anywhere, places nothing', () => {
    const allNone = {
      ...SAMPLE[0]!,
      availability: 'NONE',
      dataCenters: [
        { id: 'US-TX-3', availability: 'NONE' },
        { id: 'CA-MTL-1', availability: 'NONE' },
      ],
    };
    const listed = normalizeRunpod(raw({ catalogs: [{ count: 8, gpus: [allNone] }] })).offers;
    expect(listed.map((o) => [o.region, o.availability.status, o.availability.source, o.availability.score])).toEqual([
      ['US-TX-3', 'unavailable', 'runpod.v2.catalog.gpus.dataCenters.availability', 'NONE'],
      ['CA-MTL-1', 'unavailable', 'runpod.v2.catalog.gpus.dataCenters.availability', 'NONE'],
    ]);
    const { dataCenters: _, availability: __, ...notAsked } = SAMPLE[0]!;
    const lowNowhere = { ...notAsked, availability: 'LOW' };
    expect(normalizeRunpod(raw({ catalogs: [{ count: 8, gpus: [notAsked, lowNowhere, SAMPLE[2]] }] })).offers.map((o) => o.gpu.id)).toEqual(
      ['MI300X'],
    );
    expect(normalizeRunpod(raw({ catalogs: [{ count: 8, gpus: [SAMPLE[1]] }] })).offers).toEqual([]);
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
    const { offers } = normalizeRunpod(
      raw({
        catalogs: [
          { count: 16, gpus: SAMPLE },
          { count: 8, gpus: [noPrice] },
        ],
      }),
    );
    expect(offers).toHaveLength(2);
    expect(offers[0]?.price).toEqual({ perHourUsd: null, perGpuHourUsd: null, note: 'RunPod lists no secure price for this GPU' });
    for (const o of offers) expect(StoredOfferSchema.safeParse(o).success).toBe(true);
  });

  it('spot offers need a spot price; types without one have no spot offer', () => {
    const { offers } = normalizeRunpod(
      raw({ market: 'spot', spotPrices: { 'NVIDIA H100 80GB HBM3': 1.75, 'AMD Instinct MI300X OAM': null } }),
    );
    expect(offers.map((o) => [o.id, o.price.perGpuHourUsd])).toEqual([
      ['runpod:US-TX-3:8x NVIDIA H100 80GB HBM3 (secure):spot', 1.75],
      ['runpod:EUR-IS-1:8x NVIDIA H100 80GB HBM3 (secure):spot', 1.75],
    ]);
  });

  it('drops malformed types and counts them; reports unknown types only when they would place an offer', () => {
    const unknownListed = { ...SAMPLE[2]!, id: 'NVIDIA H200 NVL' };
    const unknownStockless = { ...SAMPLE[1]!, id: 'NVIDIA RTX 2000 Ada Generation' };
    const unknownElsewhere = { ...SAMPLE[2]!, id: 'NVIDIA RTX 4000 Ada Generation', secure: false, community: true };
    const r = normalizeRunpod(
      raw({ catalogs: [{ count: 8, gpus: [SAMPLE[0], { id: 'NVIDIA L40' }, 42, unknownListed, unknownStockless, unknownElsewhere] }] }),
    );
    expect(r.dropped).toBe(2);
    expect(r.unknownGpus).toEqual(['NVIDIA H200 NVL', 'NVIDIA RTX 2000 Ada Generation']);
    expect(r.offers).toHaveLength(2);
  });
});
