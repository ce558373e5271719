import type { FastifyInstance } from 'fastify';
import type { RouteDeps, RouteDoc } from './deps.js';

export const healthDocs: RouteDoc[] = [
  { method: 'get', url: '/healthz', tag: 'operations', summary: 'The process is up' },
  {
    method: 'get',
    url: '/readyz',
    tag: 'operations',
    summary: 'Redis reachable, change stream followed, workers heartbeating; 503 otherwise',
  },
];

export async function healthRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const r = await deps.readiness();
    return reply.code(r.ready ? 200 : 503).send({ status: r.ready ? 'ready' : 'not ready', checks: r.checks });
  });
}
