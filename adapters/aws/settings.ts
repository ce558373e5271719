import { z } from 'zod';
import { commaList, gpuCounts, origin } from '../settings-fields.js';

// AWS-specific environment, keyed by the exact env names (DESIGN §7). EC2 endpoints and
// credentials follow the SDK's own variables; the adapter passes them on when set here.

/**
 * Commercial regions that sell GPU instances without an opt-in (moto offering snapshot and
 * the gpu-catalog reference). Opt-in regions (eu-south-2, ap-southeast-3, me-central-1, ...)
 * need GPU_RADAR_AWS_REGIONS, since an account that has not enabled them gets OptInRequired.
 */
export const DEFAULT_AWS_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
] as const;

export const AWS_PRICING_URL = 'https://pricing.us-east-1.amazonaws.com';

const region = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'expected AWS region codes like us-east-1');
const httpUrl = z.url({ protocol: /^https?$/ });

export const AWS_SETTINGS = z.object({
  /** Comma list of regions; each is its own poll scope. @defaultValue DEFAULT_AWS_REGIONS */
  GPU_RADAR_AWS_REGIONS: commaList(region, { emptyMessage: 'names no region' }).default([...DEFAULT_AWS_REGIONS]),
  /** Public bulk price list origin (a mirror may add a path prefix, which is kept). */
  GPU_RADAR_AWS_PRICING_URL: origin(AWS_PRICING_URL),
  /** Target GPU counts for GetSpotPlacementScores. @defaultValue 8,64 */
  GPU_RADAR_AWS_PLACEMENT_TARGETS: gpuCounts(100_000, 4, '8,64').default([8, 64]),
  /** The SDK's own endpoint override for EC2; read here too so `gpu-radar demo` can set it. */
  AWS_ENDPOINT_URL_EC2: httpUrl.optional(),
});

export type AwsSettings = z.infer<typeof AWS_SETTINGS>;
