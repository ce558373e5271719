import type { FastifyInstance } from 'fastify';
import { parseQuery } from '../lib/parse-query.js';
import { GpusQuerySchema } from '../schemas/summary-query.js';
import { listGpus } from '../services/gpus.js';
import type { RouteDeps, RouteDoc } from './deps.js';

export const gpusDocs: RouteDoc[] = [
  {
    method: 'get',
    url: '/v1/gpus',
    tag: 'dashboards',
    summary:
      'Every known GPU model (memory, form factor, interconnect) with its providers, regions with capacity now, and min on-demand and spot price per GPU-hour',
    query: GpusQuerySchema,
  },
];

export async function gpusRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  app.get('/v1/gpus', async (req) => listGpus(parseQuery(GpusQuerySchema, req.query), deps.index, deps.config));
}
