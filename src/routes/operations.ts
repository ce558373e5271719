import { z } from 'zod';
import { MetricsService } from '../services/metrics.js';
import { providerReports } from '../services/provider-status.js';
import type { RouteDeps } from './deps.js';
import { route, type Route } from './route.js';

const NoQuery = z.object({}).strict();

export function operationsRoutes(deps: RouteDeps): Route[] {
  const metrics = new MetricsService(deps.index, deps.config, deps.queueDepths);
  return [
    route({
      method: 'GET',
      url: '/v1/providers',
      tag: 'operations',
      summary: 'Per provider and scope: last success, last error (kind, message), stale, next poll, offers',
      scope: 'read',
      query: NoQuery,
      handler: async () => ({ providers: providerReports(deps.config, deps.index, Date.now()) }),
    }),
    route({ method: 'GET', url: '/healthz', tag: 'operations', summary: 'The process is up', handler: async () => ({ status: 'ok' }) }),
    route({
      method: 'GET',
      url: '/readyz',
      tag: 'operations',
      summary: 'Redis reachable, change stream followed, workers heartbeating; 503 otherwise',
      handler: async (_req, reply) => {
        const r = await deps.readiness();
        return reply.code(r.ready ? 200 : 503).send({ status: r.ready ? 'ready' : 'not ready', checks: r.checks });
      },
    }),
    route({
      method: 'GET',
      url: '/metrics',
      tag: 'operations',
      summary:
        'Prometheus text: available GPUs, offers by status and min price per gpu/provider/region/market; ' +
        'data age, staleness, polls, errors and durations per provider; queue depths. Labels: see README',
      scope: 'read',
      query: NoQuery,
      handler: async (_req, reply) => {
        const text = await metrics.render();
        return reply.type(metrics.contentType).header('cache-control', 'no-store').send(text);
      },
    }),
  ];
}
