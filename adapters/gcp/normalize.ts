import type { GpuModel } from '../../src/domain/gpu-models.js';
import { gcpGpus } from './aliases.js';
import type { Location } from '../../src/domain/locations.js';
import { gpuSpec, offerId, priceOf, type Availability, type Market, type StoredOffer } from '../../src/domain/offer.js';
import type { NormalizeResult } from '../types.js';
import { ACCELERATORS, ATTACHABLE, familyPricing, isWorkstation, noOnDemand, quotaMetric, skuName } from './machine-families.js';
import { gcpLocation } from './regions.js';
import type { GcpQuota, GcpRaw, GcpSku } from './schema.js';

type Price = StoredOffer['price'];
const MACHINE_SOURCE = 'gcp.machineTypes.aggregatedList';
const ACCELERATOR_SOURCE = 'gcp.acceleratorTypes.aggregatedList';
/** GPU counts one N1 VM can take, capped by the zone's `maximumCardsPerInstance`. */
const ATTACH_COUNTS = [1, 2, 4, 8];

/**
 * Pure: per zone of the region, an on-demand and a spot offer for each GPU machine type (a2,
 * a3, a4, g2, ...) and each N1-attachable GPU count. GCP publishes no capacity, so evidence is
 * the catalog, or the project's quota where `regions.get` has the GPU's metric: headroom below
 * one instance is `unavailable`, a missing metric is unknown headroom, never zero.
 */
export function normalizeGcp(raw: GcpRaw): NormalizeResult {
  const offers: StoredOffer[] = [];
  const unknown = new Set<string>();
  const location = gcpLocation(raw.region);
  if (!location) return { offers, unknownGpus: [], dropped: raw.dropped + Object.values(raw.machineTypes).flat().length };
  const ctx: Ctx = {
    raw,
    location,
    quotas: raw.quotas && new Map(raw.quotas.map((q) => [q.metric, q])),
    rates: rateTable(raw.prices.skus),
  };

  for (const zone of raw.zones) {
    const machines = raw.machineTypes[zone] ?? [];
    for (const m of machines) {
      const acc = m.accelerators[0]!;
      if (isWorkstation(acc.name)) continue;
      const gpu = gcpGpus.resolve(acc.name);
      if (!gpu) {
        unknown.add(acc.name);
        continue;
      }
      const shape = { instanceType: m.name, vcpus: m.vcpus, memoryGiB: m.memoryMb / 1024 };
      for (const market of noOnDemand(m.name) ? (['spot'] as const) : (['on-demand', 'spot'] as const)) {
        offers.push(
          offer(
            ctx,
            zone,
            shape,
            gpu,
            acc.count,
            market,
            machinePrice(ctx, m.name, m.vcpus, m.memoryMb / 1024, acc.name, acc.count, market),
            evidence(ctx, acc.name, market, acc.count, MACHINE_SOURCE),
          ),
        );
      }
    }
    for (const acc of raw.accelerators[zone] ?? []) {
      if (isWorkstation(acc.name)) continue;
      const gpu = gcpGpus.resolve(acc.name);
      if (!gpu) {
        unknown.add(acc.name);
        continue;
      }
      // Bundled GPUs are offered through their machine types above.
      if (!ATTACHABLE.has(acc.name)) continue;
      for (const n of ATTACH_COUNTS.filter((c) => c <= acc.maxCards)) {
        const shape = { instanceType: `n1+${n}x${acc.name}` };
        for (const market of ['on-demand', 'spot'] as const) {
          offers.push(
            offer(
              ctx,
              zone,
              shape,
              gpu,
              n,
              market,
              attachedPrice(ctx, acc.name, n, market),
              evidence(ctx, acc.name, market, n, ACCELERATOR_SOURCE),
            ),
          );
        }
      }
    }
  }
  return { offers, unknownGpus: [...unknown], dropped: raw.dropped };
}

interface Ctx {
  raw: GcpRaw;
  location: Location;
  quotas: Map<string, GcpQuota> | null;
  rates: Map<string, number>;
}

