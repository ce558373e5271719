import type { Config } from '../../config/env.js';
import { GPU_MODELS, type GpuModel } from '../domain/gpu-models.js';
import type { Market } from '../domain/offer.js';
import type { GpusQuery } from '../schemas/summary-query.js';
import { FreshnessJudge, servedStatus } from './freshness-judge.js';
import { compileFilters, gpuIds } from './offer-filter.js';
import type { OfferIndex } from './offer-index.js';

type PriceByMarket = { onDemand: number | null; spot: number | null };

export interface GpuRow extends GpuModel {
  /** The form factor (SXM, PCIe, NVL, ...) when the family has more than one. */
  formFactor: string | null;
  offers: number;
  providers: string[];
  /** Provider regions where an offer is available or limited now. */
  regionsWithCapacity: { provider: string; region: string }[];
  /** Cheapest per GPU-hour among offers available or limited now; spot includes interruptible. */
  minPricePerGpuHour: PriceByMarket;
  /** Cheapest listed per GPU-hour, whatever the availability. */
  listedMinPricePerGpuHour: PriceByMarket;
}

const FORM_FACTORS = ['SXM', 'PCIe', 'NVL'];

// The GPU catalog with what the index knows about each model right now.
export function listGpus(q: GpusQuery, index: OfferIndex, config: Config, now = Date.now()): { gpus: GpuRow[]; generatedAt: string } {
  const judge = new FreshnessJudge(index, config, now);
  const filters = compileFilters(q);
  const wanted = gpuIds(q.gpu);
  const gpus = GPU_MODELS.filter((g) => !wanted || wanted.includes(g.id)).map((g): GpuRow => {
    const providers = new Set<string>();
    const regions = new Map<string, { provider: string; region: string }>();
    const min: PriceByMarket = { onDemand: null, spot: null };
    const listed: PriceByMarket = { onDemand: null, spot: null };
    let offers = 0;
    for (const e of index.forGpu(g.id)) {
      const o = e.offer;
      if (!filters.every((f) => f.test(o))) continue;
      offers++;
      providers.add(o.provider);
      const status = servedStatus(o, judge.judge(e));
      const capacity = status === 'available' || status === 'limited';
      if (capacity) regions.set(`${o.provider}\u0000${o.region}`, { provider: o.provider, region: o.region });
      const market = marketKey(o.market);
      const price = o.price.perGpuHourUsd;
      if (!market || price === null) continue;
      if (listed[market] === null || price < listed[market]!) listed[market] = price;
      if (capacity && (min[market] === null || price < min[market]!)) min[market] = price;
    }
    return {
      ...g,
      formFactor: FORM_FACTORS.find((f) => g.variant?.split('-').includes(f)) ?? null,
      offers,
      providers: [...providers].sort(),
      regionsWithCapacity: [...regions.values()].sort((a, b) => a.provider.localeCompare(b.provider) || a.region.localeCompare(b.region)),
      minPricePerGpuHour: round(min),
      listedMinPricePerGpuHour: round(listed),
    };
  });
  return { gpus, generatedAt: new Date(now).toISOString() };
}

function marketKey(m: Market): keyof PriceByMarket | undefined {
  return m === 'on-demand' ? 'onDemand' : m === 'spot' || m === 'interruptible' ? 'spot' : undefined;
}

const r4 = (n: number | null) => (n === null ? null : Math.round(n * 10_000) / 10_000);
const round = (p: PriceByMarket): PriceByMarket => ({ onDemand: r4(p.onDemand), spot: r4(p.spot) });
