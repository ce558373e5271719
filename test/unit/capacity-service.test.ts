import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/env.js';
import type { StoredOffer } from '../../src/domain/offer.js';
import { CapacityQuerySchema } from '../../src/schemas/capacity-query.js';
import { findCapacity } from '../../src/services/capacity.js';
import { OfferIndex } from '../../src/services/offer-index.js';
import type { ScopeStatus } from '../../src/domain/scope-status.js';
import { EU, makeOffer, scopeStatus } from '../helpers/offers.js';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const config = loadConfig({ LAMBDA_API_KEY: 'k' });
// Lambda polls every 60 s by default: stale after 3 min, unknown after 10 min.
const FRESH = 30_000;

const offers = {
  sxmEast: makeOffer({ region: 'us-east-1', gpu: 'H100-SXM', count: 8, perHourUsd: 35.92 }),
  sxmEurope: makeOffer({ region: 'europe-central-1', location: EU, gpu: 'H100-SXM', count: 8, perHourUsd: 35.92 }),
  sxmSouthGone: makeOffer({ region: 'us-south-1', gpu: 'H100-SXM', count: 8, perHourUsd: 35.92, availability: { status: 'unavailable' } }),
  pcieWest: makeOffer({ region: 'us-west-1', gpu: 'H100-PCIe', count: 1, perHourUsd: 2.49 }),
  a100x80: makeOffer({ region: 'us-east-1', gpu: 'A100-80GB-SXM', count: 8, perHourUsd: 14.32 }),
  a100x40: makeOffer({ region: 'us-east-1', gpu: 'A100-40GB-SXM', count: 8, perHourUsd: 10.32 }),
  a10: makeOffer({ region: 'us-west-1', gpu: 'A10', count: 1, perHourUsd: 0.75 }),
  nvlVast: makeOffer({
    provider: 'vastai',
    region: 'us-tx',
    instanceType: 'm-1234',
    market: 'interruptible',
    gpu: 'H100-NVL',
    count: 8,
    perHourUsd: 16,
    availability: { signal: 'count', availableGpus: 8, source: 'vastai.bundles.rentable' },
  }),
  sxmCoreweave: makeOffer({
    provider: 'coreweave',
    region: 'us-east-04',
    instanceType: 'gd-8xh100ib-i128',
    gpu: 'H100-SXM',
    count: 8,
    perHourUsd: null,
    priceNote: 'no price table configured',
    availability: { signal: 'count', availableGpus: 16, source: 'coreweave.nodes.allocatable' },
  }),
};

interface Scoped {
  provider: string;
  scope: string;
  offers: StoredOffer[];
  ageMs: number;
  status?: Partial<ScopeStatus>;
}

function indexOf(scopes: Scoped[]): OfferIndex {
  const index = new OfferIndex();
  index.replaceAll({
    statuses: scopes.map((s) => scopeStatus(s.provider, s.scope, NOW, s.ageMs, { offers: s.offers.length, ...s.status })),
    offers: scopes.flatMap((s) => s.offers.map((offer) => ({ provider: s.provider, scope: s.scope, offer }))),
  });
  return index;
}

const market = indexOf([
  {
    provider: 'lambda',
    scope: 'all',
    ageMs: FRESH,
    offers: [offers.sxmEast, offers.sxmEurope, offers.sxmSouthGone, offers.pcieWest, offers.a100x80, offers.a100x40, offers.a10],
  },
  { provider: 'vastai', scope: 'H100', ageMs: FRESH, offers: [offers.nvlVast] },
  { provider: 'coreweave', scope: 'cluster', ageMs: FRESH, offers: [offers.sxmCoreweave] },
]);

/** Runs a query given as a query string would give it (string values). */
function find(query: Record<string, string>, index = market, cfg = config) {
  return findCapacity(CapacityQuerySchema.parse(query), index, cfg, NOW);
}
const ids = (answer: ReturnType<typeof find>) => answer.placements.map((p) => p.offerId).sort();
const idsOf = (...os: StoredOffer[]) => os.map((o) => o.id).sort();

