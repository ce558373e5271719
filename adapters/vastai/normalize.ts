import type { NormalizeResult } from '../types.js';
import { aliasKey, type GpuModel } from '../../src/domain/gpu-models.js';
import { VASTAI_SIZED_NAMES, vastaiGpus } from './aliases.js';
import { locationFromCountryCode, type Location } from '../../src/domain/locations.js';
import { gpuSpec, offerId, priceOf, type Market, type StoredOffer } from '../../src/domain/offer.js';
import { vastOfferSchema, type VastOffer } from './schema.js';

const SOURCE = 'vastai.bundles.rentable';

/**
 * Pure: each rentable machine offer becomes an on-demand offer (and an interruptible one where
 * `min_bid` is given) whose count evidence is the offer's own GPUs, all on one machine. Offers
 * that fail the schema, or whose `geolocation` names no known country, are dropped and counted.
 */
export function normalizeVast(items: unknown[]): NormalizeResult {
  const offers = new Map<string, StoredOffer>();
  const unknownGpus = new Set<string>();
  let dropped = 0;
  for (const item of items) {
    const parsed = vastOfferSchema.safeParse(item);
    if (!parsed.success) {
      dropped++;
      continue;
    }
    const o = parsed.data;
    if (!o.rentable || o.rented) continue; // held by someone: not capacity
    const { name, gpu } = gpuOf(o);
    if (!gpu) {
      unknownGpus.add(name);
      continue;
    }
    const place = placeOf(o.geolocation);
    if (!place) {
      dropped++;
      continue;
    }
    for (const offer of offersFor(o, gpu, place)) {
      // Two asks for the same slice of one machine: the cheaper one is the offer.
      const prev = offers.get(offer.id);
      if (!prev || offer.price.perHourUsd! < prev.price.perHourUsd!) offers.set(offer.id, offer);
    }
  }
  return { offers: [...offers.values()], unknownGpus: [...unknownGpus], dropped };
}

function gpuOf(o: VastOffer): { name: string; gpu?: GpuModel } {
  if (!VASTAI_SIZED_NAMES.has(aliasKey(o.gpu_name))) return { name: o.gpu_name, gpu: vastaiGpus.resolve(o.gpu_name) };
  if (!o.gpu_ram) return { name: `${o.gpu_name} (no gpu_ram)` };
  const name = `${o.gpu_name} ${Math.round(o.gpu_ram / 1024 / 8) * 8}GB`;
  return { name, gpu: vastaiGpus.resolve(name) };
}

/** `"Texas, US"` → region `us-texas` in the US; `", CN"` → `cn`. */
export function placeOf(geolocation: string | null | undefined): { region: string; location: Location } | undefined {
  if (!geolocation) return undefined;
  const cut = geolocation.lastIndexOf(',');
  const cc = geolocation
    .slice(cut + 1)
    .trim()
    .toUpperCase();
  const location = /^[A-Z]{2}$/.test(cc) ? locationFromCountryCode(cc) : undefined;
  if (!location) return undefined;
  const place = (cut < 0 ? '' : geolocation.slice(0, cut))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return { region: place ? `${cc.toLowerCase()}-${place}` : cc.toLowerCase(), location };
}

function offersFor(o: VastOffer, gpu: GpuModel, place: { region: string; location: Location }): StoredOffer[] {
  const reliability = o.reliability2 ?? o.reliability;
  const attributes: Record<string, number | string> = { askId: o.id, machineId: o.machine_id };
  if (reliability !== null && reliability !== undefined) attributes.reliability = reliability;
  if (o.verification) attributes.verification = o.verification;
  const vcpus = Math.floor(o.cpu_cores_effective ?? 0);

  const offer = (market: Market, perHourUsd: number): StoredOffer => {
    const base = { provider: 'vastai', region: place.region, instanceType: `machine-${o.machine_id}-${o.num_gpus}x`, market } as const;
    return {
      id: offerId(base),
      ...base,
      location: place.location,
      gpu: gpuSpec(gpu, o.num_gpus),
      ...(vcpus > 0 ? { vcpus } : {}),
      price: priceOf(perHourUsd, o.num_gpus),
      availability: { status: 'available', signal: 'count', source: SOURCE, availableGpus: o.num_gpus },
      attributes,
    };
  };
  const out = [offer('on-demand', o.dph_total)];
  if (o.min_bid) out.push(offer('interruptible', o.min_bid));
  return out;
}
