import type { Dispatcher } from 'undici';
import type { Logger } from '../src/lib/logger.js';
import type { StoredOffer } from '../src/domain/offer.js';

/** One provider's configuration as config/env.ts builds it from the environment. */
export interface ProviderConfig<S = unknown> {
  id: string;
  enabled: boolean;
  /** Why a selected provider is off, e.g. a missing credential. */
  disabledReason?: string;
  /** Base URL without trailing slash; '' for providers whose SDK finds its own endpoint. */
  url: string;
  intervalMs: number;
  staleAfterMs: number;
  expireAfterMs: number;
  concurrency: number;
  timeoutMs: number;
  /** Secrets by env name; never logged (see src/lib/logger.ts). */
  credentials: Record<string, string>;
  /** Parsed provider-specific environment, keyed by env name (the definition's `settings`). */
  settings: S;
  /** True when the demo market answers instead of the real provider. */
  simulated: boolean;
}

export interface PollContext {
  log: Logger;
  /** Aborted on job timeout or shutdown. */
  signal: AbortSignal;
}

export interface NormalizeResult {
  offers: StoredOffer[];
  /** Provider GPU names the canonical table does not know: counted and logged, never guessed. */
  unknownGpus: string[];
  /** Items of the answer too malformed to use; the rest of the answer is kept. */
  dropped?: number;
}

/**
 * One provider. `fetchRaw` does I/O only (through src/lib/http.ts or the provider's SDK) and
 * throws AdapterError; `normalize` is pure. Each scope (a region, a page, or `all`) is polled,
 * stored and reported on its own, so one failing scope never hides the others.
 */
export interface ProviderAdapter<Raw = unknown> {
  /** The provider id of its definition (adapters/<id>/provider.ts). */
  readonly id: string;
  scopes(): string[];
  fetchRaw(scope: string, ctx: PollContext): Promise<Raw>;
  normalize(raw: Raw, scope: string): NormalizeResult;
}

export interface AdapterDeps {
  /** undici dispatcher; tests and the demo leave it unset and point `url` at a fake. */
  dispatcher?: Dispatcher;
}

export type AdapterFactory<S = unknown> = (cfg: ProviderConfig<S>, deps?: AdapterDeps) => ProviderAdapter;
