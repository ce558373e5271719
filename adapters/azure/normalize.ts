import type { GpuModel } from '../../src/domain/gpu-models.js';
import { azureGpus } from './aliases.js';
import type { Location } from '../../src/domain/locations.js';
import { gpuSpec, offerId, priceOf, type Availability, type Market, type StoredOffer } from '../../src/domain/offer.js';
import type { NormalizeResult } from '../types.js';
import { azureLocation } from './regions.js';
import type { AzureRaw, AzureScore, AzureUsage, AzureVmSku } from './schema.js';
import { sizeFacts } from './sizes.js';

type Price = StoredOffer['price'];

/**
 * Spot Placement Score → status; the raw value is always kept on the offer (README table).
 *
 * | score               | status      | why                                              |
 * |---------------------|-------------|--------------------------------------------------|
 * | High                | available   | Azure calls the allocation highly likely          |
 * | Medium              | limited     | may succeed, possibly not in full                 |
 * | Low                 | unavailable | Azure calls the allocation unlikely               |
 * | DataNotFoundOrStale | unknown     | Azure has no current data for this size and count |
 */
export function scoreStatus(score: string): Availability['status'] {
  const s = score.toLowerCase();
  return s === 'high' ? 'available' : s === 'medium' ? 'limited' : s === 'low' ? 'unavailable' : 'unknown';
}

/**
 * Pure: per GPU VM size of the region, an on-demand offer and, where the size may run as Spot, a
 * spot offer. Evidence, strongest first: a restriction for this subscription (`unavailable`,
 * with the reason), quota headroom below one VM (`unavailable`), the spot placement score,
 * the family's quota headroom, and the catalog alone (`unknown`).
 */
export function normalizeAzure(raw: AzureRaw): NormalizeResult {
  const offers: StoredOffer[] = [];
  const unknown = new Set<string>();
  let dropped = raw.dropped;
  const location = azureLocation(raw.region);
  if (!location) return { offers, unknownGpus: [], dropped: dropped + raw.skus.length };
  const usages = raw.usages && new Map(raw.usages.map((u) => [u.name.toLowerCase(), u]));

  for (const sku of raw.skus) {
    const facts = sizeFacts(sku.name);
    if (!facts) {
      unknown.add(sku.name);
      continue;
    }
    if (facts.kind !== 'gpu') continue;
    const gpu = azureGpus.resolve(facts.series);
    if (!gpu) {
      unknown.add(facts.series);
      continue;
    }
    const count = sku.gpus ?? facts.gpus;
    if (!count || !Number.isInteger(count)) {
      dropped++;
      continue;
    }
    const restriction = restrictionOf(sku, raw.region);
    for (const market of sku.spot ? (['on-demand', 'spot'] as const) : (['on-demand'] as const)) {
      const headroom = usages ? quotaGpus(usages, sku, count, market) : undefined;
      const scores = raw.scores.filter((s) => s.size === sku.name);
      const availability = restriction
        ? RESTRICTED
        : evidence(headroom, market === 'spot' ? scoreEvidence(scores, count) : undefined, count);
      const zones = usableZones(sku);
      // Zones are worth showing when the subscription may use only some of those listed.
      const attributes = {
        ...(restriction ? { restriction } : {}),
        ...(!restriction && zones.length < sku.zones.length ? { zones: zones.join(',') } : {}),
      };
      offers.push(offer(raw.region, location, sku, gpu, count, market, priceFor(raw, sku, count, market), availability, attributes));
    }
  }
  return { offers, unknownGpus: [...unknown], dropped };
}

const RESTRICTED: Availability = { status: 'unavailable', signal: 'catalog', source: 'azure.skus.restrictions' };

/** Why this subscription cannot deploy the size here, or undefined when it can (in some zone). */
export function restrictionOf(sku: AzureVmSku, region: string): string | undefined {
  const loc = sku.restrictions.find((r) => r.type === 'Location');
  if (loc) return `${loc.reasonCode} in ${region}`;
  const zonal = sku.restrictions.filter((r) => r.type === 'Zone');
  // Listed zones minus blocked ones; none left means nowhere (azure.md §2.4).
  if (zonal.length && sku.zones.length && !usableZones(sku).length) {
    return `${zonal[0]!.reasonCode} in zones ${[...new Set(zonal.flatMap((r) => r.zones))].sort().join(', ')} of ${region}`;
  }
  return undefined;
}

