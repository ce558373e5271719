import type { Config } from '../../config/env.js';
import type { SummaryQuery } from '../schemas/summary-query.js';
import type { OfferIndex } from './offer-index.js';
import { computeSummary, type SummaryResult } from './summary.js';

const MAX_ENTRIES = 256;

/**
 * Dashboards poll the same few queries every few seconds. An answer is reused while the
 * index revision is the same and no evidence crossed its stale or expiry edge; otherwise it
 * is computed again, and its ETag (a hash of the content) still matches when nothing visible
 * changed, so the poll gets a 304 either way.
 */
export class SummaryCache {
  private readonly entries = new Map<string, SummaryResult>();

  constructor(
    private readonly index: OfferIndex,
    private readonly config: Config,
  ) {}

  get(q: SummaryQuery, now = Date.now()): SummaryResult {
    const key = JSON.stringify(q);
    const hit = this.entries.get(key);
    if (hit && hit.revision === this.index.revision && now <= hit.validUntilMs) return hit;
    const fresh = computeSummary(q, this.index, this.config, now);
    this.entries.delete(key);
    this.entries.set(key, fresh);
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return fresh;
  }
}

/** RFC 9110 weak comparison of If-None-Match against an ETag. */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag.replace(/^W\//, '') === bare;
  });
}
