import { z } from 'zod';

// What `fetchRaw` returns for one region and `normalize` reads: plain JSON reduced from the
// SDK's models, so normalize tests pass literals.

export interface AzureRestriction {
  type: 'Location' | 'Zone' | string;
  reasonCode: string;
  /** Zones blocked, for `Zone` restrictions. */
  zones: string[];
}

/** One GPU VM size as Resource SKUs lists it in the region. */
export interface AzureVmSku {
  name: string;
  /** Quota family, the join key with the usages' `name.value`. */
  family: string;
  vcpus?: number;
  memoryGb?: number;
  /** The `GPUs` capability; absent on some sizes (GB200, some MI300X). */
  gpus?: number;
  /** `LowPriorityCapable`: may run as Spot. */
  spot: boolean;
  zones: string[];
  restrictions: AzureRestriction[];
}

export interface AzureUsage {
  name: string;
  currentValue: number;
  limit: number;
}

export interface AzureScore {
  size: string;
  /** The GPU count asked for; `instances` VMs were scored. */
  targetGpus: number;
  instances: number;
  /** High, Medium, Low or DataNotFoundOrStale, kept raw. */
  score: string;
}

export interface AzurePrice {
  onDemand?: number;
  spot?: number;
}

export interface AzurePrices {
  /** armSkuName → Linux pay-as-you-go and Spot USD per hour. */
  bySize: Record<string, AzurePrice>;
  /** Why prices are missing or old (API unreachable, throttled). */
  problem?: string;
}

export interface AzureRaw {
  region: string;
  skus: AzureVmSku[];
  /** null when the usages call failed: quota then is unknown, never zero. */
  usages: AzureUsage[] | null;
  scores: AzureScore[];
  prices: AzurePrices;
  dropped: number;
}

// Retail Prices API page (PascalCase envelope, camelCase items); unknown fields are stripped.
export const retailPageSchema = z.object({
  Items: z
    .array(
      z.object({
        armSkuName: z.string().default(''),
        armRegionName: z.string().default(''),
        retailPrice: z.number(),
        unitOfMeasure: z.string().default(''),
        type: z.string().default(''),
        meterName: z.string().default(''),
        productName: z.string().default(''),
        serviceName: z.string().default(''),
        currencyCode: z.string().default('USD'),
      }),
    )
    .default([]),
  NextPageLink: z.string().nullable().optional(),
});
export type RetailPage = z.infer<typeof retailPageSchema>;

// SpotPlacementScoresResponse (DiagnosticRP 2025-06-01).
export const spotScoresSchema = z.object({
  placementScores: z
    .array(z.object({ sku: z.string(), region: z.string(), availabilityZone: z.string().nullish(), score: z.string() }))
    .default([]),
});
