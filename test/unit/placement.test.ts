import { describe, expect, it } from 'vitest';
import { serveOffer, type Timing } from '../../src/services/freshness.js';
import { byAvailability, byPrice, placementFor, type Placement } from '../../src/services/placement.js';
import { makeOffer, scopeStatus, type OfferSpec } from '../helpers/offers.js';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const TIMING: Timing = { staleAfterMs: 180_000, expireAfterMs: 600_000 };

/** An offer as served at NOW, its scope last polled `ageMs` ago. */
function served(spec: OfferSpec = {}, ageMs = 10_000) {
  return serveOffer(makeOffer(spec), scopeStatus('lambda', 'all', NOW, ageMs), TIMING, NOW);
}

describe('serveOffer', () => {
  it('stamps observedAt from the scope status when the offer carries none', () => {
    const offer = served({}, 30_000);
    const expected = new Date(NOW - 30_000).toISOString();
    expect(offer.observedAt).toBe(expected);
    expect(offer.availability.observedAt).toBe(expected);
    expect(offer.stale).toBe(false);
    expect(offer.availability.status).toBe('available');
  });

  it("keeps the provider's own observedAt over the poll's", () => {
    const said = new Date(NOW - 5_000).toISOString();
    const offer = served({ availability: { observedAt: said } }, 120_000);
    expect(offer.observedAt).toBe(said);
  });

  it('marks the offer stale after staleAfterMs, without changing its status', () => {
    expect(served({}, TIMING.staleAfterMs - 1).stale).toBe(false);
    const old = served({}, TIMING.staleAfterMs + 1);
    expect(old.stale).toBe(true);
    expect(old.availability.status).toBe('available');
  });

  it('turns the status unknown after expireAfterMs, with a reason, keeping the evidence', () => {
    const offer = served({}, TIMING.expireAfterMs + 1_000);
    expect(offer.stale).toBe(true);
    expect(offer.availability.status).toBe('unknown');
    expect(offer.availability.reason).toMatch(/expired/);
    expect(offer.availability.reason).toContain('available');
    expect(offer.availability.signal).toBe('boolean');
    expect(offer.availability.source).toBe('lambda.regions_with_capacity_available');
  });

  it('turns an expired unavailable offer unknown too', () => {
    expect(served({ availability: { status: 'unavailable' } }, TIMING.expireAfterMs + 1).availability.status).toBe('unknown');
  });

  it('never serves an offer with no observation time as fresh evidence', () => {
    const offer = serveOffer(makeOffer(), undefined, TIMING, NOW);
    expect(offer.stale).toBe(true);
    expect(offer.availability.status).toBe('unknown');
  });

  it('does not change the stored offer', () => {
    const stored = makeOffer();
    const copy = structuredClone(stored);
    serveOffer(stored, scopeStatus('lambda', 'all', NOW, TIMING.expireAfterMs * 2), TIMING, NOW);
    expect(stored).toEqual(copy);
  });
});

describe('placementFor', () => {
  it('needs 8 instances of a 1-GPU offer, and a yes/no proves only one: limited', () => {
    const p = placementFor(served({ gpu: 'H100-PCIe', count: 1, perHourUsd: 2.49 }), 8);
    expect(p.instances).toBe(8);
    expect(p.totalGpus).toBe(8);
    expect(p.availability.status).toBe('limited');
    expect(p.availability.reason).toMatch(/one instance/);
    expect(p.price.perHourUsd).toBe(19.92);
    expect(p.price.perGpuHourUsd).toBe(2.49);
  });

  it('needs one instance of an 8-GPU offer: available', () => {
    const p = placementFor(served({ count: 8, perHourUsd: 35.92 }), 8);
    expect(p.instances).toBe(1);
    expect(p.totalGpus).toBe(8);
    expect(p.availability.status).toBe('available');
    expect(p.availability.reason).toBeUndefined();
    expect(p.price).toEqual({ perHourUsd: 35.92, perGpuHourUsd: 4.49 });
  });

  it('rounds instances up and prices the whole instances', () => {
    const p = placementFor(served({ count: 8, perHourUsd: 35.92 }), 12);
    expect(p.instances).toBe(2);
    expect(p.totalGpus).toBe(16);
    expect(p.price.perHourUsd).toBe(71.84);
  });

  it('is limited when counted free GPUs are fewer than needed', () => {
    const p = placementFor(served({ availability: { signal: 'count', availableGpus: 4, source: 'vastai.bundles.rentable' } }), 8);
    expect(p.availability.status).toBe('limited');
    expect(p.availability.reason).toContain('4');
    expect(p.availability.availableGpus).toBe(4);
  });

  it('is available when counted free GPUs cover the need', () => {
    const p = placementFor(served({ availability: { signal: 'count', availableGpus: 16, source: 'vastai.bundles.rentable' } }), 8);
    expect(p.availability.status).toBe('available');
  });

  it('is unavailable when quota headroom is below the need', () => {
    const p = placementFor(
      served({ availability: { signal: 'quota', status: 'unknown', quotaHeadroomGpus: 4, source: 'gcp.regions.quotas' } }),
      8,
    );
    expect(p.availability.status).toBe('unavailable');
    expect(p.availability.reason).toMatch(/quota/);
  });

  it('keeps a missing price missing, with its note', () => {
    const p = placementFor(served({ perHourUsd: null, priceNote: 'price table not configured' }), 16);
    expect(p.instances).toBe(2);
    expect(p.price).toEqual({ perHourUsd: null, perGpuHourUsd: null, note: 'price table not configured' });
  });

  it('carries freshness and the expiry reason through', () => {
    const p = placementFor(served({}, TIMING.expireAfterMs + 1), 8);
    expect(p.stale).toBe(true);
    expect(p.availability.status).toBe('unknown');
    expect(p.availability.reason).toMatch(/expired/);
  });
});

