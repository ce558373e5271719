import type { Observation } from '../domain/observation.js';
import type { StoredOffer } from '../domain/offer.js';

/**
 * What an active launch outcome makes of a provider's offer (DESIGN §2), or undefined when the
 * provider's own evidence stands. A stockout outweighs a yes/no, a level, quota or catalog, but
 * not a count: a provider counting free GPUs is a stronger live signal than one failed launch.
 * A successful launch proves one instance existed, so it only settles what the provider left
 * unknown; it never overrides a provider saying there is none.
 */
export function observedOffer(live: StoredOffer, obs: Observation): StoredOffer | undefined {
  const a = live.availability;
  if (obs.outcome === 'stockout') {
    if (a.signal === 'count') return undefined;
    return { ...live, availability: { status: 'unavailable', signal: 'observed', source: 'observations.stockout', observedAt: obs.at } };
  }
  if (a.status !== 'unknown') return undefined;
  const quota = a.quotaHeadroomGpus === undefined ? {} : { quotaHeadroomGpus: a.quotaHeadroomGpus };
  return {
    ...live,
    availability: { status: 'available', signal: 'observed', source: 'observations.launched', observedAt: obs.at, ...quota },
  };
}
