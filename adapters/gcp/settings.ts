import { z } from 'zod';
import { commaList, origin } from '../settings-fields.js';

// GCP-specific environment, keyed by the exact env names (DESIGN §7). Credentials are
// GOOGLE_APPLICATION_CREDENTIALS (a service account key file) and GCP_PROJECT_ID.

/** Regions with GPU zones (Compute Engine "GPU regions and zones" page); each is a poll scope. */
export const DEFAULT_GCP_REGIONS = [
  'us-central1',
  'us-east1',
  'us-east4',
  'us-east5',
  'us-south1',
  'us-west1',
  'us-west2',
  'us-west3',
  'us-west4',
  'northamerica-northeast1',
  'southamerica-east1',
  'europe-west1',
  'europe-west2',
  'europe-west3',
  'europe-west4',
  'europe-west6',
  'europe-west9',
  'europe-north1',
  'europe-central2',
  'asia-east1',
  'asia-northeast1',
  'asia-northeast3',
  'asia-south1',
  'asia-southeast1',
  'australia-southeast1',
  'me-west1',
] as const;

export const GCP_BILLING_URL = 'https://cloudbilling.googleapis.com';

const region = z.string().regex(/^[a-z]+(-[a-z]+)+\d+$/, 'expected GCP region names like us-central1');

export const GCP_SETTINGS = z.object({
  /** Comma list of regions; each (with its zones) is its own poll scope. @defaultValue DEFAULT_GCP_REGIONS */
  GPU_RADAR_GCP_REGIONS: commaList(region, { emptyMessage: 'names no region' }).default([...DEFAULT_GCP_REGIONS]),
  /** Cloud Billing Catalog origin (a proxy's path prefix is kept). */
  GPU_RADAR_GCP_BILLING_URL: origin(GCP_BILLING_URL),
});

export type GcpSettings = z.infer<typeof GCP_SETTINGS>;