function evidence(ctx: Ctx, accelerator: string, market: Market, gpus: number, source: string): Availability {
  const metric = quotaMetric(accelerator, market === 'spot');
  const q = metric ? ctx.quotas?.get(metric) : undefined;
  if (!q) return { status: 'unknown', signal: 'catalog', source };
  const headroom = Math.max(0, Math.floor(q.limit - q.usage));
  // Headroom is an upper bound for this project, never proof of capacity: at best `unknown`.
  return {
    status: headroom >= gpus ? 'unknown' : 'unavailable',
    signal: 'quota',
    source: 'gcp.regions.quotas',
    quotaHeadroomGpus: headroom,
  };
}

// (usageType, SKU name, unit) → USD per unit; several SKUs for one key keep the lowest.
function rateTable(skus: GcpSku[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of skus) {
    const key = `${s.usageType}|${skuName(s.description)}|${s.unit}`;
    const prev = out.get(key);
    if (s.usd > 0 && (prev === undefined || s.usd < prev)) out.set(key, s.usd);
  }
  return out;
}

const usageOf = (market: Market) => (market === 'spot' ? 'Preemptible' : 'OnDemand');

function gpuRate(ctx: Ctx, accelerator: string, market: Market): number | undefined {
  const rates = (ACCELERATORS[accelerator]?.skus ?? [])
    .map((n) => ctx.rates.get(`${usageOf(market)}|${n}|h`))
    .filter((r) => r !== undefined);
  return rates.length ? Math.min(...rates) : undefined;
}

function machinePrice(
  ctx: Ctx,
  machineType: string,
  vcpus: number,
  memoryGiB: number,
  accelerator: string,
  gpus: number,
  market: Market,
): Price {
  const family = familyPricing(machineType);
  if (!family) return noPrice(market, `no pricing rule for the machine family of ${machineType}`);
  const gpu = gpuRate(ctx, accelerator, market);
  if (family.kind === 'slice')
    return gpu === undefined ? missing(ctx, market, [`${accelerator} GPU slice`]) : priceOf(round(gpu * gpus), gpus);
  const core = ctx.rates.get(`${usageOf(market)}|${family.sku} instance core|h`);
  const ram = ctx.rates.get(`${usageOf(market)}|${family.sku} instance ram|GiBy.h`);
  const absent = [
    gpu === undefined && `${accelerator} GPU`,
    core === undefined && `${family.sku} core`,
    ram === undefined && `${family.sku} RAM`,
  ].filter((x): x is string => !!x);
  if (absent.length) return missing(ctx, market, absent);
  return priceOf(round(vcpus * core! + memoryGiB * ram! + gpus * gpu!), gpus);
}

function attachedPrice(ctx: Ctx, accelerator: string, gpus: number, market: Market): Price {
  const gpu = gpuRate(ctx, accelerator, market);
  if (gpu === undefined) return missing(ctx, market, [`${accelerator} GPU`]);
  return { ...priceOf(round(gpu * gpus), gpus), note: 'GPUs only: the N1 machine type they attach to is billed on top' };
}

function missing(ctx: Ctx, market: Market, skus: string[]): Price {
  const problem = ctx.raw.prices.problem;
  if (problem && !ctx.raw.prices.skus.length) return noPrice(market, problem);
  const plural = skus.length > 1 ? 's' : '';
  const detail = problem ? ` (${problem})` : '';
  return noPrice(market, `the Cloud Billing catalog has no ${skus.join(', ')} SKU${plural} for ${ctx.raw.region}${detail}`);
}

const noPrice = (market: Market, why: string): Price => ({ perHourUsd: null, perGpuHourUsd: null, note: `no ${market} price: ${why}` });

interface Shape {
  instanceType: string;
  vcpus?: number;
  memoryGiB?: number;
}

function offer(
  ctx: Ctx,
  zone: string,
  shape: Shape,
  gpu: GpuModel,
  count: number,
  market: Market,
  price: Price,
  availability: Availability,
): StoredOffer {
  const base = { provider: 'gcp', region: ctx.raw.region, zone, instanceType: shape.instanceType, market } as const;
  return {
    id: offerId(base),
    ...base,
    location: { ...ctx.location },
    gpu: gpuSpec(gpu, count),
    ...(shape.vcpus ? { vcpus: shape.vcpus } : {}),
    ...(shape.memoryGiB ? { memoryGiB: shape.memoryGiB } : {}),
    price,
    availability,
  };
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;
