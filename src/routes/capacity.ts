import type { FastifyInstance } from 'fastify';
import { parseQuery } from '../lib/parse-query.js';
import { CapacityQuerySchema } from '../schemas/capacity-query.js';
import { OffersQuerySchema } from '../schemas/offers-query.js';
import { findCapacity } from '../services/capacity.js';
import { listOffers } from '../services/list-offers.js';
import type { RouteDeps, RouteDoc } from './deps.js';

export const capacityDocs: RouteDoc[] = [
  { method: 'get', url: '/v1/capacity', tag: 'capacity', summary: 'Where can I get N × GPU now: ranked placements with evidence, price and freshness; diagnostics when nothing matches', query: CapacityQuerySchema },
  { method: 'get', url: '/v1/offers', tag: 'capacity', summary: 'Normalized offers, filterable, cursor-paginated (pass nextCursor as cursor)', query: OffersQuerySchema },
];

export async function capacityRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  app.get('/v1/capacity', async (req) => findCapacity(parseQuery(CapacityQuerySchema, req.query), deps.index, deps.config));
  app.get('/v1/offers', async (req) => listOffers(parseQuery(OffersQuerySchema, req.query), deps.index, deps.config));
}
