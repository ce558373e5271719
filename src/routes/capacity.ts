import { CapacityQuerySchema } from '../schemas/capacity-query.js';
import { OffersQuerySchema } from '../schemas/offers-query.js';
import { AnswerCache } from '../services/answer-cache.js';
import { findCapacity } from '../services/capacity.js';
import { listOffers } from '../services/list-offers.js';
import type { RouteDeps } from './deps.js';
import { parseQuery } from './parse-input.js';
import { route, type Route } from './route.js';

export function capacityRoutes(deps: RouteDeps): Route[] {
  const cache = new AnswerCache(deps.index);
  return [
    route({
      method: 'GET',
      url: '/v1/capacity',
      tag: 'capacity',
      summary: 'Where can I get N × GPU now: ranked placements with evidence, price and freshness; diagnostics when nothing matches',
      scope: 'read',
      query: CapacityQuerySchema,
      // A cached answer is served by URL, without parsing the query again.
      lazyQuery: true,
      handler: async (req, reply) => {
        const now = Date.now();
        let body = cache.get(req.url, now);
        if (!body) {
          const meta = { validUntil: Infinity };
          const q = parseQuery(CapacityQuerySchema, req.query);
          body = Buffer.from(JSON.stringify(findCapacity(q, deps.index, deps.config, now, meta)));
          cache.set(req.url, body, meta.validUntil);
        }
        return reply.type('application/json; charset=utf-8').send(body);
      },
    }),
    route({
      method: 'GET',
      url: '/v1/offers',
      tag: 'capacity',
      summary: 'Normalized offers, filterable, cursor-paginated (pass nextCursor as cursor)',
      scope: 'read',
      query: OffersQuerySchema,
      handler: async (req) => listOffers(req.query, deps.index, deps.config),
    }),
  ];
}
