import type { NormalizeResult } from '../types.js';
import { resolveGpu, type GpuModel } from '../../src/domain/gpu-models.js';
import { locationFromCountryCode, type Location } from '../../src/domain/locations.js';
import { gpuSpec, offerId, priceOf, type Availability, type StoredOffer } from '../../src/domain/offer.js';
import { runpodGpuSchema, type Cloud, type RunpodGpu, type RunpodRaw } from './schema.js';

const SOURCE = 'runpod.v2.catalog.gpus.dataCenters.availability';

/**
 * RunPod's stock level for a GPU type, pod size and cloud in one data center, as a status. The
 * raw level is always kept as `score`. The v2 catalog gives levels only, never counts.
 *
 * | RunPod `availability` | status        |
 * |-----------------------|---------------|
 * | HIGH, MEDIUM          | `available`   |
 * | LOW                   | `limited`     |
 * | NONE                  | `unavailable` |
 * | anything else         | `unknown`     |
 */
export function levelAvailability(level: string): Availability {
  const status = ({ HIGH: 'available', MEDIUM: 'available', LOW: 'limited', NONE: 'unavailable' } as const)[level.toUpperCase()] ?? 'unknown';
  return { status, signal: 'level', source: SOURCE, score: level };
}

/**
 * Pure: one offer per GPU type, pod size and data center that RunPod lists for the scope's
 * cloud. A type RunPod lists nowhere (availability NONE, no data centers) yields no offer, since
 * a data center is what places it. Malformed types and unplaceable data centers are dropped.
 */
export function normalizeRunpod(raw: RunpodRaw): NormalizeResult {
  const offers: StoredOffer[] = [];
  const unknownGpus = new Set<string>();
  let dropped = 0;
  for (const { count, gpus } of raw.catalogs) {
    for (const item of gpus) {
      const parsed = runpodGpuSchema.safeParse(item);
      if (!parsed.success) {
        dropped++;
        continue;
      }
      const g = parsed.data;
      if (!g[raw.cloud] || g.maxCount[raw.cloud] < count || !g.dataCenters?.length) continue;
      const perGpu = raw.market === 'spot' ? raw.spotPrices?.[g.id] : g.price[raw.cloud];
      if (raw.market === 'spot' && !perGpu) continue; // no spot market for this type
      const gpu = resolveGpu('runpod', g.id);
      if (!gpu) {
        unknownGpus.add(g.id);
        continue;
      }
      for (const dc of g.dataCenters) {
        const location = dataCenterLocation(dc.id);
        if (!location) {
          dropped++;
          continue;
        }
        offers.push(offerFor(g, gpu, count, raw, perGpu ?? null, dc.id, location, dc.availability));
      }
    }
  }
  return { offers, unknownGpus: [...unknownGpus], dropped };
}

function offerFor(g: RunpodGpu, gpu: GpuModel, count: number, raw: RunpodRaw, perGpu: number | null, region: string, location: Location, level: string): StoredOffer {
  const base = { provider: 'runpod', region, instanceType: `${count}x ${g.id} (${raw.cloud})`, market: raw.market } as const;
  return {
    id: offerId(base),
    ...base,
    location,
    gpu: gpuSpec(gpu, count),
    price: perGpu ? priceOf(perGpu * count, count) : { perHourUsd: null, perGpuHourUsd: null, note: `RunPod lists no ${raw.cloud} price for this GPU` },
    availability: levelAvailability(level),
    attributes: { cloud: raw.cloud satisfies Cloud },
  };
}

// Continent-first ids name the country second (EU-RO-1, EUR-IS-1, AP-JP-1, OC-AU-1, SEA-SG-1);
// the others start with it (US-TX-3, CA-MTL-1), where the second part is a state or city.
const CONTINENT_PREFIXES = new Set(['EU', 'EUR', 'AP', 'APAC', 'OC', 'SEA', 'ME', 'AF', 'SA', 'NA', 'ASIA']);

export function dataCenterLocation(id: string): Location | undefined {
  const [first = '', second = ''] = id.toUpperCase().split('-');
  return locationFromCountryCode(CONTINENT_PREFIXES.has(first) ? second : first);
}
