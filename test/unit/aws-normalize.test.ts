import { describe, expect, it } from 'vitest';
import { capacityBlockEvidence, placementEvidence, scoreStatus } from '../../adapters/aws/evidence.js';
import { normalizeAws, resolveAwsGpu } from '../../adapters/aws/normalize.js';
import type { AwsCapacityBlock, AwsRaw } from '../../adapters/aws/schema.js';
import { StoredOfferSchema } from '../../src/domain/offer.js';

const NOW = '2025-01-10T12:00:00.000Z';
const p5 = {
  instanceType: 'p5.48xlarge',
  gpuName: 'H100',
  gpuManufacturer: 'NVIDIA',
  gpuCount: 8,
  gpuMemoryMiB: 81920,
  vcpus: 192,
  memoryMiB: 2097152,
  usageClasses: ['capacity-block', 'on-demand', 'spot'],
};
const raw = (over: Partial<AwsRaw> = {}): AwsRaw => ({
  region: 'us-east-1',
  fetchedAt: NOW,
  targets: [8, 64],
  zones: [
    { name: 'us-east-1a', id: 'use1-az6' },
    { name: 'us-east-1b', id: 'use1-az1' },
  ],
  types: [p5],
  offerings: { 'p5.48xlarge': ['us-east-1a', 'us-east-1b'] },
  spotPrices: [],
  placementScores: [],
  capacityBlocks: [],
  onDemand: { prices: { 'p5.48xlarge': 55.04 }, version: '20250110192616' },
  dropped: 0,
  ...over,
});
const block = (over: Partial<AwsCapacityBlock> = {}): AwsCapacityBlock => ({
  id: 'cbr-1',
  instanceType: 'p5.48xlarge',
  zone: 'us-east-1a',
  instanceCount: 2,
  start: '2025-01-10T11:30:00.000Z',
  end: '2025-01-11T11:30:00.000Z',
  durationHours: 24,
  upfrontFee: 1813.44,
  currency: 'USD',
  ...over,
});

describe('spot placement score → status table', () => {
  it.each([
    [10, 'available'],
    [8, 'available'],
    [7, 'limited'],
    [4, 'limited'],
    [3, 'unavailable'],
    [1, 'unavailable'],
  ])('score %i is %s', (score, status) => {
    expect(scoreStatus(score)).toBe(status);
  });

  it('uses the largest target that scores available, else the smallest target, keeping the raw score', () => {
    const s = (targetGpus: number, score: number) => ({
      instanceType: 'p5.48xlarge',
      targetGpus,
      instances: targetGpus / 8,
      zoneId: 'use1-az6',
      score,
    });
    expect(placementEvidence([s(64, 9), s(8, 10)], 8)).toEqual({
      availability: { status: 'available', signal: 'level', source: 'aws.GetSpotPlacementScores', score: 9, availableGpus: 64 },
      targetGpus: 64,
    });
    expect(placementEvidence([s(8, 8), s(64, 2)], 8)?.availability).toMatchObject({ status: 'available', score: 8, availableGpus: 8 });
    expect(placementEvidence([s(8, 5), s(64, 2)], 8)).toEqual({
      availability: { status: 'limited', signal: 'level', source: 'aws.GetSpotPlacementScores', score: 5 },
      targetGpus: 8,
    });
    expect(placementEvidence([], 8)).toBeUndefined();
  });
});

describe('Capacity Block evidence', () => {
  const now = Date.parse(NOW);
  it('counts the largest block starting within a day, priced per instance-hour from the upfront fee', () => {
    const ev = capacityBlockEvidence([block(), block({ id: 'cbr-2', instanceCount: 8, upfrontFee: 7253.76 })], 8, now)!;
    expect(ev.availability).toEqual({
      status: 'available',
      signal: 'count',
      source: 'aws.DescribeCapacityBlockOfferings',
      availableGpus: 64,
    });
    expect(ev.block.id).toBe('cbr-2');
  });
  it('is unavailable now when every block starts later', () => {
    const ev = capacityBlockEvidence(
      [block({ start: '2025-01-14T11:30:00.000Z' }), block({ id: 'cbr-3', start: '2025-01-13T11:30:00.000Z' })],
      8,
      now,
    )!;
    expect(ev.availability).toMatchObject({ status: 'unavailable', availableGpus: 0 });
    expect(ev.block.id).toBe('cbr-3');
  });
});

