import type { Config } from '../../config/env.js';
import type { Status } from '../domain/offer.js';
import { ServiceError } from './errors.js';
import type { OffersQuery } from '../schemas/offers-query.js';
import { serveOffer, type ServedOffer } from './freshness.js';
import { compileFilters, gpuIds } from './offer-filter.js';
import type { OfferIndex } from './offer-index.js';
import { timingFor } from './provider-status.js';

export interface OffersPage {
  offers: ServedOffer[];
  nextCursor: string | null;
}

// Offers in id order; the cursor is the last id of the page, so pages stay stable while
// offers come and go between requests.
export function listOffers(q: OffersQuery, index: OfferIndex, config: Config, now = Date.now()): OffersPage {
  const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
  const ids = gpuIds(q.gpu);
  const filters = compileFilters(q);
  const statuses = q.availability ? new Set<Status>(q.availability) : undefined;
  const offers: ServedOffer[] = [];
  for (const id of index.idsInOrder()) {
    if (after !== undefined && id <= after) continue;
    const entry = index.get(id)!;
    const o = entry.offer;
    if (ids && !ids.includes(o.gpu.id)) continue;
    if (!filters.every((f) => f.test(o))) continue;
    const served = serveOffer(o, index.status(entry.scopeKey), timingFor(config, o.provider), now);
    if (statuses && !statuses.has(served.availability.status)) continue;
    if (offers.length === q.limit) return { offers, nextCursor: encodeCursor(offers.at(-1)!.id) };
    offers.push(served);
  }
  return { offers, nextCursor: null };
}

const encodeCursor = (id: string) => Buffer.from(id).toString('base64url');
function decodeCursor(c: string): string {
  const id = Buffer.from(c, 'base64url').toString('utf8');
  if (!id.includes(':')) throw new ServiceError('invalid', 'cursor: not a cursor from a previous page');
  return id;
}
