import { ObservationInputSchema } from '../schemas/observation-input.js';
import type { RouteDeps } from './deps.js';
import { route, type Route } from './route.js';

export const observationsRoutes = (deps: RouteDeps): Route[] => [
  route({
    method: 'POST',
    url: '/v1/observations',
    tag: 'capacity',
    summary:
      'Report a launch outcome: { provider, region, zone?, instanceType, outcome: stockout|launched, at? }. ' +
      'A stockout makes that instance type there (every market) unavailable, signal observed, ' +
      'for GPU_RADAR_OBSERVATION_WINDOW_MS (15 min) unless the provider counts free GPUs; ' +
      'a launch makes offers the provider left unknown available for one instance. ' +
      '202 with the observation, how many offers it overrides, and whether a later report already stands',
    scope: 'observations:write',
    body: ObservationInputSchema,
    handler: async (req, reply) => reply.code(202).send(await deps.observations.report(req.body)),
  }),
];
