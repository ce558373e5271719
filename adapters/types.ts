import type { Dispatcher } from 'undici';
import type { ProviderConfig } from '../config/env.js';
import type { AdapterId } from '../config/providers.js';
import type { Logger } from '../src/lib/logger.js';
import type { StoredOffer } from '../src/domain/offer.js';

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
  readonly id: AdapterId;
  scopes(): string[];
  fetchRaw(scope: string, ctx: PollContext): Promise<Raw>;
  normalize(raw: Raw, scope: string): NormalizeResult;
}

export interface AdapterDeps {
  /** undici dispatcher; tests and the demo leave it unset and point `url` at a fake. */
  dispatcher?: Dispatcher;
}

export type AdapterFactory = (cfg: ProviderConfig, deps?: AdapterDeps) => ProviderAdapter;
