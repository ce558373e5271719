import type { Availability, Status } from '../domain/offer.js';
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
  /** The offer's provider facts (e.g. a marketplace host's reliability), when it has any. */
  attributes?: ServedOffer['attributes'];
}

export interface Verdict {
  status: Status;
  reason?: string;
  instances: number;
  totalGpus: number;
}

// Evidence proves only what it says: a yes/no (or a level scored for one instance) proves one
// instance, a count proves that many GPUs, quota headroom below the need rules the account out.
// `status` (the offer's, after expiry) is the ceiling; a placement is never more available
// than its evidence.
export function placementVerdict(
  a: Pick<Availability, 'signal' | 'availableGpus' | 'quotaHeadroomGpus'>,
  status: Status,
  gpusPerInstance: number,
  gpusWanted: number,
): Verdict {
  const instances = Math.ceil(gpusWanted / gpusPerInstance);
  const totalGpus = instances * gpusPerInstance;
  let reason: string | undefined;
  // A yes/no, a launch that worked, or a level scored for one instance (no count beside it),
  // proves one instance.
  const provesOne = a.signal === 'boolean' || a.signal === 'observed' || (a.signal === 'level' && a.availableGpus === undefined);
  if (status === 'available' && provesOne && instances > 1) {
    status = 'limited';
    const evidence = a.signal === 'boolean' ? 'yes/no' : a.signal === 'observed' ? 'a reported launch' : 'level';
    reason = `${evidence} evidence proves one instance; ${instances} are needed`;
  }
  if (status === 'available' && a.availableGpus !== undefined && a.availableGpus < totalGpus) {
    status = 'limited';
    reason = `${a.availableGpus} GPUs counted free; ${totalGpus} are needed`;
  }
  if (a.quotaHeadroomGpus !== undefined && a.quotaHeadroomGpus < totalGpus && status !== 'unavailable') {
    status = 'unavailable';
    reason = `quota headroom is ${a.quotaHeadroomGpus} GPUs; ${totalGpus} are needed`;
  }
  return { status, reason, instances, totalGpus };
}

export function placementFor(offer: ServedOffer, gpusWanted: number): Placement {
  const a = offer.availability;
  const { status, reason: why, instances, totalGpus } = placementVerdict(a, a.status, offer.gpu.count, gpusWanted);
  const reason = why ?? a.reason;
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
    ...(offer.attributes ? { attributes: offer.attributes } : {}),
  };
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;

/** What ranking looks at; a Placement has it, and so does the light candidate behind one. */
export interface Rankable {
  offerId: string;
  availability: { status: Status };
  price: { perGpuHourUsd: number | null };
  stale: boolean;
  observedAt: string;
}

const STATUS_RANK: Record<Status, number> = { available: 0, limited: 1, unknown: 2, unavailable: 3 };

/** `availability` sort: surest first, then cheapest per GPU, then freshest, then by id. */
export function byAvailability(a: Rankable, b: Rankable): number {
  return STATUS_RANK[a.availability.status] - STATUS_RANK[b.availability.status] || byPriceOnly(a, b) || freshness(a, b);
}

/** `price` sort: cheapest per GPU first (unpriced last), then surest, then freshest. */
export function byPrice(a: Rankable, b: Rankable): number {
  return byPriceOnly(a, b) || STATUS_RANK[a.availability.status] - STATUS_RANK[b.availability.status] || freshness(a, b);
}

function byPriceOnly(a: Rankable, b: Rankable): number {
  const pa = a.price.perGpuHourUsd ?? Infinity;
  const pb = b.price.perGpuHourUsd ?? Infinity;
  return pa === pb ? 0 : pa < pb ? -1 : 1;
}

// Plain comparisons: ISO timestamps and ids order correctly as code units, and localeCompare
// would dominate a sort of thousands of placements.
function freshness(a: Rankable, b: Rankable): number {
  return Number(a.stale) - Number(b.stale) || cmp(b.observedAt, a.observedAt) || cmp(a.offerId, b.offerId);
}

const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