describe('findCapacity: which GPUs', () => {
  it('answers a family with every variant', () => {
    const answer = find({ gpu: 'H100' });
    expect(answer.query.gpuIds.sort()).toEqual(['H100-NVL', 'H100-PCIe', 'H100-SXM']);
    expect(ids(answer)).toEqual(idsOf(offers.sxmEast, offers.sxmEurope, offers.pcieWest, offers.nvlVast, offers.sxmCoreweave));
  });

  it('answers a variant with that variant only', () => {
    expect(ids(find({ gpu: 'H100-PCIe' }))).toEqual(idsOf(offers.pcieWest));
    expect(find({ gpu: 'H100-SXM' }).placements.every((p) => p.gpu.id === 'H100-SXM')).toBe(true);
  });

  it('keeps A100 80 GB and 40 GB apart, and A10 apart from A100', () => {
    expect(ids(find({ gpu: 'A100-80GB' }))).toEqual(idsOf(offers.a100x80));
    expect(ids(find({ gpu: 'A10' }))).toEqual(idsOf(offers.a10));
  });
});

describe('findCapacity: count', () => {
  it('turns the count into instances of each offer', () => {
    const answer = find({ gpu: 'H100', count: '8' });
    const pcie = answer.placements.find((p) => p.offerId === offers.pcieWest.id)!;
    expect(pcie.instances).toBe(8);
    expect(pcie.totalGpus).toBe(8);
    expect(pcie.price.perHourUsd).toBe(19.92);
    expect(pcie.availability.status).toBe('limited');
    const sxm = answer.placements.find((p) => p.offerId === offers.sxmEast.id)!;
    expect(sxm.instances).toBe(1);
    expect(sxm.availability.status).toBe('available');
  });

  it('needs two 8-GPU instances for 16 GPUs', () => {
    const sxm = find({ gpu: 'H100-SXM', count: '16', provider: 'lambda' }).placements.find((p) => p.offerId === offers.sxmEast.id)!;
    expect(sxm.instances).toBe(2);
    expect(sxm.price.perHourUsd).toBe(71.84);
    expect(sxm.availability.status).toBe('limited');
  });

  it('limits a counted offer that has fewer free GPUs than asked', () => {
    const vast = find({ gpu: 'H100-NVL', count: '16' }).placements[0]!;
    expect(vast.availability.status).toBe('limited');
    expect(vast.availability.availableGpus).toBe(8);
  });
});

