import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseQuery } from '../lib/parse-query.js';
import { MetricsService } from '../services/metrics.js';
import type { RouteDeps, RouteDoc } from './deps.js';

const NoQuery = z.object({}).strict();

export const metricsDocs: RouteDoc[] = [
  {
    method: 'get',
    url: '/metrics',
    tag: 'operations',
    summary:
      'Prometheus text: available GPUs, offers by status and min price per gpu/provider/region/market; data age, staleness, polls, errors and durations per provider; queue depths. Labels: see README',
    query: NoQuery,
  },
];

export async function metricsRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const metrics = new MetricsService(deps.index, deps.config, deps.queueDepths);
  app.get('/metrics', async (req, reply) => {
    parseQuery(NoQuery, req.query);
    const text = await metrics.render();
    return reply.type(metrics.contentType).header('cache-control', 'no-store').send(text);
  });
}
