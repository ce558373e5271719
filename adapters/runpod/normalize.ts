import type { NormalizeResult } from '../types.js';
import type { GpuModel } from '../../src/domain/gpu-models.js';
import { runpodGpus } from './aliases.js';
import { locationFromCountryCode, type Location } from '../../src/domain/locations.js';
import { gpuSpec, offerId, priceOf, type Availability, type StoredOffer } from '../../src/domain/offer.js';
import { runpodGpuSchema, type Cloud, type RunpodGpu, type RunpodRaw } from './schema.js';

const DC_SOURCE = 'runpod.v2.catalog.gpus.dataCenters.availability';
const TYPE_SOURCE = 'runpod.v2.catalog.gpus.availability';

/**
 * RunPod's stock level for a GPU type, pod size and cloud (in one data center, or overall), as a
 * status. The raw level is always kept as `score`. The v2 catalog gives levels only, never counts.
 *
 * | RunPod `availability` | status        |
 * |-----------------------|---------------|
 * | HIGH, MEDIUM          | `available`   |
 * | LOW                   | `limited`     |
 * | NONE                  | `unavailable` |
 * | anything else         | `unknown`     |
 */
export function levelAvailability(level: string, source = DC_SOURCE): Availability {
  const status =
    ({ HIGH: 'available', MEDIUM: 'available', LOW: 'limited', NONE: 'unavailable' } as const)[level.toUpperCase()] ?? 'unknown';
  return { status, signal: 'level', source, score: level };
}

/**
 * Pure: one offer per GPU type, pod size and data center that RunPod lists for the scope's
 * cloud. A type with no stock anywhere (availability NONE, no data centers) is `unavailable`
 * where `stocklessPlaces` puts it. Malformed types and unplaceable data centers are dropped.
 */
export function normalizeRunpod(raw: RunpodRaw): NormalizeResult {
  let dropped = 0;
  const catalogs = raw.catalogs.map(({ count, gpus }) => ({
    count,
    gpus: gpus.flatMap((item) => {
      const parsed = runpodGpuSchema.safeParse(item);
      if (!parsed.success) dropped++;
      return parsed.success ? [parsed.data] : [];
    }),
  }));
  const placesFor = stocklessPlaces(catalogs.flatMap((c) => c.gpus));
  const offers: StoredOffer[] = [];
  const unknownGpus = new Set<string>();
  for (const { count, gpus } of catalogs) {
    for (const g of gpus) {
      if (!g[raw.cloud] || g.maxCount[raw.cloud] < count) continue;
      const levels = levelsOf(g, placesFor);
      if (!levels.length) continue;
      const perGpu = raw.market === 'spot' ? raw.spotPrices?.[g.id] : g.price[raw.cloud];
      if (raw.market === 'spot' && !perGpu) continue; // no spot market for this type
      const gpu = runpodGpus.resolve(g.id);
      if (!gpu) {
        unknownGpus.add(g.id);
        continue;
      }
      for (const { dc, availability } of levels) {
        const location = dataCenterLocation(dc);
        if (!location) {
          dropped++;
          continue;
        }
        offers.push(offerFor(g, gpu, count, raw, perGpu ?? null, dc, location, availability));
      }
    }
  }
  return { offers, unknownGpus: [...unknownGpus], dropped };
}

// Per data center where the catalog names them. Without any, only NONE says something (no
// stock anywhere); another level, or none when availability was not asked for, places nothing.
function levelsOf(g: RunpodGpu, placesFor: (gpuId: string) => string[]): { dc: string; availability: Availability }[] {
  if (g.dataCenters?.length) return g.dataCenters.map((dc) => ({ dc: dc.id, availability: levelAvailability(dc.availability) }));
  const level = g.availability;
  if (!level || level.toUpperCase() !== 'NONE') return [];
  return placesFor(g.id).map((dc) => ({ dc, availability: levelAvailability(level, TYPE_SOURCE) }));
}

// RunPod names no data center for a type it has nowhere, but an offer needs a place. Use the
// data centers that list the type at other pod sizes (same ids as when it had stock), else all
// this cloud's catalog names: none of them has it free. Unplaceable ids are counted where listed.
function stocklessPlaces(gpus: RunpodGpu[]): (gpuId: string) => string[] {
  const byType = new Map<string, Set<string>>();
  const everywhere = new Set<string>();
  for (const g of gpus) {
    for (const { id } of g.dataCenters ?? []) {
      if (!dataCenterLocation(id)) continue;
      everywhere.add(id);
      byType.set(g.id, (byType.get(g.id) ?? new Set<string>()).add(id));
    }
  }
  return (gpuId) => [...(byType.get(gpuId) ?? everywhere)];
}

function offerFor(
  g: RunpodGpu,
  gpu: GpuModel,
  count: number,
  raw: RunpodRaw,
  perGpu: number | null,
  region: string,
  location: Location,
  availability: Availability,
): StoredOffer {
  const base = { provider: 'runpod', region, instanceType: `${count}x ${g.id} (${raw.cloud})`, market: raw.market } as const;
  return {
    id: offerId(base),
    ...base,
    location,
    gpu: gpuSpec(gpu, count),
    price: perGpu
      ? priceOf(perGpu * count, count)
      : { perHourUsd: null, perGpuHourUsd: null, note: `RunPod lists no ${raw.cloud} price for this GPU` },
    availability,
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
