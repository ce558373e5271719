import picomatch from 'picomatch';
import { gpuIdsForQuery } from '../domain/gpu-models.js';
import type { StoredOffer } from '../domain/offer.js';
import type { OfferFilters } from '../schemas/query-fields.js';

/** One named test an offer must pass; the name is the query parameter, for diagnostics. */
export interface NamedFilter {
  param: keyof OfferFilters;
  test: (o: StoredOffer) => boolean;
}

/** The filters that depend only on what the provider said (not on the clock). */
export function compileFilters(q: Omit<OfferFilters, 'gpu' | 'availability'>): NamedFilter[] {
  const out: NamedFilter[] = [];
  if (q.minGpuMemoryGiB !== undefined) {
    const min = q.minGpuMemoryGiB;
    out.push({ param: 'minGpuMemoryGiB', test: (o) => o.gpu.memoryGiB >= min });
  }
  if (q.market) out.push(oneOf('market', q.market, (o) => o.market));
  if (q.provider) out.push(oneOf('provider', q.provider, (o) => o.provider));
  if (q.geo) out.push(oneOf('geo', q.geo, (o) => o.location.geo));
  if (q.interconnect) out.push(oneOf('interconnect', q.interconnect, (o) => o.gpu.interconnect ?? ''));
  if (q.region) {
    const match = picomatch(q.region, { nocase: true });
    out.push({ param: 'region', test: (o) => match(o.region) || (!!o.zone && match(o.zone)) });
  }
  if (q.maxPricePerGpuHour !== undefined) {
    const max = q.maxPricePerGpuHour;
    out.push({ param: 'maxPricePerGpuHour', test: (o) => o.price.perGpuHourUsd !== null && o.price.perGpuHourUsd <= max });
  }
  if (q.minReliability !== undefined) {
    const min = q.minReliability;
    // Only marketplace hosts carry a reliability score; a cloud offer is not judged by one.
    out.push({ param: 'minReliability', test: (o) => typeof o.attributes?.reliability !== 'number' || o.attributes.reliability >= min });
  }
  if (q.verification) {
    const allowed = new Set<string>(q.verification);
    out.push({
      param: 'verification',
      test: (o) => typeof o.attributes?.verification !== 'string' || allowed.has(o.attributes.verification),
    });
  }
  return out;
}

function oneOf(param: NamedFilter['param'], allowed: readonly string[], get: (o: StoredOffer) => string): NamedFilter {
  const set = new Set(allowed);
  return { param, test: (o) => set.has(get(o)) };
}

/** Canonical GPU ids for a query term, or every id when the term is absent. */
export function gpuIds(term: string | undefined): string[] | undefined {
  return term === undefined ? undefined : gpuIdsForQuery(term);
}
