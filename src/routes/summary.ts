import type { FastifyInstance } from 'fastify';
import { parseQuery } from '../lib/parse-query.js';
import { SummaryQuerySchema } from '../schemas/summary-query.js';
import { matchesEtag, SummaryCache } from '../services/summary-cache.js';
import type { RouteDeps, RouteDoc } from './deps.js';

export const summaryDocs: RouteDoc[] = [
  {
    method: 'get',
    url: '/v1/summary',
    tag: 'dashboards',
    summary:
      'The dashboard matrix: per cell of groupBy (gpu, provider, region, market, geo) the counted free GPUs, offers by status, min price per GPU-hour, oldest evidence and a stale flag. ETag + Cache-Control: no-cache, so pollers get 304 when nothing changed',
    query: SummaryQuerySchema,
  },
];

export async function summaryRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const cache = new SummaryCache(deps.index, deps.config);
  app.get('/v1/summary', async (req, reply) => {
    const result = cache.get(parseQuery(SummaryQuerySchema, req.query));
    // no-cache: clients may keep the answer but must revalidate, which costs them a 304.
    reply.header('etag', result.etag).header('cache-control', 'no-cache');
    if (matchesEtag(req.headers['if-none-match'], result.etag)) return reply.code(304).send();
    // Bytes encoded once per answer: a dashboard poll costs no serialization.
    return reply.type('application/json; charset=utf-8').send(result.body);
  });
}
