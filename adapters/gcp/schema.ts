import { z } from 'zod';

// What `fetchRaw` returns for one region and `normalize` reads: plain JSON reduced from the
// SDK's decoded objects (which carry `_field` companions), so normalize tests pass literals.

export interface GcpAccelerator {
  /** Accelerator type name, e.g. `nvidia-h100-80gb`. */
  name: string;
  maxCards: number;
}

export interface GcpMachineType {
  name: string;
  vcpus: number;
  memoryMb: number;
  /** Bundled GPUs; empty for machine types that take none. */
  accelerators: { name: string; count: number }[];
}

export interface GcpQuota {
  metric: string;
  limit: number;
  usage: number;
}

/** One Cloud Billing Catalog SKU of Compute Engine, reduced to what pricing needs. */
export interface GcpSku {
  description: string;
  /** `OnDemand`, `Preemptible` (spot), `Commit1Yr`, ... */
  usageType: string;
  /** `h` for GPU and core hours, `GiBy.h` for RAM. */
  unit: string;
  usd: number;
}

export interface GcpPrices {
  /** SKUs sold in this region. */
  skus: GcpSku[];
  /** Why prices are missing or old (catalog unreachable, throttled, still loading). */
  problem?: string;
}

export interface GcpRaw {
  region: string;
  /** Zones of the region, from `regions.get`. */
  zones: string[];
  /** Zone → accelerator types offered there (`acceleratorTypes.aggregatedList`). */
  accelerators: Record<string, GcpAccelerator[]>;
  /** Zone → GPU machine types offered there (`machineTypes.aggregatedList`). */
  machineTypes: Record<string, GcpMachineType[]>;
  /** The region's quotas; null when `quotaStatusWarning` says they could not be read. */
  quotas: GcpQuota[] | null;
  prices: GcpPrices;
  /** Items of the answers too malformed to use. */
  dropped: number;
}

/** The service account key file GOOGLE_APPLICATION_CREDENTIALS names. */
export const serviceAccountSchema = z.object({
  type: z.literal('service_account'),
  client_email: z.string().min(3),
  private_key: z.string().min(1),
  private_key_id: z.string().optional(),
  project_id: z.string().optional(),
  /** Where the token exchange goes; Google's own endpoint when absent. */
  token_uri: z.url({ protocol: /^https?$/ }).optional(),
});
export type ServiceAccount = z.infer<typeof serviceAccountSchema>;

const money = z.object({ units: z.union([z.string(), z.number()]).optional(), nanos: z.number().optional() });

// Cloud Billing Catalog `ListSkusResponse` (cloudbilling v1); unknown fields are stripped.
export const skuPageSchema = z.object({
  skus: z
    .array(
      z.object({
        description: z.string().default(''),
        category: z
          .object({ resourceGroup: z.string().default(''), usageType: z.string().default('') })
          .partial()
          .default({}),
        serviceRegions: z.array(z.string()).default([]),
        pricingInfo: z
          .array(
            z.object({
              pricingExpression: z.object({
                usageUnit: z.string().default(''),
                tieredRates: z.array(z.object({ startUsageAmount: z.number().optional(), unitPrice: money.optional() })).default([]),
              }),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
  nextPageToken: z.string().optional(),
});
export type SkuPage = z.infer<typeof skuPageSchema>;
