import { z } from 'zod';

// What `fetchRaw` returns for one region and `normalize` reads: plain JSON, already reduced
// from the SDK's output objects, so normalize tests can pass literals and raw answers replay.

export interface AwsGpuType {
  instanceType: string;
  gpuName: string;
  gpuManufacturer?: string;
  /** Whole GPUs per instance; fractional types (g6f) keep LogicalGpuCount × GpuPartitionSize. */
  gpuCount: number;
  gpuMemoryMiB?: number;
  vcpus?: number;
  memoryMiB?: number;
  /** SupportedUsageClasses: on-demand, spot, capacity-block. */
  usageClasses: string[];
}

export interface AwsZone {
  name: string;
  id: string;
}

export interface AwsSpotPrice {
  instanceType: string;
  zone: string;
  usd: number;
  /** The provider's timestamp of the price change. */
  at: string;
}

export interface AwsPlacementScore {
  instanceType: string;
  targetGpus: number;
  /** TargetCapacity sent, in instances. */
  instances: number;
  zoneId: string;
  score: number;
}

export interface AwsCapacityBlock {
  id: string;
  instanceType: string;
  zone: string;
  instanceCount: number;
  start: string;
  end: string;
  /** CapacityBlockDurationHours plus CapacityBlockDurationMinutes / 60. */
  durationHours: number;
  upfrontFee: number;
  currency: string;
}

export interface AwsOnDemandPrices {
  /** Linux, shared tenancy, no pre-installed software: USD per instance-hour by instance type. */
  prices: Record<string, number>;
  /** The price list version the prices come from. */
  version?: string;
  /** Why prices are missing or old (price list unreachable, cut off, still loading). */
  problem?: string;
}

export interface AwsRaw {
  region: string;
  /** When the answers were fetched: Capacity Blocks starting near this time are "now". */
  fetchedAt: string;
  targets: number[];
  zones: AwsZone[];
  types: AwsGpuType[];
  /** Instance type → availability zones it is offered in (DescribeInstanceTypeOfferings). */
  offerings: Record<string, string[]>;
  spotPrices: AwsSpotPrice[];
  placementScores: AwsPlacementScore[];
  capacityBlocks: AwsCapacityBlock[];
  onDemand: AwsOnDemandPrices;
  /** Items of the answers too malformed to use. */
  dropped: number;
}

// The price list's region index (Billing docs "Service Region index file"): an object keyed by region.
export const regionIndexSchema = z.object({
  regions: z.record(z.string(), z.object({ regionCode: z.string().optional(), currentVersionUrl: z.string().min(1) })),
});
export type RegionIndex = z.infer<typeof regionIndexSchema>;
