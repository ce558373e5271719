// The providers gpu-radar polls come from the registry (adapters/registry.ts); src/ takes the
// known ids from here, so it never imports adapters/ itself.
export { PROVIDERS, PROVIDER_IDS, providerById, type ProviderId } from '../adapters/index.js';

/** Data older than this many poll intervals is served `stale: true`. */
export const STALE_AFTER_INTERVALS = 3;
/** Data older than this many poll intervals turns `unknown`. */
export const EXPIRE_AFTER_INTERVALS = 10;