describe('findCapacity: filters', () => {
  it('matches a region glob', () => {
    const answer = find({ gpu: 'H100', region: 'us-*' });
    expect(answer.placements.length).toBeGreaterThan(0);
    expect(answer.placements.every((p) => p.region.startsWith('us-'))).toBe(true);
    expect(ids(answer)).not.toContain(offers.sxmEurope.id);
  });

  it('matches a comma list of regions', () => {
    expect(ids(find({ gpu: 'H100', region: 'us-east-1,us-west-1' }))).toEqual(idsOf(offers.sxmEast, offers.pcieWest));
  });

  it('matches a glob with alternatives in braces', () => {
    // `{a,b}` is glob syntax the region parameter accepts (its pattern allows {, } and ,).
    expect(ids(find({ gpu: 'H100', region: 'us-{east,west}-1' }))).toEqual(idsOf(offers.sxmEast, offers.pcieWest));
  });

  it('filters by geo', () => {
    expect(ids(find({ gpu: 'H100', geo: 'eu' }))).toEqual(idsOf(offers.sxmEurope));
  });

  it('filters by market', () => {
    expect(ids(find({ gpu: 'H100', market: 'interruptible' }))).toEqual(idsOf(offers.nvlVast));
    expect(ids(find({ gpu: 'H100', market: 'spot,reserved' }))).toEqual([]);
  });

  it('filters by provider', () => {
    expect(ids(find({ gpu: 'H100', provider: 'vastai,coreweave' }))).toEqual(idsOf(offers.nvlVast, offers.sxmCoreweave));
  });

  it('filters by price per GPU-hour, and an unpriced offer fails it', () => {
    // vast: $16/8 = $2.00; PCIe: $2.49; SXM: $4.49; CoreWeave: unpriced.
    expect(ids(find({ gpu: 'H100', maxPricePerGpuHour: '2.5' }))).toEqual(idsOf(offers.nvlVast, offers.pcieWest));
    expect(ids(find({ gpu: 'H100', maxPricePerGpuHour: '1000' }))).not.toContain(offers.sxmCoreweave.id);
  });

  it('filters by GPU memory', () => {
    expect(ids(find({ gpu: 'H100', minGpuMemoryGiB: '90' }))).toEqual(idsOf(offers.nvlVast));
  });

  it('leaves unavailable offers out by default', () => {
    const answer = find({ gpu: 'H100-SXM' });
    expect(ids(answer)).not.toContain(offers.sxmSouthGone.id);
    expect(answer.query.availability.sort()).toEqual(['available', 'limited', 'unknown']);
  });

  it('includes unavailable offers when asked for them', () => {
    expect(ids(find({ gpu: 'H100-SXM', availability: 'unavailable' }))).toEqual(idsOf(offers.sxmSouthGone));
    expect(ids(find({ gpu: 'H100-SXM', availability: 'available,unavailable', provider: 'lambda' }))).toEqual(
      idsOf(offers.sxmEast, offers.sxmEurope, offers.sxmSouthGone),
    );
  });

  it('filters on the placement status, not the offer status', () => {
    // A 1-GPU yes/no offer is available for 1 GPU but only limited for 8.
    expect(ids(find({ gpu: 'H100-PCIe', count: '1', availability: 'available' }))).toEqual(idsOf(offers.pcieWest));
    expect(ids(find({ gpu: 'H100-PCIe', count: '8', availability: 'available' }))).toEqual([]);
  });
});

describe('findCapacity: ranking and limit', () => {
  it('sorts by availability by default: surest first, then cheapest per GPU, unpriced last', () => {
    const answer = find({ gpu: 'H100', count: '8' });
    expect(answer.placements.map((p) => [p.availability.status, p.price.perGpuHourUsd])).toEqual([
      ['available', 2],
      ['available', 4.49],
      ['available', 4.49],
      ['available', null],
      ['limited', 2.49],
    ]);
  });

  it('sorts by price on request', () => {
    const answer = find({ gpu: 'H100', count: '8', sort: 'price' });
    expect(answer.placements.map((p) => p.price.perGpuHourUsd)).toEqual([2, 2.49, 4.49, 4.49, null]);
  });

  it('returns at most `limit` placements, with `total` counting every match', () => {
    const answer = find({ gpu: 'H100', count: '8', limit: '2' });
    expect(answer.placements).toHaveLength(2);
    expect(answer.total).toBe(5);
    expect(answer.placements[0]!.offerId).toBe(offers.nvlVast.id);
    expect(answer.diagnostics).toBeUndefined();
  });
});

describe('findCapacity: freshness', () => {
  it('shows expired evidence as unknown, and stale evidence as stale', () => {
    const index = indexOf([
      { provider: 'lambda', scope: 'all', ageMs: 11 * 60_000, offers: [offers.sxmEast] },
      { provider: 'coreweave', scope: 'cluster', ageMs: 4 * 60_000, offers: [offers.sxmCoreweave] },
    ]);
    const answer = find({ gpu: 'H100-SXM', count: '8' }, index);
    const lambda = answer.placements.find((p) => p.provider === 'lambda')!;
    expect(lambda.availability.status).toBe('unknown');
    expect(lambda.availability.reason).toMatch(/expired/);
    expect(lambda.stale).toBe(true);
    const coreweave = answer.placements.find((p) => p.provider === 'coreweave')!;
    expect(coreweave.availability.status).toBe('available');
    expect(coreweave.stale).toBe(true);
    // The stale-but-available one ranks above the expired one.
    expect(answer.placements.map((p) => p.provider)).toEqual(['coreweave', 'lambda']);
  });
});

