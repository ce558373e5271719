import type { NormalizeResult } from '../types.js';
import type { GpuModel } from '../../src/domain/gpu-models.js';
import { lambdaGpus } from './aliases.js';
import { locationFromCountryName, locationFromRegionName, type Location } from '../../src/domain/locations.js';
import { gpuSpec, offerId, priceOf, type StoredOffer } from '../../src/domain/offer.js';
import type { LambdaRaw } from './schema.js';

const SOURCE = 'lambda.regions_with_capacity_available';

/** Pure: one on-demand offer per GPU instance type and known region, available where listed. */
export function normalizeLambda(raw: LambdaRaw): NormalizeResult {
  const offers: StoredOffer[] = [];
  const unknownGpus: string[] = [];
  const known = new Map(raw.regions.data.map((r) => [r.name, r.description]));

  for (const { instance_type: t, regions_with_capacity_available: listed } of Object.values(raw.instanceTypes.data)) {
    if (t.specs.gpus <= 0) continue;
    const gpu = lambdaGpus.resolve(t.gpu_description);
    if (!gpu) {
      unknownGpus.push(t.gpu_description || t.description);
      continue;
    }
    const withCapacity = new Set(listed.map((r) => r.name));
    // A region can show up in a type's capacity list before /regions lists it.
    const regions = new Map(known);
    for (const r of listed) if (!regions.has(r.name)) regions.set(r.name, r.description);

    for (const [region, description] of regions) {
      const location = locationOf(region, description);
      if (!location) continue;
      offers.push(offerFor(t, gpu, region, location, withCapacity.has(region)));
    }
  }
  return { offers, unknownGpus };
}

type InstanceType = LambdaRaw['instanceTypes']['data'][string]['instance_type'];

function offerFor(t: InstanceType, gpu: GpuModel, region: string, location: Location, available: boolean): StoredOffer {
  const base = { provider: 'lambda', region, instanceType: t.name, market: 'on-demand' } as const;
  return {
    id: offerId(base),
    ...base,
    location,
    gpu: gpuSpec(gpu, t.specs.gpus),
    ...(t.specs.vcpus > 0 ? { vcpus: t.specs.vcpus } : {}),
    ...(t.specs.memory_gib > 0 ? { memoryGiB: t.specs.memory_gib } : {}),
    price: priceOf(t.price_cents_per_hour / 100, t.specs.gpus),
    availability: { status: available ? 'available' : 'unavailable', signal: 'boolean', source: SOURCE },
  };
}

// "Virginia, USA" → USA; descriptions we cannot read fall back to the region code's prefix.
function locationOf(region: string, description: string): Location | undefined {
  const country = description.split(',').pop() ?? '';
  return locationFromCountryName(country) ?? locationFromRegionName(region);
}
