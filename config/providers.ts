import type { z } from 'zod';
import { AWS_SETTINGS } from './aws.js';
import { AZURE_SETTINGS } from './azure.js';
import { COREWEAVE_REQUIRES_ENV, COREWEAVE_SETTINGS } from './coreweave.js';
import { GCP_SETTINGS } from './gcp.js';
import { RUNPOD_SETTINGS } from './runpod.js';
import { VASTAI_SETTINGS } from './vastai.js';

// Defaults for every provider that has an adapter. adapters/registry.ts is typed by these
// keys, so a provider added here without an adapter (or the reverse) fails to compile.

export interface ProviderDefaults {
  /**
   * The provider's documented production origin, overridden by `GPU_RADAR_<PROVIDER>_URL`.
   * Absent for providers whose SDK has its own endpoint variable (AWS, GCP token_uri, Kubernetes).
   */
  url?: string;
  /** Polite by default: Lambda allows about one request per second per key. */
  intervalMs: number;
  /** Concurrent polls of this provider, one queue per provider. */
  concurrency: number;
  /** Request timeout, body read included. */
  timeoutMs: number;
  /** Credentials this provider needs; missing ones disable it with one log line. */
  credentials: readonly string[];
  /** Credentials used when set and not needed otherwise (e.g. a key for a public API). */
  optionalCredentials?: readonly string[];
  /**
   * Provider-specific environment (regions, endpoints, price tables), keyed by the exact env
   * names; validated at boot like every other key. The adapter reads `cfg.settings`.
   */
  settings?: z.ZodObject<z.ZodRawShape>;
  /**
   * Env the provider cannot run without when it is not a credential: every name of at least one
   * set must be present (e.g. KUBECONFIG, or the in-cluster service env), else it is disabled.
   */
  requiresEnv?: readonly (readonly string[])[];
}

export const PROVIDER_DEFAULTS = {
  lambda: {
    url: 'https://cloud.lambda.ai',
    intervalMs: 60_000,
    concurrency: 1,
    timeoutMs: 15_000,
    credentials: ['LAMBDA_API_KEY'],
  },
  coreweave: {
    // No URL: the kubeconfig (or the in-cluster env) names the API server.
    intervalMs: 60_000,
    concurrency: 1,
    timeoutMs: 20_000,
    credentials: [],
    requiresEnv: COREWEAVE_REQUIRES_ENV,
    settings: COREWEAVE_SETTINGS,
  },
  vastai: {
    url: 'https://console.vast.ai',
    // Searches are paced 6 s apart (about 10 per minute per IP): a dozen GPU scopes fit in 2 min.
    intervalMs: 120_000,
    concurrency: 1,
    timeoutMs: 30_000,
    credentials: [],
    optionalCredentials: ['VASTAI_API_KEY'],
    settings: VASTAI_SETTINGS,
  },
  runpod: {
    url: 'https://api.runpod.io',
    intervalMs: 60_000,
    concurrency: 1,
    timeoutMs: 15_000,
    credentials: ['RUNPOD_API_KEY'],
    settings: RUNPOD_SETTINGS,
  },
  aws: {
    // No URL: EC2 endpoints come from the SDK (AWS_ENDPOINT_URL_EC2), prices from GPU_RADAR_AWS_PRICING_URL.
    intervalMs: 300_000,
    concurrency: 2,
    timeoutMs: 20_000,
    // EC2 credentials come from the SDK's chain (env, profile, SSO, roles), which env names alone
    // cannot express: the adapter checks it and fails each region with `auth` when it is empty.
    credentials: [],
    optionalCredentials: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'],
    settings: AWS_SETTINGS,
  },
  gcp: {
    // Compute origin (GPU_RADAR_GCP_URL); the token exchange goes to the key file's token_uri.
    url: 'https://compute.googleapis.com',
    intervalMs: 300_000,
    concurrency: 2,
    timeoutMs: 20_000,
    credentials: ['GOOGLE_APPLICATION_CREDENTIALS', 'GCP_PROJECT_ID'],
    settings: GCP_SETTINGS,
  },
  azure: {
    // ARM origin (GPU_RADAR_AZURE_URL); Entra ID at AZURE_AUTHORITY_HOST, prices at GPU_RADAR_AZURE_PRICES_URL.
    url: 'https://management.azure.com',
    intervalMs: 300_000,
    concurrency: 2,
    timeoutMs: 20_000,
    credentials: ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_SUBSCRIPTION_ID'],
    settings: AZURE_SETTINGS,
  },
} as const satisfies Record<string, ProviderDefaults>;

export type AdapterId = keyof typeof PROVIDER_DEFAULTS;
export const ADAPTER_IDS = Object.keys(PROVIDER_DEFAULTS) as AdapterId[];

/** Data older than this many poll intervals is served `stale: true`. */
export const STALE_AFTER_INTERVALS = 3;
/** Data older than this many poll intervals turns `unknown`. */
export const EXPIRE_AFTER_INTERVALS = 10;
