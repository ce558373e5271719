import type { FastifyInstance } from 'fastify';
import { parseQuery } from '../lib/parse-query.js';
import { CapacityQuerySchema } from '../schemas/capacity-query.js';
import { OffersQuerySchema } from '../schemas/offers-query.js';
import { AnswerCache } from '../services/answer-cache.js';
import { findCapacity } from '../services/capacity.js';
import { listOffers } from '../services/list-offers.js';
import type { RouteDeps, RouteDoc } from './deps.js';

export const capacityDocs: RouteDoc[] = [
  {
    method: 'get',
    url: '/v1/capacity',
    tag: 'capacity',
    summary: 'Where can I get N × GPU now: ranked placements with evidence, price and freshness; diagnostics when nothing matches',
    query: CapacityQuerySchema,
  },
  {
    method: 'get',
    url: '/v1/offers',
    tag: 'capacity',
    summary: 'Normalized offers, filterable, cursor-paginated (pass nextCursor as cursor)',
    query: OffersQuerySchema,
  },
];

export async function capacityRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const cache = new AnswerCache(deps.index);
  app.get('/v1/capacity', async (req, reply) => {
    const now = Date.now();
    let body = cache.get(req.url, now);
    if (!body) {
      const meta = { validUntil: Infinity };
      body = Buffer.from(JSON.stringify(findCapacity(parseQuery(CapacityQuerySchema, req.query), deps.index, deps.config, now, meta)));
      cache.set(req.url, body, meta.validUntil);
    }
    return reply.type('application/json; charset=utf-8').send(body);
  });
  app.get('/v1/offers', async (req) => listOffers(parseQuery(OffersQuerySchema, req.query), deps.index, deps.config));
}