describe('ranking', () => {
  function placement(name: string, spec: OfferSpec, ageMs = 10_000): Placement {
    return placementFor(served({ region: name, ...spec }, ageMs), 8);
  }
  const order = (ps: Placement[], cmp: (a: Placement, b: Placement) => number) => [...ps].sort(cmp).map((p) => p.region);

  const unavailable = placement('r-unavailable', { perHourUsd: 8, availability: { status: 'unavailable' } });
  const unknown = placement('r-unknown', { perHourUsd: 16, availability: { status: 'unknown' } });
  const limited = placement('r-limited', { perHourUsd: 24, availability: { status: 'limited' } });
  const available = placement('r-available', { perHourUsd: 40 });
  const unpriced = placement('r-unpriced', { perHourUsd: null });

  it('byAvailability: available, limited, unknown, unavailable', () => {
    expect(order([unavailable, unknown, limited, available], byAvailability)).toEqual([
      'r-available',
      'r-limited',
      'r-unknown',
      'r-unavailable',
    ]);
  });

  it('byAvailability: then cheaper per GPU first', () => {
    const cheap = placement('r-cheap', { perHourUsd: 16 });
    expect(order([available, cheap], byAvailability)).toEqual(['r-cheap', 'r-available']);
    expect(order([unpriced, available], byAvailability)).toEqual(['r-available', 'r-unpriced']);
  });

  it('byAvailability: then fresh before stale', () => {
    const stale = placement('r-stale', { perHourUsd: 40 }, TIMING.staleAfterMs + 1);
    expect(stale.stale).toBe(true);
    expect(order([stale, available], byAvailability)).toEqual(['r-available', 'r-stale']);
  });

  it('byPrice: cheapest per GPU first, unpriced last', () => {
    expect(order([unpriced, available, limited, unavailable, unknown], byPrice)).toEqual([
      'r-unavailable',
      'r-unknown',
      'r-limited',
      'r-available',
      'r-unpriced',
    ]);
  });

  it('byPrice: compares per-GPU prices, not instance prices', () => {
    // $16/h for one GPU is dearer than $35.92/h for eight.
    const single = placementFor(served({ region: 'r-single', count: 1, perHourUsd: 16 }), 1);
    const eight = placementFor(served({ region: 'r-eight', count: 8, perHourUsd: 35.92 }), 1);
    expect(order([single, eight], byPrice)).toEqual(['r-eight', 'r-single']);
  });
});

describe('level evidence', () => {
  it('proves one instance when no count stands beside it, and the count where one does', async () => {
    const { placementVerdict } = await import('../../src/services/placement.js');
    const runpodHigh = { signal: 'level' as const };
    expect(placementVerdict(runpodHigh, 'available', 8, 8).status).toBe('available');
    expect(placementVerdict(runpodHigh, 'available', 8, 16)).toMatchObject({ status: 'limited', instances: 2 });
    // An AWS placement score for a 16-GPU target covers two 8-GPU instances.
    const scoredFor16 = { signal: 'level' as const, availableGpus: 16 };
    expect(placementVerdict(scoredFor16, 'available', 8, 16).status).toBe('available');
    expect(placementVerdict(scoredFor16, 'available', 8, 24).status).toBe('limited');
  });
});
