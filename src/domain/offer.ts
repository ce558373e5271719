import { z } from 'zod';
import type { GpuModel } from './gpu-models.js';
import { CONTINENTS, GEOS } from './locations.js';

export const STATUSES = ['available', 'limited', 'unavailable', 'unknown'] as const;
export type Status = (typeof STATUSES)[number];
export const SIGNALS = ['count', 'boolean', 'level', 'quota', 'catalog', 'observed'] as const;
export const MARKETS = ['on-demand', 'spot', 'interruptible', 'reserved'] as const;
export type Market = (typeof MARKETS)[number];

const isoTime = z.iso.datetime({ offset: true });

/**
 * A provider id by form only (lowercase, no `:`, which offer ids use as separator). Which ids
 * exist is the registry's business: offers come from our own adapters, queries are checked in src/schemas.
 */
export const ProviderIdSchema = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'a provider id such as lambda');

export const AvailabilitySchema = z
  .strictObject({
    status: z.enum(STATUSES),
    signal: z.enum(SIGNALS),
    /** The exact provider field it came from, e.g. `lambda.regions_with_capacity_available`. */
    source: z.string().min(3),
    availableGpus: z.number().int().min(0).optional(),
    score: z.union([z.number(), z.string()]).optional(),
    quotaHeadroomGpus: z.number().int().min(0).optional(),
    /** When the provider said it; absent in storage when it is simply the poll's time. */
    observedAt: isoTime.optional(),
  })
  .superRefine((a, ctx) => {
    const fail = (message: string) => ctx.addIssue({ code: 'custom', message });
    if (a.signal === 'catalog' && a.status === 'available') fail('catalog evidence is never available');
    if (a.signal === 'quota' && a.status === 'available') fail('quota headroom alone is never available');
    if (a.quotaHeadroomGpus === 0 && a.status !== 'unavailable') fail('zero quota headroom is unavailable');
    if (a.signal === 'count' && a.availableGpus === undefined) fail('a count signal needs availableGpus');
    if (a.signal === 'level' && a.score === undefined) fail('a level signal keeps its raw score');
  });
export type Availability = z.infer<typeof AvailabilitySchema>;

export const GpuSpecSchema = z.strictObject({
  id: z.string(),
  model: z.string(),
  variant: z.string().optional(),
  vendor: z.enum(['nvidia', 'amd']),
  memoryGiB: z.number().positive(),
  count: z.number().int().positive(),
  interconnect: z.enum(['nvlink', 'pcie', 'infiniband']).optional(),
});

export const PriceSchema = z.strictObject({
  perHourUsd: z.number().nonnegative().nullable(),
  perGpuHourUsd: z.number().nonnegative().nullable(),
  /** Why the price is missing, or where it came from when that is not the provider's API. */
  note: z.string().optional(),
});

/**
 * An offer as stored: what the provider said, without the poll's clock. Strict at every level,
 * so what is stored is exactly what was validated (the store diffs on the JSON text).
 */
export const StoredOfferSchema = z
  .strictObject({
    id: z.string(),
    provider: ProviderIdSchema,
    region: z.string().min(1),
    zone: z.string().min(1).optional(),
    location: z.strictObject({
      country: z.string().length(2).optional(),
      continent: z.enum(CONTINENTS),
      geo: z.enum(GEOS),
    }),
    instanceType: z.string().min(1),
    gpu: GpuSpecSchema,
    vcpus: z.number().int().positive().optional(),
    memoryGiB: z.number().positive().optional(),
    market: z.enum(MARKETS),
    price: PriceSchema,
    availability: AvailabilitySchema,
    /** Provider facts worth filtering on, e.g. a marketplace host's `reliability` (0-1) and `verification`. */
    attributes: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional(),
  })
  .superRefine((o, ctx) => {
    if (o.id !== offerId(o)) ctx.addIssue({ code: 'custom', path: ['id'], message: `id must be ${offerId(o)}` });
    const { perHourUsd, perGpuHourUsd } = o.price;
    if ((perHourUsd === null) !== (perGpuHourUsd === null)) {
      ctx.addIssue({ code: 'custom', path: ['price'], message: 'both prices or neither' });
    } else if (perHourUsd !== null && Math.abs(perHourUsd / o.gpu.count - perGpuHourUsd!) > 1e-6) {
      ctx.addIssue({ code: 'custom', path: ['price'], message: 'perGpuHourUsd must be perHourUsd / gpu.count' });
    }
    if (o.price.perHourUsd === null && !o.price.note) {
      ctx.addIssue({ code: 'custom', path: ['price', 'note'], message: 'a missing price says why' });
    }
  });
export type StoredOffer = z.infer<typeof StoredOfferSchema>;

/** An offer as served: stamped with when it was observed and whether that is stale. */
export type Offer = StoredOffer & {
  availability: Availability & { observedAt: string };
  observedAt: string;
  stale: boolean;
};

/** One instance type at one place, whatever the market: what a launch outcome is about. */
export function hardwareKey(o: Pick<StoredOffer, 'provider' | 'region' | 'zone' | 'instanceType'>): string {
  const place = o.zone ? `${o.region}:${o.zone}` : o.region;
  return `${o.provider}:${place}:${o.instanceType}`;
}

export function offerId(o: Pick<StoredOffer, 'provider' | 'region' | 'zone' | 'instanceType' | 'market'>): string {
  return `${hardwareKey(o)}:${o.market}`;
}

/** The offer's `gpu` for `count` GPUs of a canonical model, the same way for every adapter. */
export function gpuSpec(gpu: GpuModel, count: number): z.infer<typeof GpuSpecSchema> {
  return {
    id: gpu.id,
    model: gpu.model,
    ...(gpu.variant ? { variant: gpu.variant } : {}),
    vendor: gpu.vendor,
    memoryGiB: gpu.memoryGiB,
    count,
    interconnect: gpu.interconnect,
  };
}

/** Both prices from the whole-instance price, so adapters never compute them twice. */
export function priceOf(perHourUsd: number, gpuCount: number): z.infer<typeof PriceSchema> {
  return { perHourUsd, perGpuHourUsd: perHourUsd / gpuCount };
}
