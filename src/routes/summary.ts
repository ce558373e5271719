import { GpusQuerySchema, SummaryQuerySchema } from '../schemas/summary-query.js';
import { listGpus } from '../services/gpus.js';
import { matchesEtag, SummaryCache } from '../services/summary-cache.js';
import type { RouteDeps } from './deps.js';
import { route, type Route } from './route.js';

export function summaryRoutes(deps: RouteDeps): Route[] {
  const cache = new SummaryCache(deps.index, deps.config);
  return [
    route({
      method: 'GET',
      url: '/v1/summary',
      tag: 'dashboards',
      summary:
        'The dashboard matrix: per cell of groupBy (gpu, provider, region, market, geo) the counted free GPUs, offers by status, ' +
        'min price per GPU-hour, oldest evidence and a stale flag. ETag + Cache-Control: no-cache, so pollers get 304 when nothing changed',
      scope: 'read',
      query: SummaryQuerySchema,
      handler: async (req, reply) => {
        const result = cache.get(req.query);
        // no-cache: clients may keep the answer but must revalidate, which costs them a 304.
        reply.header('etag', result.etag).header('cache-control', 'no-cache');
        if (matchesEtag(req.headers['if-none-match'], result.etag)) return reply.code(304).send();
        // Bytes encoded once per answer: a dashboard poll costs no serialization.
        return reply.type('application/json; charset=utf-8').send(result.body);
      },
    }),
    route({
      method: 'GET',
      url: '/v1/gpus',
      tag: 'dashboards',
      summary:
        'Every known GPU model (memory, form factor, interconnect) with its providers, regions with capacity now, ' +
        'and min on-demand and spot price per GPU-hour',
      scope: 'read',
      query: GpusQuerySchema,
      handler: async (req) => listGpus(req.query, deps.index, deps.config),
    }),
  ];
}
