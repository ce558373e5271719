import { describe, expect, it } from 'vitest';
import { hardwareOf, SharedGpuTally } from '../../src/services/shared-gpus.js';
import { makeOffer } from '../helpers/offers.js';

const counted = (n: number) => ({
  status: 'available' as const,
  signal: 'count' as const,
  source: 'vastai.bundles.rentable',
  availableGpus: n,
});

describe('hardwareOf', () => {
  it('is the same for the market variants of one instance type at one place, and differs otherwise', () => {
    const vast = (market: 'on-demand' | 'interruptible', instanceType = 'machine-7-4x', region = 'us-ca') =>
      hardwareOf(makeOffer({ provider: 'vastai', region, instanceType, market, count: 4, availability: counted(4) }));
    expect(vast('on-demand')).toBe('vastai:us-ca:machine-7-4x');
    expect(vast('interruptible')).toBe(vast('on-demand'));
    expect(vast('interruptible', 'machine-8-4x')).not.toBe(vast('on-demand'));
    expect(vast('interruptible', undefined, 'us-tx')).not.toBe(vast('on-demand'));
    const zoned = (market: 'on-demand' | 'spot', zone: string) =>
      hardwareOf(makeOffer({ provider: 'aws', region: 'us-east-1', zone, instanceType: 'p5.48xlarge', market }));
    expect(zoned('spot', 'us-east-1a')).toBe(zoned('on-demand', 'us-east-1a'));
    expect(zoned('spot', 'us-east-1b')).not.toBe(zoned('spot', 'us-east-1a'));
  });
});

describe('SharedGpuTally', () => {
  it('counts each hardware once, at the largest count among its variants, whatever the order', () => {
    for (const order of [
      [4, 3],
      [3, 4],
    ]) {
      const tally = new SharedGpuTally();
      const grew = order.map((n) => tally.add('vastai:us-ca:machine-7-4x', n));
      tally.add('vastai:us-ca:machine-8-2x', 2);
      expect(tally.total, `variants counted ${order.join(' then ')}`).toBe(6);
      expect(grew.reduce((a, b) => a + b)).toBe(4); // the growth reported adds up to the machine's count
    }
  });

  it('sums different hardware, including zero counts', () => {
    const tally = new SharedGpuTally();
    expect(tally.add('a', 0)).toBe(0);
    expect(tally.add('b', 8)).toBe(8);
    expect(tally.add('b', 8)).toBe(0);
    expect(tally.total).toBe(8);
  });
});
