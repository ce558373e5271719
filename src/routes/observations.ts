import type { FastifyInstance } from 'fastify';
import { ObservationInputSchema } from '../schemas/observation-input.js';
import { parseBody } from '../lib/parse-query.js';
import { ProblemError } from '../lib/problem.js';
import type { RouteDeps, RouteDoc } from './deps.js';

export const observationsDocs: RouteDoc[] = [
  {
    method: 'post',
    url: '/v1/observations',
    tag: 'capacity',
    summary:
      'Report a launch outcome: { provider, region, zone?, instanceType, outcome: stockout|launched, at? }. A stockout makes that instance type there (every market) unavailable, signal observed, for GPU_RADAR_OBSERVATION_WINDOW_MS (15 min) unless the provider counts free GPUs; a launch makes offers the provider left unknown available for one instance. 202 with the observation, how many offers it overrides, and whether a later report already stands',
    body: ObservationInputSchema,
  },
];

export async function observationsRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  app.post('/v1/observations', async (req, reply) => {
    if (!deps.observations) throw new ProblemError(503, 'observations are not available in this process');
    return reply.code(202).send(await deps.observations.report(parseBody(ObservationInputSchema, req.body)));
  });
}
