import type { Config } from '../../config/env.js';
import type { Status, StoredOffer } from '../domain/offer.js';
import type { Timing } from './freshness.js';
import type { IndexEntry, OfferIndex } from './offer-index.js';
import { timingFor } from './provider-status.js';

/** How old an offer's evidence is at the judge's `now`; shared by every offer of a scope. */
export interface Verdict {
  /** Past expireAfter: the offer is served `unknown` (as serveOffer does). */
  expired: boolean;
  stale: boolean;
  observedMs: number;
}

const EPOCH = new Date(0).toISOString();

/** The status a user is shown: the stored one, unless its evidence expired. */
export const servedStatus = (o: StoredOffer, v: Verdict): Status => (v.expired ? 'unknown' : o.availability.status);

/**
 * serveOffer's verdict without copying the offer, for endpoints that aggregate every offer
 * (summary, gpus, metrics): one verdict per scope, reused by its offers. It also remembers
 * the clock edges around `now` at which some verdict flips, so a cached answer knows how
 * long it stays true.
 */
export class FreshnessJudge {
  private readonly scopes = new Map<string, Verdict>();
  private readonly timings = new Map<string, Timing>();
  /** The latest stale/expire edge before `now`, and the earliest at or after it. */
  lastEdgeMs = -Infinity;
  nextEdgeMs = Infinity;

  constructor(
    private readonly index: OfferIndex,
    private readonly config: Config,
    readonly now: number,
  ) {}

  judge(e: IndexEntry): Verdict {
    const own = e.offer.availability.observedAt;
    if (own) return this.verdict(Date.parse(own), e.offer.provider);
    let v = this.scopes.get(e.scopeKey);
    if (!v)
      this.scopes.set(e.scopeKey, (v = this.verdict(Date.parse(this.index.status(e.scopeKey)?.observedAt ?? EPOCH), e.offer.provider)));
    return v;
  }

  private verdict(observedMs: number, provider: string): Verdict {
    let t = this.timings.get(provider);
    if (!t) this.timings.set(provider, (t = timingFor(this.config, provider)));
    for (const edge of [observedMs + t.staleAfterMs, observedMs + t.expireAfterMs]) {
      if (edge < this.now) this.lastEdgeMs = Math.max(this.lastEdgeMs, edge);
      else this.nextEdgeMs = Math.min(this.nextEdgeMs, edge);
    }
    const age = this.now - observedMs;
    return { expired: age > t.expireAfterMs, stale: age > t.staleAfterMs, observedMs };
  }
}