function usableZones(sku: AzureVmSku): string[] {
  const blocked = new Set(sku.restrictions.filter((r) => r.type === 'Zone').flatMap((r) => r.zones));
  return sku.zones.filter((z) => !blocked.has(z));
}

/** GPUs this subscription may still start: whole VMs within the vCPU quota (azure.md §3). */
function quotaGpus(usages: Map<string, AzureUsage>, sku: AzureVmSku, gpusPerVm: number, market: Market): number | undefined {
  if (!sku.vcpus) return undefined;
  const bucket = usages.get(market === 'spot' ? 'lowprioritycores' : sku.family.toLowerCase());
  if (!bucket) return undefined;
  let free = bucket.limit - bucket.currentValue;
  const cores = usages.get('cores');
  if (market === 'on-demand' && cores) free = Math.min(free, cores.limit - cores.currentValue);
  return Math.max(0, Math.floor(free / sku.vcpus)) * gpusPerVm;
}

/** The largest target scoring High proves that many GPUs; otherwise the smallest target's score speaks. */
function scoreEvidence(scores: AzureScore[], gpusPerVm: number): Availability | undefined {
  if (!scores.length) return undefined;
  const sorted = [...scores].sort((a, b) => a.targetGpus - b.targetGpus);
  const high = sorted.filter((s) => scoreStatus(s.score) === 'available').pop();
  const chosen = high ?? sorted[0]!;
  const status = scoreStatus(chosen.score);
  return {
    status,
    signal: 'level',
    source: 'azure.spotPlacementScores',
    score: chosen.score,
    ...(status === 'available' ? { availableGpus: chosen.instances * gpusPerVm } : {}),
  };
}

function evidence(headroom: number | undefined, score: Availability | undefined, gpusPerVm: number): Availability {
  const quota = { status: 'unavailable', signal: 'quota', source: 'azure.usages' } as const;
  if (headroom !== undefined && headroom < gpusPerVm) return { ...quota, quotaHeadroomGpus: headroom };
  const withHeadroom = headroom === undefined ? {} : { quotaHeadroomGpus: headroom };
  if (score) return { ...score, ...withHeadroom };
  if (headroom !== undefined) return { ...quota, status: 'unknown', quotaHeadroomGpus: headroom };
  return { status: 'unknown', signal: 'catalog', source: 'azure.skus' };
}

function priceFor(raw: AzureRaw, sku: AzureVmSku, gpus: number, market: Market): Price {
  const usd = market === 'spot' ? raw.prices.bySize[sku.name]?.spot : raw.prices.bySize[sku.name]?.onDemand;
  if (usd !== undefined) return priceOf(usd, gpus);
  const kind = market === 'spot' ? 'Spot' : 'pay-as-you-go';
  const detail = raw.prices.problem ? ` (${raw.prices.problem})` : '';
  const why =
    raw.prices.problem && !Object.keys(raw.prices.bySize).length
      ? raw.prices.problem
      : `the Retail Prices API lists no Linux ${kind} price for ${sku.name} in ${raw.region}${detail}`;
  return { perHourUsd: null, perGpuHourUsd: null, note: `no ${market} price: ${why}` };
}

function offer(
  region: string,
  location: Location,
  sku: AzureVmSku,
  gpu: GpuModel,
  count: number,
  market: Market,
  price: Price,
  availability: Availability,
  attributes: Record<string, string>,
): StoredOffer {
  const base = { provider: 'azure', region, instanceType: sku.name, market } as const;
  return {
    id: offerId(base),
    ...base,
    location: { ...location },
    gpu: gpuSpec(gpu, count),
    ...(sku.vcpus ? { vcpus: sku.vcpus } : {}),
    ...(sku.memoryGb ? { memoryGiB: sku.memoryGb } : {}),
    price,
    availability: { ...availability },
    ...(Object.keys(attributes).length ? { attributes } : {}),
  };
}
