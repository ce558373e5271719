import { gpuById } from '../../src/domain/gpu-models.js';
import type { Location } from '../../src/domain/locations.js';
import { gpuSpec, offerId, priceOf, StoredOfferSchema, type Availability, type Market, type StoredOffer } from '../../src/domain/offer.js';
import type { ProviderId } from '../../config/providers.js';
import type { ScopeStatus } from '../../src/domain/scope-status.js';

export const US: Location = { country: 'US', continent: 'north-america', geo: 'us' };
export const EU: Location = { country: 'DE', continent: 'europe', geo: 'eu' };

export interface OfferSpec {
  provider?: ProviderId;
  region?: string;
  zone?: string;
  location?: Location;
  instanceType?: string;
  market?: Market;
  /** A canonical GPU id from the table, e.g. `H100-SXM`. */
  gpu?: string;
  /** GPUs per instance. */
  count?: number;
  /** Whole-instance price; null means unpriced (then `priceNote` explains why). */
  perHourUsd?: number | null;
  priceNote?: string;
  availability?: Partial<Availability>;
}

/**
 * A valid StoredOffer (checked against StoredOfferSchema): by default Lambda's
 * 8×H100-SXM on-demand in us-east-1 at $35.92/h, available by yes/no evidence.
 */
export function makeOffer(spec: OfferSpec = {}): StoredOffer {
  const gpu = gpuById(spec.gpu ?? 'H100-SXM');
  if (!gpu) throw new Error(`test factory: unknown GPU ${spec.gpu}`);
  const count = spec.count ?? 8;
  const base = {
    provider: spec.provider ?? 'lambda',
    region: spec.region ?? 'us-east-1',
    ...(spec.zone ? { zone: spec.zone } : {}),
    instanceType: spec.instanceType ?? `gpu_${count}x_${gpu.id.toLowerCase()}`,
    market: spec.market ?? 'on-demand',
  } as const;
  const perHourUsd = spec.perHourUsd === undefined ? 35.92 : spec.perHourUsd;
  const offer: StoredOffer = {
    id: offerId(base),
    ...base,
    location: spec.location ?? US,
    gpu: gpuSpec(gpu, count),
    market: base.market,
    price:
      perHourUsd === null
        ? { perHourUsd: null, perGpuHourUsd: null, note: spec.priceNote ?? 'no price API' }
        : { ...priceOf(perHourUsd, count), ...(spec.priceNote ? { note: spec.priceNote } : {}) },
    availability: {
      status: 'available',
      signal: 'boolean',
      source: 'lambda.regions_with_capacity_available',
      ...spec.availability,
    },
  };
  return StoredOfferSchema.parse(offer);
}

/** A healthy scope status observed `ageMs` before `now`. */
export function scopeStatus(provider: string, scope: string, now: number, ageMs: number, extra: Partial<ScopeStatus> = {}): ScopeStatus {
  const observedAt = new Date(now - ageMs).toISOString();
  return {
    provider,
    scope,
    observedAt,
    lastSuccessAt: observedAt,
    consecutiveFailures: 0,
    offers: 0,
    unknownGpus: [],
    dropped: 0,
    version: 1,
    ...extra,
  };
}
