import type { FastifyInstance } from 'fastify';
import { parseQuery } from '../lib/parse-query.js';
import { ProblemError } from '../lib/problem.js';
import { HistoryQuerySchema } from '../schemas/history-query.js';
import { queryHistory } from '../services/history.js';
import type { RouteDeps, RouteDoc } from './deps.js';

export const historyDocs: RouteDoc[] = [
  {
    method: 'get',
    url: '/v1/history',
    tag: 'dashboards',
    summary:
      'Time series of counted free GPUs, offers by status and min price per GPU-hour, sampled at every poll (raw for 24 h, hourly after, kept for the configured retention). from/to: ISO 8601, now, or -6h; step: 30s, 5m, 1h',
    query: HistoryQuerySchema,
  },
];

export async function historyRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  app.get('/v1/history', async (req) => {
    const q = parseQuery(HistoryQuerySchema, req.query);
    if (!deps.history) throw new ProblemError(503, 'history is not kept by this process');
    return queryHistory(q, deps.history);
  });
}
