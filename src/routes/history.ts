import { HistoryQuerySchema } from '../schemas/history-query.js';
import { queryHistory } from '../services/history.js';
import type { RouteDeps } from './deps.js';
import { route, type Route } from './route.js';

export const historyRoutes = (deps: RouteDeps): Route[] => [
  route({
    method: 'GET',
    url: '/v1/history',
    tag: 'dashboards',
    summary:
      'Time series of counted free GPUs, offers by status and min price per GPU-hour, sampled at every poll ' +
      '(raw for 24 h, hourly after, kept for the configured retention). from/to: ISO 8601, now, or -6h; step: 30s, 5m, 1h',
    scope: 'read',
    query: HistoryQuerySchema,
    handler: async (req) => queryHistory(req.query, deps.history),
  }),
];