describe('findCapacity: diagnostics when nothing matches', () => {
  it('says how many offers had the GPU and which filters turned them away', () => {
    const answer = find({ gpu: 'H100', count: '8', maxPricePerGpuHour: '1', region: 'us-*' });
    expect(answer.total).toBe(0);
    expect(answer.placements).toEqual([]);
    const d = answer.diagnostics!;
    expect(d.offersWithGpu).toBe(6);
    // Every H100 offer costs more than $1/GPU-h or is unpriced; two are outside us-*;
    // one is unavailable, which the default availability filter leaves out.
    expect(d.failedFilters).toEqual({ maxPricePerGpuHour: 6, region: 1, availability: 1 });
    expect(d.message).toContain('6');
    expect(d.message).toContain('maxPricePerGpuHour');
  });

  it('counts the availability filter by its name', () => {
    const d = find({ gpu: 'H100-SXM', availability: 'unavailable', provider: 'coreweave' }).diagnostics!;
    expect(d.failedFilters).toEqual({ provider: 3, availability: 3 });
  });

  it('says when no provider lists the GPU at all', () => {
    const d = find({ gpu: 'MI300X' }).diagnostics!;
    expect(d.offersWithGpu).toBe(0);
    expect(d.failedFilters).toEqual({});
    expect(d.message).toContain('MI300X');
  });

  it('lists failing and stale scopes', () => {
    const index = indexOf([
      { provider: 'lambda', scope: 'all', ageMs: FRESH, offers: [offers.sxmEast] },
      {
        provider: 'vastai',
        scope: 'H100',
        ageMs: 20 * 60_000,
        offers: [offers.nvlVast],
        status: {
          consecutiveFailures: 3,
          lastError: { kind: 'rate_limit', message: 'HTTP 429 Too Many Requests', at: new Date(NOW - 5_000).toISOString() },
        },
      },
      { provider: 'coreweave', scope: 'cluster', ageMs: 5 * 60_000, offers: [offers.sxmCoreweave] },
    ]);
    const d = find({ gpu: 'H100', maxPricePerGpuHour: '0.5' }, index).diagnostics!;
    expect(d.providers).toContainEqual({
      provider: 'vastai',
      scope: 'H100',
      state: 'failing',
      reason: 'rate_limit: HTTP 429 Too Many Requests',
    });
    expect(d.providers).toContainEqual(expect.objectContaining({ provider: 'coreweave', scope: 'cluster', state: 'stale' }));
    expect(d.providers.find((p) => p.provider === 'lambda')).toBeUndefined();
  });

  it('lists only the providers the query asked for', () => {
    const index = indexOf([
      { provider: 'vastai', scope: 'H100', ageMs: 20 * 60_000, offers: [offers.nvlVast] },
      { provider: 'coreweave', scope: 'cluster', ageMs: 20 * 60_000, offers: [offers.sxmCoreweave] },
    ]);
    const d = find({ gpu: 'H100', provider: 'coreweave', maxPricePerGpuHour: '0.5' }, index).diagnostics!;
    expect(new Set(d.providers.map((p) => p.provider))).toEqual(new Set(['coreweave']));
    expect(d.providers).toContainEqual(expect.objectContaining({ scope: 'cluster', state: 'stale' }));
  });

  it('names a provider the query asked for that is not polled at all', () => {
    // src/domain/providers.ts: "a query may name any of these and gets a diagnostic".
    const d = find({ gpu: 'H100', provider: 'aws' }).diagnostics!;
    expect(d.failedFilters).toMatchObject({ provider: 6 });
    // Whether aws is off (no adapter, no credentials) or on but not yet polled, it is named.
    expect(d.providers).toContainEqual(expect.objectContaining({ provider: 'aws', state: expect.stringMatching(/^(disabled|pending)$/) }));
  });

  it('names a provider disabled for want of credentials', () => {
    const noKey = loadConfig({});
    const d = find({ gpu: 'H100' }, new OfferIndex(), noKey).diagnostics!;
    expect(d.providers).toContainEqual({ provider: 'lambda', state: 'disabled', reason: expect.stringContaining('LAMBDA_API_KEY') });
  });
});
