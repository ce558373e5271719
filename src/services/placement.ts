import type { Status } from '../domain/offer.js';
import type { ServedAvailability, ServedOffer } from './freshness.js';

/** One place that delivers N GPUs: how many instances of one offer, at what price, how sure. */
export interface Placement {
  offerId: string;
  provider: string;
  region: string;
  zone?: string;
  location: ServedOffer['location'];
  instanceType: string;
  market: ServedOffer['market'];
  gpu: ServedOffer['gpu'];
  instances: number;
  totalGpus: number;
  price: { perHourUsd: number | null; perGpuHourUsd: number | null; note?: string };
  availability: ServedAvailability;
  observedAt: string;
  stale: boolean;
}

// Evidence proves only what it says: a yes/no proves one instance, a count proves that many
// GPUs, quota headroom below the need rules the account out. The offer's own status is the
// ceiling; a placement is never more available than its evidence.
export function placementFor(offer: ServedOffer, gpusWanted: number): Placement {
  const instances = Math.ceil(gpusWanted / offer.gpu.count);
  const totalGpus = instances * offer.gpu.count;
  const a = offer.availability;
  let status: Status = a.status;
  let reason = a.reason;
  if (status === 'available' && a.signal === 'boolean' && instances > 1) {
    status = 'limited';
    reason = `yes/no evidence proves one instance; ${instances} are needed`;
  }
  if (status === 'available' && a.availableGpus !== undefined && a.availableGpus < totalGpus) {
    status = 'limited';
    reason = `${a.availableGpus} GPUs counted free; ${totalGpus} are needed`;
  }
  if (a.quotaHeadroomGpus !== undefined && a.quotaHeadroomGpus < totalGpus && status !== 'unavailable') {
    status = 'unavailable';
    reason = `quota headroom is ${a.quotaHeadroomGpus} GPUs; ${totalGpus} are needed`;
  }
  const perHour = offer.price.perHourUsd;
  return {
    offerId: offer.id,
    provider: offer.provider,
    region: offer.region,
    zone: offer.zone,
    location: offer.location,
    instanceType: offer.instanceType,
    market: offer.market,
    gpu: offer.gpu,
    instances,
    totalGpus,
    price: {
      perHourUsd: perHour === null ? null : round(perHour * instances),
      perGpuHourUsd: offer.price.perGpuHourUsd === null ? null : round(offer.price.perGpuHourUsd),
      ...(offer.price.note ? { note: offer.price.note } : {}),
    },
    availability: { ...a, status, ...(reason ? { reason } : {}) },
    observedAt: offer.observedAt,
    stale: offer.stale,
  };
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;

const STATUS_RANK: Record<Status, number> = { available: 0, limited: 1, unknown: 2, unavailable: 3 };

/** `availability` sort: surest first, then cheapest per GPU, then freshest, then by id. */
export function byAvailability(a: Placement, b: Placement): number {
  return STATUS_RANK[a.availability.status] - STATUS_RANK[b.availability.status] || byPriceOnly(a, b) || freshness(a, b);
}

/** `price` sort: cheapest per GPU first (unpriced last), then surest, then freshest. */
export function byPrice(a: Placement, b: Placement): number {
  return byPriceOnly(a, b) || STATUS_RANK[a.availability.status] - STATUS_RANK[b.availability.status] || freshness(a, b);
}

function byPriceOnly(a: Placement, b: Placement): number {
  const pa = a.price.perGpuHourUsd ?? Infinity;
  const pb = b.price.perGpuHourUsd ?? Infinity;
  return pa === pb ? 0 : pa < pb ? -1 : 1;
}

function freshness(a: Placement, b: Placement): number {
  return Number(a.stale) - Number(b.stale) || b.observedAt.localeCompare(a.observedAt) || a.offerId.localeCompare(b.offerId);
}