describe('normalizeAws (pure)', () => {
  it('makes on-demand, spot and reserved offers per offered zone, all valid', () => {
    const { offers, unknownGpus } = normalizeAws(
      raw({
        spotPrices: [
          { instanceType: 'p5.48xlarge', zone: 'us-east-1a', usd: 30, at: '2025-01-10T09:00:00.000Z' },
          { instanceType: 'p5.48xlarge', zone: 'us-east-1a', usd: 24, at: '2025-01-10T11:00:00.000Z' },
        ],
        placementScores: [{ instanceType: 'p5.48xlarge', targetGpus: 8, instances: 1, zoneId: 'use1-az6', score: 9 }],
        capacityBlocks: [block()],
      }),
    );
    expect(unknownGpus).toEqual([]);
    for (const o of offers) expect(StoredOfferSchema.safeParse(o).error?.issues ?? [], o.id).toEqual([]);
    expect(offers.map((o) => o.id).sort()).toEqual([
      'aws:us-east-1:us-east-1a:p5.48xlarge:on-demand',
      'aws:us-east-1:us-east-1a:p5.48xlarge:reserved',
      'aws:us-east-1:us-east-1a:p5.48xlarge:spot',
      'aws:us-east-1:us-east-1b:p5.48xlarge:on-demand',
      'aws:us-east-1:us-east-1b:p5.48xlarge:spot',
    ]);
    const byId = Object.fromEntries(offers.map((o) => [o.id, o]));
    expect(byId['aws:us-east-1:us-east-1a:p5.48xlarge:spot']!.price).toEqual({ perHourUsd: 24, perGpuHourUsd: 3 }); // newest price wins
    expect(byId['aws:us-east-1:us-east-1b:p5.48xlarge:spot']!.availability).toEqual({
      status: 'unknown',
      signal: 'catalog',
      source: 'aws.DescribeInstanceTypeOfferings',
    });
    expect(byId['aws:us-east-1:us-east-1b:p5.48xlarge:spot']!.price.note).toMatch(/no current spot price/);
    expect(byId['aws:us-east-1:us-east-1a:p5.48xlarge:reserved']!.price.perHourUsd).toBeCloseTo(1813.44 / 48, 6);
    expect(byId['aws:us-east-1:us-east-1a:p5.48xlarge:reserved']!.availability.availableGpus).toBe(16);
    expect(byId['aws:us-east-1:us-east-1a:p5.48xlarge:reserved']!.attributes).toEqual({
      capacityBlockStart: '2025-01-10T11:30:00.000Z',
      capacityBlockEnd: '2025-01-11T11:30:00.000Z',
      capacityBlockInstances: 2,
      capacityBlockUpfrontFee: 1813.44,
      capacityBlockCurrency: 'USD',
    });
    expect(byId['aws:us-east-1:us-east-1a:p5.48xlarge:spot']!.attributes).toEqual({ placementScoreTargetGpus: 8 });
    expect(byId['aws:us-east-1:us-east-1b:p5.48xlarge:spot']!.attributes).toBeUndefined();
    for (const o of offers) expect(o.availability.observedAt).toBeUndefined();
  });

  it('skips fractional GPUs, reports unknown names, and ignores blocks for types the region does not offer', () => {
    const { offers, unknownGpus } = normalizeAws(
      raw({
        types: [
          p5,
          { ...p5, instanceType: 'g6f.large', gpuName: 'L4', gpuCount: 0.125, gpuMemoryMiB: 2861 },
          { ...p5, instanceType: 'x9.gpu', gpuName: 'Z900', gpuManufacturer: 'Acme' },
        ],
        offerings: { 'g6f.large': ['us-east-1a'], 'x9.gpu': ['us-east-1a'] },
        capacityBlocks: [block()],
      }),
    );
    expect(offers).toEqual([]);
    expect(unknownGpus).toEqual(['Acme Z900']);
  });

  it('puts London in geo uk and explains a missing price with the price list problem', () => {
    const { offers } = normalizeAws(
      raw({
        region: 'eu-west-2',
        zones: [{ name: 'eu-west-2a', id: 'euw2-az1' }],
        offerings: { 'p5.48xlarge': ['eu-west-2a'] },
        onDemand: { prices: {}, problem: 'AWS price list download still in progress' },
      }),
    );
    expect(offers[0]!.location).toEqual({ country: 'GB', continent: 'europe', geo: 'uk' });
    expect(offers[0]!.price.note).toBe('no on-demand price: AWS price list download still in progress');
  });

  it('tells A100 40 GB from 80 GB by the memory AWS reports', () => {
    expect(resolveAwsGpu({ gpuName: 'A100', gpuMemoryMiB: 40960 })?.id).toBe('A100-40GB-SXM');
    expect(resolveAwsGpu({ gpuName: 'A100', gpuMemoryMiB: 81920 })?.id).toBe('A100-80GB-SXM');
    expect(resolveAwsGpu({ gpuName: 'A100' })).toBeUndefined();
    expect(resolveAwsGpu({ gpuName: 'L4', gpuMemoryMiB: 22888 })?.id).toBe('L4');
    expect(resolveAwsGpu({ gpuName: 'H200', gpuMemoryMiB: 144384 })?.id).toBe('H200');
  });
});
