import type { z } from 'zod';

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
}

export const PROVIDER_DEFAULTS = {
  lambda: {
    url: 'https://cloud.lambda.ai',
    intervalMs: 60_000,
    concurrency: 1,
    timeoutMs: 15_000,
    credentials: ['LAMBDA_API_KEY'],
  },
} as const satisfies Record<string, ProviderDefaults>;

export type AdapterId = keyof typeof PROVIDER_DEFAULTS;
export const ADAPTER_IDS = Object.keys(PROVIDER_DEFAULTS) as AdapterId[];

/** Data older than this many poll intervals is served `stale: true`. */
export const STALE_AFTER_INTERVALS = 3;
/** Data older than this many poll intervals turns `unknown`. */
export const EXPIRE_AFTER_INTERVALS = 10;
