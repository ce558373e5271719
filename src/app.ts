import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { problem, ProblemError } from './lib/problem.js';
import { registerAccess } from './routes/access.js';
import { alertsDocs, alertsRoutes } from './routes/alerts.js';
import { capacityDocs, capacityRoutes } from './routes/capacity.js';
import type { RouteDeps } from './routes/deps.js';
import { eventsDocs, eventsRoutes } from './routes/events.js';
import { gpusDocs, gpusRoutes } from './routes/gpus.js';
import { healthDocs, healthRoutes } from './routes/health.js';
import { historyDocs, historyRoutes } from './routes/history.js';
import { metricsDocs, metricsRoutes } from './routes/metrics.js';
import { observationsDocs, observationsRoutes } from './routes/observations.js';
import { openApiDocument } from './routes/openapi.js';
import { pageRoutes } from './routes/page.js';
import { providerDocs, providerRoutes } from './routes/providers.js';
import { summaryDocs, summaryRoutes } from './routes/summary.js';

const VERSION = '0.1.0';

/** The HTTP API as one Fastify instance; the process (src/server.ts) decides where it listens. */
export async function buildApp(deps: RouteDeps, opts: FastifyServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ ...opts, return503OnClosing: true });

  // One error edge: ProblemErrors and Fastify's own 4xx become problem+json; 5xx details
  // stay in the log.
  app.setErrorHandler((err, req, reply) => {
    const e = err as Error & { statusCode?: number };
    const status =
      err instanceof ProblemError ? err.status : e.statusCode && e.statusCode >= 400 && e.statusCode < 500 ? e.statusCode : 500;
    if (status >= 500) req.log.error({ err }, 'request failed');
    const body =
      status >= 500
        ? problem(status, 'internal error; see the server log')
        : problem(status, e.message, err instanceof ProblemError ? err.extra : {});
    return reply
      .code(status)
      .type('application/problem+json')
      .send({ ...body, instance: req.url });
  });
  app.setNotFoundHandler((req, reply) =>
    reply
      .code(404)
      .type('application/problem+json')
      .send({ ...problem(404, `no route ${req.method} ${req.url.split('?')[0]}; see /docs`), instance: req.url }),
  );

  registerAccess(app, deps);

  const document = openApiDocument(
    [
      ...capacityDocs,
      ...summaryDocs,
      ...gpusDocs,
      ...historyDocs,
      ...providerDocs,
      ...healthDocs,
      ...metricsDocs,
      ...alertsDocs,
      ...eventsDocs,
      ...observationsDocs,
    ],
    VERSION,
  );
  await app.register(swagger, { mode: 'static', specification: { document: document as never } });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => document);

  await app.register(capacityRoutes, deps);
  await app.register(providerRoutes, deps);
  await app.register(healthRoutes, deps);
  await app.register(summaryRoutes, deps);
  await app.register(gpusRoutes, deps);
  await app.register(historyRoutes, deps);
  await app.register(metricsRoutes, deps);
  await app.register(alertsRoutes, deps);
  await app.register(eventsRoutes, deps);
  await app.register(observationsRoutes, deps);
  await app.register(pageRoutes);
  return app;
}
