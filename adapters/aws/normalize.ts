import type { GpuModel } from '../../src/domain/gpu-models.js';
import { awsGpus } from './aliases.js';
import type { Location } from '../../src/domain/locations.js';
import { gpuSpec, offerId, priceOf, type Availability, type Market, type StoredOffer } from '../../src/domain/offer.js';
import type { NormalizeResult } from '../types.js';
import { capacityBlockEvidence, perHour, placementEvidence } from './evidence.js';
import { awsLocation } from './regions.js';
import type { AwsGpuType, AwsRaw } from './schema.js';

const CATALOG: Availability = { status: 'unknown', signal: 'catalog', source: 'aws.DescribeInstanceTypeOfferings' };

/**
 * Pure: per GPU instance type and availability zone that offers it, an on-demand offer
 * (catalog only; priced from the bulk price list), a spot offer (current spot price; placement
 * score where asked) and a reserved offer where Capacity Blocks are on sale.
 */
export function normalizeAws(raw: AwsRaw): NormalizeResult {
  const offers: StoredOffer[] = [];
  const unknown = new Set<string>();
  const location = awsLocation(raw.region);
  if (!location) return { offers, unknownGpus: [], dropped: raw.types.length };
  const zoneId = new Map(raw.zones.map((z) => [z.name, z.id]));
  const now = Date.parse(raw.fetchedAt);

  for (const t of raw.types) {
    const gpu = resolveAwsGpu(t);
    if (!gpu) {
      unknown.add(t.gpuManufacturer ? `${t.gpuManufacturer} ${t.gpuName}` : t.gpuName);
      continue;
    }
    // Fractional GPUs (g6f: ⅛ of an L4) have no whole-GPU count an offer could carry.
    if (!Number.isInteger(t.gpuCount) || t.gpuCount < 1) continue;
    const zones = raw.offerings[t.instanceType] ?? [];
    const make = offerMaker(raw.region, location, t, gpu);
    for (const zone of zones) {
      if (t.usageClasses.length === 0 || t.usageClasses.includes('on-demand'))
        offers.push(make(zone, 'on-demand', onDemandPrice(raw, t), CATALOG));
      if (t.usageClasses.includes('spot')) {
        const id = zoneId.get(zone);
        const scores = raw.placementScores.filter((s) => s.instanceType === t.instanceType && s.zoneId === id);
        const ev = placementEvidence(scores, t.gpuCount);
        offers.push(
          make(zone, 'spot', spotPrice(raw, t, zone), ev?.availability ?? CATALOG, ev && { placementScoreTargetGpus: ev.targetGpus }),
        );
      }
    }
    if (!zones.length) continue; // a type the region does not offer never shows, blocks included
    const blockZones = new Set(raw.capacityBlocks.filter((b) => b.instanceType === t.instanceType).map((b) => b.zone));
    for (const zone of blockZones) {
      const blocks = raw.capacityBlocks.filter((b) => b.instanceType === t.instanceType && b.zone === zone);
      const ev = capacityBlockEvidence(blocks, t.gpuCount, now)!;
      const price =
        ev.block.currency === 'USD'
          ? priceOf(round(perHour(ev.block)), t.gpuCount)
          : { perHourUsd: null, perGpuHourUsd: null, note: `Capacity Block priced in ${ev.block.currency}` };
      offers.push(
        make(zone, 'reserved', price, ev.availability, {
          capacityBlockStart: ev.block.start,
          capacityBlockEnd: ev.block.end,
          capacityBlockInstances: ev.block.instanceCount,
          capacityBlockUpfrontFee: ev.block.upfrontFee,
          capacityBlockCurrency: ev.block.currency,
        }),
      );
    }
  }
  return { offers, unknownGpus: [...unknown], dropped: raw.dropped };
}

/** AWS reports A100 40 GB and 80 GB under one name; memory tells them apart (gpu-catalog §1). */
export function resolveAwsGpu(t: Pick<AwsGpuType, 'gpuName' | 'gpuMemoryMiB'>): GpuModel | undefined {
  const gib = t.gpuMemoryMiB ? Math.round(t.gpuMemoryMiB / 1024) : undefined;
  return (gib ? awsGpus.resolve(`${t.gpuName} ${gib}GB`) : undefined) ?? awsGpus.resolve(t.gpuName);
}

type Price = StoredOffer['price'];
type Attributes = NonNullable<StoredOffer['attributes']>;

function onDemandPrice(raw: AwsRaw, t: AwsGpuType): Price {
  const usd = raw.onDemand.prices[t.instanceType];
  if (usd !== undefined) return priceOf(usd, t.gpuCount);
  const why = raw.onDemand.problem ?? `${t.instanceType} is not in the AWS price list for ${raw.region}`;
  return { perHourUsd: null, perGpuHourUsd: null, note: `no on-demand price: ${why}` };
}

function spotPrice(raw: AwsRaw, t: AwsGpuType, zone: string): Price {
  let latest: AwsRaw['spotPrices'][number] | undefined;
  for (const p of raw.spotPrices) {
    if (p.instanceType === t.instanceType && p.zone === zone && (!latest || p.at > latest.at)) latest = p;
  }
  if (latest) return priceOf(latest.usd, t.gpuCount);
  return { perHourUsd: null, perGpuHourUsd: null, note: 'no current spot price in DescribeSpotPriceHistory for this zone' };
}

function offerMaker(region: string, location: Location, t: AwsGpuType, gpu: GpuModel) {
  return (zone: string, market: Market, price: Price, availability: Availability, attributes?: Attributes): StoredOffer => {
    const base = { provider: 'aws', region, zone, instanceType: t.instanceType, market } as const;
    return {
      id: offerId(base),
      ...base,
      location: { ...location },
      gpu: gpuSpec(gpu, t.gpuCount),
      ...(t.vcpus ? { vcpus: t.vcpus } : {}),
      ...(t.memoryMiB ? { memoryGiB: t.memoryMiB / 1024 } : {}),
      price,
      availability: { ...availability },
      ...(attributes ? { attributes } : {}),
    };
  };
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;
