import { describe, expect, it } from 'vitest';
import { normalizeVast, placeOf } from '../../adapters/vastai/normalize.js';
import { StoredOfferSchema } from '../../src/domain/offer.js';
import { serveOffer } from '../../src/services/freshness.js';
import { placementFor } from '../../src/services/placement.js';
import { compileFilters } from '../../src/services/offer-filter.js';
import { scopeStatus } from '../helpers/offers.js';

// Literal offers shaped like the reference's sample (shared/provider-apis/vastai.md), nullable
// fields included; only what normalize reads matters.
const offer = (over: Record<string, unknown> = {}) => ({
  id: 24811937,
  ask_contract_id: 24811937,
  bundle_id: null,
  machine_id: 31455,
  host_id: 118204,
  num_gpus: 8,
  gpu_name: 'H100 SXM',
  gpu_ram: 81559,
  cpu_cores: null,
  cpu_cores_effective: 192.0,
  dph_total: 17.6069,
  min_bid: 11.2,
  reliability: 0.9981,
  reliability2: 0.9981,
  rentable: true,
  rented: false,
  verification: 'verified',
  geolocation: 'Texas, US',
  search: { totalHour: 17.6069 },
  unknown_new_field: 'x',
  ...over,
});

describe('normalizeVast', () => {
  it('emits a valid on-demand and interruptible offer per machine offer, with count evidence and attributes', () => {
    const { offers, unknownGpus, dropped } = normalizeVast([offer()]);
    expect(unknownGpus).toEqual([]);
    expect(dropped).toBe(0);
    expect(offers.map((o) => [o.market, o.price.perHourUsd])).toEqual([
      ['on-demand', 17.6069],
      ['interruptible', 11.2],
    ]);
    for (const o of offers) {
      expect(StoredOfferSchema.parse(o)).toEqual(o);
      expect(o.availability).toEqual({ status: 'available', signal: 'count', source: 'vastai.bundles.rentable', availableGpus: 8 });
      expect(o.attributes).toEqual({ askId: 24811937, machineId: 31455, reliability: 0.9981, verification: 'verified' });
    }
  });

  it('accepts a price sent as a string and reads reliability from reliability2 first', () => {
    const [o] = normalizeVast([offer({ dph_total: '0.36', min_bid: null, reliability: 0.5, reliability2: 0.97 })]).offers;
    expect(o?.price.perHourUsd).toBe(0.36);
    expect(o?.attributes?.reliability).toBe(0.97);
  });

  it('keeps the cheaper of two asks for the same slice of one machine', () => {
    const { offers } = normalizeVast([offer({ id: 1, dph_total: 18, min_bid: null }), offer({ id: 2, dph_total: 17, min_bid: null })]);
    expect(offers).toHaveLength(1);
    expect(offers[0]?.attributes?.askId).toBe(2);
  });

  it('skips offers that are not rentable or already rented, without counting them as malformed', () => {
    expect(normalizeVast([offer({ rentable: false }), offer({ rented: true })])).toEqual({ offers: [], unknownGpus: [], dropped: 0 });
  });

  it('resolves sized names by gpu_ram and reports what it cannot resolve', () => {
    const r = normalizeVast([
      offer({ gpu_name: 'A100 PCIE', gpu_ram: 40537, machine_id: 1 }),
      offer({ gpu_name: 'Tesla V100', gpu_ram: 32510, machine_id: 2 }),
      offer({ gpu_name: 'A100 SXM4', gpu_ram: null, machine_id: 3 }),
      offer({ gpu_name: 'RTX 9090', machine_id: 4 }),
      offer({ gpu_name: 'RTX 9090', machine_id: 5 }),
    ]);
    expect([...new Set(r.offers.map((o) => o.gpu.id))]).toEqual(['A100-40GB-PCIe', 'V100-32GB']);
    expect(r.unknownGpus).toEqual(['A100 SXM4 (no gpu_ram)', 'RTX 9090']);
  });

  it('drops and counts malformed offers', () => {
    const r = normalizeVast([null, 'offer', offer({ num_gpus: 0 }), offer({ dph_total: -1 }), offer({ id: undefined }), offer()]);
    expect(r.dropped).toBe(5);
    expect(r.offers).toHaveLength(2);
  });

  it('places geolocation strings by their country code', () => {
    expect(placeOf('Texas, US')).toEqual({ region: 'us-texas', location: { country: 'US', continent: 'north-america', geo: 'us' } });
    expect(placeOf(', CN')?.region).toBe('cn');
    expect(placeOf('SE')).toEqual({ region: 'se', location: { country: 'SE', continent: 'europe', geo: 'eu' } });
    expect(placeOf('Île-de-France, FR')?.region).toBe('fr-le-de-france');
    for (const bad of [null, undefined, '', 'Texas', 'Nowhere, XX']) expect(placeOf(bad)).toBeUndefined();
  });
});

describe('Vast offers in placements and filters', () => {
  const NOW = Date.parse('2025-06-01T12:00:00Z');
  const served = (o: ReturnType<typeof normalizeVast>['offers'][number]) =>
    serveOffer(o, scopeStatus('vastai', 'H100 SXM', NOW, 1_000), { staleAfterMs: 360_000, expireAfterMs: 1_200_000 }, NOW);

  it('8 GPUs from one 8-GPU machine are available; from a 4-GPU machine only limited, never silently two machines', () => {
    const [eight] = normalizeVast([offer()]).offers;
    const [four] = normalizeVast([offer({ num_gpus: 4, machine_id: 2, min_bid: null })]).offers;
    expect(placementFor(served(eight!), 8)).toMatchObject({
      instances: 1,
      totalGpus: 8,
      availability: { status: 'available', availableGpus: 8 },
    });
    const split = placementFor(served(four!), 8);
    expect(split).toMatchObject({ instances: 2, availability: { status: 'limited', availableGpus: 4 } });
    expect(split.availability.reason).toContain('4 GPUs counted free; 8 are needed');
    expect(split.attributes?.reliability).toBe(0.9981);
  });

  it('minReliability and verification filter Vast offers and pass offers without those facts', () => {
    const [good] = normalizeVast([offer()]).offers;
    const [flaky] = normalizeVast([offer({ reliability2: 0.9, verification: 'unverified', machine_id: 9 })]).offers;
    const { attributes: _none, ...cloud } = good!;
    const pass = (q: Parameters<typeof compileFilters>[0]) => [good!, flaky!, cloud].map((o) => compileFilters(q).every((f) => f.test(o)));
    expect(pass({ minReliability: 0.99 })).toEqual([true, false, true]);
    expect(pass({ verification: ['verified'] })).toEqual([true, false, true]);
    expect(pass({ minReliability: 0.5 })).toEqual([true, true, true]);
  });
});
