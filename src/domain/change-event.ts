import type { Observation } from './observation.js';
import type { StoredOffer } from './offer.js';
import type { ScopeStatus } from './scope-status.js';

// The change stream's entries: one per changed offer plus one status entry per poll,
// so readers keep offers and freshness current without reading the snapshots again.

export type ChangeEvent =
  | { type: 'upsert'; provider: string; scope: string; offer: StoredOffer }
  | { type: 'remove'; provider: string; scope: string; id: string }
  | { type: 'status'; provider: string; scope: string; status: ScopeStatus }
  | { type: 'observe'; provider: string; scope: string; observation: Observation };

/** Everything Redis holds about the offers, as one load hands it to the API's index. */
export interface IndexSnapshot {
  statuses: ScopeStatus[];
  offers: { provider: string; scope: string; offer: StoredOffer }[];
}
