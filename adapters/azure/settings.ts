import { z } from 'zod';
import { commaList, gpuCounts, origin } from '../settings-fields.js';

// Azure-specific environment, keyed by the exact env names (DESIGN §7). Credentials are the
// service principal's AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET and AZURE_SUBSCRIPTION_ID.

/** Regions that sell GPU VM sizes (gpu-catalog.md §4, Azure "products by region"); each is a poll scope. */
export const DEFAULT_AZURE_REGIONS = [
  'eastus',
  'eastus2',
  'centralus',
  'northcentralus',
  'southcentralus',
  'westus2',
  'westus3',
  'canadacentral',
  'westeurope',
  'northeurope',
  'swedencentral',
  'uksouth',
  'francecentral',
  'germanywestcentral',
  'switzerlandnorth',
  'japaneast',
  'koreacentral',
  'southeastasia',
  'centralindia',
  'australiaeast',
  'uaenorth',
] as const;

export const AZURE_PRICES_URL = 'https://prices.azure.com';
export const AZURE_AUTHORITY_HOST = 'https://login.microsoftonline.com';

const region = z.string().regex(/^[a-z][a-z0-9]+$/, 'expected Azure region names like eastus');

export const AZURE_SETTINGS = z.object({
  /** Comma list of regions; each is its own poll scope. @defaultValue DEFAULT_AZURE_REGIONS */
  GPU_RADAR_AZURE_REGIONS: commaList(region, { emptyMessage: 'names no region' }).default([...DEFAULT_AZURE_REGIONS]),
  /** Public Retail Prices API origin (a proxy's path prefix is kept). */
  GPU_RADAR_AZURE_PRICES_URL: origin(AZURE_PRICES_URL),
  /** Entra ID authority (the SDK's own variable); instance discovery is off, so any https host works. */
  AZURE_AUTHORITY_HOST: z
    .url({ protocol: /^https$/, message: 'expected an https URL' })
    .transform((u) => u.replace(/\/+$/, ''))
    .default(AZURE_AUTHORITY_HOST),
  /** GPU counts asked of Spot Placement Scores (as VMs of the largest size of each GPU). @defaultValue 8,64 */
  GPU_RADAR_AZURE_PLACEMENT_TARGETS: gpuCounts(10_000, 4, '8,64').default([8, 64]),
  /**
   * PEM file of extra certificate authorities to trust for Azure endpoints (Azure Stack Hub, a
   * TLS-inspecting proxy, the demo market), on top of the system's. TLS checks are never turned off.
   */
  GPU_RADAR_AZURE_CA_FILE: z.string().min(1).optional(),
});

export type AzureSettings = z.infer<typeof AZURE_SETTINGS>;
