import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseQuery } from '../lib/parse-query.js';
import { providerReports } from '../services/provider-status.js';
import type { RouteDeps, RouteDoc } from './deps.js';

const NoQuery = z.object({}).strict();

export const providerDocs: RouteDoc[] = [
  {
    method: 'get',
    url: '/v1/providers',
    tag: 'operations',
    summary: 'Per provider and scope: last success, last error (kind, message), stale, next poll, offers',
    query: NoQuery,
  },
];

export async function providerRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  app.get('/v1/providers', async (req) => {
    parseQuery(NoQuery, req.query);
    return { providers: providerReports(deps.config, deps.index, Date.now()) };
  });
}
