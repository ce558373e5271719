import type { Offer, StoredOffer } from '../domain/offer.js';
import type { ScopeStatus } from '../domain/scope-status.js';

export interface Timing {
  staleAfterMs: number;
  expireAfterMs: number;
}

export type ServedAvailability = Offer['availability'] & { reason?: string };
export type ServedOffer = Offer & { availability: ServedAvailability };

/** An offer's status once its evidence is `ageMs` old: past expireAfter it is `unknown`. */
export function statusAtAge(offer: StoredOffer, ageMs: number, timing: Timing): Offer['availability']['status'] {
  return ageMs > timing.expireAfterMs ? 'unknown' : offer.availability.status;
}

// An offer as a user sees it at `now`: stamped with when it was observed, `stale` past
// staleAfter, and `unknown` past expireAfter. Old evidence never passes for fresh.
export function serveOffer(offer: StoredOffer, status: ScopeStatus | undefined, timing: Timing, now: number): ServedOffer {
  const observedAt = offer.availability.observedAt ?? status?.observedAt ?? new Date(0).toISOString();
  const age = now - Date.parse(observedAt);
  const availability: ServedAvailability = { ...offer.availability, observedAt };
  if (age > timing.expireAfterMs && availability.status !== 'unknown') {
    availability.reason = `evidence expired: last observed ${Math.round(age / 1000)} s ago (was ${availability.status})`;
    availability.status = 'unknown';
  }
  return { ...offer, availability, observedAt, stale: age > timing.staleAfterMs };
}

export function isStale(status: ScopeStatus, timing: Timing, now: number): boolean {
  return !status.observedAt || now - Date.parse(status.observedAt) > timing.staleAfterMs;
}
