import { describe, expect, it } from 'vitest';
import { StoredOfferSchema, offerId, priceOf, type StoredOffer } from '../../src/domain/offer.js';
import { makeOffer } from '../helpers/offers.js';

/** The messages of every issue, so a test can say which invariant turned the offer away. */
function problems(offer: unknown): string[] {
  const r = StoredOfferSchema.safeParse(offer);
  return r.success ? [] : r.error.issues.map((i) => i.message);
}

function withAvailability(a: Partial<StoredOffer['availability']>): StoredOffer {
  const o = makeOffer();
  return { ...o, availability: { ...o.availability, ...a } };
}

describe('StoredOfferSchema', () => {
  it('accepts a valid offer', () => {
    const offer = makeOffer();
    expect(StoredOfferSchema.safeParse(offer).success).toBe(true);
    expect(offer.id).toBe('lambda:us-east-1:gpu_8x_h100-sxm:on-demand');
  });

  describe('id', () => {
    it('must be provider:region:instanceType:market', () => {
      const offer = makeOffer({ provider: 'aws', region: 'us-east-1', instanceType: 'p5.48xlarge', market: 'spot' });
      expect(offer.id).toBe('aws:us-east-1:p5.48xlarge:spot');
      expect(problems({ ...offer, id: 'aws:us-east-1:p5.48xlarge:on-demand' })).toEqual(['id must be aws:us-east-1:p5.48xlarge:spot']);
    });

    it('includes the zone when there is one', () => {
      const offer = makeOffer({ provider: 'aws', region: 'us-east-1', zone: 'us-east-1a', instanceType: 'p5.48xlarge' });
      expect(offer.id).toBe('aws:us-east-1:us-east-1a:p5.48xlarge:on-demand');
      expect(offerId(offer)).toBe(offer.id);
      // The id without the zone would collide with the same type in another zone.
      expect(problems({ ...offer, id: 'aws:us-east-1:p5.48xlarge:on-demand' })).toHaveLength(1);
    });
  });

  describe('availability honesty', () => {
    it('rejects catalog-only evidence claiming available', () => {
      expect(problems(withAvailability({ signal: 'catalog', status: 'available', source: 'gcp.acceleratorTypes' }))).toEqual([
        'catalog evidence is never available',
      ]);
      expect(problems(withAvailability({ signal: 'catalog', status: 'unknown', source: 'gcp.acceleratorTypes' }))).toEqual([]);
    });

    it('rejects quota headroom claiming available', () => {
      expect(
        problems(withAvailability({ signal: 'quota', status: 'available', quotaHeadroomGpus: 16, source: 'gcp.regions.quotas' })),
      ).toEqual(['quota headroom alone is never available']);
      expect(
        problems(withAvailability({ signal: 'quota', status: 'unknown', quotaHeadroomGpus: 16, source: 'gcp.regions.quotas' })),
      ).toEqual([]);
    });

    it.each(['available', 'limited', 'unknown'] as const)('rejects zero quota headroom with status %s', (status) => {
      const signal = status === 'available' ? 'boolean' : 'quota';
      expect(problems(withAvailability({ signal, status, quotaHeadroomGpus: 0 }))).toContain('zero quota headroom is unavailable');
    });

    it('accepts zero quota headroom as unavailable', () => {
      expect(problems(withAvailability({ signal: 'quota', status: 'unavailable', quotaHeadroomGpus: 0 }))).toEqual([]);
    });

    it('needs availableGpus for a count signal', () => {
      expect(problems(withAvailability({ signal: 'count', source: 'vastai.bundles.rentable' }))).toEqual([
        'a count signal needs availableGpus',
      ]);
      expect(problems(withAvailability({ signal: 'count', availableGpus: 8, source: 'vastai.bundles.rentable' }))).toEqual([]);
    });

    it('needs the raw score for a level signal', () => {
      expect(problems(withAvailability({ signal: 'level', source: 'aws.GetSpotPlacementScores' }))).toEqual([
        'a level signal keeps its raw score',
      ]);
      expect(problems(withAvailability({ signal: 'level', score: 9, source: 'aws.GetSpotPlacementScores' }))).toEqual([]);
      expect(problems(withAvailability({ signal: 'level', score: 'High', source: 'azure.spotPlacementScores' }))).toEqual([]);
    });
  });

  describe('price', () => {
    it('needs perGpuHourUsd = perHourUsd / gpu.count', () => {
      const offer = makeOffer({ count: 8, perHourUsd: 35.92 });
      expect(problems(offer)).toEqual([]);
      expect(problems({ ...offer, price: { perHourUsd: 35.92, perGpuHourUsd: 35.92 } })).toEqual([
        'perGpuHourUsd must be perHourUsd / gpu.count',
      ]);
    });

    it('needs both prices or neither', () => {
      const offer = makeOffer();
      expect(problems({ ...offer, price: { perHourUsd: 35.92, perGpuHourUsd: null } })).toEqual(['both prices or neither']);
    });

    it('needs a note saying why a price is missing', () => {
      const offer = makeOffer({ perHourUsd: null, priceNote: 'price table not configured' });
      expect(problems(offer)).toEqual([]);
      expect(problems({ ...offer, price: { perHourUsd: null, perGpuHourUsd: null } })).toEqual(['a missing price says why']);
    });

    it('priceOf splits an instance price per GPU', () => {
      expect(priceOf(35.92, 8)).toEqual({ perHourUsd: 35.92, perGpuHourUsd: 4.49 });
      expect(priceOf(0.75, 1)).toEqual({ perHourUsd: 0.75, perGpuHourUsd: 0.75 });
    });
  });
});
