// Defaults for every provider that has an adapter. adapters/registry.ts is typed by these
// keys, so a provider added here without an adapter (or the reverse) fails to compile.

export interface ProviderDefaults {
  /** @defaultValue the provider's documented production origin */
  url: string;
  /** Polite by default: Lambda allows about one request per second per key. */
  intervalMs: number;
  /** Concurrent polls of this provider, one queue per provider. */
  concurrency: number;
  /** Request timeout, body read included. */
  timeoutMs: number;
  /** Credentials this provider needs; missing ones disable it with one log line. */
  credentials: readonly string[];
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
